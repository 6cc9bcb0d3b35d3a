/**
 * A member leaving the pool through the scripts: requestExit, then withdrawStake after the registry's
 * cooldown. Each sends exactly the registry's required value; the stake comes back to the member to
 * the nanoton, the pool keeps paying the worker until the withdrawal and stops then; the wrong wallet,
 * an early withdrawal and repeated steps are refused before anything is sent.
 */
import { toNano } from '@ton/core';
import { SandboxContract } from '@ton/sandbox';
import * as registerWorker from '../../scripts/member/registerWorker';
import * as requestExit from '../../scripts/member/requestExit';
import * as withdrawStake from '../../scripts/member/withdrawStake';
import * as payOwed from '../../scripts/member/payOwed';
import { internal } from '@ton/sandbox';
import { FeeSchedule } from '../../toolkit/chain/fees';
import { rawAttributedRevenue } from '../../audits/harness/attributed';
import { formatTime } from '../../toolkit/ops/clock';
import { bookedAttributed, PoolPayout } from '../../wrappers/PoolPayout';
import { RegistryOp, WorkerStatus } from '../../wrappers/RegistryConstants';
import { parseWorkerSync } from '../../wrappers/shared';
import { parseStakeWithdrawn, requestExitBody, WorkerRegistry, withdrawStakeBody } from '../../wrappers/WorkerRegistry';
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
    STAKE,
    storageFee,
    txOn,
} from './support/pool-setup';

/** A fixed chain time, so exit times and cooldowns are exact. */
const T0 = 1_800_000_000;
const COOLDOWN = 3600;

let env: ScriptsEnv;
let registry: SandboxContract<WorkerRegistry>;
let pool: SandboxContract<PoolPayout>;
let active: EnvSnapshot;

beforeAll(async () => {
    env = await ScriptsEnv.create(2);
    env.blockchain.now = T0;
    ({ registry, pool } = await deploy(env, { cooldown: String(COOLDOWN) }));
    await registerAndApprove(env);
    await sendRevenue(env, pool, '10');
    active = env.snapshot();
});

beforeEach(async () => {
    await env.restore(active);
    env.blockchain.now = T0;
});

describe('requestExit and withdrawStake', () => {
    // Property: the exit is recorded at the chain time with the registry's required value; the pool keeps
    // the worker payable through the cooldown; a withdrawal before its end is refused with the exact end
    // time; after it the member gets the stake plus the unspent value (the registry keeps exactly its
    // balance before the message less the stake and its storage fee), the record is deleted and the pool
    // hears "withdrawn" (worker_sync active=false withdrawn=true, the member's payout address).
    it('[POOL-405] requestExit then withdrawStake after the cooldown returns the stake to the nanoton and the pool stops paying', async () => {
        const member = env.members[0];
        const exitValue = await registry.getRequiredValue(RegistryOp.requestExit);
        const r1 = await env.run(requestExit, member, ['worker=0', 'yes']);
        expect(sentMessages(r1)).toEqual([message(registry, exitValue, requestExitBody({ workerIndex: 0 }))]);
        const exited = (await registry.getWorker(0))!;
        expect({ status: exited.status, at: exited.exitRequestedAt, stake: exited.stake }).toEqual({
            status: WorkerStatus.exited,
            at: T0,
            stake: toNano(STAKE),
        });
        expect((await pool.getWorker(0)).active).toBe(true);
        expect(r1.lines[r1.lines.length - 1]).toBe(
            `worker 0 exited; its stake of 1 TON can be withdrawn from ${formatTime(T0 + COOLDOWN)} (withdrawStake worker=0)`,
        );

        env.blockchain.now = T0 + COOLDOWN - 1;
        expectRefused(
            await env.run(withdrawStake, member, ['worker=0', 'yes']),
            `worker 0: the cooldown ends at ${formatTime(T0 + COOLDOWN)} (in 1 s); nothing was sent`,
        );

        env.blockchain.now = T0 + COOLDOWN;
        const before = await env.blockchain.getContract(registry.address);
        const balanceBefore = before.balance;
        const stakeBefore = (await registry.getCounts()).totalStake;
        const value = await registry.getRequiredValue(RegistryOp.withdrawStake);
        const r2 = await env.run(withdrawStake, member, ['worker=0', 'yes']);
        expect(sentMessages(r2)).toEqual([message(registry, value, withdrawStakeBody({ workerIndex: 0 }))]);
        const tx = txOn(r2, registry.address);
        const storage = storageFee(tx);
        expect((await env.blockchain.getContract(registry.address)).balance).toBe(
            balanceBefore - storage - toNano(STAKE),
        );
        const out = [...tx.outMessages.values()].map(
            (m) =>
                m.info as {
                    dest: { toString(): string };
                    value: { coins: bigint };
                    bounce: boolean;
                    forwardFee: bigint;
                },
        );
        const bodies = [...tx.outMessages.values()].map((m) => m.body);
        expect(out.map((m) => [m.dest.toString(), m.bounce])).toEqual([
            [pool.address.toString(), true],
            [member.address.toString(), false],
        ]);
        const sync = parseWorkerSync(bodies[0]);
        expect({ ...sync, payout: sync.payout.toString() }).toEqual({
            queryId: 0n,
            workerIndex: 0,
            payout: member.address.toString(),
            active: false,
            withdrawn: true,
        });
        expect(parseStakeWithdrawn(bodies[1])).toEqual({ queryId: 0n, workerIndex: 0 });
        // Conservation: the member's message carries the attached value plus the stake, less the
        // registry's fees (storage excluded: it is the registry's own) and the sync with its forward fee.
        const fees = tx.totalFees.coins - storage;
        expect(out[1].value.coins).toBe(
            value + toNano(STAKE) - fees - out[0].value.coins - out[0].forwardFee - out[1].forwardFee,
        );
        expect(await registry.getWorker(0)).toBeNull(); // the record left with the stake
        expect((await registry.getCounts()).totalStake).toBe(stakeBefore - toNano(STAKE));
        expect(await registry.getMemberWorkers(member.address)).toEqual([]);
        expect(await pool.getWorker(0)).toMatchObject({ known: true, active: false, withdrawn: true, held: false });
        expect(r2.lines[r2.lines.length - 1]).toBe(`worker 0: stake of 1 TON withdrawn to ${member.address}`);
    });

    // Fault: Cocoon's last payout for worker 0 (the proxy's close) reaches its earnings address after
    // the member withdrew. Property, end to end with the real registry: the withdrawal's worker_sync
    // made the pool's record withdrawn, so payOwed from a stranger pays member 0 exactly the owed,
    // once, at the payout address the registry last synced; an operator batch pays it nothing.
    it('[POOL-628] after a real withdrawal, a late attributed payout is paid to the member by payOwed, and never by a batch', async () => {
        const member = env.members[0];
        expectOk(await env.run(requestExit, member, ['worker=0', 'yes']));
        env.blockchain.now = T0 + COOLDOWN;
        expectOk(await env.run(withdrawStake, member, ['worker=0', 'yes']));
        const from = await pool.getEarningsAddress(0);
        await env.blockchain.sendMessage(
            internal({ from, to: pool.address, value: toNano('2'), bounce: true, body: rawAttributedRevenue(0) }),
        );
        const owed = await pool.getAttributedOwed(0);
        expect(owed).toBe(
            bookedAttributed(
                new FeeSchedule(env.blockchain.config),
                toNano('2'),
                (await pool.getParams()).commissionBps,
            ).owed,
        );
        const r = expectOk(await env.run(payOwed, env.stranger, ['workers=0', 'yes']));
        const paid = r.sent
            .flatMap((m) => m.transactions)
            .filter((t) => t.inMessage?.info.type === 'internal' && t.inMessage.info.dest.equals(member.address));
        expect(paid.map((t) => (t.inMessage!.info.type === 'internal' ? t.inMessage!.info.value.coins : 0n))).toEqual([
            owed,
        ]);
        expect(await pool.getAttributedOwed(0)).toBe(0n);
        expectRefused(await env.run(payOwed, env.stranger, ['workers=0', 'yes']), /nothing was sent/);
        const batch = await pool.sendPayoutBatch(env.operator.getSender(), {
            value: await pool.getBatchValue(1),
            queryId: 5n,
            entries: [{ workerIndex: 0, cumulative: toNano('1') }],
        });
        expect(
            batch.transactions.filter(
                (t) => t.inMessage?.info.type === 'internal' && t.inMessage.info.dest.equals(member.address),
            ),
        ).toEqual([]);
        expect((await pool.getWorker(0)).paid).toBe(0n);
    });

    // Attack / faults: another member tries to exit or withdraw a worker that is not its own; a withdrawal
    // before any exit; an unknown worker; a non-numeric index; a second exit; a second withdrawal.
    // Property: each is one line naming the reason, exit code 1, nothing sent.
    it('[ACC-410] requestExit and withdrawStake refuse another member, the wrong order and repeats, sending nothing', async () => {
        const [m0, m1] = env.members;
        expectRefused(
            await env.run(requestExit, m1, ['worker=0', 'yes']),
            `worker 0 belongs to member ${m0.address}; only that wallet may request its exit (connected: ${m1.address})`,
        );
        expectRefused(
            await env.run(withdrawStake, m1, ['worker=0', 'yes']),
            `worker 0 belongs to member ${m0.address}; only that wallet may withdraw its stake (connected: ${m1.address})`,
        );
        expectRefused(
            await env.run(withdrawStake, m0, ['worker=0', 'yes']),
            `worker 0 is active: run requestExit worker=0 first, then wait ${COOLDOWN} s; nothing was sent`,
        );
        expectRefused(
            await env.run(requestExit, m0, ['worker=9', 'yes']),
            'worker 9 is unknown to the registry; nothing was sent',
        );
        expectBadInput(await env.run(requestExit, m0, ['worker=zero', 'yes']), 'worker: "zero" is not a whole number');
        expectOk(await env.run(requestExit, m0, ['worker=0', 'yes']));
        expectRefused(
            await env.run(requestExit, m0, ['worker=0', 'yes']),
            `worker 0 already requested its exit at ${formatTime(T0)}; run withdrawStake worker=0 from ${formatTime(T0 + COOLDOWN)}; nothing was sent`,
        );
        env.blockchain.now = T0 + COOLDOWN;
        expectOk(await env.run(withdrawStake, m0, ['worker=0', 'yes']));
        expectRefused(
            await env.run(withdrawStake, m0, ['worker=0', 'yes']),
            'worker 0 has left the registry (its stake was withdrawn or it was rejected); nothing was sent',
        );
        expectRefused(
            await env.run(requestExit, m0, ['worker=0', 'yes']),
            'worker 0 has left the registry (its stake was withdrawn or it was rejected); nothing was sent',
        );
    });

    // Property: a pending worker (never synced) can leave too; neither step sends the pool anything, and the
    // stake comes back whole (the registry keeps its previous balance less the stake, to the nanoton).
    it('[POOL-411] a never-approved worker exits and withdraws its stake with no message to the pool', async () => {
        expectOk(await env.run(registerWorker, env.stranger, [`stake=${STAKE}`, 'yes']));
        const exit = await env.run(requestExit, env.stranger, ['worker=2', 'yes']);
        expect(exit.lines).toContain('  payouts:  none (the pool never knew this worker)');
        expect([...txOn(exit, registry.address).outMessages.values()].map((m) => m.info.dest!.toString())).toEqual([
            env.stranger.address.toString(),
        ]);
        env.blockchain.now = T0 + COOLDOWN;
        const balance = (await env.blockchain.getContract(registry.address)).balance;
        const r = await env.run(withdrawStake, env.stranger, ['worker=2', 'yes']);
        const tx = txOn(r, registry.address);
        const out = [...tx.outMessages.values()];
        expect(out.map((m) => [m.info.dest!.toString(), parseStakeWithdrawn(m.body).workerIndex])).toEqual([
            [env.stranger.address.toString(), 2],
        ]);
        expect((await env.blockchain.getContract(registry.address)).balance).toBe(
            balance - storageFee(tx) - toNano(STAKE),
        );
        expect((await pool.getWorker(2)).known).toBe(false);
        expect(await registry.getWorker(2)).toBeNull();
    });

    // Property: the member sees the summary and "no" sends nothing; the worker stays active.
    it('[DOC-412] declining requestExit sends nothing', async () => {
        const r = await env.run(requestExit, env.members[0], ['worker=0'], [false]);
        expect({ exit: r.exitCode, sent: r.sent.length, asked: r.asked, last: r.lines[r.lines.length - 1] }).toEqual({
            exit: 0,
            sent: 0,
            asked: ['Send?'],
            last: 'cancelled: nothing sent',
        });
        expect((await registry.getWorker(0))!.status).toBe(WorkerStatus.active);
    });
});
