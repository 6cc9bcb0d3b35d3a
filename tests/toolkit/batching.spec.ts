/**
 * The payout batcher: the contract's limits, order, attached value, refusals, and the resubmission
 * policy. "Resubmission is harmless" is shown here against a model of the pool's cumulative
 * semantics (fake-pool.ts) and in pool-sandbox.spec.ts against the real contract.
 */
import fc from 'fast-check';
import {
    amountToPay,
    BatchError,
    buildRequest,
    HOLD_AFTER_BOUNCES,
    isApplied,
    PayoutEntry,
    planBatches,
    RequiredValue,
    ResubmissionQueue,
    WorkerPayoutHealth,
} from '../../toolkit/batching';
import { Random } from '../../toolkit/workload';
import { FakePool } from './fake-pool';

const SEED = Number(process.env.TOOLKIT_SEED ?? 4242);
const limits = { maxEntriesPerRequest: 5 };
// A stand-in for the pool's batch value: a fixed part plus a per-entry part (in the sandbox spec the
// real one comes from the live config).
const requiredValue: RequiredValue = (entries) => 1_000n + 100n * BigInt(entries.length);

function entries(n: number, first = 0, cumulative = (i: number) => BigInt(1_000 * (i + 1))): PayoutEntry[] {
    return Array.from({ length: n }, (_, k) => ({ workerIndex: first + k, cumulative: cumulative(first + k) }));
}

function refusal(f: () => unknown): string {
    try {
        f();
    } catch (e) {
        if (e instanceof BatchError) return e.reason;
        throw e;
    }
    throw new Error('expected a BatchError');
}

beforeAll(() => process.stdout.write(`batching tests: TOOLKIT_SEED=${SEED}\n`));

describe('payout batches', () => {
    // Boundary: the contract refuses a request above its maximum (exit 408), so the batcher must
    // accept exactly max entries, refuse max + 1, and split anything larger.
    it('[POOL-310] a request takes exactly the maximum entries, max + 1 is refused and larger ledgers are split', () => {
        expect(buildRequest({ queryId: 1n, entries: entries(5), limits, requiredValue }).entries).toHaveLength(5);
        expect(refusal(() => buildRequest({ queryId: 1n, entries: entries(6), limits, requiredValue }))).toBe(
            'too-many-entries',
        );
        const plan = planBatches({ entitlements: entries(12), limits, requiredValue, firstQueryId: 100n });
        expect(plan.map((r) => r.entries.length)).toEqual([5, 5, 2]);
        expect(plan.map((r) => r.queryId)).toEqual([100n, 101n, 102n]);
        expect(plan.flatMap((r) => r.entries)).toEqual(entries(12));
        expect(
            planBatches({ entitlements: entries(10), limits, requiredValue, firstQueryId: 0n }).map(
                (r) => r.entries.length,
            ),
        ).toEqual([5, 5]);
        expect(
            refusal(() =>
                planBatches({ entitlements: [], limits: { maxEntriesPerRequest: 0 }, requiredValue, firstQueryId: 0n }),
            ),
        ).toBe('bad-limits');
        // Property: any ledger is split into ceil(n / max) requests, all full but the last, losing nothing.
        fc.assert(
            fc.property(
                fc.uniqueArray(
                    fc.record({
                        workerIndex: fc.nat({ max: 5_000 }),
                        cumulative: fc.bigInt({ min: 0n, max: 10n ** 15n }),
                    }),
                    {
                        maxLength: 120,
                        selector: (e) => e.workerIndex,
                    },
                ),
                fc.integer({ min: 1, max: 40 }),
                (es, max) => {
                    const plan = planBatches({
                        entitlements: es,
                        limits: { maxEntriesPerRequest: max },
                        requiredValue,
                        firstQueryId: 0n,
                    });
                    expect(plan.map((r) => r.entries.length)).toEqual(
                        Array.from({ length: Math.ceil(es.length / max) }, (_, k) =>
                            Math.min(max, es.length - k * max),
                        ),
                    );
                    expect(plan.flatMap((r) => r.entries)).toEqual(
                        [...es].sort((a, b) => a.workerIndex - b.workerIndex),
                    );
                    expect(amountToPay(plan)).toBe(es.reduce((t, e) => t + e.cumulative, 0n));
                },
            ),
            { seed: SEED, numRuns: 100 },
        );
    });

    // The pool's ledger is paged by worker index: requests go out sorted so each page is visited once.
    it('[POOL-311] entries are sorted by worker index within and across requests, whatever the input order', () => {
        const rng = new Random(SEED);
        const shuffled = rng.shuffle(entries(23, 40));
        const plan = planBatches({ entitlements: shuffled, limits, requiredValue, firstQueryId: 0n });
        expect(plan.flatMap((r) => r.entries.map((e) => e.workerIndex))).toEqual(
            entries(23, 40).map((e) => e.workerIndex),
        );
        const fromMap = planBatches({
            entitlements: new Map(shuffled.map((e) => [e.workerIndex, e.cumulative])),
            limits,
            requiredValue,
            firstQueryId: 0n,
        });
        expect(fromMap).toEqual(plan);
        expect(
            buildRequest({ queryId: 0n, entries: [...entries(3)].reverse(), limits, requiredValue }).entries,
        ).toEqual(entries(3));
    });

    // Each request carries the value the contract requires for its entries, computed for that request.
    it('[FIN-312] each request attaches the required value for its own entries', () => {
        const plan = planBatches({ entitlements: entries(7), limits, requiredValue, firstQueryId: 0n });
        expect(plan.map((r) => r.value)).toEqual([1_500n, 1_200n]);
        const seen: number[] = [];
        buildRequest({ queryId: 0n, entries: entries(3), limits, requiredValue: (es) => (seen.push(es.length), 7n) });
        expect(seen).toEqual([3]);
    });

    // Refusals: a request the contract would silently skip or that would lower a ledger must never leave
    // the operator's machine: it hides a bug in the operator's accounting.
    it('[DUP-313] refuses an empty batch, a duplicate worker, an unknown worker, out-of-range amounts and a cumulative below what is paid', () => {
        const base = { queryId: 1n, limits, requiredValue };
        expect(refusal(() => buildRequest({ ...base, entries: [] }))).toBe('empty-batch');
        expect(
            refusal(() => buildRequest({ ...base, entries: [...entries(2), { workerIndex: 1, cumulative: 5n }] })),
        ).toBe('duplicate-worker');
        expect(
            refusal(() =>
                planBatches({
                    ...base,
                    firstQueryId: 0n,
                    entitlements: [...entries(8), { workerIndex: 7, cumulative: 1n }],
                }),
            ),
        ).toBe('duplicate-worker');
        const knownWorkers = new Set([0, 1]);
        expect(buildRequest({ ...base, entries: entries(2), knownWorkers }).entries).toHaveLength(2);
        expect(refusal(() => buildRequest({ ...base, entries: entries(3), knownWorkers }))).toBe('unknown-worker');
        expect(refusal(() => buildRequest({ ...base, entries: [{ workerIndex: 0, cumulative: -1n }] }))).toBe(
            'amount-out-of-range',
        );
        expect(refusal(() => buildRequest({ ...base, entries: [{ workerIndex: -1, cumulative: 1n }] }))).toBe(
            'amount-out-of-range',
        );
        expect(refusal(() => buildRequest({ ...base, entries: [{ workerIndex: 2 ** 32, cumulative: 1n }] }))).toBe(
            'amount-out-of-range',
        );
        const maxCumulative = (1n << 64n) - 1n;
        expect(
            buildRequest({
                ...base,
                limits: { ...limits, maxCumulative },
                entries: [{ workerIndex: 0, cumulative: maxCumulative }],
            }).entries,
        ).toHaveLength(1);
        expect(
            refusal(() =>
                buildRequest({
                    ...base,
                    limits: { ...limits, maxCumulative },
                    entries: [{ workerIndex: 0, cumulative: maxCumulative + 1n }],
                }),
            ),
        ).toBe('amount-out-of-range');
        expect(refusal(() => buildRequest({ ...base, queryId: 1n << 64n, entries: entries(1) }))).toBe(
            'amount-out-of-range',
        );
        const paid = new Map([[0, 1_000n]]);
        expect(buildRequest({ ...base, entries: [{ workerIndex: 0, cumulative: 1_000n }], paid }).entries).toHaveLength(
            1,
        );
        expect(refusal(() => buildRequest({ ...base, entries: [{ workerIndex: 0, cumulative: 999n }], paid }))).toBe(
            'below-paid',
        );
        expect(
            refusal(() =>
                planBatches({ ...base, firstQueryId: 0n, entitlements: [{ workerIndex: 0, cumulative: 999n }], paid }),
            ),
        ).toBe('below-paid');
    });

    // With the on-chain ledger given, settled workers are left out and the amount to pay is exact.
    it('[POOL-314] with the ledger given, settled workers are skipped and the amount to pay is cumulative minus paid', () => {
        const paid = new Map([
            [0, 1_000n],
            [1, 500n],
        ]);
        const plan = planBatches({ entitlements: entries(3), limits, requiredValue, firstQueryId: 0n, paid });
        expect(plan.flatMap((r) => r.entries.map((e) => e.workerIndex))).toEqual([1, 2]);
        expect(amountToPay(plan, paid)).toBe(2_000n - 500n + 3_000n);
        expect(planBatches({ entitlements: entries(1), limits, requiredValue, firstQueryId: 0n, paid })).toEqual([]);
        expect(
            planBatches({
                entitlements: entries(1),
                limits,
                requiredValue,
                firstQueryId: 0n,
                paid,
                skipSettled: false,
            }),
        ).toHaveLength(1);
    });
});

describe('resubmission', () => {
    // Fault: the operator never sees an outcome and resends; copies arrive late, twice, out of order and
    // overlapping with the next epoch's batch. Property: every worker ends with exactly its latest
    // cumulative entitlement, because the pool pays cumulative - paid.
    it('[DUP-315] resending the same request, duplicates, reordering and overlaps pay every worker exactly its cumulative entitlement', () => {
        const rng = new Random(SEED);
        const pool = new FakePool();
        for (let i = 0; i < 30; i++) pool.addWorker(i);
        pool.book(10n ** 12n);
        const epoch1 = planBatches({
            entitlements: entries(30, 0, (i) => BigInt(1_000 + i)),
            limits,
            requiredValue,
            firstQueryId: 1n,
        });
        const epoch2 = planBatches({
            entitlements: entries(30, 0, (i) => BigInt(5_000 + 7 * i)),
            limits,
            requiredValue,
            firstQueryId: 100n,
        });
        const deliveries = rng.shuffle([...epoch1, ...epoch1, ...epoch1.slice(0, 3)]);
        for (const r of deliveries) pool.apply(r);
        for (let i = 0; i < 30; i++) expect(pool.received(i)).toBe(BigInt(1_000 + i));
        const paidAfterEpoch1 = pool.paid;
        // A copy of an already applied request pays nothing.
        for (const r of epoch1) expect(pool.apply(r).paid).toBe(0n);
        expect(pool.paid).toBe(paidAfterEpoch1);
        // Epoch 2 interleaved with stale epoch-1 copies: a stale copy can never lower a ledger.
        for (const r of rng.shuffle([...epoch2, ...epoch1, ...epoch2])) pool.apply(r);
        for (let i = 0; i < 30; i++) expect(pool.received(i)).toBe(BigInt(5_000 + 7 * i));
        expect(pool.paid).toBe(entries(30, 0, (i) => BigInt(5_000 + 7 * i)).reduce((s, e) => s + e.cumulative, 0n));
    });

    // The policy: after the timeout the very same request (query id, entries, value) is due again,
    // until confirmed or out of attempts; an applied request is recognised from the ledger.
    it('[DUP-316] the queue resends the unchanged request after the timeout, stops on confirmation and reports exhausted requests', () => {
        const q = new ResubmissionQueue({ timeoutSeconds: 60, maxAttempts: 3 });
        const [a, b] = planBatches({ entitlements: entries(10), limits, requiredValue, firstQueryId: 7n });
        q.sent(a, 0);
        q.sent(b, 30);
        expect(q.due(59)).toEqual([]);
        expect(q.due(60)).toEqual([a]);
        expect(q.due(60)[0]).toBeUndefined();
        const again = q.due(90);
        expect(again).toEqual([b]);
        expect(again[0]).toBe(b);
        q.confirm(b.queryId);
        expect(q.due(120)).toEqual([a]);
        expect(q.inFlight().map((t) => [t.request.queryId, t.attempts])).toEqual([[7n, 3]]);
        expect(q.due(180)).toEqual([]);
        expect(q.exhausted().map((t) => t.request)).toEqual([a]);
        expect(q.inFlight()).toEqual([]);
        expect(() => q.sent(b, 200)).not.toThrow();
        expect(() => q.sent(b, 200)).toThrow(/already tracked/);
        expect(() => new ResubmissionQueue({ timeoutSeconds: 0, maxAttempts: 1 })).toThrow();
        expect(() => new ResubmissionQueue({ timeoutSeconds: 1, maxAttempts: 0 })).toThrow();
        // Applied when the pool's ledger has reached every cumulative of the request.
        const pool = new FakePool();
        for (let i = 0; i < 10; i++) pool.addWorker(i);
        pool.book(10n ** 9n);
        expect(isApplied(a, pool.paidLedger())).toBe(false);
        pool.apply(a);
        expect(isApplied(a, pool.paidLedger())).toBe(true);
        expect(isApplied(b, pool.paidLedger())).toBe(false);
    });

    // Fault: a worker's payout address bounces (e.g. a gas-burning contract); every resubmission
    // would cost the pool's reserve the fees again, with the queue repeating the drain on its own.
    // Property: once the pool reports the worker held, or its payouts bounced HOLD_AFTER_BOUNCES
    // times, its entries leave the resent request (same query id and value, every other entry
    // kept), are listed as withheld, and a request of held workers only is not resent at all;
    // a worker one bounce below the threshold is still resent.
    it('[DUP-317] the queue stops resubmitting to a worker the pool reports held or that bounced HOLD_AFTER_BOUNCES times, keeps the other entries and lists the withheld ones', () => {
        const q = new ResubmissionQueue({ timeoutSeconds: 60, maxAttempts: 4 });
        const [a, b, c] = planBatches({ entitlements: entries(11), limits, requiredValue, firstQueryId: 7n });
        expect([a, b, c].map((r) => r.entries.map((e) => e.workerIndex))).toEqual([
            [0, 1, 2, 3, 4],
            [5, 6, 7, 8, 9],
            [10],
        ]);
        const pool = new Map<number, WorkerPayoutHealth>([
            [2, { bounces: HOLD_AFTER_BOUNCES - 1 }],
            [3, { bounces: HOLD_AFTER_BOUNCES }],
            [7, { bounces: 0, held: true }],
            [10, { bounces: 0xffff }],
        ]);
        const health = (i: number) => pool.get(i);
        q.sent(a, 0);
        q.sent(b, 0);
        q.sent(c, 0);
        const first = q.due(60, health);
        expect(first.map((r) => [r.queryId, r.value, r.entries.map((e) => e.workerIndex)])).toEqual([
            [a.queryId, a.value, [0, 1, 2, 4]],
            [b.queryId, b.value, [5, 6, 8, 9]],
        ]);
        expect(first[0].entries).toEqual(a.entries.filter((e) => e.workerIndex !== 3));
        expect(q.withheld()).toEqual([
            { ...a.entries[3], queryId: a.queryId, bounces: HOLD_AFTER_BOUNCES, held: false },
            { ...b.entries[2], queryId: b.queryId, bounces: 0, held: true },
            { ...c.entries[0], queryId: c.queryId, bounces: 0xffff, held: false },
        ]);
        // c held only worker 10: it left the queue (not exhausted, not in flight)
        expect(q.inFlight().map((t) => [t.request.queryId, t.attempts])).toEqual([
            [a.queryId, 2],
            [b.queryId, 2],
        ]);
        expect(q.exhausted()).toEqual([]);
        // worker 2 bounces once more: it is held from the next resend on; the trimmed request is
        // resent as the same object otherwise
        pool.set(2, { bounces: HOLD_AFTER_BOUNCES });
        const second = q.due(120, health);
        expect(second.map((r) => r.entries.map((e) => e.workerIndex))).toEqual([
            [0, 1, 4],
            [5, 6, 8, 9],
        ]);
        expect(second[1]).toBe(first[1]);
        expect(q.withheld().map((w) => w.workerIndex)).toEqual([3, 7, 10, 2]);
        // without the pool's view the queue resends what it holds, unchanged
        expect(q.due(180)).toEqual(second);
    });
});
