import { Random } from '../../toolkit/workload/random';
import { BOUNCE_KINDS, EpochContext, FaultPlanner } from '../../toolkit/stress/faults';

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
        const groups = [plan.bouncers.map((b) => b.workerIndex), plan.addressChangesBefore, plan.addressChangesDuring, plan.suspendBefore, plan.suspendDuring];
        for (const g of groups.slice(1)) expect(g.length).toBeGreaterThanOrEqual(1);
        const all = groups.flat();
        expect(new Set(all).size).toBe(all.length);
        expect(plan.duplicateRequests.length).toBeGreaterThanOrEqual(1);
        expect(plan.retryRequests.length).toBeGreaterThanOrEqual(1);
        expect(plan.interleaveRequest).not.toBeNull();
        expect(plan.pauseDuringRequest).not.toBeNull();
        expect(plan.lowValueRequest).not.toBeNull();
        expect(plan.underfunded).toBe(true);
        for (const r of [...plan.duplicateRequests, ...plan.retryRequests, plan.interleaveRequest!, plan.pauseDuringRequest!, plan.lowValueRequest!]) {
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
