/**
 * A MODEL of the pool's scheduler, not the scheduler: synthetic GPU workers of different capacities
 * and inference tasks of varying size, drawn from a seeded PRNG. Its only job is to feed realistic,
 * skewed contributions into settlement and the real contracts (stress harness, tests).
 */
import { Random } from './random';

export interface ModelWorker {
    workerIndex: number;
    /** Work units the worker can do in one epoch. */
    capacity: number;
    /** The registry's weight (multiplies work units into the settlement contribution). */
    weight: bigint;
    /** Only active workers receive tasks. */
    active: boolean;
    /** GPU class the capacity was drawn from (for reports). */
    gpu: string;
}

export interface ModelTask {
    id: number;
    /** Work units. */
    size: number;
}

export interface GpuClass {
    gpu: string;
    /** Work units per epoch. */
    capacity: number;
    /** Relative frequency among the workers. */
    share: number;
}

/** A skewed fleet: a few large GPUs, many small ones (capacities 1 : 16). */
export const DEFAULT_GPU_CLASSES: readonly GpuClass[] = [
    { gpu: 'H200', capacity: 160, share: 0.05 },
    { gpu: 'H100', capacity: 120, share: 0.15 },
    { gpu: 'A100', capacity: 80, share: 0.25 },
    { gpu: 'L40S', capacity: 40, share: 0.3 },
    { gpu: 'RTX4090', capacity: 10, share: 0.25 },
];

export interface WorkerGenOptions {
    count: number;
    /** First worker index (default 0); indexes are consecutive. */
    firstIndex?: number;
    classes?: readonly GpuClass[];
    /** Probability that a worker is inactive (suspended) this epoch (default 0). */
    inactiveRate?: number;
}

export function generateWorkers(rng: Random, opts: WorkerGenOptions): ModelWorker[] {
    const classes = opts.classes ?? DEFAULT_GPU_CLASSES;
    const shares = classes.map((c) => c.share);
    const first = opts.firstIndex ?? 0;
    const workers: ModelWorker[] = [];
    for (let i = 0; i < opts.count; i++) {
        const c = classes[rng.weighted(shares)];
        workers.push({
            workerIndex: first + i,
            capacity: c.capacity,
            weight: 1n,
            active: !rng.chance(opts.inactiveRate ?? 0),
            gpu: c.gpu,
        });
    }
    return workers;
}

export interface TaskGenOptions {
    /** Total work to generate, as a fraction of the active workers' capacity (default 0.85). */
    utilisation?: number;
    /** Smallest task (default 1 work unit). */
    minSize?: number;
    /** Largest task (default 64 work units). */
    maxSize?: number;
    /** Pareto tail index: smaller means more large tasks (default 1.5). */
    tailIndex?: number;
}

/**
 * Tasks with heavy-tailed sizes (bounded Pareto: many small prompts, a few long generations) until
 * their total reaches `utilisation` of the active capacity.
 */
export function generateTasks(rng: Random, workers: readonly ModelWorker[], opts: TaskGenOptions = {}): ModelTask[] {
    const minSize = opts.minSize ?? 1;
    const maxSize = opts.maxSize ?? 64;
    const alpha = opts.tailIndex ?? 1.5;
    const capacity = workers.reduce((s, w) => s + (w.active ? w.capacity : 0), 0);
    const target = Math.floor(capacity * (opts.utilisation ?? 0.85));
    const tasks: ModelTask[] = [];
    let total = 0;
    while (total < target) {
        const u = 1 - rng.next();
        const size = Math.min(maxSize, Math.min(target - total, Math.ceil(minSize / Math.pow(u, 1 / alpha))));
        tasks.push({ id: tasks.length, size });
        total += size;
    }
    return tasks;
}
