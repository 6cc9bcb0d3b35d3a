/**
 * Run size and seed of the randomised audit tests. CI runs a bounded, fixed-seed amount; long
 * runs scale with FUZZ_RUNS and explore with FUZZ_SEED=random. Every failure message carries the
 * seed to replay it: `FUZZ_SEED=<seed> npx jest tests/audit/<spec>`.
 */

/** Property runs per property test (default 100, the CI amount); fuzz messages scale with it. */
export const FUZZ_RUNS = positive(process.env.FUZZ_RUNS, 100);

function positive(raw: string | undefined, dflt: number): number {
    if (raw === undefined || raw === '') return dflt;
    const n = Number(raw);
    if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`FUZZ_RUNS=${raw} is not a positive integer`);
    return n;
}

/** The seed of one randomised test: FUZZ_SEED, a fresh random one for FUZZ_SEED=random, else the default. */
export function fuzzSeed(dflt: number): number {
    const raw = process.env.FUZZ_SEED;
    if (raw === undefined || raw === '') return dflt;
    if (raw === 'random') return Math.floor(Math.random() * 0x7fffffff);
    const n = Number(raw);
    if (!Number.isSafeInteger(n)) throw new Error(`FUZZ_SEED=${raw} is not an integer`);
    return n;
}

export const replayHint = (seed: number, spec: string) =>
    `replay: FUZZ_SEED=${seed} FUZZ_RUNS=${FUZZ_RUNS} npx jest ${spec}`;
