/**
 * Matching the checklist against a test run. Pure: no files, no git; audit-check.ts does the I/O.
 *
 * An item passes when it is reasoned not applicable, or when every test it names exists, carries
 * the item's id in its title, and passed. Any test title carrying an id the checklist does not
 * know is a problem too (a typo'd or stale id would otherwise prove nothing silently).
 */
import { CATEGORIES, Category, Checklist, ChecklistItem, idsInTitle } from './checklist';
import { TestCase, TestRun, TestStatus } from './results';

export type Verdict = 'pass' | 'fail' | 'n/a';

export interface TestOutcome {
    title: string;
    /** 'missing' when no test with this exact title ran. */
    status: TestStatus | 'missing';
    files: string[];
    /** Where each same-titled test is: file and, when the run recorded it, line. */
    at: { file: string; line?: number }[];
}

export interface ItemResult {
    item: ChecklistItem;
    verdict: Verdict;
    tests: TestOutcome[];
}

export interface CategoryTotals {
    category: Category;
    items: number;
    passed: number;
    failed: number;
    notApplicable: number;
}

export interface AuditResult {
    items: ItemResult[];
    totals: CategoryTotals[];
    /** Every problem found; the audit fails when this is non-empty. */
    problems: string[];
}

export interface CheckOptions {
    /** Fewest items the checklist must hold (issue 5: 100). */
    minItems?: number;
    /** Require at least one item in every category. */
    everyCategory?: boolean;
}

/** Worst status among same-titled tests (failed > skipped > passed). */
function combine(cases: TestCase[]): TestStatus {
    if (cases.some((c) => c.status === 'failed')) return 'failed';
    if (cases.some((c) => c.status === 'skipped')) return 'skipped';
    return 'passed';
}

export function checkAudit(checklist: Checklist, run: TestRun, opts: CheckOptions = {}): AuditResult {
    const problems = [...checklist.problems];
    for (const b of run.brokenFiles) problems.push(`${b.file}: the spec file failed to run: ${b.message}`);

    const byTitle = new Map<string, TestCase[]>();
    for (const c of run.cases) byTitle.set(c.title, [...(byTitle.get(c.title) ?? []), c]);

    const known = new Set(checklist.items.map((i) => i.id));
    const results: ItemResult[] = checklist.items.map((item) => {
        if (item.notApplicable !== undefined) return { item, verdict: 'n/a', tests: [] };
        let ok = true;
        const tests = item.tests.map((title): TestOutcome => {
            const cases = byTitle.get(title) ?? [];
            if (!idsInTitle(title).includes(item.id)) {
                problems.push(`${item.id}: test "${title}" does not carry [${item.id}] in its title`);
                ok = false;
            }
            if (cases.length === 0) {
                problems.push(`${item.id}: test "${title}" does not exist in the test run`);
                ok = false;
                return { title, status: 'missing', files: [], at: [] };
            }
            const status = combine(cases);
            const files = [...new Set(cases.map((c) => c.file))];
            if (status !== 'passed') {
                problems.push(`${item.id}: test "${title}" ${status} (${files.join(', ')})`);
                ok = false;
            }
            return { title, status, files, at: cases.map((c) => ({ file: c.file, line: c.line })) };
        });
        return { item, verdict: ok ? 'pass' : 'fail', tests };
    });

    const unknownSeen = new Set<string>();
    for (const c of run.cases) {
        for (const id of idsInTitle(c.title)) {
            const key = `${id}\u0000${c.title}`;
            if (known.has(id) || unknownSeen.has(key)) continue;
            unknownSeen.add(key);
            problems.push(`${c.file}: test "${c.title}" carries [${id}], which no checklist item has`);
        }
    }

    const totals = (Object.keys(CATEGORIES) as Category[]).map((category) => {
        const inCat = results.filter((r) => r.item.category === category);
        return {
            category,
            items: inCat.length,
            passed: inCat.filter((r) => r.verdict === 'pass').length,
            failed: inCat.filter((r) => r.verdict === 'fail').length,
            notApplicable: inCat.filter((r) => r.verdict === 'n/a').length,
        };
    });
    if (opts.minItems !== undefined && checklist.items.length < opts.minItems) {
        problems.push(`the checklist holds ${checklist.items.length} items; at least ${opts.minItems} are required`);
    }
    if (opts.everyCategory) {
        for (const t of totals)
            if (t.items === 0) problems.push(`category ${t.category} (${CATEGORIES[t.category]}) has no items`);
    }
    return { items: results, totals, problems };
}
