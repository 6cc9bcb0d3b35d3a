/**
 * A small seeded PRNG (mulberry32: 32-bit state, period 2^32, passes the usual quick statistical
 * batteries) so every randomised run — workload, stress faults, property tests — replays from its
 * seed. Not for anything secret.
 */
export class Random {
    private state: number;

    constructor(readonly seed: number) {
        if (!Number.isSafeInteger(seed)) throw new Error(`seed ${seed} is not an integer`);
        this.state = seed >>> 0;
    }

    /** Uniform in [0, 2^32). */
    nextUint32(): number {
        this.state = (this.state + 0x6d2b79f5) >>> 0;
        let t = this.state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return (t ^ (t >>> 14)) >>> 0;
    }

    /** Uniform in [0, 1). */
    next(): number {
        return this.nextUint32() / 0x1_0000_0000;
    }

    /** Uniform integer in [min, max] (inclusive; both safe integers, span below 2^32). */
    int(min: number, max: number): number {
        if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || max < min || max - min >= 0x1_0000_0000) {
            throw new Error(`Random.int: bad range [${min}, ${max}]`);
        }
        return min + Math.floor(this.next() * (max - min + 1));
    }

    /** Uniform bigint in [min, max] (inclusive), for nanoton amounts of any size. */
    bigint(min: bigint, max: bigint): bigint {
        if (max < min) throw new Error(`Random.bigint: bad range [${min}, ${max}]`);
        const span = max - min + 1n;
        let r = 0n;
        for (let bits = 0n; 1n << bits < span * 0x1_0000_0000n; bits += 32n) r = (r << 32n) | BigInt(this.nextUint32());
        return min + (r % span);
    }

    /** True with probability p. */
    chance(p: number): boolean {
        return this.next() < p;
    }

    pick<T>(items: readonly T[]): T {
        if (items.length === 0) throw new Error('Random.pick: empty list');
        return items[this.int(0, items.length - 1)];
    }

    /** Index drawn with probability proportional to `weights[i]`. */
    weighted(weights: readonly number[]): number {
        const total = weights.reduce((s, w) => s + w, 0);
        if (!(total > 0)) throw new Error('Random.weighted: weights must sum to a positive number');
        let x = this.next() * total;
        for (let i = 0; i < weights.length; i++) {
            x -= weights[i];
            if (x < 0) return i;
        }
        return weights.length - 1;
    }

    /** A shuffled copy (Fisher–Yates). */
    shuffle<T>(items: readonly T[]): T[] {
        const out = [...items];
        for (let i = out.length - 1; i > 0; i--) {
            const j = this.int(0, i);
            [out[i], out[j]] = [out[j], out[i]];
        }
        return out;
    }

    /** An independent stream for a named purpose, so adding draws in one place does not shift another. */
    fork(label: string): Random {
        let h = 0x811c9dc5;
        for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
        return new Random((this.seed ^ h) >>> 0);
    }
}
