/**
 * Blocked means blocked (DESIGN.md invariant 9): an unknown, never-synced, suspended or withdrawn
 * worker is never paid, whatever cumulative the operator (or a stolen operator key) writes, and a
 * worker whose payout address is the pool or the registry is held. Attack batches are built with
 * raw beginCell() from pool_payout.tlb (audits/harness/pool-raw.ts), cumulatives up to Coins' maximum.
 */
import { Address, toNano } from '@ton/core';
import { Blockchain } from '@ton/sandbox';
import { computeFees, exitCode, forwardFees, storageFees } from '../../toolkit/chain/transactions';
import { PRICE_SETS } from '../../toolkit/chain/prices';
import { PoolError, StopReason } from '../../wrappers/PoolPayout';
import { expectPoolInvariants } from '../helpers/invariants';
import { readBatch, sendBatch } from '../helpers/pool-batch';
import { PoolFixture, setupPool } from '../../audits/harness/pool-fixture';
import { COINS_MAX, rawEntriesOf, rawPayoutBatch, rawWorkerSync } from '../../audits/harness/pool-raw';
import { expectRejected } from '../helpers/rejections';
import { stateOf } from '../../audits/harness/state';

const TON = toNano('1');
const TWO_64 = 1n << 64n;

/** The worker states the registry can leave a pool index in, and where the fixture puts them. */
const STATES = [
    { state: 'unknown (no page)', index: 4800, blocked: true, skip: 'skippedUnknown' },
    { state: 'pending, never synced', index: 5, blocked: true, skip: 'skippedUnknown' },
    { state: 'active', index: 0, blocked: false, skip: undefined },
    { state: 'suspended', index: 1, blocked: true, skip: 'skippedInactive' },
    { state: 'exited, stake not yet withdrawn (payable)', index: 2, blocked: false, skip: undefined },
    { state: 'withdrawn', index: 3, blocked: true, skip: 'skippedInactive' },
] as const;

const ZERO_REPORT = {
    paidCount: 0,
    paidAmount: 0n,
    skippedUnknown: 0,
    skippedInactive: 0,
    skippedNotIncreased: 0,
    skippedBelowMin: 0,
    skippedHeld: 0,
    skippedOutOfRange: 0,
};

describe.each(PRICE_SETS)('PoolPayout blocked workers under any cumulative (%s prices)', (prices) => {
    let f: PoolFixture;
    let blockchain: Blockchain;
    beforeAll(async () => {
        f = await setupPool({ prices, workers: 4, recipients: 4 });
        // every worker 0..3 was paid 1 TON while active; then the registry's stream moved them on
        await sendBatch(
            f,
            [0, 1, 2, 3].map((w) => ({ workerIndex: w, cumulative: TON })),
        );
        for (const [index, active] of [
            [1, false],
            [2, true],
            [3, false],
        ] as const) {
            const r = await f.registry.send({
                to: f.pool.address,
                value: toNano('0.05'),
                body: rawWorkerSync(index, f.recipients[index].address, active),
            });
            expect(exitCode(r.transactions[1])).toBe(0);
        }
        f.snapshot = f.blockchain.snapshot();
    });
    beforeEach(async () => {
        await f.blockchain.loadFrom(f.snapshot);
        blockchain = f.blockchain;
    });

    // Attack (finding 1 of issue 9): the hot slot is blocked:1 paid:64 and the pool paid
    // cumulative - slot, so cumulative = 2^64 + paid + x cancelled the blocked bit and paid x to a
    // suspended or withdrawn worker, or to 0:000..0 for an index never synced. Every state is tried
    // at 2^64 - 1, 2^64, 2^64 + paid + 1 TON and 2^120 - 1. Must hold: nothing is paid to any of
    // them and the pool's data is the same cell. An entry the subtraction would pay (a blocked
    // worker at 2^64 + paid + x) aborts the request with malformed_body (415) and its value bounces
    // back; every other entry is counted under its exact reason (2^64 or more: out of range) and the
    // unspent value returns with the report.
    for (const s of STATES) {
        it(`[POOL-206] a batch naming a worker that is ${s.state} pays nothing at cumulatives 2^64 - 1, 2^64, 2^64 + paid + x and 2^120 - 1`, async () => {
            const paid = s.index < 4 ? TON : 0n;
            expect((await f.pool.getWorker(s.index)).paid).toBe(paid);
            for (const cumulative of [TWO_64 - 1n, TWO_64, TWO_64 + paid + TON, COINS_MAX]) {
                await blockchain.loadFrom(f.snapshot);
                const before = await stateOf(blockchain, f.pool.address);
                const value = await f.pool.getBatchValue(1);
                const result = await f.operator.send({
                    to: f.pool.address,
                    value,
                    body: rawPayoutBatch(7n, 1, rawEntriesOf([{ workerIndex: s.index, cumulative }])),
                });
                if (s.blocked && cumulative === TWO_64 + paid + TON) {
                    await expectRejected(blockchain, result, {
                        from: f.operator.address,
                        to: f.pool.address,
                        exitCode: PoolError.malformedBody,
                        before,
                    });
                    continue;
                }
                const run = readBatch(f.pool.address, f.operator.address, result);
                const tx = run.poolTxs[0];
                expect({ cumulative, exit: exitCode(tx), txs: run.poolTxs.length, payouts: run.payouts }).toEqual({
                    cumulative,
                    exit: 0,
                    txs: 1,
                    payouts: [],
                });
                expect(tx.outMessagesCount).toBe(1);
                const below = cumulative < TWO_64;
                // an unblocked worker at 2^64 - 1 asks for more than the pool holds: a funding stop
                const expected =
                    below && !s.blocked
                        ? { report: ZERO_REPORT, stopReason: StopReason.noWorkerMoney }
                        : {
                              report: { ...ZERO_REPORT, [below ? s.skip! : 'skippedOutOfRange']: 1 },
                              stopReason: StopReason.done,
                          };
                expect({ cumulative, report: run.report!.report, stopReason: run.report!.stopReason }).toEqual({
                    cumulative,
                    ...expected,
                });
                expect(run.report!.value).toBe(value - computeFees(tx) - forwardFees(tx));
                const after = await stateOf(blockchain, f.pool.address);
                expect(after.data.equals(before.data)).toBe(true);
                expect(after.balance).toBe(before.balance - storageFees(tx));
                await expectPoolInvariants(blockchain, f.pool, {
                    paid: new Map([[s.index, paid]]),
                    transactions: result.transactions,
                    received: new Map(),
                });
            }
        });
    }

    // The minimally different positive: the same raw entry, cumulative = paid + x, pays x to the
    // active and to the exited-but-payable worker (and only to them).
    it('[POOL-206] the raw leaf-group entry cumulative = paid + x pays x to an active and an exited-but-payable worker', async () => {
        const value = await f.pool.getBatchValue(STATES.length);
        const entries = STATES.map((s) => ({ workerIndex: s.index, cumulative: (s.index < 4 ? TON : 0n) + TON }));
        const result = await f.operator.send({
            to: f.pool.address,
            value,
            body: rawPayoutBatch(8n, STATES.length, rawEntriesOf(entries)),
        });
        const run = readBatch(f.pool.address, f.operator.address, result);
        expect(run.payouts.map((p) => [p.workerIndex, p.to.toString(), p.amount])).toEqual([
            [0, f.recipients[0].address.toString(), TON],
            [2, f.recipients[2].address.toString(), TON],
        ]);
        expect(run.report!.report).toEqual({
            ...ZERO_REPORT,
            paidCount: 2,
            paidAmount: 2n * TON,
            skippedUnknown: 2,
            skippedInactive: 2,
        });
        await expectPoolInvariants(blockchain, f.pool, {
            paid: new Map([
                [0, 2n * TON],
                [1, TON],
                [2, 2n * TON],
                [3, TON],
                [5, 0n],
            ]),
            transactions: result.transactions,
            received: new Map([
                [0, TON],
                [2, TON],
            ]),
        });
    });
});

describe('PoolPayout payout address equal to the pool or the registry', () => {
    let f: PoolFixture;
    let blockchain: Blockchain;
    beforeAll(async () => {
        f = await setupPool({ workers: 4, recipients: 4 });
        await sendBatch(f, [{ workerIndex: 0, cumulative: TON }]);
        f.snapshot = f.blockchain.snapshot();
    });
    beforeEach(async () => {
        await f.blockchain.loadFrom(f.snapshot);
        blockchain = f.blockchain;
    });

    // Attack (finding 5 of issue 9): the registry (a bug, or an older registry) syncs worker 0 with
    // the pool's own address or the registry's as its payout address. Paying the pool would book
    // the payout as revenue again (commission taken twice, the member gets nothing); paying the
    // registry bounces at the reserve's cost. Must hold: the sync is recorded (the stream goes on,
    // the old address is no longer payable) with the worker held; a batch pays it nothing and
    // counts it as held; revenue and commission do not move; a later sync to a wallet releases it.
    for (const target of ['pool', 'registry'] as const) {
        it(`[POOL-207] a worker synced with the ${target} as payout address is held: recorded, never paid, released by the next sync`, async () => {
            const address: Address = target === 'pool' ? f.pool.address : f.registry.address;
            const sync = await f.registry.send({
                to: f.pool.address,
                value: toNano('0.05'),
                body: rawWorkerSync(0, address, true),
            });
            expect(exitCode(sync.transactions[1])).toBe(0);
            expect(sync.transactions[1].outMessagesCount).toBe(0);
            const w = await f.pool.getWorker(0);
            expect({ ...w, payout: w.payout?.toString() }).toEqual({
                known: true,
                payout: address.toString(),
                active: true,
                paid: TON,
                bounces: 0,
                held: true,
                withdrawn: false,
            });
            const totals = await f.pool.getTotals();
            const held = await sendBatch(f, [{ workerIndex: 0, cumulative: 3n * TON }]);
            expect(held.payouts).toEqual([]);
            expect(held.report!.report).toEqual({ ...ZERO_REPORT, skippedHeld: 1 });
            expect(held.report!.stopReason).toBe(StopReason.done);
            const after = await f.pool.getTotals();
            expect({ revenue: after.revenue, commission: after.commissionAccrued, paid: after.paid }).toEqual({
                revenue: totals.revenue,
                commission: totals.commissionAccrued,
                paid: totals.paid,
            });

            const fix = await f.registry.send({
                to: f.pool.address,
                value: toNano('0.05'),
                body: rawWorkerSync(0, f.recipients[1].address, true),
            });
            expect(exitCode(fix.transactions[1])).toBe(0);
            expect(await f.pool.getWorker(0)).toMatchObject({ held: false, active: true, paid: TON });
            const paid = await sendBatch(f, [{ workerIndex: 0, cumulative: 3n * TON }]);
            expect(paid.payouts.map((p) => [p.to.toString(), p.amount])).toEqual([
                [f.recipients[1].address.toString(), 2n * TON],
            ]);
            await expectPoolInvariants(blockchain, f.pool, {
                paid: new Map([[0, 3n * TON]]),
                transactions: [...held.result.transactions, ...paid.result.transactions],
                received: new Map([[0, 2n * TON]]),
            });
        });
    }

    // A suspended worker synced to the pool's address stays blocked as inactive (not held).
    it('[POOL-207] an inactive worker synced with the pool as payout address is inactive, not held', async () => {
        await f.registry.send({
            to: f.pool.address,
            value: toNano('0.05'),
            body: rawWorkerSync(0, f.pool.address, false),
        });
        expect(await f.pool.getWorker(0)).toMatchObject({ known: true, active: false, held: false });
        const run = await sendBatch(f, [{ workerIndex: 0, cumulative: 3n * TON }]);
        expect(run.report!.report).toEqual({ ...ZERO_REPORT, skippedInactive: 1 });
    });
});
