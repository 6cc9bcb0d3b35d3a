/**
 * Three scheduling strategies of the workload MODEL. Each worker can do at most its capacity per
 * epoch; a task goes to one active worker with room for it, or stays unserved. Ties always go to the
 * lowest worker index, so a schedule depends only on its inputs.
 * - round-robin: the next active worker in index order with room (ignores capacity differences, so
 *   small GPUs get as many tasks as large ones until they fill up);
 * - least-loaded: the worker with the lowest utilisation (load / capacity) that has room;
 * - best-fit: the worker whose remaining room is the smallest that still fits the task (packs
 *   tightly, leaves large GPUs free for large tasks).
 */
import { Contribution } from '../settlement/apportion';
import { ModelTask, ModelWorker } from './model';

export const STRATEGIES = ['round-robin', 'least-loaded', 'best-fit'] as const;
export type Strategy = (typeof STRATEGIES)[number];

export function isStrategy(s: string): s is Strategy {
    return (STRATEGIES as readonly string[]).includes(s);
}

export interface WorkerLoad {
    workerIndex: number;
    tasks: number;
    work: number;
}

export interface Schedule {
    strategy: Strategy;
    /** One line per input worker, in worker-index order. */
    loads: WorkerLoad[];
    /** Tasks no worker had room for. */
    unserved: ModelTask[];
    /** Settlement input: weight x work units for every active worker (zero when it got nothing). */
    contributions: Contribution[];
}

interface Slot {
    worker: ModelWorker;
    load: WorkerLoad;
    room: number;
}

/** A strategy: picks a slot for a task, then hears that the task was charged to it. */
interface Picker {
    choose(task: ModelTask): Slot | undefined;
    charged(slot: Slot): void;
}

function roundRobin(slots: Slot[]): Picker {
    let next = 0;
    return {
        choose(task) {
            for (let k = 0; k < slots.length; k++) {
                const i = (next + k) % slots.length;
                if (slots[i].room >= task.size) {
                    next = i + 1;
                    return slots[i];
                }
            }
            return undefined;
        },
        charged() {},
    };
}

/** A binary min-heap. */
class Heap<T> {
    private readonly items: T[] = [];

    constructor(private readonly less: (a: T, b: T) => boolean) {}

    get size(): number {
        return this.items.length;
    }

    peek(): T | undefined {
        return this.items[0];
    }

    push(x: T): void {
        const h = this.items;
        h.push(x);
        for (let i = h.length - 1; i > 0;) {
            const p = (i - 1) >> 1;
            if (!this.less(h[i], h[p])) break;
            [h[i], h[p]] = [h[p], h[i]];
            i = p;
        }
    }

    pop(): T | undefined {
        const h = this.items;
        const top = h[0];
        const last = h.pop();
        if (h.length === 0 || last === undefined) return top;
        h[0] = last;
        for (let i = 0; ;) {
            const l = 2 * i + 1;
            let m = i;
            if (l < h.length && this.less(h[l], h[m])) m = l;
            if (l + 1 < h.length && this.less(h[l + 1], h[m])) m = l + 1;
            if (m === i) break;
            [h[i], h[m]] = [h[m], h[i]];
            i = m;
        }
        return top;
    }
}

/**
 * Lowest utilisation among the workers with room. One heap per distinct capacity: among equal
 * capacities the least utilised worker is also the one with the most room, so if a heap's top cannot
 * take the task nobody in that heap can, and the choice is made among the heaps' tops.
 */
function leastLoaded(slots: Slot[]): Picker {
    const utilisation = (s: Slot) => s.load.work / s.worker.capacity;
    const less = (a: Slot, b: Slot) =>
        utilisation(a) < utilisation(b) ||
        (utilisation(a) === utilisation(b) && a.worker.workerIndex < b.worker.workerIndex);
    const heaps = new Map<number, Heap<Slot>>();
    const push = (s: Slot) => {
        let h = heaps.get(s.worker.capacity);
        if (!h) heaps.set(s.worker.capacity, (h = new Heap(less)));
        h.push(s);
    };
    slots.forEach(push);
    return {
        choose(task) {
            let best: Heap<Slot> | undefined;
            for (const h of heaps.values()) {
                const top = h.peek();
                if (top && top.room >= task.size && (!best || less(top, best.peek()!))) best = h;
            }
            return best?.pop();
        },
        charged(slot) {
            if (slot.room > 0) push(slot);
        },
    };
}

/** Slots with room sorted by remaining room then index; binary search for the tightest fit. */
function bestFit(slots: Slot[]): Picker {
    const before = (a: Slot, b: Slot) =>
        a.room < b.room || (a.room === b.room && a.worker.workerIndex < b.worker.workerIndex);
    const sorted = [...slots].sort((a, b) => (before(a, b) ? -1 : 1));
    const firstNot = (pred: (s: Slot) => boolean) => {
        let lo = 0;
        let hi = sorted.length;
        while (lo < hi) {
            const mid = (lo + hi) >> 1;
            if (pred(sorted[mid])) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    };
    return {
        choose(task) {
            const at = firstNot((s) => s.room < task.size);
            if (at === sorted.length) return undefined;
            return sorted.splice(at, 1)[0];
        },
        charged(slot) {
            if (slot.room > 0)
                sorted.splice(
                    firstNot((s) => before(s, slot)),
                    0,
                    slot,
                );
        },
    };
}

const PICKERS: Record<Strategy, (slots: Slot[]) => Picker> = {
    'round-robin': roundRobin,
    'least-loaded': leastLoaded,
    'best-fit': bestFit,
};

/** Assigns `tasks` in order to `workers` with `strategy`. */
export function schedule(workers: readonly ModelWorker[], tasks: readonly ModelTask[], strategy: Strategy): Schedule {
    const ordered = [...workers].sort((a, b) => a.workerIndex - b.workerIndex);
    const loads = ordered.map((w) => ({ workerIndex: w.workerIndex, tasks: 0, work: 0 }));
    const slots: Slot[] = [];
    ordered.forEach((w, i) => {
        if (w.active && w.capacity > 0) slots.push({ worker: w, load: loads[i], room: w.capacity });
    });
    const picker = PICKERS[strategy](slots);
    const unserved: ModelTask[] = [];
    for (const t of tasks) {
        const s = picker.choose(t);
        if (!s) {
            unserved.push(t);
            continue;
        }
        s.room -= t.size;
        s.load.tasks += 1;
        s.load.work += t.size;
        picker.charged(s);
    }
    const contributions = ordered
        .map((w, i) => ({ w, load: loads[i] }))
        .filter(({ w }) => w.active)
        .map(({ w, load }) => ({ workerIndex: w.workerIndex, contribution: w.weight * BigInt(load.work) }));
    return { strategy, loads, unserved, contributions };
}
