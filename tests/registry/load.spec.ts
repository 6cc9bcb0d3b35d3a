/**
 * The pool's "1,000+ participants" case: 1,000 members register and the operator approves them
 * in an interleaved, seeded-random order (approvals of earlier workers between later
 * registrations). Every transaction's messages are checked field by field, every worker_sync
 * the pool receives is checked in arrival order, and at the end every record, the counters, the
 * member index and the balance (stakes + surplus, less storage fees, to the nanoton).
 */
import { Address, Cell, SendMode } from '@ton/core';
import { internal } from '@ton/sandbox';
import { findTransactionRequired } from '@ton/test-utils';
import { computeFees, storageFees } from '../../toolkit/chain/transactions';
import { WorkerStatus } from '../../wrappers/RegistryConstants';
import { excessesBody, parseWorkerSync, WorkerSync } from '../../wrappers/shared';
import {
    approveWorkerBody,
    memberKey,
    parseWorkerRegistryData,
    registerWorkerBody,
    WorkerRecord,
} from '../../wrappers/WorkerRegistry';
import { expectSent } from '../helpers/messages';
import { plain } from '../helpers/plain';
import { MIN_STAKE, RegistryFixture, setupRegistry, START_TIME, workerRecord } from '../helpers/registry-fixture';
import { stateOf } from '../../audits/harness/state';
import { syntheticAddress } from './population';

const MEMBERS = 1_000;
const SEED = Number(process.env.LOAD_SEED ?? 20261127);
/**
 * 2,000 transactions on a registry growing to 1,000 records: each costs the emulator time in
 * proportion to the account's size, so this one test may take minutes on a busy machine.
 */
const LOAD_TIMEOUT_MS = 40 * 60 * 1000;

/** mulberry32: small, seeded, reproducible. */
function rng(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

describe('load', () => {
    let f: RegistryFixture;
    let members: Address[];
    beforeAll(async () => {
        f = await setupRegistry({ members: 0 });
        // wallets without accounts: their messages are sent straight in, the rest comes back to an
        // address that needs no contract (non-bounceable)
        members = Array.from({ length: MEMBERS }, (_, i) => syntheticAddress(i, 'load-member'));
    });
    const send = (from: Address, value: bigint, body: Cell) =>
        f.blockchain.sendMessage(internal({ from, to: f.registry.address, value, body, bounce: true }));

    // Order independence at scale: whatever the interleaving, each member ends with exactly its
    // record, the pool hears exactly one active=true per worker in approval order, and no stake
    // or fee is lost or double-counted.
    it(
        `[POOL-105] 1,000 members register and are approved in interleaved order: every record, message and nanoton checked`,
        async () => {
            process.stdout.write(`load.spec seed: ${SEED} (LOAD_SEED to replay)\n`);
            const random = rng(SEED);
            const order = members.map((_, i) => i);
            for (let i = order.length - 1; i > 0; i--) {
                const j = Math.floor(random() * (i + 1));
                [order[i], order[j]] = [order[j], order[i]];
            }
            const registerValue = (stake: bigint) => stake + f.fees.required('registerWorker', 0) + 1_000_000n;
            const approveValue = f.fees.required('approveWorker', 1);

            const expectedRecords: WorkerRecord[] = [];
            const pending: number[] = [];
            const expectedSyncs: WorkerSync[] = [];
            let storagePaid = 0n;
            let next = 0;
            let step = 0;
            const initial = await stateOf(f.blockchain, f.registry.address);

            while (next < MEMBERS || pending.length > 0) {
                step++;
                const approveNow = pending.length > 0 && (next === MEMBERS || random() < 0.5);
                const queryId = BigInt(step);
                if (!approveNow) {
                    const m = members[order[next]];
                    const stake = MIN_STAKE + BigInt(order[next]);
                    const payout = syntheticAddress(order[next], 'load-payout');
                    const value = registerValue(stake);
                    const r = await send(m, value, registerWorkerBody({ stake, payout, queryId }));
                    const tx = findTransactionRequired(r.transactions, {
                        from: m,
                        to: f.registry.address,
                        success: true,
                        exitCode: 0,
                    });
                    storagePaid += storageFees(tx);
                    expectSent(tx, [
                        {
                            to: m,
                            value: f.fees.rest({ msgValue: value, computeFee: computeFees(tx), kept: stake, syncs: 0 }),
                            bounce: false,
                            mode: SendMode.CARRY_ALL_REMAINING_BALANCE,
                            body: (b: Cell) => expect(b.equals(excessesBody(queryId))).toBe(true),
                        },
                    ]);
                    expectedRecords.push(workerRecord(m, { payout, stake, registeredAt: START_TIME }));
                    pending.push(next);
                    next++;
                } else {
                    const index = pending.splice(Math.floor(random() * pending.length), 1)[0];
                    const r = await send(
                        f.operator.address,
                        approveValue,
                        approveWorkerBody({ workerIndex: index, queryId }),
                    );
                    const tx = findTransactionRequired(r.transactions, {
                        from: f.operator.address,
                        to: f.registry.address,
                        success: true,
                        exitCode: 0,
                    });
                    storagePaid += storageFees(tx);
                    const sync: WorkerSync = {
                        queryId,
                        workerIndex: index,
                        payout: expectedRecords[index].payout,
                        active: true,
                        withdrawn: false,
                    };
                    expectSent(tx, [
                        {
                            to: f.pool.address,
                            value: f.fees.syncValue,
                            bounce: true,
                            mode: SendMode.PAY_GAS_SEPARATELY,
                            body: (b: Cell) => expect(plain(parseWorkerSync(b))).toEqual(plain(sync)),
                        },
                        {
                            to: f.operator.address,
                            value: f.fees.rest({ msgValue: approveValue, computeFee: computeFees(tx), syncs: 1 }),
                            bounce: false,
                            mode: SendMode.CARRY_ALL_REMAINING_BALANCE,
                            body: (b: Cell) => expect(b.equals(excessesBody(queryId))).toBe(true),
                        },
                    ]);
                    // the pool received it
                    findTransactionRequired(r.transactions, {
                        from: f.registry.address,
                        to: f.pool.address,
                        success: true,
                    });
                    expectedSyncs.push(sync);
                    expectedRecords[index] = { ...expectedRecords[index], status: WorkerStatus.active, synced: true };
                }
            }

            expect(expectedSyncs.length).toBe(MEMBERS);
            expect(new Set(expectedSyncs.map((s) => s.workerIndex)).size).toBe(MEMBERS);

            const after = await stateOf(f.blockchain, f.registry.address);
            const data = parseWorkerRegistryData(after.data);
            const totalStake = expectedRecords.reduce((a, w) => a + w.stake, 0n);
            expect({
                ...data,
                workers: undefined,
                members: undefined,
                params: undefined,
                owner: undefined,
                operator: undefined,
            }).toMatchObject({
                nextIndex: MEMBERS,
                pending: 0,
                active: MEMBERS,
                suspended: 0,
                exited: 0,
                totalStake,
                bouncedSyncs: 0,
            });
            expect(data.workers.size).toBe(MEMBERS);
            expectedRecords.forEach((w, i) => expect(plain(data.workers.get(i))).toEqual(plain(w)));
            expect(data.members.size).toBe(MEMBERS);
            expectedRecords.forEach((w, i) => expect(data.members.get(memberKey(w.member))).toEqual([i]));
            expect(after.balance).toBe(initial.balance + totalStake - storagePaid);
            const counts = await f.registry.getCounts();
            expect(counts).toEqual({
                nextIndex: MEMBERS,
                pending: 0,
                active: MEMBERS,
                suspended: 0,
                exited: 0,
                totalStake,
            });
        },
        LOAD_TIMEOUT_MS,
    );
});
