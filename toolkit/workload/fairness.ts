/**
 * Fairness and starvation of a schedule. Earnings per unit of capacity: a perfectly fair pool pays
 * every active GPU in proportion to what it could do, so earnings / capacity is the same for all and
 * the Gini coefficient is 0; 1 means one worker earned everything.
 */
import { ModelWorker } from './model';
import { Schedule } from './scheduler';

/**
 * Gini coefficient of non-negative values: sum_i sum_j |x_i - x_j| / (2 n^2 mean), computed on the
 * sorted values as (2 sum_i i x_(i)) / (n sum x) - (n + 1) / n. Returns 0 for no values, all-equal
 * values or all zeros.
 */
export function gini(values: readonly number[]): number {
    const n = values.length;
    if (n === 0) return 0;
    for (const v of values)
        if (!(v >= 0) || !Number.isFinite(v)) throw new Error(`gini: ${v} is not a finite non-negative number`);
    const sorted = [...values].sort((a, b) => a - b);
    const total = sorted.reduce((s, v) => s + v, 0);
    if (total === 0) return 0;
    let weighted = 0;
    sorted.forEach((v, i) => (weighted += (i + 1) * v));
    const g = (2 * weighted) / (n * total) - (n + 1) / n;
    return Math.max(0, g);
}

export interface FairnessReport {
    /** Gini of earnings per unit of capacity over the active workers. */
    gini: number;
    /** Active workers that received no task. */
    starved: number[];
    activeWorkers: number;
    unservedTasks: number;
}

/**
 * Fairness of `schedule` given each worker's earnings (nanoton, e.g. the settlement shares; default:
 * the contributions themselves, which settlement pays in proportion).
 */
export function fairness(
    workers: readonly ModelWorker[],
    schedule: Schedule,
    earnings?: ReadonlyMap<number, bigint>,
): FairnessReport {
    const byIndex = new Map(schedule.loads.map((l) => [l.workerIndex, l]));
    const contribution = new Map(schedule.contributions.map((c) => [c.workerIndex, c.contribution]));
    const active = workers.filter((w) => w.active && w.capacity > 0);
    const perCapacity = active.map(
        (w) =>
            Number(earnings ? (earnings.get(w.workerIndex) ?? 0n) : (contribution.get(w.workerIndex) ?? 0n)) /
            w.capacity,
    );
    const starved = active.filter((w) => (byIndex.get(w.workerIndex)?.tasks ?? 0) === 0).map((w) => w.workerIndex);
    return { gini: gini(perCapacity), starved, activeWorkers: active.length, unservedTasks: schedule.unserved.length };
}
