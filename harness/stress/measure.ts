/**
 * What the harness measures about itself: wall time and the process's peak resident memory, and
 * the percentile rule used for every distribution in the report.
 */

/** Peak resident set size of this process so far, in MiB (the kernel's high-water mark, not a sample). */
export function peakRssMiB(): number {
    // resourceUsage().maxRSS is in KiB on Linux and macOS.
    return Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10;
}

export class Stopwatch {
    private readonly start = process.hrtime.bigint();

    /** Seconds since construction, to the millisecond. */
    seconds(): number {
        return Number((process.hrtime.bigint() - this.start) / 1_000_000n) / 1000;
    }
}

/**
 * Nearest-rank percentile (p in 0..100) of a list of integers: the smallest value with at least p%
 * of the values at or below it. Exact, no interpolation, and 0 for an empty list.
 */
export function percentile(values: readonly bigint[], p: number): bigint {
    if (values.length === 0) return 0n;
    if (p < 0 || p > 100) throw new Error(`percentile: p must be in 0..100, got ${p}`);
    const sorted = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
    return sorted[rank - 1];
}

/** Integer division rounded half up, for per-unit averages of nanoton and gas. */
export function divRound(total: bigint, count: number | bigint): bigint {
    const n = BigInt(count);
    if (n === 0n) return 0n;
    return (total * 2n + n) / (2n * n);
}
