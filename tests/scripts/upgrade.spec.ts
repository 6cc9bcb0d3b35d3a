/**
 * upgradePool end to end: the pool runs an older release (the same sources plus one getter, installed
 * with upgrade_code) that the deployment file records; the script shows the old and the new code hash,
 * asks, sends upgrade_code with the local build and the pool's owner-op value, keeps the storage bit for
 * bit, records the new hash, and every other script works again. The wrong wallet, a file that does not
 * describe the running pool and a "no" send nothing; a re-run after an interrupted run only updates the file.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { compileFuncSources } from '../../toolkit/func/compile';
import { Cell, toNano } from '@ton/core';
import { SandboxContract } from '@ton/sandbox';
import * as submitPayouts from '../../scripts/operator/submitPayouts';
import * as upgradePool from '../../scripts/owner/upgradePool';
import { FeeSchedule } from '../../toolkit/chain/fees';
import { hashHex, localCode } from '../../toolkit/ops/code-hash';
import { Deployment, readDeployment, writeDeployment } from '../../toolkit/ops/deployment';
import { PoolGas } from '../../wrappers/PoolConstants';
import { PoolPayout, upgradeCodeBody } from '../../wrappers/PoolPayout';
import { EnvSnapshot, ScriptsEnv } from './support/env';
import {
    deploy,
    expectOk,
    expectBadInput,
    expectRefused,
    message,
    registerAndApprove,
    sendRevenue,
    sentMessages,
    writeLedger,
} from './support/pool-setup';

const ROOT = join(__dirname, '..', '..');
const POOL_SOURCE = 'contracts/pool/pool_payout.fc';

/** "The release before": today's pool sources plus one getter, so its code hash differs. */
async function olderRelease(): Promise<Cell> {
    const built = await compileFuncSources('the release before', {
        targets: [POOL_SOURCE],
        sources: (path: string) => {
            const text = readFileSync(join(ROOT, path), 'utf8');
            return path.endsWith('pool/pool_payout.fc') ? `${text}\nint release() method_id { return 1; }\n` : text;
        },
    });
    return built.code;
}

let env: ScriptsEnv;
let pool: SandboxContract<PoolPayout>;
let deployment: Deployment;
let onOldRelease: EnvSnapshot;
let oldHash: string;
let newCode: Cell;
let newHash: string;

const fees = () => new FeeSchedule(env.blockchain.config);
const ownerOpValue = () => fees().compute(PoolGas.ownerOp);
const runningHash = async () => {
    const s = await env.blockchain.provider(pool.address).getState();
    return s.state.type === 'active' ? hashHex(Cell.fromBoc(s.state.code!)[0]) : null;
};
const poolData = async () => {
    const s = await env.blockchain.provider(pool.address).getState();
    return s.state.type === 'active' ? s.state.data!.toString('hex') : null;
};

beforeAll(async () => {
    env = await ScriptsEnv.create(2);
    ({ pool, deployment } = await deploy(env));
    await registerAndApprove(env);
    await sendRevenue(env, pool, '10');
    expectOk(
        await env.run(submitPayouts, env.operator, [`file=${writeLedger(env, 'e1.csv', [[0, toNano('1')]])}`, 'yes']),
    );
    const old = await olderRelease();
    oldHash = hashHex(old);
    newCode = await localCode('PoolPayout');
    newHash = hashHex(newCode);
    await pool.sendUpgradeCode(env.owner.getSender(), { value: ownerOpValue(), code: old });
    deployment = { ...deployment, pool: { ...deployment.pool, codeHash: oldHash } };
    writeDeployment(env.deploymentFile, deployment);
    expect(await runningHash()).toBe(oldHash);
    onOldRelease = env.snapshot();
});

beforeEach(async () => env.restore(onOldRelease));

describe('upgradePool', () => {
    // Property: while the pool runs the older release every other script refuses it; upgradePool shows
    // both hashes, asks, sends one upgrade_code (the local build, the owner-op value); afterwards the pool
    // runs the local build with its storage unchanged bit for bit, the file records the new hash, other
    // scripts work again and a re-run sends nothing.
    it('[UPG-401] upgradePool shows the old and new code hash, asks, installs the local build with the storage kept and records it', async () => {
        const e2 = writeLedger(env, 'e2.csv', [
            [0, toNano('2')],
            [1, toNano('1')],
        ]);
        expectRefused(
            await env.run(submitPayouts, env.operator, [`file=${e2}`, 'yes']),
            `PoolPayout at ${pool.address} runs code ${oldHash.slice(0, 16)}…, the local build is ${newHash.slice(0, 16)}…: wrong address or a different version`,
        );
        const data = await poolData();
        const r = await env.run(upgradePool, env.owner, [], [true]);
        expect(r.asked).toEqual(['Send?']);
        expect(r.lines).toEqual(
            expect.arrayContaining([
                `  old code: ${oldHash} (running, recorded in ${env.deploymentFile})`,
                `  new code: ${newHash} (the local build)`,
            ]),
        );
        expect(sentMessages(r)).toEqual([message(pool, ownerOpValue(), upgradeCodeBody({ code: newCode }))]);
        expect(await runningHash()).toBe(newHash);
        expect(await poolData()).toBe(data);
        expect(readDeployment(env.deploymentFile, 'testnet').pool.codeHash).toBe(newHash);
        expect(r.lines[r.lines.length - 1]).toBe(
            `upgraded: pool ${pool.address} runs ${newHash} (saved to ${env.deploymentFile})`,
        );

        const again = await env.run(upgradePool, env.owner, ['yes']);
        expect({ sent: again.sent.length, lines: again.lines }).toEqual({
            sent: 0,
            lines: [`nothing to do: the pool already runs the local build ${newHash}`],
        });
        expectOk(await env.run(submitPayouts, env.operator, [`file=${e2}`, 'yes']));
        expect([(await pool.getWorker(0)).paid, (await pool.getWorker(1)).paid]).toEqual([toNano('2'), toNano('1')]);
    });

    // Attack / faults: the hot operator key tries the upgrade; a file that records another code than
    // the one running; an unknown argument; the owner says "no". Property: one line (or the cancel
    // notice), nothing sent, the pool still runs the older release.
    it('[UPG-402] upgradePool refuses any wallet but the owner and a file that does not describe the running pool; "no" sends nothing', async () => {
        expectRefused(
            await env.run(upgradePool, env.operator, ['yes']),
            `this needs the owner wallet ${env.owner.address}, but the connected wallet is ${env.operator.address}`,
        );
        expectBadInput(
            await env.run(upgradePool, env.owner, ['code=new.boc', 'yes']),
            'unknown argument: code=; known: deployment= yes check json help',
        );
        const declined = await env.run(upgradePool, env.owner, [], [false]);
        expect({
            exit: declined.exitCode,
            sent: declined.sent.length,
            last: declined.lines[declined.lines.length - 1],
        }).toEqual({ exit: 0, sent: 0, last: 'cancelled: nothing sent' });
        writeDeployment(env.deploymentFile, { ...deployment, pool: { ...deployment.pool, codeHash: 'ab'.repeat(32) } });
        expectRefused(
            await env.run(upgradePool, env.owner, ['yes']),
            `PoolPayout at ${pool.address} runs code ${oldHash.slice(0, 16)}…, but ${env.deploymentFile} records ${'ab'.repeat(8)}…: the file does not describe this pool; nothing was sent`,
        );
        expect(await runningHash()).toBe(oldHash);
    });

    // Fault: the upgrade message went out but the run stopped before the file was written. Property: a
    // re-run sends nothing, checks the deployment through the new code and records the new hash.
    it('[UPG-403] a re-run after an interrupted upgrade sends nothing and records the new hash', async () => {
        await pool.sendUpgradeCode(env.owner.getSender(), { value: ownerOpValue(), code: newCode });
        const r = await env.run(upgradePool, env.owner, ['yes']);
        expect({ sent: r.sent.length, lines: r.lines }).toEqual({
            sent: 0,
            lines: [`nothing to do: the pool already runs the local build ${newHash} (saved to ${env.deploymentFile})`],
        });
        expect(readDeployment(env.deploymentFile, 'testnet').pool.codeHash).toBe(newHash);
    });
});
