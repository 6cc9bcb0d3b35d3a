/**
 * The operator's path from zero to a reconciled payout, through the real scripts on the sandbox:
 * deployPool -> registerWorker -> approveWorkers -> (revenue) -> submitPayouts -> reconcile, plus the
 * member and operator scripts along the way. Every message a script sends is checked field by field,
 * every re-run is shown to send nothing, and amounts are exact to the nanoton.
 */
import { writeFileSync } from 'fs';
import { toNano } from '@ton/core';
import * as approveWorkers from '../../scripts/operator/approveWorkers';
import * as changePayoutAddress from '../../scripts/member/changePayoutAddress';
import * as deployPool from '../../scripts/owner/deployPool';
import * as reconcile from '../../scripts/operator/reconcile';
import * as registerWorker from '../../scripts/member/registerWorker';
import * as submitPayouts from '../../scripts/operator/submitPayouts';
import * as suspendWorkers from '../../scripts/operator/suspendWorkers';
import { hashHex, localCode } from '../../toolkit/ops/code-hash';
import { readDeployment } from '../../toolkit/ops/deployment';
import { PoolOp, StopReason } from '../../wrappers/PoolConstants';
import { parsePayoutBatch, parsePayoutExcesses, PoolPayout } from '../../wrappers/PoolPayout';
import { RegistryOp, WorkerStatus } from '../../wrappers/RegistryConstants';
import {
    approveWorkerBody,
    changePayoutBody,
    registerWorkerBody,
    reinstateWorkerBody,
    setParamsBody,
    suspendWorkerBody,
    WorkerRegistry,
} from '../../wrappers/WorkerRegistry';
import { SandboxContract } from '@ton/sandbox';
import { ExitCode } from '../../toolkit/ops/cli/exit-codes';
import { EnvSnapshot, RunResult, ScriptsEnv } from './support/env';
import {
    deploy,
    deployArgs,
    expectOk,
    expectRefused,
    payoutsIn,
    registerAndApprove,
    sendRevenue,
    STAKE,
    writeLedger,
} from './support/pool-setup';

let env: ScriptsEnv;
let registry: SandboxContract<WorkerRegistry>;
let pool: SandboxContract<PoolPayout>;
let empty: EnvSnapshot;
let deployed: EnvSnapshot;
let registered: EnvSnapshot;
let funded: EnvSnapshot;

const E1: [number, bigint][] = [
    [0, toNano('1')],
    [1, toNano('2')],
    [2, toNano('0.5')],
    [3, toNano('0.25')],
];

beforeAll(async () => {
    env = await ScriptsEnv.create(4);
    empty = env.snapshot();
    ({ registry, pool } = await deploy(env));
    deployed = env.snapshot();
    for (const m of env.members)
        expectOk(await env.run(registerWorker, m, [`stake=${STAKE}`, `payout=${m.address}`, 'yes']));
    registered = env.snapshot();
    await env.restore(deployed);
    await registerAndApprove(env);
    await sendRevenue(env, pool, '10');
    funded = env.snapshot();
});

/** The arguments of the one message a run sent. */
function only(r: RunResult) {
    expect(r.sent).toHaveLength(1);
    return r.sent[0].args;
}

describe('deployPool', () => {
    beforeEach(async () => env.restore(empty));

    // Property: one run from the owner wallet deploys both contracts with the local code, wires the
    // registry to the pool (owner-only set_params) and records exactly that in the deployment file.
    it('[DOC-405] deployPool deploys the registry and the pool wired to each other and saves the deployment file', async () => {
        const r = await env.run(deployPool, env.owner, [...deployArgs(env)], [true]);
        expect(r.exitCode).toBe(0);
        expect(r.asked).toEqual(['Send?']);
        const d = readDeployment(env.deploymentFile, 'testnet');
        expect(d.registry.address.equals(registry.address)).toBe(true);
        expect(d.pool.address.equals(pool.address)).toBe(true);
        expect(d.registry.codeHash).toBe(hashHex(await localCode('WorkerRegistry')));
        expect(d.pool.codeHash).toBe(hashHex(await localCode('PoolPayout')));
        expect([d.owner.equals(env.owner.address), d.operator.equals(env.operator.address)]).toEqual([true, true]);
        expect(new Date(d.createdAt).toISOString()).toBe(d.createdAt);

        // Three messages: the registry's deployment, the pool's (its value is reserve), the wiring.
        expect(r.sent).toHaveLength(3);
        const [reg, pl, wire] = r.sent.map((s) => s.args);
        expect({ to: reg.to.toString(), value: reg.value, init: reg.init?.code?.hash().toString('hex') }).toEqual({
            to: registry.address.toString(),
            value: toNano('1'),
            init: d.registry.codeHash,
        });
        expect({
            to: pl.to.toString(),
            value: pl.value,
            init: pl.init?.code?.hash().toString('hex'),
            op: pl.body?.beginParse().preloadUint(32),
        }).toEqual({
            to: pool.address.toString(),
            value: toNano('1'),
            init: d.pool.codeHash,
            op: PoolOp.topUpReserve,
        });
        const params = {
            minStake: toNano(STAKE),
            cooldown: 3600,
            pool: pool.address,
            capacity: 15000,
            maxPerMember: 1,
        };
        expect(wire.to.equals(registry.address)).toBe(true);
        expect(wire.value).toBe(await registry.getRequiredValue(RegistryOp.setParams));
        expect(wire.body!.equals(setParamsBody({ params }))).toBe(true);

        const rp = await registry.getParams();
        expect({ ...rp, pool: rp.pool.toString() }).toEqual({
            ...params,
            pool: pool.address.toString(),
            paused: false,
        });
        const pp = await pool.getParams();
        expect([
            pp.registry.equals(registry.address),
            pp.owner.equals(env.owner.address),
            pp.operator.equals(env.operator.address),
        ]).toEqual([true, true, true]);
        expect({
            bps: pp.commissionBps,
            min: pp.minPayout,
            cap: pp.periodCap,
            len: pp.periodLength,
            paused: pp.paused,
        }).toEqual({
            bps: 500,
            min: toNano('0.01'),
            cap: toNano('1000'),
            len: 86400,
            paused: false,
        });
        expect(r.lines.slice(-3)).toEqual([
            `registry: ${registry.address}`,
            `pool:     ${pool.address}`,
            `saved:    ${env.deploymentFile}`,
        ]);
    });

    // Fault: the operator re-runs deployPool after an interruption. Property: nothing already on
    // chain is sent again; the file is rewritten with the same addresses.
    it('[DUP-401] re-running deployPool sends nothing and keeps the same addresses', async () => {
        await env.restore(deployed);
        const before = readDeployment(env.deploymentFile, 'testnet');
        const r = await env.run(deployPool, env.owner, [...deployArgs(env), 'yes']);
        expect(r.exitCode).toBe(0);
        expect(r.sent).toHaveLength(0);
        expect(r.lines.filter((l) => l.includes('(already deployed)'))).toEqual([
            `  registry:   ${before.registry.address} (already deployed)`,
            `  pool:       ${before.pool.address} (already deployed)`,
        ]);
        const after = readDeployment(env.deploymentFile, 'testnet');
        expect([
            after.registry.address.equals(before.registry.address),
            after.pool.address.equals(before.pool.address),
        ]).toEqual([true, true]);
    });

    // Fault: deploy from a wallet that is not the owner, or with the operator equal to the owner.
    // Property: refused before anything is sent (no contract appears on chain).
    it('[ACC-404] deployPool refuses a non-owner wallet and an operator equal to the owner, sending nothing', async () => {
        expectRefused(
            await env.run(deployPool, env.stranger, [...deployArgs(env), `owner=${env.owner.address}`, 'yes']),
            `deployPool must run from the owner wallet ${env.owner.address} (it wires the registry to the pool with an owner-only message); connected: ${env.stranger.address}`,
        );
        expectRefused(
            await env.run(deployPool, env.owner, [
                ...deployArgs(env, { operator: env.owner.address.toString() }),
                'yes',
            ]),
            'operator: must differ from the owner (the operator key is hot, the owner key stays cold)',
        );
        expect(await env.provider(env.owner).isContractDeployed(registry.address)).toBe(false);
    });

    // Property: every value deployPool needs can come from a prompt instead of an argument, with the
    // same result (the same contract addresses) as the arguments give.
    it('[DOC-410] deployPool asks for every missing value and deploys the same pool as with arguments', async () => {
        const answers = [
            env.operator.address.toString(),
            '500',
            '0.01',
            '1000',
            '86400',
            STAKE,
            '3600',
            '1',
            '1',
            true,
        ];
        const r = await env.run(deployPool, env.owner, [], answers);
        expect(r.exitCode).toBe(0);
        expect(r.asked).toEqual([
            'Operator address (hot wallet of the pool backend) (operator)',
            'Pool commission in basis points (100 = 1%) (commission_bps)',
            'Smallest payout the pool sends, in TON (min_payout)',
            'Most the operator may pay out per period, in TON (period_cap)',
            'Length of that period in seconds (period_length)',
            'Stake a member locks per worker, in TON (min_stake)',
            'Seconds between an exit request and the stake return (cooldown)',
            "Pool reserve, in TON (pays the pool's storage; never worker money) (reserve)",
            "Registry balance, in TON (pays the registry's storage) (registry_balance)",
            'Send?',
        ]);
        const d = readDeployment(env.deploymentFile, 'testnet');
        expect([d.registry.address.equals(registry.address), d.pool.address.equals(pool.address)]).toEqual([
            true,
            true,
        ]);
    });

    // The summary is shown and a "no" sends nothing.
    it('[DOC-408] declining the confirmation sends nothing', async () => {
        const r = await env.run(deployPool, env.owner, deployArgs(env), [false]);
        expect({ exitCode: r.exitCode, sent: r.sent.length, last: r.lines[r.lines.length - 1] }).toEqual({
            exitCode: 0,
            sent: 0,
            last: 'cancelled: nothing sent',
        });
        expect(r.lines[0]).toBe('Deploy the pool on testnet');
    });
});

describe('worker scripts', () => {
    // Property: a member's registration carries the stake plus exactly the registry's required value
    // and lands as a pending worker.
    it('[POOL-401] registerWorker registers a pending worker with the stake and the required value', async () => {
        await env.restore(deployed);
        const m = env.members[0];
        const r = await env.run(registerWorker, m, [`stake=${STAKE}`, `payout=${m.address}`, 'yes']);
        const a = only(r);
        expect(a.to.equals(registry.address)).toBe(true);
        expect(a.value).toBe(toNano(STAKE) + (await registry.getRequiredValue(RegistryOp.registerWorker)));
        expect(a.body!.equals(registerWorkerBody({ stake: toNano(STAKE), payout: m.address }))).toBe(true);
        const w = await registry.getWorker(0);
        expect([w!.status, w!.member.equals(m.address), w!.payout.equals(m.address), w!.stake]).toEqual([
            WorkerStatus.pending,
            true,
            true,
            toNano(STAKE),
        ]);
        expect(r.lines[r.lines.length - 1]).toBe("worker 0 registered (pending the operator's approval)");
    });

    // Property: one approve per pending worker, each with the required value; the pool then knows
    // every worker as active with its payout address. A re-run finds nothing to do and sends nothing.
    it('[DUP-402] approveWorkers approves in bulk, the pool learns each worker, and a re-run sends nothing', async () => {
        await env.restore(registered);
        const r = await env.run(approveWorkers, env.operator, ['workers=0-3', 'yes']);
        expect(r.exitCode).toBe(0);
        const value = await registry.getRequiredValue(RegistryOp.approveWorker);
        expect(r.sent.map((s) => [s.args.to.toString(), s.args.value, s.args.body!.hash().toString('hex')])).toEqual(
            [0, 1, 2, 3].map((i) => [
                registry.address.toString(),
                value,
                approveWorkerBody({ workerIndex: i }).hash().toString('hex'),
            ]),
        );
        for (const [i, m] of env.members.entries()) {
            expect((await registry.getWorker(i))!.status).toBe(WorkerStatus.active);
            const w = await pool.getWorker(i);
            expect([w.known, w.active, w.payout!.equals(m.address), w.paid]).toEqual([true, true, true, 0n]);
        }
        const again = await env.run(approveWorkers, env.operator, ['workers=0-3', 'yes']);
        expect({ exitCode: again.exitCode, sent: again.sent.length, lines: again.lines }).toEqual({
            exitCode: 0,
            sent: 0,
            lines: ['nothing to do: worker(s) 0..3 already active'],
        });
    });

    // Property: suspension from a file makes the pool stop paying those workers (submitPayouts
    // leaves them out and says so); approving a suspended worker reinstates it.
    it('[POOL-402] suspendWorkers from a file deactivates workers in the pool; approveWorkers reinstates them', async () => {
        await env.restore(funded);
        const list = env.path('suspend.txt');
        writeFileSync(list, '# flaky GPUs\n1\n3  # overheating\n');
        const r = await env.run(suspendWorkers, env.operator, [`file=${list}`, 'yes']);
        const value = await registry.getRequiredValue(RegistryOp.suspendWorker);
        expect(r.sent.map((s) => [s.args.value, s.args.body!.hash().toString('hex')])).toEqual(
            [1, 3].map((i) => [value, suspendWorkerBody({ workerIndex: i }).hash().toString('hex')]),
        );
        expect(await Promise.all([0, 1, 2, 3].map(async (i) => (await pool.getWorker(i)).active))).toEqual([
            true,
            false,
            true,
            false,
        ]);

        const pay = await env.run(submitPayouts, env.operator, [`file=${writeLedger(env, 'e1.csv', E1)}`, 'yes']);
        expect(pay.lines[0]).toBe('left out, inactive in the pool (suspended or exited): worker(s) 1, 3');
        expect(payoutsIn(pay, pool.address).map((p) => [p.workerIndex, p.amount])).toEqual([
            [0, toNano('1')],
            [2, toNano('0.5')],
        ]);

        const back = await env.run(approveWorkers, env.operator, ['workers=1', 'yes']);
        expect(only(back).body!.equals(reinstateWorkerBody({ workerIndex: 1 }))).toBe(true);
        expect((await pool.getWorker(1)).active).toBe(true);
    });

    // Attack: a member tries to redirect another member's payouts. Property: refused before sending;
    // the worker's own member changes it and the pool pays the new address from then on.
    it("[ACC-405] changePayoutAddress works only from the worker's member and reaches the pool", async () => {
        await env.restore(funded);
        const fresh = await env.blockchain.treasury('member-2-new-wallet');
        expectRefused(
            await env.run(changePayoutAddress, env.members[1], ['worker=2', `payout=${env.members[1].address}`, 'yes']),
            `worker 2 belongs to member ${env.members[2].address}; only that wallet may change its payout address (connected: ${env.members[1].address})`,
        );
        const r = await env.run(changePayoutAddress, env.members[2], ['worker=2', `payout=${fresh.address}`, 'yes']);
        const a = only(r);
        expect([a.to.equals(registry.address), a.value]).toEqual([
            true,
            await registry.getRequiredValue(RegistryOp.changePayout),
        ]);
        expect(a.body!.equals(changePayoutBody({ workerIndex: 2, payout: fresh.address }))).toBe(true);
        expect((await pool.getWorker(2)).payout!.equals(fresh.address)).toBe(true);
        const pay = await env.run(submitPayouts, env.operator, [`file=${writeLedger(env, 'e1.csv', E1)}`, 'yes']);
        expect(
            payoutsIn(pay, pool.address)
                .find((p) => p.workerIndex === 2)!
                .to.equals(fresh.address),
        ).toBe(true);
    });
});

describe('submitPayouts and reconcile', () => {
    beforeEach(async () => env.restore(funded));

    // Property: the batch carries exactly get_batch_value, each worker is paid cumulative - paid in a
    // bounceable pool_payout to its payout address, the unspent value returns to the operator with a
    // report of 4 paid / stop reason done, and reconcile finds no difference.
    it('[FIN-401] submitPayouts pays each worker exactly its entitlement and reconcile finds no difference', async () => {
        const file = writeLedger(env, 'e1.csv', E1);
        const r = await env.run(submitPayouts, env.operator, [`file=${file}`], [true]);
        expect(r.exitCode).toBe(0);
        const a = only(r);
        expect([a.to.equals(pool.address), a.value]).toEqual([true, await pool.getBatchValue(4)]);
        const batch = parsePayoutBatch(a.body!);
        expect(batch.entries).toEqual(E1.map(([workerIndex, cumulative]) => ({ workerIndex, cumulative })));
        expect(
            payoutsIn(r, pool.address).map((p) => [p.workerIndex, p.to.toString(), p.amount, p.value, p.bounce]),
        ).toEqual(E1.map(([i, c]) => [i, env.members[i].address.toString(), c, c, true]));
        const excess = r.sent[0].transactions
            .flatMap((t) => [...t.outMessages.values()])
            .filter((m) => m.info.type === 'internal' && m.info.dest.equals(env.operator.address));
        expect(excess).toHaveLength(1);
        // the operator gets back exactly the batch's value less the pool's compute and every forward fee
        // of that transaction (the payouts' and its own): the payouts themselves come out of the pool's money
        const poolTx = r.sent[0].transactions.find(
            (t) => t.inMessage?.info.dest?.toString() === pool.address.toString(),
        )!;
        const d = poolTx.description as {
            computePhase: { type: string; gasFees?: bigint };
            actionPhase?: { totalFwdFees?: bigint };
        };
        if (d.computePhase.type !== 'vm') throw new Error('expected the pool to run its code');
        expect(excess[0].info.type === 'internal' && excess[0].info.value.coins).toBe(
            a.value - d.computePhase.gasFees! - d.actionPhase!.totalFwdFees!,
        );
        const report = parsePayoutExcesses(excess[0].body);
        expect({
            q: report.queryId,
            n: report.report.paidCount,
            amount: report.report.paidAmount,
            stop: report.stopReason,
            bounce: excess[0].info.type === 'internal' && excess[0].info.bounce,
        }).toEqual({
            q: batch.queryId,
            n: 4,
            amount: toNano('3.75'),
            stop: StopReason.done,
            bounce: false,
        });
        expect(r.lines.slice(-2)).toEqual([
            'paid 3.75 TON to 4 worker(s)',
            `next: npx blueprint run operator/reconcile --testnet ledger=${file}`,
        ]);

        const rec = await env.run(reconcile, env.operator, [`ledger=${file}`]);
        expect(rec.exitCode).toBe(0);
        expect(rec.lines[rec.lines.length - 1]).toBe('reconciled: 4 worker(s), 3.75 TON received, no differences');
    });

    // Fault: the operator re-runs the same file (timeout, crash), then the next epoch's file.
    // Property: the re-run sends nothing; the next file pays only each worker's increase.
    it('[DUP-403] re-running a paid file sends nothing and the next epoch pays only the increase', async () => {
        const file = writeLedger(env, 'e1.csv', E1);
        expectOk(await env.run(submitPayouts, env.operator, [`file=${file}`, 'yes']));
        const again = await env.run(submitPayouts, env.operator, [`file=${file}`, 'yes']);
        expect({ exitCode: again.exitCode, sent: again.sent.length, lines: again.lines }).toEqual({
            exitCode: 0,
            sent: 0,
            lines: [`nothing to pay: every active worker in ${file} is paid up to its cumulative`],
        });
        const e2 = writeLedger(env, 'e2.csv', [
            [0, toNano('1.5')],
            [1, toNano('2')],
            [2, toNano('0.5')],
            [3, toNano('1')],
        ]);
        const next = await env.run(submitPayouts, env.operator, [`file=${e2}`, 'yes']);
        expect(parsePayoutBatch(only(next).body!).entries.map((e) => e.workerIndex)).toEqual([0, 3]);
        expect(payoutsIn(next, pool.address).map((p) => [p.workerIndex, p.amount])).toEqual([
            [0, toNano('0.5')],
            [3, toNano('0.75')],
        ]);
        expect((await env.run(reconcile, env.operator, [`ledger=${e2}`])).exitCode).toBe(0);
    });

    // Property: when the ledger says more than the chain paid, reconcile lists each difference with
    // its cause and exits with the differences code (6) and one summary line.
    it('[DOC-406] reconcile lists every difference with its cause and exits with code 6', async () => {
        expectOk(await env.run(submitPayouts, env.operator, [`file=${writeLedger(env, 'e1.csv', E1)}`, 'yes']));
        const ahead = writeLedger(env, 'ahead.csv', [...E1.slice(0, 3), [3, toNano('0.75')]]);
        const r = await env.run(reconcile, env.operator, [`ledger=${ahead}`]);
        expect(r.exitCode).toBe(ExitCode.differences);
        expect(r.sent).toHaveLength(0);
        expect(r.errors).toEqual([
            `error: 1 difference(s) between ${ahead} and the chain (0 critical, 0 nanoton unexplained)`,
        ]);
        const row = r.lines.find((l) => l.includes('not-submitted'))!;
        expect(
            row
                .split('|')
                .map((c) => c.trim())
                .slice(1, 5),
        ).toEqual(['3', 'not-submitted', '500,000,000', 'no']);
    });
});
