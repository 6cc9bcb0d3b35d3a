/**
 * The stress harness's command line: flags, defaults, and refusals with a message that says what
 * was wrong and what is accepted; the syntax is toolkit/cli/flags.ts, shared by every tool. Parsing
 * is pure (argv in, options out) so tests drive it directly.
 */
import { isPriceSet, PRICE_SETS, PriceSet } from '../../toolkit/chain/prices';
import { isStrategy, Strategy, STRATEGIES } from '../../toolkit/workload/scheduler';
import { FlagTypes, parseFlags, UsageError } from '../../toolkit/cli/flags';

/** The harness runs up to the registry's documented capacity. */
export const MAX_WORKERS = 10_000;
/** A worker set that small cannot host every fault class at once. */
export const MIN_WORKERS = 16;
export const MAX_EPOCHS = 100;
export const MAX_SEED = 0xffff_ffff;

export interface StressOptions {
    workers: number;
    epochs: number;
    strategies: Strategy[];
    /** Share of workers (0..1) whose payout address bounces in an epoch. */
    bounceRate: number;
    /** Share of payout requests (0..1) that are sent again unchanged (retries and duplicates). */
    duplicateRate: number;
    /** Share of workers (0..1) paid by real Cocoon proxies through their earnings addresses (attributed); the rest are operator-settled. */
    attributed: number;
    seed: number;
    prices: PriceSet;
    jsonPath: string;
    mdPath: string;
}

export const DEFAULT_OPTIONS: StressOptions = {
    workers: 1_000,
    epochs: 3,
    strategies: [...STRATEGIES],
    bounceRate: 0.01,
    duplicateRate: 0.1,
    attributed: 0.3,
    seed: 1,
    prices: 'sandbox',
    jsonPath: 'reports/stress.json',
    mdPath: 'reports/stress.md',
};

export const USAGE = `Usage: npm run stress -- [flags]

Runs a whole GPU pool (WorkerRegistry + PoolPayout) in the sandbox, a share of its workers paid by
Telegram's Cocoon contracts through their earnings addresses and the rest operator-settled, attacks
both payment paths with every fault class, reconciles both books and checks docs/DESIGN.md's
invariants after every step. Exits 1 if any payment was doubled or either book differs by a nanoton.

Flags:
  --workers N              workers in the pool, ${MIN_WORKERS}..${MAX_WORKERS.toLocaleString('en-US')} (default ${DEFAULT_OPTIONS.workers})
  --epochs N               settlement epochs, 1..${MAX_EPOCHS} (default ${DEFAULT_OPTIONS.epochs})
  --strategy S             scheduler model feeding the payouts: ${STRATEGIES.join('|')}|all
                           (default all: epochs rotate through the strategies)
  --bounce-rate R          share of workers whose payout bounces per epoch, 0..0.5 (default ${DEFAULT_OPTIONS.bounceRate})
  --duplicate-rate R       share of payout requests sent again unchanged, 0..1 (default ${DEFAULT_OPTIONS.duplicateRate})
  --attributed R           share of workers paid by Cocoon proxies through their earnings addresses,
                           0..1 (default ${DEFAULT_OPTIONS.attributed}); the rest are operator-settled
  --seed N                 PRNG seed, 0..${MAX_SEED} (default ${DEFAULT_OPTIONS.seed}); same seed, same result
  --prices P               fee prices: ${PRICE_SETS.join('|')} (default ${DEFAULT_OPTIONS.prices})
  --json FILE              JSON report path (default ${DEFAULT_OPTIONS.jsonPath})
  --md FILE                Markdown report path (default ${DEFAULT_OPTIONS.mdPath})
  --help                   this text
`;

export { UsageError };

export type ParsedArgs = { help: true } | { help: false; options: StressOptions };

type Setter = (o: StressOptions, raw: string, flag: string) => void;

const SETTERS: Record<string, Setter> = {
    workers: (o, raw, flag) => (o.workers = parseInteger(raw, flag, MIN_WORKERS, MAX_WORKERS)),
    epochs: (o, raw, flag) => (o.epochs = parseInteger(raw, flag, 1, MAX_EPOCHS)),
    strategy: (o, raw, flag) => (o.strategies = parseStrategy(raw, flag)),
    'bounce-rate': (o, raw, flag) => (o.bounceRate = parseRate(raw, flag, 0.5)),
    'duplicate-rate': (o, raw, flag) => (o.duplicateRate = parseRate(raw, flag, 1)),
    attributed: (o, raw, flag) => (o.attributed = parseRate(raw, flag, 1)),
    seed: (o, raw, flag) => (o.seed = parseInteger(raw, flag, 0, MAX_SEED)),
    prices: (o, raw, flag) => (o.prices = parsePrices(raw, flag)),
    json: (o, raw, flag) => (o.jsonPath = parsePath(raw, flag)),
    md: (o, raw, flag) => (o.mdPath = parsePath(raw, flag)),
};

const FLAGS: FlagTypes = Object.fromEntries(Object.keys(SETTERS).map((n) => [n, 'string' as const]));

/** Parses `argv` (without node and the script), `--flag value` or `--flag=value` (toolkit/cli/flags.ts). */
export function parseArgs(argv: readonly string[]): ParsedArgs {
    const parsed = parseFlags(argv, FLAGS);
    if (parsed.help) return { help: true };
    const options: StressOptions = { ...DEFAULT_OPTIONS, strategies: [...DEFAULT_OPTIONS.strategies] };
    for (const [name, raw] of parsed.values) SETTERS[name](options, raw, `--${name}`);
    return { help: false, options };
}

function parseInteger(raw: string, flag: string, min: number, max: number): number {
    const text = raw.replace(/_/g, '');
    if (!/^\d+$/.test(text)) throw new UsageError(`${flag} must be a whole number, got "${raw}"`);
    const n = Number(text);
    if (n < min || n > max) {
        throw new UsageError(
            `${flag} must be in ${min.toLocaleString('en-US')}..${max.toLocaleString('en-US')}, got ${raw}`,
        );
    }
    return n;
}

function parseRate(raw: string, flag: string, max: number): number {
    if (!/^(\d+(\.\d*)?|\.\d+)$/.test(raw)) throw new UsageError(`${flag} must be a number in 0..${max}, got "${raw}"`);
    const r = Number(raw);
    if (r > max) throw new UsageError(`${flag} must be in 0..${max}, got ${raw}`);
    return r;
}

function parseStrategy(raw: string, flag: string): Strategy[] {
    if (raw === 'all') return [...STRATEGIES];
    if (isStrategy(raw)) return [raw];
    throw new UsageError(`${flag} must be one of ${STRATEGIES.join(', ')}, all; got "${raw}"`);
}

function parsePrices(raw: string, flag: string): PriceSet {
    if (isPriceSet(raw)) return raw;
    throw new UsageError(`${flag} must be one of ${PRICE_SETS.join(', ')}; got "${raw}"`);
}

function parsePath(raw: string, flag: string): string {
    if (raw.trim() === '') throw new UsageError(`${flag} needs a file path`);
    return raw;
}
