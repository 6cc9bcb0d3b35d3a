/**
 * The benchmark's command line (`npm run bench -- [flags]`), parsed like every tool's
 * (toolkit/cli/flags.ts): pure, so tests drive it directly.
 */
import { RegistryLimits } from '../../wrappers/RegistryConstants';
import { FlagTypes, parseFlags, UsageError } from '../../toolkit/cli/flags';
import { BENCH_WORKERS } from './pool-bench';

/** A pool has at most as many workers as the registry holds live records. */
export const MAX_BENCH_WORKERS = RegistryLimits.maxCapacity;

export interface BenchOptions {
    /** Where to write the JSON result; none: print the table only. */
    json?: string;
    workers: number;
}

export const USAGE = `Usage: npm run bench -- [flags]

Measures PoolPayout's largest one-transaction batch over a ledger of N workers under the sandbox's
and the 2026 mainnet prices, with a ledger-less FunC send loop as the baseline, then attributed
payouts on the same ledger with every worker owed (pay_owed per paid worker, one Cocoon payout's
forward and credit); prints the tables and the targets and gas bounds met or missed.

Flags:
  --workers N    workers in the pool's ledger, 1..${MAX_BENCH_WORKERS.toLocaleString('en-US')} (default ${BENCH_WORKERS.toLocaleString('en-US')})
  --json FILE    also write the result as JSON (docs/figures/bench.json feeds the README)
  --help         this text
`;

export type ParsedBenchArgs = { help: true } | { help: false; options: BenchOptions };

const FLAGS: FlagTypes = { workers: 'string', json: 'string' };

export function parseBenchArgs(argv: readonly string[]): ParsedBenchArgs {
    const parsed = parseFlags(argv, FLAGS);
    if (parsed.help) return { help: true };
    const options: BenchOptions = { workers: BENCH_WORKERS };
    const workers = parsed.values.get('workers');
    if (workers !== undefined) options.workers = parseWorkers(workers);
    const json = parsed.values.get('json');
    if (json !== undefined) {
        if (json.trim() === '') throw new UsageError('--json needs a file path');
        options.json = json;
    }
    return { help: false, options };
}

function parseWorkers(raw: string): number {
    const text = raw.replace(/_/g, '');
    if (!/^\d+$/.test(text)) throw new UsageError(`--workers must be a whole number, got "${raw}"`);
    const n = Number(text);
    if (n < 1 || n > MAX_BENCH_WORKERS)
        throw new UsageError(`--workers must be in 1..${MAX_BENCH_WORKERS.toLocaleString('en-US')}, got ${raw}`);
    return n;
}
