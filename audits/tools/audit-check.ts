/**
 * `npm run audit:check`: checks the audit checklist against the last test run.
 *
 * Reads audits/checklist/*.yaml and reports/jest-results.json (written by `npm test`), writes
 * audits/REPORT.md and re-renders audits/CHECKLIST.md, prints a summary and exits non-zero when any
 * item is unproven, with every problem listed.
 */
import { execFileSync } from 'child_process';
import { writeFileSync } from 'fs';
import { join, resolve } from 'path';
import { loadChecklist } from './checklist';
import { checkAudit } from './check';
import { renderChecklist, renderReport } from './render';
import { loadJestResults } from './results';

/** Issue 5: the checklist must hold at least this many items. */
export const MIN_ITEMS = 100;

function git(root: string, args: string[]): string {
    try {
        return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
        return '';
    }
}

export interface AuditRunOptions {
    /** Repository root: reads audits/checklist/ and reports/jest-results.json, writes audits/*.md. */
    root: string;
    minItems?: number;
    /** Require an item in every category (default true). */
    everyCategory?: boolean;
    log?: (line: string) => void;
    error?: (line: string) => void;
}

/** The whole check; returns the process exit code (0 pass, 1 problems). Throws when inputs are missing. */
export function runAudit(opts: AuditRunOptions): number {
    const { root, minItems = MIN_ITEMS, everyCategory = true, log = console.log, error = console.error } = opts;
    const checklist = loadChecklist(join(root, 'audits', 'checklist'));
    // The rendered checklist depends on the YAML only: written even when the test results are missing.
    writeFileSync(join(root, 'audits', 'CHECKLIST.md'), renderChecklist(checklist.items));
    const run = loadJestResults(join(root, 'reports', 'jest-results.json'), root);
    const result = checkAudit(checklist, run, { minItems, everyCategory });
    writeFileSync(
        join(root, 'audits', 'REPORT.md'),
        renderReport(result, {
            commit: git(root, ['rev-parse', 'HEAD']) || 'unknown',
            dirty: git(root, ['status', '--porcelain', '--untracked-files=no']).length > 0,
            date: new Date(),
            testRunDate: run.startTime,
        }),
    );

    const pass = result.items.filter((r) => r.verdict === 'pass').length;
    const na = result.items.filter((r) => r.verdict === 'n/a').length;
    const fail = result.items.filter((r) => r.verdict === 'fail').length;
    log(`audit:check: ${result.items.length} items: ${pass} proven, ${na} not applicable, ${fail} failing`);
    for (const t of result.totals) {
        if (t.items > 0) log(`  ${t.category.padEnd(4)} ${String(t.items).padStart(3)} items, ${t.passed} passed, ${t.failed} failed, ${t.notApplicable} N/A`);
    }
    log('wrote audits/REPORT.md and audits/CHECKLIST.md');
    if (result.problems.length === 0) return 0;
    error(`\naudit:check FAILED with ${result.problems.length} problem(s):`);
    for (const p of result.problems) error(`  - ${p}`);
    return 1;
}

if (require.main === module) {
    try {
        process.exitCode = runAudit({ root: resolve(__dirname, '..', '..') });
    } catch (e) {
        console.error(`audit:check: ${(e as Error).message}`);
        process.exitCode = 2;
    }
}
