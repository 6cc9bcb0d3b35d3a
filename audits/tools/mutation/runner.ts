/**
 * Runs mutants on a pool of worker processes (one per core): first compiles every mutant into
 * the contracts that include its file, then tests the ones whose code is new against the specs
 * of those contracts, fastest killers first, each within a time limit (a worker past it is
 * killed and replaced, and the mutant counted as timed out).
 */
import { ChildProcess, fork } from 'child_process';
import { closeSync, openSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ContractTarget, Mutant } from './generator';
import { orderSpecs } from './oracle';
import type { CompileJob, CompileResult, Job, JobResult } from './worker';

export type Status = 'killed' | 'survived' | 'timeout' | 'dropped' | 'equivalent' | 'duplicate' | 'error';

export interface MutantResult {
    id: string;
    file: string;
    line: number;
    operator: Mutant['operator'];
    before: string;
    after: string;
    /** The contracts whose code the mutant changes (or would, for dropped ones). */
    contracts: string[];
    status: Status;
    /** dropped: the compiler's error; duplicate: the id with the same code; error: the failure. */
    detail?: string;
    killer?: { spec: string; test: string };
    /** Wall and CPU time of the test run, ms. */
    ms?: number;
    cpuMs?: number;
    /**
     * Judged in an earlier run (`--resume`) and taken over unchanged: the mutant's file, operator
     * and edited line are the same now; the commit and date are those of the run that judged it.
     */
    carried?: { commit: string; date: string };
}

export interface RunOptions {
    root: string;
    workers: number;
    /** Per mutant test run, ms. */
    timeoutMs: number;
    /** blueprint name -> BOC file and hash of the original build. */
    originals: Record<string, { boc: string; hash: string }>;
    /** file -> the contracts that include it. */
    includedBy: Map<string, ContractTarget[]>;
    /** The specs that exercise any of the contracts, and the contracts a spec exercises. */
    specsFor: (contracts: string[]) => string[];
    specContracts: (spec: string) => string[];
    /** Spec durations (ms) and kills known before the run; updated as it goes. */
    durations: Record<string, number>;
    kills: Record<string, number>;
    onResult?: (r: MutantResult, done: number, total: number) => void;
}

/** Where the workers' output goes (jest's and the specs' console, crashes). */
export const WORKER_LOG = join(tmpdir(), 'cocoon-mutation-workers.log');

type Reply = (CompileResult | JobResult | { id: string; error: string }) & { ready?: boolean };

class Worker {
    private child!: ChildProcess;
    private ready!: Promise<void>;
    constructor(private readonly root: string) {
        this.spawn();
    }
    private spawn() {
        const log = openSync(WORKER_LOG, 'a');
        this.child = fork(join(__dirname, 'worker.ts'), [], {
            cwd: this.root,
            execArgv: ['-r', 'ts-node/register/transpile-only'],
            stdio: ['ignore', log, log, 'ipc'],
        });
        closeSync(log);
        this.ready = new Promise((resolve) => {
            const onReady = (m: Reply) => {
                if (m.ready) {
                    this.child.off('message', onReady);
                    resolve();
                }
            };
            this.child.on('message', onReady);
        });
    }
    /** Sends a job; resolves with its reply, or 'timeout' (the process is then replaced). */
    async run(job: CompileJob | Job, timeoutMs: number): Promise<Reply | 'timeout' | 'crash'> {
        await this.ready;
        return new Promise((resolve) => {
            const child = this.child;
            const timer = setTimeout(() => {
                cleanup();
                child.kill('SIGKILL');
                this.spawn();
                resolve('timeout');
            }, timeoutMs);
            const onMessage = (m: Reply) => {
                if (m.id !== job.id) return;
                cleanup();
                resolve(m);
            };
            const onExit = () => {
                cleanup();
                this.spawn();
                resolve('crash');
            };
            const cleanup = () => {
                clearTimeout(timer);
                child.off('message', onMessage);
                child.off('exit', onExit);
            };
            child.on('message', onMessage);
            child.on('exit', onExit);
            child.send(job);
        });
    }
    stop() {
        this.child.kill('SIGKILL');
    }
}

/** Runs `items` through `workers` slots, `fn(worker, item)` each, in order of submission. */
async function pool<T>(workers: Worker[], items: T[], fn: (w: Worker, item: T) => Promise<void>): Promise<void> {
    let next = 0;
    await Promise.all(
        workers.map(async (w) => {
            while (next < items.length) await fn(w, items[next++]);
        }),
    );
}

export async function runMutants(mutants: Mutant[], o: RunOptions): Promise<MutantResult[]> {
    const workers = Array.from({ length: o.workers }, () => new Worker(o.root));
    const results = new Map<string, MutantResult>();
    let done = 0;
    const finish = (r: MutantResult) => {
        results.set(r.id, r);
        o.onResult?.(r, ++done, mutants.length);
    };
    try {
        // 1. compile
        const compiled = new Map<string, CompileResult>();
        await pool(workers, mutants, async (w, m) => {
            const contracts = o.includedBy.get(m.file) ?? [];
            const reply = await w.run(
                { kind: 'compile', id: m.id, file: m.file, source: m.source, contracts },
                600_000,
            );
            const base: MutantResult = {
                id: m.id,
                file: m.file,
                line: m.line,
                operator: m.operator,
                before: m.before,
                after: m.after,
                contracts: contracts.map((c) => c.name),
                status: 'dropped',
            };
            if (typeof reply === 'string' || 'failed' in reply || !('codes' in reply)) {
                finish({
                    ...base,
                    status: 'error',
                    detail: `compile ${typeof reply === 'string' ? reply : (reply as { error?: string }).error}`,
                });
            } else if (reply.error !== undefined) {
                finish({ ...base, status: 'dropped', detail: reply.error });
            } else if (Object.entries(reply.hashes).every(([c, h]) => h === o.originals[c].hash)) {
                finish({ ...base, status: 'equivalent', detail: 'compiled code identical to the original' });
            } else {
                compiled.set(m.id, reply);
            }
        });

        // 2. test: one run per distinct code; a duplicate is settled as soon as its first is
        // (so a run stopped early keeps every mutant it has an outcome for)
        const byCode = new Map<string, string>();
        const toTest: Mutant[] = [];
        const duplicates = new Map<string, Mutant[]>();
        for (const m of mutants) {
            const c = compiled.get(m.id);
            if (!c) continue;
            const key = Object.entries(c.hashes)
                .sort()
                .map(([n, h]) => `${n}=${h}`)
                .join(',');
            const first = byCode.get(key);
            if (first) duplicates.set(first, [...(duplicates.get(first) ?? []), m]);
            else {
                byCode.set(key, m.id);
                toTest.push(m);
            }
        }
        const settle = (r: MutantResult) => {
            finish(r);
            for (const m of duplicates.get(r.id) ?? []) {
                finish({
                    ...r,
                    id: m.id,
                    file: m.file,
                    line: m.line,
                    operator: m.operator,
                    before: m.before,
                    after: m.after,
                    status: 'duplicate',
                    detail: `same code as ${r.id} (${r.status})`,
                    killer: undefined,
                    ms: undefined,
                    cpuMs: undefined,
                });
            }
        };
        await pool(workers, toTest, async (w, m) => {
            const c = compiled.get(m.id)!;
            const contracts = Object.keys(c.codes);
            const codes: Record<string, string> = {};
            for (const [n, v] of Object.entries(o.originals)) codes[n] = v.boc;
            Object.assign(codes, c.codes);
            const specs = orderSpecs(
                o.root,
                o.specsFor(contracts),
                o.durations,
                o.kills,
                (s) => o.specContracts(s).every((c) => contracts.includes(c)),
                m.file,
            );
            const base: MutantResult = {
                id: m.id,
                file: m.file,
                line: m.line,
                operator: m.operator,
                before: m.before,
                after: m.after,
                contracts,
                status: 'survived',
            };
            const t0 = Date.now();
            const originals = Object.fromEntries(Object.entries(o.originals).map(([n, v]) => [n, v.boc]));
            const reply = await w.run({ kind: 'test', id: m.id, codes, originals, specs }, o.timeoutMs);
            if (reply === 'timeout') return settle({ ...base, status: 'timeout', ms: Date.now() - t0 });
            if (reply === 'crash' || !('failed' in reply)) {
                return settle({
                    ...base,
                    status: 'error',
                    detail: reply === 'crash' ? 'worker crashed' : (reply as { error: string }).error,
                    ms: Date.now() - t0,
                });
            }
            for (const r of reply.ran)
                o.durations[r.spec] = r.spec === reply.killer?.spec ? Math.max(o.durations[r.spec] ?? 0, r.ms) : r.ms;
            if (reply.killer) o.kills[reply.killer.spec] = (o.kills[reply.killer.spec] ?? 0) + 1;
            if (!reply.failed && reply.broken.length > 0) {
                // a spec that cannot run even on the original code might have killed it: not judged
                const why = reply.broken.map((b) => `${b.spec}: ${b.error}`).join('; ');
                return settle({
                    ...base,
                    status: 'error',
                    detail: `not judged, specs that do not run: ${why}`,
                    ms: reply.ms,
                    cpuMs: reply.cpuMs,
                });
            }
            settle({
                ...base,
                status: reply.failed ? 'killed' : 'survived',
                killer: reply.killer,
                ms: reply.ms,
                cpuMs: reply.cpuMs,
            });
        });
    } finally {
        workers.forEach((w) => w.stop());
    }
    return mutants.map((m) => results.get(m.id)!);
}
