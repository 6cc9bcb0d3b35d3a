/**
 * A jest reporter that records what a test run tested, beside jest's `--json` results: the commit,
 * whether the tree had uncommitted changes, the code hashes of the contracts as built at the start
 * of the run, and how the run was narrowed (test name pattern, paths, changed-only). `npm test`
 * writes reports/jest-results.json; this writes reports/jest-results.run.json, and audit:check
 * refuses results whose record is missing, from another run, narrowed, or of other code.
 *
 * Only a run that writes `--json --outputFile=<file>` gets a record (`<file minus .json>.run.json`):
 * a developer's `npx jest tests/x.spec.ts` leaves the last full run's files alone.
 */
import { execFileSync } from 'child_process';
import { mkdirSync, writeFileSync } from 'fs';
import { dirname } from 'path';
import { buildHashes } from './code-hashes';

export interface RunRecord {
    /** jest's startTime of the run (ms): the same value as in the --json results it describes. */
    startTime: number;
    commit: string;
    /** Tracked files differed from the commit when the run started. */
    dirty: boolean;
    /** contract name → code hash (hex) built from the sources at the start of the run. */
    codeHashes: Record<string, string>;
    /** Why the run did not cover the whole suite; empty for a full run. */
    narrowedBy: string[];
}

/** The record file that goes with a jest --json output file. */
export function recordPathFor(outputFile: string): string {
    return outputFile.replace(/\.json$/, '') + '.run.json';
}

export function git(root: string, args: string[]): string {
    try {
        return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
        return '';
    }
}

interface GlobalConfigPart {
    rootDir: string;
    json?: boolean;
    outputFile?: string;
    testNamePattern?: string;
    testPathPattern?: string;
    onlyChanged?: boolean;
    onlyFailures?: boolean;
    findRelatedTests?: boolean;
    shard?: { shardIndex: number; shardCount: number };
    nonFlagArgs?: string[];
}

/** How jest's options narrowed the run (an empty list for a run of every spec and every test). */
export function narrowing(c: GlobalConfigPart): string[] {
    const out: string[] = [];
    if (c.testNamePattern) out.push(`test name pattern ${JSON.stringify(c.testNamePattern)}`);
    if (c.testPathPattern) out.push(`test path pattern ${JSON.stringify(c.testPathPattern)}`);
    if (c.onlyChanged) out.push('only changed files');
    if (c.onlyFailures) out.push('only failures');
    if (c.findRelatedTests) out.push('related tests only');
    if (c.shard && c.shard.shardCount > 1) out.push(`shard ${c.shard.shardIndex}/${c.shard.shardCount}`);
    return out;
}

export default class RunRecordReporter {
    private readonly config: GlobalConfigPart;
    private start?: Promise<Omit<RunRecord, 'startTime'>>;

    constructor(globalConfig: GlobalConfigPart) {
        this.config = globalConfig;
    }

    onRunStart(): void {
        if (!this.config.json || !this.config.outputFile) return;
        const root = this.config.rootDir;
        const commit = git(root, ['rev-parse', 'HEAD']) || 'unknown';
        const dirty = git(root, ['status', '--porcelain', '--untracked-files=no']).length > 0;
        const narrowedBy = narrowing(this.config);
        this.start = buildHashes().then((h) => ({
            commit,
            dirty,
            codeHashes: Object.fromEntries(Object.entries(h.contracts).map(([name, c]) => [name, c.codeHash])),
            narrowedBy,
        }));
    }

    async onRunComplete(_contexts: unknown, results: { startTime: number }): Promise<void> {
        if (!this.start || !this.config.outputFile) return;
        const record: RunRecord = { startTime: results.startTime, ...(await this.start) };
        const file = recordPathFor(this.config.outputFile);
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, JSON.stringify(record, null, 2) + '\n');
    }

    getLastError(): void {
        return undefined;
    }
}
