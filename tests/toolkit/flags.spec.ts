/**
 * The tools' command lines (toolkit/cli/flags.ts over node's util.parseArgs): stress, bench,
 * audit:check, audit:html, audit:prove, readme, exit-codes and coverage read flags one way and refuse bad input
 * with one line naming the flag, before doing any work, exit code 2.
 */
import { spawnSync } from 'child_process';
import { join } from 'path';
import { BENCH_WORKERS } from '../../harness/bench/pool-bench';
import { MAX_BENCH_WORKERS, parseBenchArgs, USAGE as BENCH_USAGE } from '../../harness/bench/options';
import { FlagTypes, parseFlags, UsageError } from '../../toolkit/cli/flags';

const ROOT = join(__dirname, '..', '..');
const TYPES: FlagTypes = { seed: 'string', out: 'string', check: 'boolean' };

function refusal(run: () => unknown): string {
    try {
        run();
    } catch (e) {
        expect(e).toBeInstanceOf(UsageError);
        return (e as Error).message;
    }
    throw new Error('accepted');
}

const tool = (script: string, ...args: string[]) =>
    spawnSync('npx', ['ts-node', '--transpile-only', script, ...args], { cwd: ROOT, encoding: 'utf8' });

describe('command-line flags', () => {
    it('[BLD-371] values as "--flag value" or "--flag=value", switches, a value starting with a dash, and --help winning', () => {
        const p = parseFlags(['--seed', '-1', '--out=a b.json', '--check'], TYPES);
        expect({ help: p.help, values: [...p.values], switches: [...p.switches], positionals: p.positionals }).toEqual({
            help: false,
            values: [
                ['seed', '-1'],
                ['out', 'a b.json'],
            ],
            switches: ['check'],
            positionals: [],
        });
        expect(parseFlags(['--bogus', '--help'], TYPES).help).toBe(true);
        expect(parseFlags(['-h'], TYPES).help).toBe(true);
        expect(parseFlags(['ACC-101'], {}, { positionals: { max: 1, name: 'checklist id' } }).positionals).toEqual([
            'ACC-101',
        ]);
    });

    it('[BLD-371] refuses an unknown flag, a missing value, a value on a switch, a repeated flag and a stray argument, one line each', () => {
        expect(refusal(() => parseFlags(['--sed', '1'], TYPES))).toBe(
            'unknown flag --sed (known: --seed, --out, --check, --help)',
        );
        expect(refusal(() => parseFlags(['-x'], TYPES))).toBe(
            'unknown flag -x (known: --seed, --out, --check, --help)',
        );
        expect(refusal(() => parseFlags(['--seed'], TYPES))).toBe('--seed needs a value');
        expect(refusal(() => parseFlags(['--seed', '--check'], TYPES))).toBe('--seed needs a value');
        expect(refusal(() => parseFlags(['--check=yes'], TYPES))).toBe('--check takes no value');
        expect(refusal(() => parseFlags(['--seed', '1', '--seed=2'], TYPES))).toBe('--seed given twice');
        expect(refusal(() => parseFlags(['1000'], TYPES))).toBe('unexpected argument "1000" (flags start with --)');
        expect(refusal(() => parseFlags(['A-1', 'B-2'], {}, { positionals: { max: 1, name: 'checklist id' } }))).toBe(
            'unexpected argument "B-2" (at most 1 checklist id)',
        );
        expect(refusal(() => parseFlags(['--', 'x'], TYPES))).toBe('"--" is not a flag here');
    });

    it('[BLD-371] bench reads --workers and --json and refuses what it cannot run', () => {
        expect(parseBenchArgs([])).toEqual({ help: false, options: { workers: BENCH_WORKERS } });
        expect(parseBenchArgs(['--workers', '1_000', '--json=docs/figures/bench.json'])).toEqual({
            help: false,
            options: { workers: 1000, json: 'docs/figures/bench.json' },
        });
        expect(parseBenchArgs(['--workers', String(MAX_BENCH_WORKERS)])).toEqual({
            help: false,
            options: { workers: MAX_BENCH_WORKERS },
        });
        expect(refusal(() => parseBenchArgs(['--workers', '0']))).toBe('--workers must be in 1..15,000, got 0');
        expect(refusal(() => parseBenchArgs(['--workers', String(MAX_BENCH_WORKERS + 1)]))).toBe(
            '--workers must be in 1..15,000, got 15001',
        );
        expect(refusal(() => parseBenchArgs(['--workers', '-5']))).toBe('--workers must be a whole number, got "-5"');
        expect(refusal(() => parseBenchArgs(['--workers', '1e4']))).toBe('--workers must be a whole number, got "1e4"');
        expect(refusal(() => parseBenchArgs(['--json']))).toBe('--json needs a value');
        expect(refusal(() => parseBenchArgs(['--json=']))).toBe('--json needs a file path');
        expect(refusal(() => parseBenchArgs(['--worker', '5']))).toBe(
            'unknown flag --worker (known: --workers, --json, --help)',
        );
        for (const flag of ['--workers', '--json', '--help']) expect(BENCH_USAGE).toContain(flag);
    });

    // The real commands: --help prints the usage and exits 0; a bad flag exits 2 with one line on
    // stderr and nothing on stdout, before any measurement or file is touched (one spawn per tool).
    it('[BLD-371] npm run bench prints --help; bench and every audit tool exit 2 with one line on a bad flag', () => {
        const help = tool('harness/bench/cli.ts', '--help');
        expect([help.status, help.stdout]).toEqual([0, BENCH_USAGE]);
        const bad = tool('harness/bench/cli.ts', '--workers', '0');
        expect([bad.status, bad.stdout, bad.stderr]).toEqual([
            2,
            '',
            'bench: --workers must be in 1..15,000, got 0\nRun with --help for the flags.\n',
        ]);
        const tools: [string, string, string[], string][] = [
            [
                'audits/tools/audit-check.ts',
                'audit:check',
                ['--update-audit'],
                'unknown flag --update-audit (known: --update-audits, --allow-dirty, --help)',
            ],
            ['audits/tools/html-report.ts', 'audit:html', ['--out'], '--out needs a value'],
            [
                'audits/tools/prove.ts',
                'audit:prove',
                ['ACC-101', 'ACC-102'],
                'unexpected argument "ACC-102" (at most 1 checklist id)',
            ],
            ['audits/tools/readme-figures.ts', 'readme', ['--check=no'], '--check takes no value'],
            ['audits/tools/exit-codes.ts', 'exit-codes', ['--chek'], 'unknown flag --chek (known: --check, --help)'],
            [
                'audits/tools/coverage.ts',
                'coverage',
                ['--render'],
                'unknown flag --render (known: --render-only, --help)',
            ],
        ];
        for (const [script, name, args, message] of tools) {
            const r = tool(script, ...args);
            expect({ script, status: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({
                script,
                status: 2,
                stdout: '',
                stderr: `${name}: ${message}\nRun with --help for the flags.\n`,
            });
        }
    });
});
