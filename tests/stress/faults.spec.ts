import { Random } from '../../toolkit/workload/random';
import { BOUNCE_KINDS, EpochContext, FaultPlanner } from '../../harness/stress/faults';

const SEED = 7;
const ctx = (over: Partial<EpochContext> = {}): EpochContext => ({
    epoch: 1,
    strategy: 'round-robin',
    activeWorkers: Array.from({ length: 1000 }, (_, i) => i),
    requestCount: 8,
    bounceRate: 0.02,
    duplicateRate: 0.1,
    epochs: 3,
    ...over,
});
const planner = (seed = SEED) => {
    const rng = new Random(seed);
    return new FaultPlanner(() => rng.next());
};

describe(`stress fault plan (seed ${SEED})`, () => {
    // A mixed pool: the worker-side faults hit operator-settled and attributed workers alike, every
    // operator-request fault has its twin on the keepers' pay_owed, and vouchers are replayed.
    it('[POOL-361] in a mixed pool every worker-side fault class hits attributed and operator-settled workers, and pay_owed and vouchers get their own faults', () => {
        const attributed = (i: number) => i % 10 < 3;
        const plan = planner().planEpoch(ctx({ isAttributed: attributed, owedRequestCount: 3 }));
        // 2% of the 700 settled and of the 300 attributed workers, the three kinds in each
        expect(plan.bouncers.filter((b) => !attributed(b.workerIndex))).toHaveLength(14);
        expect(new Set(plan.bouncers.filter((b) => attributed(b.workerIndex)).map((b) => b.kind))).toEqual(
            new Set(BOUNCE_KINDS),
        );
        for (const g of [
            plan.bouncers.map((b) => b.workerIndex),
            plan.addressChangesBefore,
            plan.addressChangesDuring,
            plan.suspendBefore,
            plan.suspendDuring,
        ]) {
            expect([g.some(attributed), g.some((i) => !attributed(i))]).toEqual([true, true]);
        }
        // a tenth (the duplicate rate) of the 286 attributed workers the 14 worker-side faults left
        expect(plan.voucherReplays.length).toBe(29);
        expect(plan.voucherReplays.every(attributed)).toBe(true);
        expect(plan.excessesToPool !== null && attributed(plan.excessesToPool)).toBe(true);
        const all = [
            plan.bouncers.map((b) => b.workerIndex),
            plan.addressChangesBefore,
            plan.addressChangesDuring,
            plan.suspendBefore,
            plan.suspendDuring,
            plan.voucherReplays,
            [plan.excessesToPool!],
        ].flat();
        expect(new Set(all).size).toBe(all.length);
        expect([plan.owedDuplicates.length >= 1, plan.owedRetries.length >= 1]).toEqual([true, true]);
        for (const r of [
            ...plan.owedDuplicates,
            ...plan.owedRetries,
            plan.owedInterleave!,
            plan.owedPause!,
            plan.owedLowValue!,
        ])
            expect(r >= 0 && r < 3).toBe(true);
        expect(plan.owedInterleave!).toBeLessThan(2);
        // without attributed workers nothing of the kind is staged
        const plain = planner().planEpoch(ctx());
        expect([plain.voucherReplays, plain.excessesToPool, plain.owedDuplicates, plain.owedPause]).toEqual([
            [],
            null,
            [],
            null,
        ]);
    });

    it('is a pure function of the seed: same seed, same plan; another seed, another plan', () => {
        expect(planner().planEpoch(ctx())).toEqual(planner().planEpoch(ctx()));
        expect(planner(SEED + 1).planEpoch(ctx())).not.toEqual(planner().planEpoch(ctx()));
    });

    // Coverage of the attack surface: every epoch's plan must stage every fault class, on distinct
    // workers (so one fault never masks another), at request positions that exist.
    it('[POOL-359] the fault plan stages every fault class in an epoch, each on its own workers', () => {
        const plan = planner().planEpoch(ctx());
        expect(plan.bouncers).toHaveLength(20);
        expect(new Set(plan.bouncers.map((b) => b.kind))).toEqual(new Set(BOUNCE_KINDS));
        const groups = [
            plan.bouncers.map((b) => b.workerIndex),
            plan.addressChangesBefore,
            plan.addressChangesDuring,
            plan.suspendBefore,
            plan.suspendDuring,
        ];
        for (const g of groups.slice(1)) expect(g.length).toBeGreaterThanOrEqual(1);
        const all = groups.flat();
        expect(new Set(all).size).toBe(all.length);
        expect(plan.duplicateRequests.length).toBeGreaterThanOrEqual(1);
        expect(plan.retryRequests.length).toBeGreaterThanOrEqual(1);
        expect(plan.interleaveRequest).not.toBeNull();
        expect(plan.pauseDuringRequest).not.toBeNull();
        expect(plan.lowValueRequest).not.toBeNull();
        expect(plan.underfunded).toBe(true);
        for (const r of [
            ...plan.duplicateRequests,
            ...plan.retryRequests,
            plan.interleaveRequest!,
            plan.pauseDuringRequest!,
            plan.lowValueRequest!,
        ]) {
            expect(r).toBeGreaterThanOrEqual(0);
            expect(r).toBeLessThan(8);
        }
        expect(plan.interleaveRequest!).toBeLessThan(7);
    });

    it('rotates the operator key once, in the middle epoch', () => {
        const p = planner();
        const rotations = [0, 1, 2].map((epoch) => p.planEpoch(ctx({ epoch })).rotateOperatorBeforeRequest);
        expect(rotations.filter((r) => r !== null)).toHaveLength(1);
        expect(rotations[1]).not.toBeNull();
    });

    it('stages no bounce and no duplicate when their rates are 0, and no interleaving with one request', () => {
        const plan = planner().planEpoch(ctx({ bounceRate: 0, duplicateRate: 0, requestCount: 1 }));
        expect(plan.bouncers).toEqual([]);
        expect(plan.duplicateRequests).toEqual([]);
        expect(plan.retryRequests).toEqual([]);
        expect(plan.interleaveRequest).toBeNull();
    });
});
