/**
 * One mutation worker (a child process of the runner): takes jobs over IPC and runs each with
 * jest's programmatic API in this process, in band, stopping at the first failed spec, with
 * blueprint's `compile` mapped to the job's code (blueprint-override.ts) and tests failing fast
 * (environment.ts). A fresh process per worker keeps the node and jest start-up out of each mutant.
 */
import { createHash } from 'crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'fs';
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

/**
 * sha256 over every FunC file under `dir`/contracts (path and content): a mutant's build reads the
 * files it does not mutate too, so a cached build is valid only for the same tree of sources.
 */
export function contractSourcesDigest(dir: string): string {
    const h = createHash('sha256');
    const walk = (d: string) => {
        for (const f of readdirSync(join(dir, d)).sort()) {
            const p = join(d, f);
            if (statSync(join(dir, p)).isDirectory()) walk(p);
            else if (f.endsWith('.fc'))
                h.update(p)
                    .update('\0')
                    .update(readFileSync(join(dir, p)))
                    .update('\0');
        }
    };
    walk('contracts');
    return h.digest('hex');
}

/** The cache key of one contract's build with `file` replaced by `source`, on the tree `sourcesDigest`. */
export function mutantCacheKey(target: string, file: string, source: string, sourcesDigest: string): string {
    return createHash('sha256').update(`${target}\0${file}\0${source}\0${sourcesDigest}`).digest('hex');
}

let digestOfTree: string | undefined; // once per worker: the tree must not change during a run

export async function compileJob(job: CompileJob): Promise<CompileResult> {
    mkdirSync(CACHE_DIR, { recursive: true });
    digestOfTree ??= contractSourcesDigest(root);
    const out: CompileResult = { id: job.id, codes: {}, hashes: {} };
    for (const c of job.contracts) {
        const key = mutantCacheKey(c.target, job.file, job.source, digestOfTree);
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
    /** blueprint name -> BOC file of the original build: a spec that fails to run is re-run on it. */
    originals: Record<string, string>;
    /** Root-relative spec paths, in the order they should run. */
    specs: string[];
}

export interface JobResult {
    id: string;
    /** Some test or hook failed, or a spec ran with the original code and not with the mutant: the mutant is killed. */
    failed: boolean;
    /** The spec and test (or hook, or spec-level error) that failed first. */
    killer?: { spec: string; test: string };
    /**
     * Specs that failed to run with the original code too (a type error, a module that does not
     * load, a crash): they say nothing about the mutant, which is left unjudged ('error') when no
     * other spec kills it.
     */
    broken: { spec: string; error: string }[];
    /** Specs that ran, with their durations (ms). */
    ran: { spec: string; ms: number }[];
    ms: number;
    /** CPU time of the run (user + system): its wall time on an idle core. */
    cpuMs: number;
}

/**
 * What one spec's jest run says:
 * - `failed`: a test failed, or a hook did (a failed beforeAll is reported on the tests under it,
 *   which the fail-fast environment then skips): the tests saw the code misbehave;
 * - `broken`: the spec did not run to a verdict (its module failed to load or type-check, an error
 *   outside every test and hook, an afterAll, no test file run at all): nothing says the code
 *   under test caused it;
 * - `passed`.
 */
export type SpecOutcome = { kind: 'passed' } | { kind: 'failed'; test: string } | { kind: 'broken'; error: string };

/** The parts of jest's AggregatedResult the classification reads. */
export interface JestRun {
    numFailedTests: number;
    numFailedTestSuites: number;
    numRuntimeErrorTestSuites: number;
    testResults: {
        testExecError?: { message?: string | null; stack?: string | null } | null;
        failureMessage?: string | null;
        testResults: { title: string; status: string; failureMessages: string[] }[];
    }[];
}

const firstLine = (s: string) =>
    s
        .split('\n')
        .map((l) => l.trim())
        .find((l) => l !== '' && l !== 'Error:')
        ?.slice(0, 160) ?? '';

export function classifySpecRun(run: JestRun): SpecOutcome {
    if (run.testResults.length === 0) return { kind: 'broken', error: 'no test file ran' };
    for (const r of run.testResults) {
        const failed = r.testResults.find((a) => a.status === 'failed');
        if (failed) return { kind: 'failed', test: failed.title };
        const hook = r.testResults.find((a) => a.failureMessages.length > 0);
        if (hook)
            return {
                kind: 'failed',
                test: `${hook.title} (a hook before it failed: ${firstLine(hook.failureMessages[0])})`,
            };
    }
    for (const r of run.testResults) {
        if (r.testExecError)
            return {
                kind: 'broken',
                error:
                    firstLine(r.testExecError.message || r.testExecError.stack || r.failureMessage || '') ||
                    'test file failed to run',
            };
    }
    if (run.numFailedTests > 0 || run.numFailedTestSuites > 0 || run.numRuntimeErrorTestSuites > 0) {
        return {
            kind: 'broken',
            error:
                firstLine(run.testResults.map((r) => r.failureMessage ?? '').join('\n')) ||
                'jest reported a failure outside any test',
        };
    }
    return { kind: 'passed' };
}

/**
 * A mutant's verdict from its specs' outcomes, in order (the first that kills is the killer):
 * `original` is the same spec's outcome on the original code, asked for every spec that did not
 * pass. A spec that failed or broke with the mutant and passes with the original code was made to
 * fail by the mutant (a kill); one that fails or breaks with the original too (a missing browser, a
 * stale fixture) proves nothing about the mutant: it is set aside, and leaves the mutant unjudged if
 * nothing else kills it.
 */
export function verdictOf(
    outcomes: { spec: string; outcome: SpecOutcome; original?: () => SpecOutcome }[],
): Pick<JobResult, 'failed' | 'killer' | 'broken'> {
    const broken: JobResult['broken'] = [];
    for (const { spec, outcome, original } of outcomes) {
        if (outcome.kind === 'passed') continue;
        const o = original!();
        if (o.kind === 'passed') {
            const test =
                outcome.kind === 'failed'
                    ? outcome.test
                    : `(fails to run with this mutant, passes with the original code: ${outcome.error})`;
            return { failed: true, killer: { spec, test }, broken };
        }
        broken.push({
            spec,
            error:
                o.kind === 'failed'
                    ? `fails with the original code too: ${o.test}`
                    : `fails to run with the original code too: ${o.error}`,
        });
    }
    return { failed: false, broken };
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

async function runSpec(
    spec: string,
    codes: Record<string, string>,
): Promise<{ outcome: SpecOutcome; ran: JobResult['ran'] }> {
    process.env.MUTATION_CODES = JSON.stringify(codes);
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
    return {
        outcome: classifySpecRun(results),
        ran: results.testResults.map((r) => ({ spec, ms: r.perfStats.end - r.perfStats.start })),
    };
}

/** A spec's outcome on the original code, once per worker process (it does not depend on the mutant). */
const originalOutcomes = new Map<string, SpecOutcome>();

/**
 * Runs the job's specs one jest run at a time, in order, stopping after the first that fails
 * (jest's own `bail` exits the process, which would end the worker). A spec that fails, or fails to
 * run, is re-run on the original code (once per worker) before it may count as a kill.
 */
export async function runJob(job: Job): Promise<JobResult> {
    const t0 = Date.now();
    const cpu0 = process.cpuUsage();
    const ran: JobResult['ran'] = [];
    const broken: JobResult['broken'] = [];
    let verdict: Pick<JobResult, 'failed' | 'killer' | 'broken'> = { failed: false, broken };
    for (const spec of job.specs) {
        const r = await runSpec(spec, job.codes);
        ran.push(...r.ran);
        let original: SpecOutcome | undefined;
        if (r.outcome.kind !== 'passed') {
            original = originalOutcomes.get(spec);
            if (original === undefined) {
                original = (await runSpec(spec, job.originals)).outcome;
                originalOutcomes.set(spec, original);
            }
        }
        const v = verdictOf([{ spec, outcome: r.outcome, original: () => original! }]);
        broken.push(...v.broken);
        if (v.failed) {
            verdict = { ...v, broken };
            break;
        }
    }
    const cpu = process.cpuUsage(cpu0);
    return { id: job.id, ...verdict, ran, ms: Date.now() - t0, cpuMs: Math.round((cpu.user + cpu.system) / 1000) };
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
