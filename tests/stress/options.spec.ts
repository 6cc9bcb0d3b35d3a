import { DEFAULT_OPTIONS, MAX_WORKERS, parseArgs, UsageError, USAGE } from '../../harness/stress/options';
import { STRATEGIES } from '../../toolkit/workload/scheduler';
import { spawnSync } from 'child_process';

function options(argv: string[]) {
    const parsed = parseArgs(argv);
    if (parsed.help) throw new Error('unexpected --help');
    return parsed.options;
}

function refusal(argv: string[]): string {
    try {
        parseArgs(argv);
    } catch (e) {
        expect(e).toBeInstanceOf(UsageError);
        return (e as Error).message;
    }
    throw new Error(`${argv.join(' ')} was accepted`);
}

describe('stress CLI options', () => {
    it('defaults to 1,000 workers (30% attributed), 3 epochs, every strategy, sandbox prices and reports/stress.*', () => {
        expect(options([])).toEqual(DEFAULT_OPTIONS);
        expect(DEFAULT_OPTIONS).toMatchObject({
            workers: 1000,
            epochs: 3,
            strategies: [...STRATEGIES],
            prices: 'sandbox',
            attributed: 0.3,
        });
        expect(DEFAULT_OPTIONS.jsonPath).toBe('reports/stress.json');
        expect(DEFAULT_OPTIONS.mdPath).toBe('reports/stress.md');
    });

    it('reads every flag, as "--flag value" and as "--flag=value"', () => {
        expect(
            options([
                '--workers',
                '10_000',
                '--epochs=5',
                '--strategy',
                'best-fit',
                '--bounce-rate',
                '0.1',
                '--duplicate-rate=1',
                '--seed',
                '42',
                '--prices',
                'mainnet2026',
                '--json',
                'out/a.json',
                '--md=out/a.md',
                '--attributed',
                '0.5',
            ]),
        ).toEqual({
            workers: MAX_WORKERS,
            epochs: 5,
            strategies: ['best-fit'],
            bounceRate: 0.1,
            duplicateRate: 1,
            attributed: 0.5,
            seed: 42,
            prices: 'mainnet2026',
            jsonPath: 'out/a.json',
            mdPath: 'out/a.md',
        });
        expect(options(['--strategy', 'all']).strategies).toEqual([...STRATEGIES]);
    });

    it('--help wins over everything else and the usage names every flag', () => {
        expect(parseArgs(['--workers', '5', '--help'])).toEqual({ help: true });
        for (const flag of [
            '--workers',
            '--epochs',
            '--strategy',
            '--bounce-rate',
            '--duplicate-rate',
            '--attributed',
            '--seed',
            '--prices',
            '--json',
            '--md',
            '--help',
        ]) {
            expect(USAGE).toContain(flag);
        }
    });

    it('refuses bad values with a message naming the flag and what it accepts', () => {
        expect(refusal(['--workers', '10001'])).toBe('--workers must be in 16..10,000, got 10001');
        expect(refusal(['--workers', '15'])).toBe('--workers must be in 16..10,000, got 15');
        expect(refusal(['--workers', '1e3'])).toBe('--workers must be a whole number, got "1e3"');
        expect(refusal(['--epochs', '0'])).toBe('--epochs must be in 1..100, got 0');
        expect(refusal(['--strategy', 'fifo'])).toBe(
            '--strategy must be one of round-robin, least-loaded, best-fit, all; got "fifo"',
        );
        expect(refusal(['--bounce-rate', '0.6'])).toBe('--bounce-rate must be in 0..0.5, got 0.6');
        expect(refusal(['--duplicate-rate', '-1'])).toBe('--duplicate-rate must be a number in 0..1, got "-1"');
        expect(refusal(['--duplicate-rate', 'x'])).toBe('--duplicate-rate must be a number in 0..1, got "x"');
        expect(refusal(['--attributed', '1.5'])).toBe('--attributed must be in 0..1, got 1.5');
        expect(refusal(['--seed', '4294967296'])).toBe('--seed must be in 0..4,294,967,295, got 4294967296');
        expect(refusal(['--prices', 'testnet'])).toBe('--prices must be one of sandbox, mainnet2026; got "testnet"');
        expect(refusal(['--json='])).toBe('--json needs a file path');
    });

    it('refuses unknown flags, missing values, repeated flags and stray arguments', () => {
        expect(refusal(['--worker', '5'])).toMatch(/^unknown flag --worker \(known: --workers, /);
        expect(refusal(['--seed'])).toBe('--seed needs a value');
        expect(refusal(['--seed', '--epochs', '2'])).toBe('--seed needs a value');
        expect(refusal(['--seed', '1', '--seed', '2'])).toBe('--seed given twice');
        expect(refusal(['1000'])).toBe('unexpected argument "1000" (flags start with --)');
    });

    // The command a fresh clone runs: --help documents every flag; a bad flag stops before any work
    // with exit code 2 and the reason, so a typo never runs a different stress than intended.
    it('[DOC-358] npm run stress prints its flags with --help and exits 2 with the reason on a bad flag', () => {
        const run = (...args: string[]) =>
            spawnSync('npx', ['ts-node', '--transpile-only', 'harness/stress/cli.ts', ...args], { encoding: 'utf8' });
        const help = run('--help');
        expect([help.status, help.stdout]).toEqual([0, USAGE]);
        const bad = run('--workers', '5');
        expect([bad.status, bad.stdout, bad.stderr]).toEqual([
            2,
            '',
            'stress: --workers must be in 16..10,000, got 5\nRun with --help for the flags.\n',
        ]);
    });
});
