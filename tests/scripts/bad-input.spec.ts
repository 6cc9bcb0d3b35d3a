/**
 * Bad input to the scripts, end to end: each case must stop with exit code 1, exactly one line of
 * error naming what is wrong (file and line, argument, address, contract), and no message sent.
 */
import { writeFileSync } from 'fs';
import { Address, toNano } from '@ton/core';
import { SandboxContract } from '@ton/sandbox';
import * as approveWorkers from '../../scripts/operator/approveWorkers';
import * as changePayoutAddress from '../../scripts/member/changePayoutAddress';
import * as deployPool from '../../scripts/owner/deployPool';
import * as registerWorker from '../../scripts/member/registerWorker';
import * as submitPayouts from '../../scripts/operator/submitPayouts';
import * as withdrawCommission from '../../scripts/owner/withdrawCommission';
import { localCode } from '../../toolkit/ops/code-hash';
import { Deployment, readDeployment, writeDeployment } from '../../toolkit/ops/deployment';
import { PoolPayout } from '../../wrappers/PoolPayout';
import { EnvSnapshot, ScriptsEnv } from './support/env';
import {
    deploy,
    deployArgs,
    expectOk,
    expectBadInput,
    expectRefused,
    registerAndApprove,
    sendRevenue,
    writeLedger,
} from './support/pool-setup';

let env: ScriptsEnv;
let pool: SandboxContract<PoolPayout>;
let paid: EnvSnapshot;
let deployment: Deployment;

const E1: [number, bigint][] = [
    [0, toNano('1')],
    [1, toNano('2')],
];
const masterchain = Address.parse('-1:' + '77'.repeat(32));

beforeAll(async () => {
    env = await ScriptsEnv.create(2);
    ({ pool, deployment } = await deploy(env));
    await registerAndApprove(env);
    await sendRevenue(env, pool, '10');
    expectOk(await env.run(submitPayouts, env.operator, [`file=${writeLedger(env, 'e1.csv', E1)}`, 'yes']));
    paid = env.snapshot();
});

beforeEach(async () => env.restore(paid));

describe('entitlement files', () => {
    // Fault: a malformed row in the middle of the file. Property: the line is named, nothing is paid,
    // not even the valid rows before it.
    it('[DOC-407] a malformed CSV row stops submitPayouts with its line number and nothing is sent', async () => {
        const file = env.path('bad.csv');
        writeFileSync(file, 'worker_index,cumulative_nanoton\n0,3000000000\n1,2.5 TON\n');
        expectBadInput(
            await env.run(submitPayouts, env.operator, [`file=${file}`, 'yes']),
            `${file}:3: cumulative_nanoton "2.5 TON" is not a whole number of nanoton`,
        );
        const json = env.path('bad.json');
        writeFileSync(
            json,
            '[\n  {"worker_index": 0, "cumulative_nanoton": "3000000000"},\n  {"worker_index": -1, "cumulative_nanoton": "1"}\n]\n',
        );
        expectBadInput(
            await env.run(submitPayouts, env.operator, [`file=${json}`, 'yes']),
            `${json}:3: worker_index "-1" is not a worker index (0..4294967295)`,
        );
    });

    // Fault: an entitlement for a worker the pool has never heard of (typo, or not yet approved).
    it('[POOL-403] an unknown worker stops submitPayouts and approveWorkers with nothing sent', async () => {
        const file = writeLedger(env, 'unknown.csv', [
            [0, toNano('3')],
            [9, toNano('1')],
        ]);
        expectRefused(
            await env.run(submitPayouts, env.operator, [`file=${file}`, 'yes']),
            `${file}:3: worker 9 is unknown to the pool (never approved in the registry); nothing was sent`,
        );
        expectRefused(
            await env.run(approveWorkers, env.operator, ['workers=1,9', 'yes']),
            'worker 9 is unknown to the registry; nothing was sent',
        );
    });

    // Fault: a ledger that went backwards (an old export, a bug in accounting). Property: refused with
    // the line, since the pool would skip it and the operator would believe it paid.
    it('[FIN-402] a cumulative lower than what the pool already paid is refused with its line', async () => {
        const file = writeLedger(env, 'back.csv', [
            [0, toNano('1')],
            [1, toNano('1.5')],
        ]);
        expectRefused(
            await env.run(submitPayouts, env.operator, [`file=${file}`, 'yes']),
            `${file}:3: worker 1: cumulative 1500000000 is lower than the 2000000000 the pool already paid (cumulative amounts never go down); nothing was sent`,
        );
    });

    // Fault: the file asks for more than the pool holds for its workers (revenue not in yet).
    it('[FIN-405] a file paying more than the worker money the pool holds is refused before sending', async () => {
        const owed = (await pool.getTotals()).owed;
        const file = writeLedger(env, 'big.csv', [[0, toNano('1') + owed + 1n]]);
        expectRefused(
            await env.run(submitPayouts, env.operator, [`file=${file}`, 'yes']),
            /^the pool holds [\d.]+ TON of worker money but .*big\.csv pays [\d.]+ TON: wait for revenue or check the file; nothing was sent$/,
        );
    });
});

describe('arguments and wallets', () => {
    // Fault: masterchain addresses where the pool handles basechain only (payout, operator).
    it('[ACC-401] an address on the wrong workchain is refused by every script that takes one', async () => {
        const wrong = `${masterchain.toRawString()} is on workchain -1; only basechain (workchain 0) addresses are accepted`;
        expectBadInput(
            await env.run(changePayoutAddress, env.members[0], ['worker=0', `payout=${masterchain}`, 'yes']),
            `payout: ${wrong}`,
        );
        expectBadInput(
            await env.run(registerWorker, env.stranger, ['stake=1', `payout=${masterchain}`, 'yes']),
            `payout: ${wrong}`,
        );
        expectBadInput(
            await env.run(deployPool, env.owner, [...deployArgs(env, { operator: masterchain.toString() }), 'yes']),
            `operator: ${wrong}`,
        );
    });

    // Fault: a typo in an argument name. Property: refused rather than ignored or silently defaulted.
    it('[DOC-403] an unknown argument is refused and nothing is sent', async () => {
        expectBadInput(
            await env.run(submitPayouts, env.operator, ['fle=e1.csv', 'file=x.csv', 'yes']),
            'unknown argument: fle= (did you mean file=?); known: file= deployment= yes check json help',
        );
    });

    // Attack: the hot operator key tries the owner's withdrawal; a stranger tries operator scripts.
    // Property: each script checks the role on chain first and sends nothing.
    it('[ACC-407] a script run from the wrong wallet is refused before it sends', async () => {
        expectRefused(
            await env.run(withdrawCommission, env.operator, ['yes']),
            `this needs the owner wallet ${env.owner.address}, but the connected wallet is ${env.operator.address}`,
        );
        const file = writeLedger(env, 'e2.csv', [[0, toNano('2')]]);
        expectRefused(
            await env.run(submitPayouts, env.stranger, [`file=${file}`, 'yes']),
            `this needs the operator wallet ${env.operator.address}, but the connected wallet is ${env.stranger.address}`,
        );
        expectRefused(
            await env.run(approveWorkers, env.stranger, ['workers=0', 'yes']),
            `this needs the operator wallet ${env.operator.address}, but the connected wallet is ${env.stranger.address}`,
        );
    });
});

describe('deployment file against the chain', () => {
    const edited = (change: Partial<Deployment>) => {
        writeDeployment(env.deploymentFile, { ...deployment, ...change });
        return env.run(submitPayouts, env.operator, [`file=${writeLedger(env, 'e2.csv', [[0, toNano('2')]])}`, 'yes']);
    };

    // Fault: the file points at a contract that is not our pool (a wallet), at nothing, or records
    // another build. Property: the code hash check stops the script before it sends.
    it('[ACC-406] a deployment file whose code does not match the chain or the local build is refused', async () => {
        const wallet = env.stranger.address;
        const poolHash = (await localCode('PoolPayout')).hash().toString('hex');
        expectRefused(
            await edited({ pool: { address: wallet, codeHash: poolHash } }),
            new RegExp(
                `^PoolPayout at ${wallet} runs code [0-9a-f]{16}…, the local build is ${poolHash.slice(0, 16)}…: wrong address or a different version$`,
            ),
        );
        const nowhere = Address.parse('0:' + '00'.repeat(31) + '01');
        expectRefused(
            await edited({ pool: { address: nowhere, codeHash: poolHash } }),
            `PoolPayout at ${nowhere} is not deployed (no active contract there)`,
        );
        expectRefused(
            await edited({ pool: { ...deployment.pool, codeHash: 'ab'.repeat(32) } }),
            `${env.deploymentFile}: the recorded code hashes differ from the chain and the local build; the file belongs to another deployment`,
        );
    });

    // Fault: a second pool with the same code but not wired to the registry (a look-alike), and a file
    // whose operator is not the chain's. Property: the wiring and role checks stop the script.
    it('[ACC-406] a deployment file whose wiring or roles do not match the chain is refused', async () => {
        const code = await localCode('PoolPayout');
        const pp = await pool.getParams();
        const twin = env.blockchain.openContract(
            PoolPayout.createFromConfig(
                {
                    earningsCode: await localCode('EarningsAddress'),
                    owner: pp.owner,
                    operator: pp.operator,
                    registry: deployment.registry.address,
                    commissionBps: 0,
                    minPayout: 0n,
                    periodCap: toNano('1000'),
                    periodLength: 86400,
                },
                code,
            ),
        );
        await twin.sendDeploy(env.owner.getSender(), toNano('1'));
        expectRefused(
            await edited({ pool: { address: twin.address, codeHash: deployment.pool.codeHash } }),
            `registry ${deployment.registry.address} sends worker updates to ${deployment.pool.address}, not to the pool ${twin.address} of ${env.deploymentFile}: the contracts are not wired to each other`,
        );
        expectRefused(
            await edited({ operator: env.stranger.address }),
            `${env.deploymentFile} says the operator is ${env.stranger.address}, but the registry operator on chain is ${env.operator.address}; update the file (rotateOperator does) or check the address`,
        );
        expect(readDeployment(env.deploymentFile, 'testnet').operator.equals(env.stranger.address)).toBe(true);
    });
});
