/**
 * `npm run audit:check [--update-audits] [--allow-dirty]`: checks the audit checklist against the
 * last full test run.
 *
 * Reads audits/checklist/*.yaml, reports/jest-results.json (written by `npm test`) and its run
 * record reports/jest-results.run.json (written by audits/tools/run-record.ts during the same
 * run). It first refuses results that do not describe this commit's whole suite: no record, a
 * record from another run, a run narrowed by name or path, a spec file on disk that did not run,
 * a tested commit other than HEAD, a dirty tree (then or now, unless --allow-dirty), or code hashes
 * other than audits/code-hashes.json. Then it checks every item and writes REPORT.md and
 * CHECKLIST.md to reports/; with --update-audits, and only when everything passed, to audits/.
 *
 * Exit codes: 0 every item proven, 1 problems (each listed), 2 inputs missing or unreadable,
 * 3 the results were refused (nothing written).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import { join, resolve } from 'path';
import { loadChecklist } from './checklist';
import { checkAudit } from './check';
import { renderChecklist, renderReport } from './render';
import { loadJestResults, RESULTS_HINT, specFilesOnDisk, TestRun } from './results';
import { git, recordPathFor, RunRecord } from './run-record';
import { readCommandLine } from '../../toolkit/cli/flags';

/** Issue 5: the checklist must hold at least this many items. */
export const MIN_ITEMS = 100;

export const EXIT = { pass: 0, problems: 1, inputs: 2, refused: 3 } as const;

export interface AuditRunOptions {
    /** Repository root: reads audits/, tests/ and reports/jest-results{,.run}.json, writes reports/ (or audits/). */
    root: string;
    minItems?: number;
    /** Require an item in every category (default true). */
    everyCategory?: boolean;
    /** Write REPORT.md and CHECKLIST.md to audits/ (only when the check passes). */
    updateAudits?: boolean;
    /** Accept a run on, or a check of, a tree with uncommitted changes (the report says so). */
    allowDirty?: boolean;
    /** The repository now; read from git by default. */
    repo?: { head: string; dirty: boolean };
    log?: (line: string) => void;
    error?: (line: string) => void;
}

function readRecord(path: string): RunRecord {
    if (!existsSync(path))
        throw new Error(`${path} not found: the results carry no record of what was tested; ${RESULTS_HINT}`);
    try {
        return JSON.parse(readFileSync(path, 'utf8')) as RunRecord;
    } catch (e) {
        throw new Error(`${path} is not valid JSON (${(e as Error).message}): ${RESULTS_HINT}`);
    }
}

/** Why these results cannot stand for this commit's audit; empty when they can. */
export function refusals(
    root: string,
    run: TestRun,
    record: RunRecord,
    repo: { head: string; dirty: boolean },
    allowDirty: boolean,
): string[] {
    const out: string[] = [];
    if (run.startTime?.getTime() !== record.startTime) {
        out.push(
            `the run record (started ${new Date(record.startTime).toISOString()}) is not of these results (started ${run.startTime?.toISOString() ?? 'unknown'})`,
        );
    }
    for (const n of record.narrowedBy) out.push(`partial run: narrowed by ${n}`);
    const missing = specFilesOnDisk(root).filter((f) => !run.files.includes(f));
    if (missing.length > 0) {
        const shown = missing.slice(0, 5).join(', ') + (missing.length > 5 ? `, … (${missing.length - 5} more)` : '');
        out.push(`partial run: ${missing.length} of ${specFilesOnDisk(root).length} spec files did not run (${shown})`);
    }
    if (record.commit !== repo.head) out.push(`the results are of commit ${record.commit}, HEAD is ${repo.head}`);
    if (!allowDirty && record.dirty)
        out.push(
            'the run tested a tree with uncommitted changes (commit them, or pass --allow-dirty for a local look)',
        );
    if (!allowDirty && repo.dirty)
        out.push('the tree has uncommitted changes now (commit them, or pass --allow-dirty for a local look)');
    const hashesFile = join(root, 'audits', 'code-hashes.json');
    const recorded = existsSync(hashesFile)
        ? (JSON.parse(readFileSync(hashesFile, 'utf8')) as { contracts: Record<string, { codeHash: string }> })
              .contracts
        : {};
    const names = [...new Set([...Object.keys(recorded), ...Object.keys(record.codeHashes)])].sort();
    for (const name of names) {
        const tested = record.codeHashes[name];
        const expected = recorded[name]?.codeHash;
        if (tested !== expected)
            out.push(
                `${name}: the run tested code ${tested ?? '(none)'}, audits/code-hashes.json records ${expected ?? '(none)'}`,
            );
    }
    return out;
}

/** The whole check; returns the process exit code (EXIT). Throws when inputs are missing. */
export function runAudit(opts: AuditRunOptions): number {
    const {
        root,
        minItems = MIN_ITEMS,
        everyCategory = true,
        updateAudits = false,
        allowDirty = false,
        log = console.log,
        error = console.error,
    } = opts;
    const repo = opts.repo ?? {
        head: git(root, ['rev-parse', 'HEAD']) || 'unknown',
        dirty: git(root, ['status', '--porcelain', '--untracked-files=no']).length > 0,
    };
    const checklist = loadChecklist(join(root, 'audits', 'checklist'));
    const resultsFile = join(root, 'reports', 'jest-results.json');
    const run = loadJestResults(resultsFile, root);
    const record = readRecord(recordPathFor(resultsFile));

    const refused = refusals(root, run, record, repo, allowDirty);
    if (refused.length > 0) {
        error(
            `audit:check REFUSED the test results (nothing written): they do not describe a full run of ${repo.head}:`,
        );
        for (const r of refused) error(`  - ${r}`);
        error(`Run the whole suite on a clean tree (\`npm test\`), then \`npm run audit:check\`.`);
        return EXIT.refused;
    }

    const result = checkAudit(checklist, run, { minItems, everyCategory });
    const outDir = updateAudits && result.problems.length === 0 ? join(root, 'audits') : join(root, 'reports');
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, 'CHECKLIST.md'), renderChecklist(checklist.items));
    writeFileSync(
        join(outDir, 'REPORT.md'),
        renderReport(result, {
            commit: record.commit,
            dirty: record.dirty || repo.dirty,
            date: new Date(),
            testRunDate: run.startTime,
            codeHashes: record.codeHashes,
        }),
    );

    const pass = result.items.filter((r) => r.verdict === 'pass').length;
    const na = result.items.filter((r) => r.verdict === 'n/a').length;
    const fail = result.items.filter((r) => r.verdict === 'fail').length;
    log(
        `audit:check: ${result.items.length} items: ${pass} proven, ${na} not applicable, ${fail} failing (commit ${record.commit})`,
    );
    for (const t of result.totals) {
        if (t.items > 0)
            log(
                `  ${t.category.padEnd(4)} ${String(t.items).padStart(3)} items, ${t.passed} passed, ${t.failed} failed, ${t.notApplicable} N/A`,
            );
    }
    const where = outDir === join(root, 'audits') ? 'audits' : 'reports';
    log(`wrote ${where}/REPORT.md and ${where}/CHECKLIST.md`);
    if (result.problems.length === 0) return EXIT.pass;
    if (updateAudits) error('audits/ was NOT updated: the check failed');
    error(`\naudit:check FAILED with ${result.problems.length} problem(s):`);
    for (const p of result.problems) error(`  - ${p}`);
    return EXIT.problems;
}

export const USAGE = `Usage: npm run audit:check -- [flags]

Checks every checklist item against the jest results of a full run (reports/jest-results.json and
its run record) and writes reports/REPORT.md and reports/CHECKLIST.md. Exits 0 when every item is
proven, 1 listing the problems, 2 on missing inputs or a bad flag, 3 when the results are refused.

Flags:
  --update-audits   also write audits/REPORT.md and audits/CHECKLIST.md (only when the check passes)
  --allow-dirty     accept results of a run on a tree with uncommitted changes
  --help            this text
`;

if (require.main === module) {
    // a bad flag exits 2 (EXIT.inputs), as readCommandLine does
    const cl = readCommandLine('audit:check', USAGE, process.argv.slice(2), {
        'update-audits': 'boolean',
        'allow-dirty': 'boolean',
    });
    if (!cl.ok) process.exitCode = cl.exitCode;
    else {
        try {
            process.exitCode = runAudit({
                root: resolve(__dirname, '..', '..'),
                updateAudits: cl.flags.switches.has('update-audits'),
                allowDirty: cl.flags.switches.has('allow-dirty'),
            });
        } catch (e) {
            console.error(`audit:check: ${(e as Error).message}`);
            process.exitCode = EXIT.inputs;
        }
    }
}
