/**
 * One mutation worker (a child process of the runner): takes jobs over IPC and runs each with
 * jest's programmatic API in this process, in band, stopping at the first failed spec, with
 * blueprint's `compile` mapped to the job's code (blueprint-override.ts) and tests failing fast
 * (environment.ts). A fresh process per worker keeps the node and jest start-up out of each mutant.
 */
import { createHash } from 'crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import { Cell } from '@ton/core';
import { runCLI } from 'jest';
import { tmpdir } from 'os';
import { join } from 'path';
import { compileWith } from './compile';
import { ContractTarget } from './generator';

const root = join(__dirname, '../../..');

/** Compile one mutated file into every contract that includes it. */
export interface CompileJob {
    kind: 'compile';
    id: string;
    file: string;
    source: string;
    contracts: ContractTarget[];
}

export interface CompileResult {
    id: string;
    /** The first compiler error, when some contract did not compile. */
    error?: string;
    /** blueprint name -> BOC file and code hash of the mutant build. */
    codes: Record<string, string>;
    hashes: Record<string, string>;
}

/** Compiled mutants are cached by content (re-runs after a new test do not recompile). */
export const CACHE_DIR = join(tmpdir(), 'cocoon-mutation-cache');

export async function compileJob(job: CompileJob): Promise<CompileResult> {
    mkdirSync(CACHE_DIR, { recursive: true });
    const out: CompileResult = { id: job.id, codes: {}, hashes: {} };
    for (const c of job.contracts) {
        const key = createHash('sha256').update(`${c.target}\0${job.file}\0${job.source}`).digest('hex');
        const boc = join(CACHE_DIR, `${key}.boc`);
        const err = join(CACHE_DIR, `${key}.err`);
        if (existsSync(err)) return { ...out, error: readFileSync(err, 'utf8') };
        if (!existsSync(boc)) {
            const r = await compileWith(root, c, { [job.file]: job.source });
            if (!r.ok) {
                writeFileSync(err, r.error);
                return { ...out, error: r.error };
            }
            writeFileSync(boc, r.code.toBoc());
        }
        out.codes[c.name] = boc;
        out.hashes[c.name] = Cell.fromBoc(readFileSync(boc))[0].hash().toString('hex');
    }
    return out;
}

export interface Job {
    kind: 'test';
    id: string;
    /** blueprint name -> BOC file of the code every spec gets for it. */
    codes: Record<string, string>;
    /** Root-relative spec paths, in the order they should run. */
    specs: string[];
}

export interface JobResult {
    id: string;
    /** Some test failed (or a spec could not run): the mutant is killed. */
    failed: boolean;
    /** The spec and test (or spec-level error) that failed first. */
    killer?: { spec: string; test: string };
    /** Specs that ran, with their durations (ms). */
    ran: { spec: string; ms: number }[];
    ms: number;
    /** CPU time of the run (user + system): its wall time on an idle core. */
    cpuMs: number;
}


/** The jest config of a mutation run: the project's (jest.config.ts), with the override and the fail-fast env. */
export function mutationJestConfig(): Record<string, unknown> {
    return {
        rootDir: root,
        preset: 'ts-jest',
        testEnvironment: '<rootDir>/audits/tools/mutation/environment.ts',
        moduleNameMapper: { '^@ton/blueprint$': '<rootDir>/audits/tools/mutation/blueprint-override.ts' },
        testMatch: ['<rootDir>/tests/**/*.spec.ts'],
        testPathIgnorePatterns: ['/node_modules/', '/dist/'],
        testTimeout: 600_000,
        reporters: [],
    };
}

/**
 * Runs the job's specs one jest run at a time, in order, stopping after the first that fails
 * (jest's own `bail` exits the process, which would end the worker).
 */
export async function runJob(job: Job): Promise<JobResult> {
    const t0 = Date.now();
    const cpu0 = process.cpuUsage();
    process.env.MUTATION_CODES = JSON.stringify(job.codes);
    const ran: JobResult['ran'] = [];
    let killer: JobResult['killer'];
    for (const spec of job.specs) {
        const { results } = await runCLI(
            {
                _: [join(root, spec)],
                $0: 'mutation-worker',
                config: JSON.stringify(mutationJestConfig()),
                runTestsByPath: true,
                runInBand: true,
                silent: true,
                ci: true,
                watchman: false,
            },
            [root],
        );
        for (const r of results.testResults) {
            ran.push({ spec, ms: r.perfStats.end - r.perfStats.start });
            const t = r.testResults.find((a) => a.status === 'failed');
            if (t) killer = { spec, test: t.title };
            else if (r.testExecError || r.failureMessage) {
                killer = { spec, test: `(spec failed to run: ${(r.testExecError?.message ?? r.failureMessage ?? '').split('\n')[0].slice(0, 160)})` };
            }
        }
        if (killer === undefined && (results.numFailedTests > 0 || results.numFailedTestSuites > 0 || results.numRuntimeErrorTestSuites > 0)) {
            killer = { spec, test: '(jest reported a failure)' };
        }
        if (killer) break;
    }
    const cpu = process.cpuUsage(cpu0);
    return { id: job.id, failed: killer !== undefined, killer, ran, ms: Date.now() - t0, cpuMs: Math.round((cpu.user + cpu.system) / 1000) };
}

if (require.main === module) {
    process.on('message', (job: Job | CompileJob) => {
        (job.kind === 'compile' ? compileJob(job) : runJob(job)).then(
            (r) => process.send!(r),
            (e: Error) => process.send!({ id: job.id, failed: false, error: e.stack ?? String(e) }),
        );
    });
    process.send!({ ready: true });
}
