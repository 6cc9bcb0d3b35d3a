/**
 * The workload model (a model of the pool's scheduler, feeding skewed contributions into settlement
 * and the stress harness): seeded determinism, the three strategies' rules, Gini and starvation.
 */
import { apportion } from '../../toolkit/settlement';
import {
    fairness,
    generateTasks,
    generateWorkers,
    gini,
    ModelWorker,
    Random,
    schedule,
    STRATEGIES,
} from '../../toolkit/workload';

const SEED = Number(process.env.TOOLKIT_SEED ?? 4242);

function worker(workerIndex: number, capacity: number, active = true): ModelWorker {
    return { workerIndex, capacity, weight: 1n, active, gpu: `cap${capacity}` };
}

beforeAll(() => process.stdout.write(`workload tests: TOOLKIT_SEED=${SEED}\n`));

describe('seeded PRNG', () => {
    // Replays: a stress run or a failing randomised test must reproduce exactly from its seed.
    it('[POOL-330] the same seed gives the same stream and different seeds or forks give different ones', () => {
        const draw = (r: Random) => [
            r.nextUint32(),
            r.int(-5, 5),
            r.bigint(0n, 10n ** 30n),
            r.chance(0.5),
            r.pick(['a', 'b', 'c']),
        ];
        expect(draw(new Random(SEED))).toEqual(draw(new Random(SEED)));
        expect(draw(new Random(SEED))).not.toEqual(draw(new Random(SEED + 1)));
        expect(new Random(SEED).fork('faults').nextUint32()).toBe(new Random(SEED).fork('faults').nextUint32());
        expect(new Random(SEED).fork('faults').nextUint32()).not.toBe(new Random(SEED).fork('workers').nextUint32());
        // Same stream as the published mulberry32 (Tommy Ettinger's, as popularised in JavaScript).
        const reference = (a: number) => () => {
            let t = (a += 0x6d2b79f5);
            t = Math.imul(t ^ (t >>> 15), t | 1);
            t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
            return (t ^ (t >>> 14)) >>> 0;
        };
        for (const seed of [1, SEED, 0xffff_ffff]) {
            const mine = new Random(seed);
            const theirs = reference(seed);
            const a = Array.from({ length: 1000 }, () => mine.nextUint32());
            const b = Array.from({ length: 1000 }, () => theirs());
            expect(a).toEqual(b);
        }
        expect(new Random(1).nextUint32()).toBe(2693262067);
        const r = new Random(SEED);
        const ints = new Set(Array.from({ length: 1000 }, () => r.int(3, 7)));
        expect([...ints].sort()).toEqual([3, 4, 5, 6, 7]);
        const bigs = new Set(Array.from({ length: 1000 }, () => r.bigint(-2n, 2n)));
        expect([...bigs].sort((x, y) => Number(x - y))).toEqual([-2n, -1n, 0n, 1n, 2n]);
        expect(new Set(r.shuffle([1, 2, 3, 4, 5]))).toEqual(new Set([1, 2, 3, 4, 5]));
        expect(() => r.int(2, 1)).toThrow();
        expect(() => r.pick([])).toThrow();
        expect(() => new Random(1.5)).toThrow();
    });

    it('[POOL-331] a whole workload (workers, tasks, every strategy) is identical for the same seed', () => {
        const run = (seed: number) => {
            const rng = new Random(seed);
            const workers = generateWorkers(rng.fork('workers'), { count: 300, inactiveRate: 0.05 });
            const tasks = generateTasks(rng.fork('tasks'), workers);
            return JSON.stringify(
                { workers, tasks, schedules: STRATEGIES.map((s) => schedule(workers, tasks, s)) },
                (_, v) => (typeof v === 'bigint' ? v.toString() : v),
            );
        };
        expect(run(SEED)).toEqual(run(SEED));
        expect(run(SEED)).not.toEqual(run(SEED + 1));
    });
});

describe('scheduler model', () => {
    // The rules of each strategy on a hand-checked case: capacities 4, 2, 1 and tasks 1, 1, 2, 1.
    it('[POOL-332] round-robin, least-loaded and best-fit place tasks by their rules, ties to the lowest index', () => {
        const workers = [worker(0, 4), worker(1, 2), worker(2, 1)];
        const tasks = [1, 1, 2, 1].map((size, id) => ({ id, size }));
        const loads = (s: (typeof STRATEGIES)[number]) => schedule(workers, tasks, s).loads.map((l) => l.work);
        // 0, then 1; the 2 skips worker 2 (room 1) and goes to 0 (room 3); the cycle goes on at 1.
        expect(loads('round-robin')).toEqual([3, 2, 0]);
        // Utilisation 0/4, 0/2, 0/1 -> 0; then 1 (0/2); then 2 (0/1) cannot take 2 -> 0 (1/4); then 2 (0/1).
        expect(loads('least-loaded')).toEqual([3, 1, 1]);
        // Tightest room: 2 (room 1); then 1 (room 2); then 1 (room 1) cannot take 2 -> 0 (room 4); then 1 (room 1).
        expect(loads('best-fit')).toEqual([2, 2, 1]);
        // A task larger than every room stays unserved; inactive workers never get one.
        const s = schedule([worker(0, 4), worker(1, 8, false)], [{ id: 0, size: 5 }], 'best-fit');
        expect(s.unserved).toEqual([{ id: 0, size: 5 }]);
        expect(s.contributions).toEqual([{ workerIndex: 0, contribution: 0n }]);
    });

    // Contributions are weight x work, cover every active worker, and settle without losing a nanoton.
    it('[POOL-333] contributions are weight times work of every active worker and settle exactly', () => {
        const rng = new Random(SEED);
        const workers = generateWorkers(rng.fork('workers'), { count: 500, inactiveRate: 0.1 }).map((w, i) => ({
            ...w,
            weight: BigInt(1 + (i % 3)),
        }));
        const tasks = generateTasks(rng.fork('tasks'), workers, { utilisation: 0.9 });
        for (const strategy of STRATEGIES) {
            const s = schedule(workers, tasks, strategy);
            const active = workers.filter((w) => w.active);
            expect(s.contributions.map((c) => c.workerIndex)).toEqual(active.map((w) => w.workerIndex));
            const load = new Map(s.loads.map((l) => [l.workerIndex, l]));
            expect(s.contributions.map((c) => c.contribution)).toEqual(
                active.map((w) => w.weight * BigInt(load.get(w.workerIndex)!.work)),
            );
            expect(s.loads.filter((l) => l.work > workers[l.workerIndex].capacity)).toEqual([]);
            const served = tasks.length - s.unserved.length;
            expect(s.loads.reduce((n, l) => n + l.tasks, 0)).toBe(served);
            const shares = apportion(10n ** 12n + 7n, s.contributions);
            expect(shares.reduce((t, x) => t + x.share, 0n)).toBe(10n ** 12n + 7n);
        }
    });
});

describe('fairness and starvation', () => {
    // Gini: 0 when every active GPU earns the same per unit of capacity, 1 - 1/n when one takes all.
    it('[POOL-334] Gini is 0 for equal earnings per capacity and (n-1)/n when one worker earns everything', () => {
        expect(gini([])).toBe(0);
        expect(gini([0, 0, 0])).toBe(0);
        expect(gini([5, 5, 5, 5])).toBe(0);
        expect(gini([0, 0, 0, 10])).toBeCloseTo(0.75, 12);
        expect(gini([1, 2, 3, 4])).toBeCloseTo(0.25, 12);
        expect(() => gini([-1])).toThrow();
        const workers = [worker(0, 4), worker(1, 2), worker(2, 1)];
        const s = schedule(
            workers,
            [4, 2, 1].map((size, id) => ({ id, size })),
            'best-fit',
        );
        expect(s.loads.map((l) => l.work)).toEqual([4, 2, 1]);
        expect(fairness(workers, s)).toEqual({ gini: 0, starved: [], activeWorkers: 3, unservedTasks: 0 });
        const earnings = new Map([
            [0, 8n],
            [1, 4n],
            [2, 2n],
        ]);
        expect(fairness(workers, s, earnings).gini).toBe(0);
    });

    // Starvation: an active worker that gets no task is counted; inactive ones are not.
    it('[POOL-335] active workers without a task are reported as starved, inactive ones are not', () => {
        const workers = [worker(0, 10), worker(1, 10), worker(2, 10, false), worker(3, 1)];
        const s = schedule(workers, [{ id: 0, size: 5 }], 'round-robin');
        const f = fairness(workers, s);
        expect(f.starved).toEqual([1, 3]);
        expect(f.activeWorkers).toBe(3);
        expect(f.gini).toBeCloseTo(2 / 3, 12);
        // A realistic fleet at 85 % load: the strategies differ and every figure is reported.
        const rng = new Random(SEED);
        const fleet = generateWorkers(rng.fork('workers'), { count: 400, inactiveRate: 0.05 });
        const tasks = generateTasks(rng.fork('tasks'), fleet);
        const reports = STRATEGIES.map((st) => fairness(fleet, schedule(fleet, tasks, st)));
        for (const r of reports) {
            expect(r.gini).toBeGreaterThanOrEqual(0);
            expect(r.gini).toBeLessThan(1);
            expect(r.activeWorkers).toBe(fleet.filter((w) => w.active).length);
        }
    });
});
