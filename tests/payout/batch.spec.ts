/**
 * PoolPayout batches: cumulative entitlements paid exactly once, skips, funding and cap stops,
 * value checks from the live config, continuations, access and malformed requests.
 * Every scenario ends with docs/DESIGN.md's invariants (tests/helpers/invariants.ts).
 */
import { beginCell, Cell, SendMode, toNano } from '@ton/core';
import { Blockchain, internal } from '@ton/sandbox';
import { computeFees, exitCode, forwardFees, gasUsed, storageFees } from '../../toolkit/chain/transactions';
import { PRICE_SETS } from '../../toolkit/chain/prices';
import {
    batchValue,
    packEntries,
    parsePayoutContinue,
    parsePayoutExcesses,
    parsePoolPayout,
    payoutBatchBody,
    setPausedBody,
    PayoutEntry,
    PoolError,
    PoolLimits,
    PoolOp,
    StopReason,
} from '../../wrappers/PoolPayout';
import { expectPoolInvariants } from '../helpers/invariants';
import { expectSent } from '../helpers/messages';
import { readBatch, sendBatch } from '../helpers/pool-batch';
import { POOL_PERIOD_LENGTH, PoolFixture, setupPool } from '../../audits/harness/pool-fixture';
import { expectRejected } from '../helpers/rejections';
import { stateOf } from '../../audits/harness/state';

const TON = toNano('1');
const entriesOf = (amounts: [number, bigint][]): PayoutEntry[] =>
    amounts.map(([workerIndex, cumulative]) => ({ workerIndex, cumulative }));
const paidMap = (entries: PayoutEntry[]) => new Map(entries.map((e) => [e.workerIndex, e.cumulative]));

describe.each(PRICE_SETS)('PoolPayout batches (%s prices)', (prices) => {
    let f: PoolFixture;
    let blockchain: Blockchain;
    beforeAll(async () => {
        f = await setupPool({
            prices,
            workers: 12,
            recipients: 8,
            ledger: (r) => [
                { index: 8, payout: r[0], active: false }, // inactive
                { index: 9, payout: r[1], active: true, paid: 2n * TON }, // paid before
            ],
        });
    });
    beforeEach(async () => {
        await f.blockchain.loadFrom(f.snapshot);
        blockchain = f.blockchain;
    });

    // A batch of cumulative entitlements pays cumulative - paid to each worker's payout address,
    // with the exact amounts, bounce flag and mode, stores paid = cumulative, keeps the pool's own
    // balance minus what it paid, and returns every nanoton the compute and forward fees did not use.
    it('[FIN-201] a batch pays cumulative - paid to each worker and returns the unspent value with a report', async () => {
        const entries = entriesOf([
            [0, 1n * TON],
            [1, 2n * TON],
            [3, 3n * TON],
            [9, 5n * TON],
        ]);
        const before = await stateOf(blockchain, f.pool.address);
        const value = await f.pool.getBatchValue(entries.length);
        expect(value).toBe(batchValue(f.fees(), entries.length));
        const run = await sendBatch(f, entries, { value, queryId: 42n });
        expect(run.poolTxs.length).toBe(1);
        const tx = run.poolTxs[0];
        expect(exitCode(tx)).toBe(0);
        const fees = f.fees();
        expect(computeFees(tx)).toBe(fees.compute(gasUsed(tx)));
        expect(forwardFees(tx)).toBe(5n * fees.forward(0, 0)); // four inline payouts and the report
        const amounts = [1n * TON, 2n * TON, 3n * TON, 3n * TON];
        const to = [f.recipients[0], f.recipients[1], f.recipients[3], f.recipients[1]];
        expectSent(tx, [
            ...[0, 1, 3, 9].map((w, i) => ({
                to: to[i].address,
                value: amounts[i],
                bounce: true,
                mode: SendMode.PAY_GAS_SEPARATELY,
                body: (b: Cell) =>
                    expect(parsePoolPayout(b)).toEqual({ queryId: 42n, workerIndex: w, amount: amounts[i] }),
            })),
            {
                to: f.operator.address,
                value: value - computeFees(tx) - forwardFees(tx),
                bounce: false,
                mode: SendMode.CARRY_ALL_REMAINING_BALANCE,
                body: (b: Cell) =>
                    expect(parsePayoutExcesses(b)).toEqual({
                        queryId: 42n,
                        report: {
                            paidCount: 4,
                            paidAmount: 9n * TON,
                            skippedUnknown: 0,
                            skippedInactive: 0,
                            skippedNotIncreased: 0,
                            skippedBelowMin: 0,
                            skippedHeld: 0,
                            skippedOutOfRange: 0,
                        },
                        stopReason: StopReason.done,
                    }),
            },
        ]);
        const after = await stateOf(blockchain, f.pool.address);
        expect(after.balance).toBe(before.balance - storageFees(tx) - 9n * TON);
        expect((await f.pool.getWorker(9)).paid).toBe(5n * TON);
        await expectPoolInvariants(blockchain, f.pool, {
            paid: paidMap(entries),
            transactions: run.result.transactions,
            received: new Map([
                [0, 1n * TON],
                [1, 2n * TON],
                [3, 3n * TON],
                [9, 3n * TON],
            ]),
        });
    });

    // Replay: the operator (or an attacker replaying its message) sends the same batch again.
    // Cumulative entitlements make the second one pay nothing; it is reported as not increased.
    it('[DUP-201] the same batch sent twice pays once; the replay reports every entry as not increased', async () => {
        const entries = entriesOf([
            [0, 1n * TON],
            [1, 2n * TON],
            [2, 3n * TON],
        ]);
        const first = await sendBatch(f, entries, { queryId: 1n });
        const second = await sendBatch(f, entries, { queryId: 1n });
        expect(first.payouts.length).toBe(3);
        expect(second.payouts).toEqual([]);
        expect(second.report!.report).toEqual({
            paidCount: 0,
            paidAmount: 0n,
            skippedUnknown: 0,
            skippedInactive: 0,
            skippedNotIncreased: 3,
            skippedBelowMin: 0,
            skippedHeld: 0,
            skippedOutOfRange: 0,
        });
        await expectPoolInvariants(blockchain, f.pool, {
            paid: paidMap(entries),
            transactions: [...first.result.transactions, ...second.result.transactions],
            received: paidMap(entries),
        });
    });

    // A later batch with higher cumulatives pays only the increase; a lower cumulative pays nothing
    // and does not lower what the ledger holds.
    it('[DUP-202] a raised cumulative pays only the difference and a lowered one pays nothing', async () => {
        const first = await sendBatch(
            f,
            entriesOf([
                [0, 1n * TON],
                [1, 2n * TON],
            ]),
        );
        const second = await sendBatch(
            f,
            entriesOf([
                [0, 4n * TON],
                [1, 1n * TON],
            ]),
        );
        expect(second.payouts.map((p) => [p.workerIndex, p.amount])).toEqual([[0, 3n * TON]]);
        expect(second.report!.report.skippedNotIncreased).toBe(1);
        await expectPoolInvariants(blockchain, f.pool, {
            paid: new Map([
                [0, 4n * TON],
                [1, 2n * TON],
            ]),
            transactions: [...first.result.transactions, ...second.result.transactions],
            received: new Map([
                [0, 4n * TON],
                [1, 2n * TON],
            ]),
        });
    });

    // Entries the pool must not pay: unknown index (no worker synced), inactive worker, cumulative
    // not above paid, increase below the minimum payout. Each is counted, none is paid, the rest is.
    it('[POOL-201] unknown, inactive, not-increased and below-minimum entries are skipped and counted', async () => {
        const min = (await f.pool.getParams()).minPayout;
        const entries = entriesOf([
            [0, 1n * TON],
            [8, 1n * TON], // inactive
            [9, 2n * TON], // not increased (paid 2 TON)
            [1, min - 1n], // below minimum
            [2, min], // exactly the minimum: paid
            [500, 1n * TON], // unknown page
            [11 + 12 * 3, 1n * TON], // known page? no: unknown slot
        ]);
        const run = await sendBatch(f, entries);
        expect(run.payouts.map((p) => [p.workerIndex, p.amount])).toEqual([
            [0, 1n * TON],
            [2, min],
        ]);
        expect(run.report!.report).toEqual({
            paidCount: 2,
            paidAmount: 1n * TON + min,
            skippedUnknown: 2,
            skippedInactive: 1,
            skippedNotIncreased: 1,
            skippedBelowMin: 1,
            skippedHeld: 0,
            skippedOutOfRange: 0,
        });
        expect(run.report!.stopReason).toBe(StopReason.done);
        await expectPoolInvariants(blockchain, f.pool, {
            paid: new Map([
                [0, 1n * TON],
                [1, 0n],
                [2, min],
                [8, 0n],
                [9, 2n * TON],
            ]),
            transactions: run.result.transactions,
            received: new Map([
                [0, 1n * TON],
                [2, min],
            ]),
        });
    });

    // Duplicated entries in one request (the operator's bug): the wrapper keeps their order, the
    // pool pays up to the largest cumulative once, never the sum.
    it('[DUP-203] a worker listed twice in one batch is paid up to its larger cumulative, once', async () => {
        const run = await sendBatch(
            f,
            entriesOf([
                [0, 1n * TON],
                [0, 3n * TON],
                [0, 2n * TON],
            ]),
        );
        expect(run.payouts.map((p) => p.amount)).toEqual([1n * TON, 2n * TON]);
        expect(run.report!.report.skippedNotIncreased).toBe(1);
        await expectPoolInvariants(blockchain, f.pool, {
            paid: new Map([[0, 3n * TON]]),
            transactions: run.result.transactions,
            received: new Map([[0, 3n * TON]]),
        });
    });

    // Value check from the live config: one nanoton under get_batch_value is refused (the request
    // bounces, nothing changes); exactly get_batch_value is accepted.
    it('[GAS-201] a batch carrying get_batch_value - 1 is rejected with insufficient_value; get_batch_value is accepted', async () => {
        const entries = entriesOf([
            [0, 1n * TON],
            [1, 1n * TON],
        ]);
        const value = batchValue(f.fees(), entries.length);
        const before = await stateOf(blockchain, f.pool.address);
        const low = await f.pool.sendPayoutBatch(f.operator.getSender(), { value: value - 1n, queryId: 1n, entries });
        await expectRejected(blockchain, low, {
            from: f.operator.address,
            to: f.pool.address,
            exitCode: PoolError.insufficientValue,
            before,
        });
        const ok = await sendBatch(f, entries, { value });
        expect(ok.payouts.length).toBe(2);
    });

    // The pool holds less worker money than the batch asks: it pays entries in order while they
    // are funded, stops at the first that is not (never paying part of it), reports why, and a
    // later batch with the same cumulatives pays the rest once revenue arrives.
    it('[FIN-202] a batch the pool cannot fund stops cleanly at the first unfunded entry and resumes after revenue', async () => {
        const owed = (await f.pool.getTotals()).owed;
        const big = owed / 2n + 1n; // two of these exceed what is owed
        const entries = entriesOf([
            [0, big],
            [1, big],
            [2, 1n * TON],
        ]);
        const run = await sendBatch(f, entries);
        expect(run.payouts.map((p) => [p.workerIndex, p.amount])).toEqual([[0, big]]);
        expect(run.report!.stopReason).toBe(StopReason.noWorkerMoney);
        expect(run.report!.report.paidCount).toBe(1);
        expect((await f.pool.getWorker(1)).paid).toBe(0n);
        await expectPoolInvariants(blockchain, f.pool, {
            paid: new Map([
                [0, big],
                [1, 0n],
                [2, 0n],
            ]),
        });

        const cocoon = await blockchain.treasury('cocoon');
        await f.pool.sendCocoonPayout(cocoon.getSender(), { value: 2n * big, queryId: 2n });
        const again = await sendBatch(f, entries);
        expect(again.payouts.map((p) => [p.workerIndex, p.amount])).toEqual([
            [1, big],
            [2, 1n * TON],
        ]);
        await expectPoolInvariants(blockchain, f.pool, {
            paid: paidMap(entries),
            transactions: [...run.result.transactions, ...again.result.transactions],
            received: paidMap(entries),
        });
    });

    // Overlapping batches interleaved transaction by transaction (two operator retries racing):
    // each worker ends with exactly its largest funded cumulative, paid once in total.
    it('[ASY-201] two overlapping batches interleaved with sendMessageIter pay each worker its largest cumulative once', async () => {
        const a = entriesOf([
            [0, 1n * TON],
            [1, 2n * TON],
            [2, 3n * TON],
        ]);
        const b = entriesOf([
            [1, 2n * TON],
            [2, 4n * TON],
            [3, 1n * TON],
        ]);
        const message = async (entries: PayoutEntry[], queryId: bigint) =>
            internal({
                from: f.operator.address,
                to: f.pool.address,
                value: await f.pool.getBatchValue(entries.length),
                body: payoutBatchBody({ queryId, entries }),
            });
        const ia = await blockchain.sendMessageIter(await message(a, 1n), { allowParallel: true });
        const ib = await blockchain.sendMessageIter(await message(b, 2n), { allowParallel: true });
        const txs = [];
        for (let doneA = false, doneB = false; !doneA || !doneB;) {
            if (!doneA) {
                const r = await ia.next();
                if (r.done) doneA = true;
                else txs.push(r.value);
            }
            if (!doneB) {
                const r = await ib.next();
                if (r.done) doneB = true;
                else txs.push(r.value);
            }
        }
        // both requests reached the pool before either's payouts were delivered
        const poolTxs = txs.filter(
            (t) => t.inMessage?.info.type === 'internal' && t.inMessage.info.dest.equals(f.pool.address),
        );
        expect(txs.indexOf(poolTxs[1])).toBe(1);
        const expected = new Map([
            [0, 1n * TON],
            [1, 2n * TON],
            [2, 4n * TON],
            [3, 1n * TON],
        ]);
        await expectPoolInvariants(blockchain, f.pool, { paid: expected, transactions: txs, received: expected });
    });

    // The owner's per-period cap bounds what a (stolen) operator key can pay out: the batch stops
    // before the entry that would cross it, and the next period pays it.
    it('[POOL-202] the period cap stops a batch before the entry that would exceed it; the next period pays it', async () => {
        await f.pool.sendSetParams(f.owner.getSender(), {
            value: TON,
            commissionBps: 1000,
            minPayout: 1n,
            periodCap: 5n * TON,
            periodLength: POOL_PERIOD_LENGTH,
        });
        const entries = entriesOf([
            [0, 2n * TON],
            [1, 2n * TON],
            [2, 2n * TON],
        ]);
        const run = await sendBatch(f, entries);
        expect(run.payouts.length).toBe(2);
        expect(run.report!.stopReason).toBe(StopReason.periodCap);
        expect((await f.pool.getParams()).periodPaid).toBe(4n * TON);
        const same = await sendBatch(f, entries);
        expect(same.payouts).toEqual([]);
        expect(same.report!.stopReason).toBe(StopReason.periodCap);
        // the owner lowers the cap below what this period already paid: nothing more is paid
        await f.pool.sendSetParams(f.owner.getSender(), {
            value: TON,
            commissionBps: 1000,
            minPayout: 1n,
            periodCap: 1n * TON,
            periodLength: POOL_PERIOD_LENGTH,
        });
        const below = await sendBatch(
            f,
            entriesOf([
                [500, TON],
                [2, 2n * TON],
            ]),
        );
        expect(below.payouts).toEqual([]);
        expect(below.report!.stopReason).toBe(StopReason.periodCap);
        // the batch stopped at worker 2; worker 500 (unknown, sorted after it) was not processed
        expect(below.report!.report).toEqual({
            paidCount: 0,
            paidAmount: 0n,
            skippedUnknown: 0,
            skippedInactive: 0,
            skippedNotIncreased: 0,
            skippedBelowMin: 0,
            skippedHeld: 0,
            skippedOutOfRange: 0,
        });
        await f.pool.sendSetParams(f.owner.getSender(), {
            value: TON,
            commissionBps: 1000,
            minPayout: 1n,
            periodCap: 5n * TON,
            periodLength: POOL_PERIOD_LENGTH,
        });
        blockchain.now = blockchain.now! + POOL_PERIOD_LENGTH;
        const next = await sendBatch(f, entries);
        expect(next.payouts.map((p) => [p.workerIndex, p.amount])).toEqual([[2, 2n * TON]]);
        expect((await f.pool.getParams()).periodPaid).toBe(2n * TON);
        await expectPoolInvariants(blockchain, f.pool, {
            paid: paidMap(entries),
            transactions: [
                ...run.result.transactions,
                ...same.result.transactions,
                ...below.result.transactions,
                ...next.result.transactions,
            ],
            received: paidMap(entries),
        });
    });
});

describe('PoolPayout batches: access, limits, continuations', () => {
    let f: PoolFixture;
    let blockchain: Blockchain;
    beforeAll(async () => {
        f = await setupPool({ workers: 1000, recipients: 1000, revenue: toNano('100000') });
    });
    beforeEach(async () => {
        await f.blockchain.loadFrom(f.snapshot);
        blockchain = f.blockchain;
    });

    // Only the configured operator may submit batches: the owner, the registry and a stranger are
    // refused with 402 and nothing changes.
    it('[ACC-201] a batch from anyone but the operator is rejected with not_operator and changes nothing', async () => {
        const entries = entriesOf([[0, TON]]);
        for (const via of [f.owner, f.registry, f.stranger]) {
            const before = await stateOf(blockchain, f.pool.address);
            const r = await f.pool.sendPayoutBatch(via.getSender(), {
                value: await f.pool.getBatchValue(1),
                queryId: 1n,
                entries,
            });
            await expectRejected(blockchain, r, {
                from: via.address,
                to: f.pool.address,
                exitCode: PoolError.notOperator,
                before,
            });
        }
    });

    // A continuation is the pool's own message: anyone else sending one (to forge a report or
    // re-run entries) is refused with 405.
    it('[MSG-201] a payout_continue from anyone but the pool itself is rejected with not_self', async () => {
        const body = beginCell()
            .storeUint(PoolOp.payoutContinue, 32)
            .storeUint(1n, 64)
            .storeAddress(f.stranger.address)
            .storeUint(1, 16)
            .storeUint(0, 16)
            .storeCoins(0n)
            .storeUint(0, 64)
            .storeRef(packEntries(entriesOf([[0, TON]])))
            .endCell();
        const before = await stateOf(blockchain, f.pool.address);
        const r = await f.stranger.send({ to: f.pool.address, value: TON, body });
        await expectRejected(blockchain, r, {
            from: f.stranger.address,
            to: f.pool.address,
            exitCode: PoolError.notSelf,
            before,
        });
    });

    // Malformed requests: an empty batch (409), entries missing, the entries ref missing, a group
    // whose slots descend: the last three end with the pool's malformed_body (415), not the TVM's
    // 9 or 5. Each bounces with nothing paid and the state unchanged.
    it('[MSG-202] malformed batches (empty, truncated, descending slots) are rejected and change nothing', async () => {
        const header = (count: number, entries: Cell) =>
            beginCell()
                .storeUint(PoolOp.payoutBatch, 32)
                .storeUint(1n, 64)
                .storeUint(count, 16)
                .storeRef(entries)
                .endCell();
        const descending = beginCell()
            .storeUint(0, 32)
            .storeUint(2, 4)
            .storeUint(3, 4)
            .storeCoins(TON)
            .storeUint(1, 4)
            .storeCoins(TON)
            .endCell();
        const cases: [Cell, number][] = [
            [header(0, packEntries(entriesOf([[0, TON]]))), PoolError.emptyBatch],
            [header(3, packEntries(entriesOf([[0, TON]]))), PoolError.malformedBody],
            [
                beginCell().storeUint(PoolOp.payoutBatch, 32).storeUint(1n, 64).storeUint(1, 16).endCell(),
                PoolError.malformedBody,
            ],
            [header(2, descending), PoolError.malformedBody],
        ];
        for (const [body, code] of cases) {
            const before = await stateOf(blockchain, f.pool.address);
            const r = await f.operator.send({ to: f.pool.address, value: toNano('5'), body });
            await expectRejected(blockchain, r, {
                from: f.operator.address,
                to: f.pool.address,
                exitCode: code,
                before,
            });
        }
    });

    // The request limit: BATCH_ENTRIES_MAX entries are accepted and paid through continuations;
    // one more is refused with 408 (and the wrapper refuses to build it).
    it('[GAS-202] a batch of the maximum 1,000 entries completes through continuations; 1,001 is rejected with batch_too_large', async () => {
        const entries = Array.from({ length: PoolLimits.batchEntriesMax }, (_, i) => ({
            workerIndex: i,
            cumulative: TON + BigInt(i),
        }));
        const run = await sendBatch(f, entries, { queryId: 7n });
        expect(run.payouts.length).toBe(1000);
        expect(run.poolTxs.length).toBe(4);
        for (const tx of run.poolTxs) {
            expect(exitCode(tx)).toBe(0);
            expect(gasUsed(tx) < 1_000_000n).toBe(true);
        }
        expect(run.report!.report.paidCount).toBe(1000);
        await expectPoolInvariants(blockchain, f.pool, {
            paid: paidMap(entries),
            transactions: run.result.transactions,
            received: paidMap(entries),
        });

        expect(() =>
            payoutBatchBody({ queryId: 1n, entries: [...entries, { workerIndex: 0, cumulative: TON }] }),
        ).toThrow(/limit of 1000/);
        const body = beginCell()
            .storeUint(PoolOp.payoutBatch, 32)
            .storeUint(1n, 64)
            .storeUint(1001, 16)
            .storeRef(packEntries(entries))
            .endCell();
        const before = await stateOf(blockchain, f.pool.address);
        const r = await f.operator.send({ to: f.pool.address, value: toNano('100'), body });
        await expectRejected(blockchain, r, {
            from: f.operator.address,
            to: f.pool.address,
            exitCode: PoolError.batchTooLarge,
            before,
        });
    });

    // Pause while a batch is between transactions: the continuation pays nothing, returns the
    // rest of the value to the operator and reports stop reason 3; new batches are refused (406).
    it('[POOL-203] pausing stops a batch in flight at its next continuation and refuses new batches with paused', async () => {
        const entries = Array.from({ length: 300 }, (_, i) => ({ workerIndex: i, cumulative: TON }));
        const value = await f.pool.getBatchValue(entries.length);
        const iter = await blockchain.sendMessageIter(
            internal({
                from: f.operator.address,
                to: f.pool.address,
                value,
                body: payoutBatchBody({ queryId: 3n, entries }),
            }),
            { allowParallel: true },
        );
        const txs = [];
        for (let r = await iter.next(); !r.done; r = await iter.next()) {
            txs.push(r.value);
            if (txs.length === 1) {
                // the request paid its first share; the owner pauses before the continuation arrives
                const pause = await blockchain.sendMessageIter(
                    internal({
                        from: f.owner.address,
                        to: f.pool.address,
                        value: TON,
                        body: setPausedBody({ paused: true }),
                    }),
                    { allowParallel: true },
                );
                for (let p = await pause.next(); !p.done; p = await pause.next()) expect(exitCode(p.value)).toBe(0);
            }
        }
        const run = readBatch(f.pool.address, f.operator.address, { transactions: txs, events: [] } as never);
        expect(run.payouts.length).toBe(252);
        expect(run.report!.stopReason).toBe(StopReason.paused);
        expect(run.report!.report.paidCount).toBe(252);
        const paid = new Map(entries.map((e) => [e.workerIndex, e.workerIndex < 252 ? TON : 0n]));
        await expectPoolInvariants(blockchain, f.pool, {
            paid,
            transactions: txs,
            received: new Map([...paid].filter(([, v]) => v > 0n)),
        });

        const before = await stateOf(blockchain, f.pool.address);
        const r = await f.pool.sendPayoutBatch(f.operator.getSender(), { value, queryId: 4n, entries });
        await expectRejected(blockchain, r, {
            from: f.operator.address,
            to: f.pool.address,
            exitCode: PoolError.paused,
            before,
        });
    });
});

describe.each(PRICE_SETS)('PoolPayout continuations (%s prices)', (prices) => {
    let f: PoolFixture;
    let blockchain: Blockchain;
    beforeAll(async () => {
        f = await setupPool({ prices, workers: 300, recipients: 300, revenue: toNano('10000') });
    });
    beforeEach(async () => {
        await f.blockchain.loadFrom(f.snapshot);
        blockchain = f.blockchain;
    });

    // One transaction pays at most PAYOUTS_PER_TX (whole leaf groups), then hands the rest to a
    // non-bounceable continuation carrying every nanoton left and the running report.
    it('[GAS-203] a batch larger than one transaction continues through a self-message with the rest and the report', async () => {
        const entries = Array.from({ length: 300 }, (_, i) => ({ workerIndex: i, cumulative: TON }));
        const value = await f.pool.getBatchValue(entries.length);
        const run = await sendBatch(f, entries, { value, queryId: 9n });
        expect(run.poolTxs.length).toBe(2);
        const [first, second] = run.poolTxs;
        const firstPaid = 21 * PoolLimits.leafSize; // 252: the 22nd group would pass 253 actions
        expect(first.outMessagesCount).toBe(firstPaid + 1);
        const cont = [...first.outMessages.values()][firstPaid];
        expect(cont.info.type === 'internal' && cont.info.dest.equals(f.pool.address) && !cont.info.bounce).toBe(true);
        expect(cont.info.type === 'internal' && cont.info.value.coins).toBe(
            value - computeFees(first) - forwardFees(first),
        );
        const c = parsePayoutContinue(cont.body);
        expect(c.response.equals(f.operator.address)).toBe(true);
        expect({ ...c, response: undefined, entries: c.entries.length }).toEqual({
            queryId: 9n,
            response: undefined,
            count: 300 - firstPaid,
            report: {
                paidCount: firstPaid,
                paidAmount: BigInt(firstPaid) * TON,
                skippedUnknown: 0,
                skippedInactive: 0,
                skippedNotIncreased: 0,
                skippedBelowMin: 0,
                skippedHeld: 0,
                skippedOutOfRange: 0,
            },
            entries: 300 - firstPaid,
        });
        expect(second.outMessagesCount).toBe(300 - firstPaid + 1);
        expect(run.report!.report.paidCount).toBe(300);
        expect(run.report!.value).toBe(
            value - [first, second].reduce((acc, t) => acc + computeFees(t) + forwardFees(t), 0n),
        );
        await expectPoolInvariants(blockchain, f.pool, {
            paid: paidMap(entries),
            transactions: run.result.transactions,
            received: paidMap(entries),
        });
    });
});
