/**
 * The test run an audit is checked against: jest's `--json` output (reports/jest-results.json,
 * written by `npm test`), reduced to what the checklist needs.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import { join, relative } from 'path';

export type TestStatus = 'passed' | 'failed' | 'skipped';

export interface TestCase {
    /** The `it` title alone (what checklist items name). */
    title: string;
    /** describe path and title, for the report. */
    fullName: string;
    file: string;
    /** Line of the `it` in `file` (jest's testLocationInResults), when the run recorded it. */
    line?: number;
    status: TestStatus;
}

export interface TestRun {
    cases: TestCase[];
    /** Every spec file jest ran, relative to the root. */
    files: string[];
    /** Spec files jest could not run at all (compile error, failing hook), with the first line of the reason. */
    brokenFiles: { file: string; message: string }[];
    startTime?: Date;
}

interface JestAssertion {
    title: string;
    fullName?: string;
    ancestorTitles?: string[];
    status: string;
    location?: { line: number; column: number } | null;
}

interface JestFile {
    name: string;
    status?: string;
    message?: string;
    assertionResults?: JestAssertion[];
}

interface JestJson {
    startTime?: number;
    testResults?: JestFile[];
}

/** jest reports `pending`, `todo`, `disabled` and `skipped` for tests that did not run. */
function status(s: string): TestStatus {
    if (s === 'passed') return 'passed';
    if (s === 'failed') return 'failed';
    return 'skipped';
}

/** Reduce jest's JSON (already parsed) to a TestRun; file paths are made relative to `root`. */
export function parseJestJson(json: unknown, root: string): TestRun {
    const j = json as JestJson;
    if (typeof j !== 'object' || j === null || !Array.isArray(j.testResults)) {
        throw new Error('jest results: not a jest --json output (no testResults)');
    }
    const cases: TestCase[] = [];
    const brokenFiles: TestRun['brokenFiles'] = [];
    const files: string[] = [];
    for (const f of j.testResults) {
        const file = relative(root, f.name);
        files.push(file);
        const asserts = f.assertionResults ?? [];
        if (f.status === 'failed' && asserts.length === 0) {
            const firstLine = (f.message ?? '').split('\n').find((l) => l.trim().length > 0) ?? 'no message';
            brokenFiles.push({ file, message: firstLine.trim() });
        }
        for (const a of asserts) {
            cases.push({
                title: a.title,
                fullName: a.fullName ?? [...(a.ancestorTitles ?? []), a.title].join(' '),
                file,
                ...(a.location ? { line: a.location.line } : {}),
                status: status(a.status),
            });
        }
    }
    return { cases, files: files.sort(), brokenFiles, startTime: j.startTime ? new Date(j.startTime) : undefined };
}

export const RESULTS_HINT = 'run `npm test` first (it writes reports/jest-results.json), then `npm run audit:check`';

/** Read the results file, with a clear error when it is missing or unreadable. */
export function loadJestResults(path: string, root: string): TestRun {
    if (!existsSync(path)) throw new Error(`${path} not found: ${RESULTS_HINT}`);
    let json: unknown;
    try {
        json = JSON.parse(readFileSync(path, 'utf8'));
    } catch (e) {
        throw new Error(`${path} is not valid JSON (${(e as Error).message}): ${RESULTS_HINT}`);
    }
    return parseJestJson(json, root);
}

/** Every spec file under tests/ (what a full `npm test` runs), relative to `root`, sorted. */
export function specFilesOnDisk(root: string, dir = join(root, 'tests')): string[] {
    if (!existsSync(dir)) return [];
    const out: string[] = [];
    for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) out.push(...specFilesOnDisk(root, p));
        else if (name.endsWith('.spec.ts')) out.push(relative(root, p));
    }
    return out.sort();
}
