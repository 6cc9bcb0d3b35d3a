/**
 * `npm run bench:handlers -- [--json FILE]`: the gas of every handler row the README's and the docs'
 * gas tables show, with its bound, as JSON (docs/figures/handler-gas.json feeds `npm run readme`).
 *
 * It measures exactly what the gas specs assert, by running them: tests/payout/gas.spec.ts at 10,000
 * workers (the docs' PoolPayout table) and tests/registry/gas.spec.ts at every size it covers (10,
 * 1,000, 10,000 and 14,999 workers: docs/registry.md's columns). Each spec records its rows in one
 * GasReport (toolkit/chain/gas-report.ts), bound included: the pool's from the FunC constants' mirrors
 * in PoolGas and funcConstant, the registry's from RegistryGas; with GAS_REPORT_DIR set the report
 * saves them there, and this command collects them. The scenarios are the specs' own, never copied:
 * a spec and this figure cannot measure different things. A spec that fails (a handler over its
 * bound) fails the command, and nothing is written.
 */
import { spawnSync } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join, resolve } from 'path';
import type { GasRow } from '../../toolkit/chain/gas-report';
import { readCommandLine } from '../../toolkit/cli/flags';

/** A GasRow as saved: gas and bound as numbers. */
export type HandlerGasRow = { [K in keyof GasRow]: K extends 'gas' | 'bound' ? number : GasRow[K] };

export interface HandlerGasFigures {
    /** The commit the specs ran on (`+dirty` when the work tree differed). */
    commit: string;
    /** The pool's rows are measured on a ledger of this many workers. */
    poolWorkers: number;
    pool: HandlerGasRow[];
    /** The registry's rows name their size in the scenario ("…, 10,000 workers"). */
    registry: HandlerGasRow[];
}

export const POOL_WORKERS = 10_000;

const ROOT = resolve(__dirname, '..', '..');

/** The spec runs: which file, which of its tests (a jest -t pattern), and the report file it saves. */
const RUNS = [
    { spec: 'tests/payout/gas.spec.ts', only: `PoolPayout gas with ${POOL_WORKERS} workers`, saved: 'PoolPayout.json' },
    { spec: 'tests/registry/gas.spec.ts', only: undefined, saved: 'WorkerRegistry.json' },
] as const;

function commitOf(): string {
    const rev = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' });
    if (rev.status !== 0) return 'unknown';
    const dirty = spawnSync('git', ['status', '--porcelain', '--', 'contracts', 'wrappers', 'tests', 'toolkit'], {
        cwd: ROOT,
        encoding: 'utf8',
    });
    return `${rev.stdout.trim()}${dirty.stdout.trim() ? '+dirty' : ''}`;
}

function runSpec(spec: string, only: string | undefined, dir: string): void {
    const jest = require.resolve('jest/bin/jest');
    const args = [jest, spec, '--maxWorkers=1', '--ci', ...(only ? ['-t', only] : [])];
    const r = spawnSync(process.execPath, args, {
        cwd: ROOT,
        stdio: ['ignore', 'ignore', 'inherit'],
        env: { ...process.env, GAS_REPORT: '0', GAS_REPORT_DIR: dir },
    });
    if (r.error) throw new Error(`could not start jest for ${spec}: ${r.error.message}`);
    if (r.status !== 0)
        throw new Error(`${spec} failed (exit ${r.status}): a handler over its bound, or a broken spec`);
}

function readRows(dir: string, saved: string, spec: string): HandlerGasRow[] {
    const file = join(dir, saved);
    if (!existsSync(file)) throw new Error(`${spec} passed but saved no gas rows (${saved}): did its GasReport print?`);
    const rows = (JSON.parse(readFileSync(file, 'utf8')) as { rows: HandlerGasRow[] }).rows;
    if (rows.length === 0) throw new Error(`${spec} recorded no gas rows`);
    return rows;
}

export function measureHandlerGas(log: (line: string) => void = () => {}): HandlerGasFigures {
    const dir = mkdtempSync(join(tmpdir(), 'handler-gas-'));
    try {
        const rows: HandlerGasRow[][] = [];
        RUNS.forEach(({ spec, only, saved }, i) => {
            const started = Date.now();
            log(`[${i + 1}/${RUNS.length}] ${spec}${only ? ` (${only})` : ''}…`);
            runSpec(spec, only, dir);
            rows.push(readRows(dir, saved, spec));
            log(
                `[${i + 1}/${RUNS.length}] ${spec}: ${rows[i].length} rows in ${Math.round((Date.now() - started) / 1000)} s`,
            );
        });
        return { commit: commitOf(), poolWorkers: POOL_WORKERS, pool: rows[0], registry: rows[1] };
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}

const USAGE = `Usage: npm run bench:handlers -- [--json FILE]

Measures the gas of every PoolPayout handler at ${POOL_WORKERS.toLocaleString('en-US')} workers and every WorkerRegistry
handler at 10 / 1,000 / 10,000 / 14,999 workers by running their gas specs (tests/payout/gas.spec.ts,
tests/registry/gas.spec.ts), each row with the bound the spec asserts. Takes several minutes.

Flags:
  --json FILE   write the rows as JSON (docs/figures/handler-gas.json feeds \`npm run readme\`)
  --help        this text
`;

function main(): number {
    const cl = readCommandLine('bench:handlers', USAGE, process.argv.slice(2), { json: 'string' });
    if (!cl.ok) return cl.exitCode;
    const started = Date.now();
    const figures = measureHandlerGas((line) => process.stderr.write(`bench:handlers: ${line}\n`));
    const text = JSON.stringify(figures, null, 2) + '\n';
    const json = cl.flags.values.get('json');
    if (json) {
        mkdirSync(dirname(json), { recursive: true });
        writeFileSync(json, text);
        process.stderr.write(`bench:handlers: wrote ${json} in ${Math.round((Date.now() - started) / 1000)} s\n`);
    } else process.stdout.write(text);
    return 0;
}

if (require.main === module) {
    Promise.resolve()
        .then(main)
        .then(
            (code) => process.exit(code),
            (e: unknown) => {
                process.stderr.write(
                    `bench:handlers: ${e instanceof Error ? e.message.slice(0, 2000) : String(e).slice(0, 2000)}\n`,
                );
                process.exit(1);
            },
        );
}
