/**
 * The audit checker (`npm run audit:check`) is the auditor's guarantee that every checklist item
 * is proven on this commit. These tests feed it small fixture checklists and jest results and show
 * it catches each way an item can be unproven, and each way a fragment can be malformed.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { runAudit } from '../../audits/tools/audit-check';
import { checkAudit } from '../../audits/tools/check';
import { loadChecklist, parseFragments } from '../../audits/tools/checklist';
import { renderChecklist, renderReport } from '../../audits/tools/render';
import { loadJestResults, parseJestJson, TestRun } from '../../audits/tools/results';
import { RunRecord } from '../../audits/tools/run-record';

const FIXTURES = join(__dirname, 'fixtures');
const fixtureJson = () => JSON.parse(readFileSync(join(FIXTURES, 'jest-results.json'), 'utf8'));
const fixtureRun = (): TestRun => parseJestJson(fixtureJson(), '/repo');

/** One item as YAML, with the given proof lines. */
function item(id: string, proof: string, extra = ''): string {
    const cat = id.split('-')[0];
    return `- id: ${id}\n  category: ${cat}\n  property: p\n  impact: i\n${proof}${extra}`;
}
const tests = (...titles: string[]) => `  tests:\n${titles.map((t) => `    - "${t}"\n`).join('')}`;

/** A run holding the given (title, status) pairs in one file. */
function run(...cases: [string, string][]): TestRun {
    return parseJestJson(
        {
            testResults: [
                {
                    name: '/repo/tests/x.spec.ts',
                    status: 'passed',
                    assertionResults: cases.map(([title, status]) => ({ title, status })),
                },
            ],
        },
        '/repo',
    );
}

function problemsOf(yaml: string, r: TestRun): string[] {
    return checkAudit(parseFragments([{ source: 'f.yaml', text: yaml }]), r).problems;
}

describe('audit:check', () => {
    // A complete fixture: every item proven by passing tests or reasoned N/A. Nothing may be reported,
    // and the rendered views must list each item with its tests.
    it('[DOC-500] a checklist whose every item is proven or reasoned N/A passes and renders both views', () => {
        const checklist = loadChecklist(join(FIXTURES, 'checklist'));
        expect(checklist.problems).toEqual([]);
        expect(checklist.items.map((i) => i.id)).toEqual(['ACC-901', 'FIN-901', 'UPG-901']);
        const result = checkAudit(checklist, fixtureRun());
        expect(result.problems).toEqual([]);
        expect(result.items.map((r) => r.verdict)).toEqual(['pass', 'pass', 'n/a']);
        expect(result.totals.find((t) => t.category === 'ACC')).toEqual({
            category: 'ACC',
            items: 1,
            passed: 1,
            failed: 0,
            notApplicable: 0,
        });

        const md = renderChecklist(checklist.items);
        expect(md).toContain(
            'ACC-901 | Only the owner can withdraw. | Anyone could drain the commission. | `[ACC-901] withdraw from a stranger is rejected`<br>`[ACC-901] withdraw from the owner succeeds` |',
        );
        expect(md).toContain('FIN-901 | Pipes \\| and folded lines render in one table cell. |');
        expect(md).toContain('N/A: the fixture contract cannot be upgraded');
        const report = renderReport(result, { commit: 'abc123', dirty: false, date: new Date(0) });
        expect(report).toContain('- commit: `abc123`');
        expect(report).toContain('**PASS**: 3 items, 2 proven by passing tests, 1 not applicable, 0 failing');
        expect(report).toContain('| ACC: Access control and ownership | 1 | 1 | 0 | 0 |');
        // Each test links to its file and line (jest's testLocationInResults), each item has an anchor.
        expect(report).toContain(
            'pass: `[ACC-901] withdraw from a stranger is rejected` ([tests/x/a.spec.ts:12](../tests/x/a.spec.ts#L12))',
        );
        expect(report).toContain(
            'pass: `[ACC-901] withdraw from the owner succeeds` ([tests/x/a.spec.ts](../tests/x/a.spec.ts))',
        );
        expect(report).toContain('| <a id="ACC-901"></a>ACC-901 | PASS |');
        expect(md).toContain('| <a id="ACC-901"></a>ACC-901 | Only the owner can withdraw.');
    });

    // Each way an item can be left unproven by the test run: the checker must name the item, the
    // test and the reason, and never count the item as passed.
    describe('unproven items', () => {
        const title = '[ACC-901] works';
        it('[DOC-501] an item naming a test that does not exist fails', () => {
            expect(problemsOf(item('ACC-901', tests(title)), run(['[ACC-901] work', 'passed']))).toEqual([
                'ACC-901: test "[ACC-901] works" does not exist in the test run',
            ]);
        });
        it('[DOC-501] an item whose test failed fails', () => {
            expect(problemsOf(item('ACC-901', tests(title)), run([title, 'failed']))).toEqual([
                'ACC-901: test "[ACC-901] works" failed (tests/x.spec.ts)',
            ]);
        });
        it('[DOC-501] an item whose test was skipped, pending or todo fails', () => {
            for (const status of ['skipped', 'pending', 'todo', 'disabled']) {
                expect(problemsOf(item('ACC-901', tests(title)), run([title, status]))).toEqual([
                    'ACC-901: test "[ACC-901] works" skipped (tests/x.spec.ts)',
                ]);
            }
        });
        it('[DOC-501] an item is failed when one of several same-titled tests failed', () => {
            const r = checkAudit(
                parseFragments([{ source: 'f.yaml', text: item('ACC-901', tests(title)) }]),
                run([title, 'passed'], [title, 'failed']),
            );
            expect(r.items[0].verdict).toBe('fail');
        });
        it('[DOC-501] an item naming a test whose title does not carry its id fails', () => {
            expect(problemsOf(item('ACC-902', tests(title)), run([title, 'passed']))).toEqual([
                'ACC-902: test "[ACC-901] works" does not carry [ACC-902] in its title',
                'tests/x.spec.ts: test "[ACC-901] works" carries [ACC-901], which no checklist item has',
            ]);
        });
        it('[DOC-501] a test title carrying an id no item has fails', () => {
            expect(
                problemsOf(
                    item('ACC-901', tests(title)),
                    run([title, 'passed'], ['[ACC-977] stale id', 'passed'], ['[ACC-977] stale id', 'passed']),
                ),
            ).toEqual(['tests/x.spec.ts: test "[ACC-977] stale id" carries [ACC-977], which no checklist item has']);
        });
        it('[DOC-501] a spec file that failed to run is reported with its reason', () => {
            const r = parseJestJson(
                {
                    testResults: [
                        {
                            name: '/repo/tests/broken.spec.ts',
                            status: 'failed',
                            message: '\n  ● Test suite failed to run\nTS2304',
                            assertionResults: [],
                        },
                    ],
                },
                '/repo',
            );
            expect(problemsOf(item('ACC-901', "  not_applicable: 'x'\n"), r)).toEqual([
                'tests/broken.spec.ts: the spec file failed to run: ● Test suite failed to run',
            ]);
        });
    });

    // Malformed fragments must be reported, never silently counted as items.
    describe('schema', () => {
        const ok = run();
        const cases: [string, string, string][] = [
            [
                'an item with neither tests nor not_applicable',
                item('ACC-901', ''),
                'f.yaml ACC-901: needs exactly one of `tests` or `not_applicable`',
            ],
            [
                'an item with both tests and not_applicable',
                item('ACC-901', tests('[ACC-901] t'), "  not_applicable: 'x'\n"),
                'f.yaml ACC-901: needs exactly one of `tests` or `not_applicable`',
            ],
            [
                'an empty tests list',
                item('ACC-901', '  tests: []\n'),
                'f.yaml ACC-901: `tests` must be a non-empty list of test titles',
            ],
            [
                'an empty not_applicable reason',
                item('ACC-901', "  not_applicable: ''\n"),
                'f.yaml ACC-901: `not_applicable` must give a reason',
            ],
            [
                'a malformed id',
                item('ACC-91', "  not_applicable: 'x'\n"),
                'f.yaml ACC-91: id "ACC-91" is not <CAT>-<NNN>',
            ],
            [
                'an unknown category',
                item('XYZ-901', "  not_applicable: 'x'\n"),
                'f.yaml XYZ-901: category "XYZ" is not one of BLD ACC FIN STO MSG DUP GAS ASY POOL UPG COC TON DOC',
            ],
            [
                'a category differing from the id prefix',
                item('ACC-901', "  not_applicable: 'x'\n").replace('category: ACC', 'category: FIN'),
                'f.yaml ACC-901: category FIN does not match the id prefix ACC',
            ],
            [
                'a missing property',
                item('ACC-901', "  not_applicable: 'x'\n").replace('  property: p\n', ''),
                'f.yaml ACC-901: property is missing or empty',
            ],
            [
                'a missing impact',
                item('ACC-901', "  not_applicable: 'x'\n").replace('  impact: i\n', ''),
                'f.yaml ACC-901: impact is missing or empty',
            ],
            [
                'an unknown key (a typo)',
                item('ACC-901', "  test:\n    - '[ACC-901] t'\n"),
                "f.yaml ACC-901: unknown key 'test'; needs exactly one of `tests` or `not_applicable`",
            ],
            ['a fragment that is not a list', 'id: ACC-901\n', 'f.yaml: the fragment must be a YAML list of items'],
            ['YAML that does not parse', '- id: [ACC-901\n', 'f.yaml: YAML does not parse'],
        ];
        for (const [what, yaml, problem] of cases) {
            it(`[DOC-502] ${what} is reported`, () => {
                const problems = problemsOf(yaml, ok);
                expect(problems).toHaveLength(1);
                expect(problems[0].startsWith(problem)).toBe(true);
            });
        }
        it('[DOC-502] a duplicate id across fragments is reported', () => {
            const text = item('ACC-901', "  not_applicable: 'x'\n");
            const c = parseFragments([
                { source: 'a.yaml', text },
                { source: 'b.yaml', text },
            ]);
            expect(c.problems).toEqual(['b.yaml ACC-901: duplicate id (already in a.yaml)']);
        });
        it('[DOC-502] too few items or an empty category is reported', () => {
            const c = parseFragments([{ source: 'f.yaml', text: item('ACC-901', "  not_applicable: 'x'\n") }]);
            const problems = checkAudit(c, ok, { minItems: 2, everyCategory: true }).problems;
            expect(problems[0]).toBe('the checklist holds 1 items; at least 2 are required');
            expect(problems).toContain('category UPG (Upgrades) has no items');
            expect(problems).toHaveLength(13);
        });
    });

    // The command end to end on a scratch repository: exit codes, written files, and a clear error
    // when `npm test` has not been run.
    describe('command', () => {
        let root: string;
        const HEAD = 'c0ffee0000000000000000000000000000000000';
        const clean = { head: HEAD, dirty: false };
        const HASHES = { PoolPayout: 'aa'.repeat(32), WorkerRegistry: 'bb'.repeat(32) };
        const record = (over: Partial<RunRecord> = {}): RunRecord => ({
            startTime: fixtureJson().startTime,
            commit: HEAD,
            dirty: false,
            codeHashes: { ...HASHES },
            narrowedBy: [],
            ...over,
        });
        const writeRecord = (r: RunRecord) =>
            writeFileSync(join(root, 'reports', 'jest-results.run.json'), JSON.stringify(r));
        beforeEach(() => {
            root = mkdtempSync(join(tmpdir(), 'audit-check-'));
            mkdirSync(join(root, 'audits'));
            cpSync(join(FIXTURES, 'checklist'), join(root, 'audits', 'checklist'), { recursive: true });
            const contracts = Object.fromEntries(Object.entries(HASHES).map(([n, codeHash]) => [n, { codeHash }]));
            writeFileSync(join(root, 'audits', 'code-hashes.json'), JSON.stringify({ compiler: 'x', contracts }));
            // The spec files the fixture results ran, as a full run's tree holds them.
            mkdirSync(join(root, 'tests', 'x'), { recursive: true });
            for (const f of ['a.spec.ts']) writeFileSync(join(root, 'tests', 'x', f), '');
            mkdirSync(join(root, 'reports'));
            // jest writes absolute spec paths: the fixture's /repo is this scratch root.
            writeFileSync(
                join(root, 'reports', 'jest-results.json'),
                readFileSync(join(FIXTURES, 'jest-results.json'), 'utf8').replaceAll('"/repo/', `"${root}/`),
            );
            writeRecord(record());
        });
        afterEach(() => rmSync(root, { recursive: true, force: true }));
        const quiet = { log: () => undefined, error: () => undefined };

        it('[DOC-503] without a jest results file or its run record it tells to run npm test first', () => {
            rmSync(join(root, 'reports', 'jest-results.run.json'));
            expect(() => runAudit({ root, repo: clean, ...quiet })).toThrow(
                /jest-results\.run\.json not found: the results carry no record of what was tested; run `npm test` first/,
            );
            rmSync(join(root, 'reports', 'jest-results.json'));
            expect(() => runAudit({ root, repo: clean, ...quiet })).toThrow(
                /jest-results\.json not found: run `npm test` first/,
            );
            expect(() => loadJestResults(join(FIXTURES, 'checklist', 'alpha.yaml'), root)).toThrow(
                /is not valid JSON .*run `npm test` first/,
            );
        });
        it('[DOC-503] exits 0 on a proven checklist and 1 listing every problem otherwise, writing both views to reports/', () => {
            expect(runAudit({ root, repo: clean, minItems: 3, everyCategory: false, ...quiet })).toBe(0);
            expect(readFileSync(join(root, 'reports', 'REPORT.md'), 'utf8')).toContain('**PASS**');
            expect(readFileSync(join(root, 'reports', 'CHECKLIST.md'), 'utf8')).toContain('ACC-901 |');
            const errors: string[] = [];
            expect(runAudit({ root, repo: clean, minItems: 4, ...quiet, error: (l) => errors.push(l) })).toBe(1);
            expect(errors).toContain('  - the checklist holds 3 items; at least 4 are required');
            expect(readFileSync(join(root, 'reports', 'REPORT.md'), 'utf8')).toContain('**FAIL**');
            expect(existsSync(join(root, 'audits', 'REPORT.md'))).toBe(false);
        });

        // Observed: after `npx blueprint test tests/registry/member.spec.ts`, audit:check rewrote the
        // tracked audits/REPORT.md to "10 proven, 207 failing" and stamped HEAD. Results of part of
        // the suite, of another commit, of a dirty tree or of other code must be refused, with every
        // reason, and nothing written anywhere.
        describe('refused results', () => {
            const refused = (r: RunRecord | undefined, repo = clean, allowDirty = false) => {
                if (r) writeRecord(r);
                const errors: string[] = [];
                const code = runAudit({
                    root,
                    repo,
                    allowDirty,
                    minItems: 3,
                    everyCategory: false,
                    updateAudits: true,
                    ...quiet,
                    error: (l) => errors.push(l),
                });
                expect(
                    existsSync(join(root, 'reports', 'REPORT.md')) || existsSync(join(root, 'audits', 'REPORT.md')),
                ).toBe(false);
                return { code, reasons: errors.filter((e) => e.startsWith('  - ')).map((e) => e.slice(4)) };
            };
            it('[DOC-521] a run narrowed by name or path, or missing a spec file on disk, is refused as partial', () => {
                expect(refused(record({ narrowedBy: ['test path pattern "tests/registry/member.spec.ts"'] }))).toEqual({
                    code: 3,
                    reasons: ['partial run: narrowed by test path pattern "tests/registry/member.spec.ts"'],
                });
                writeRecord(record());
                writeFileSync(join(root, 'tests', 'x', 'c.spec.ts'), '');
                expect(refused(undefined)).toEqual({
                    code: 3,
                    reasons: ['partial run: 1 of 2 spec files did not run (tests/x/c.spec.ts)'],
                });
            });
            it('[DOC-521] results of another commit, another run, a dirty tree or other code hashes are refused', () => {
                const other = 'f00d000000000000000000000000000000000000';
                expect(refused(record({ commit: other }))).toEqual({
                    code: 3,
                    reasons: [`the results are of commit ${other}, HEAD is ${HEAD}`],
                });
                expect(refused(record({ startTime: 1 })).reasons).toEqual([
                    `the run record (started 1970-01-01T00:00:00.001Z) is not of these results (started ${new Date(fixtureJson().startTime).toISOString()})`,
                ]);
                expect(refused(record({ dirty: true })).reasons).toEqual([
                    'the run tested a tree with uncommitted changes (commit them, or pass --allow-dirty for a local look)',
                ]);
                expect(refused(record(), { head: HEAD, dirty: true }).reasons).toEqual([
                    'the tree has uncommitted changes now (commit them, or pass --allow-dirty for a local look)',
                ]);
                expect(refused(record({ codeHashes: { ...HASHES, PoolPayout: 'cc'.repeat(32) } })).reasons).toEqual([
                    `PoolPayout: the run tested code ${'cc'.repeat(32)}, audits/code-hashes.json records ${'aa'.repeat(32)}`,
                ]);
            });
            it('[DOC-521] --allow-dirty accepts a dirty run for a local look, and the report says so', () => {
                writeRecord(record({ dirty: true }));
                expect(
                    runAudit({ root, repo: clean, allowDirty: true, minItems: 3, everyCategory: false, ...quiet }),
                ).toBe(0);
                expect(readFileSync(join(root, 'reports', 'REPORT.md'), 'utf8')).toContain(
                    `- commit: \`${HEAD}\` (with uncommitted changes)`,
                );
            });
        });

        // The tracked views change only on request, and only to a passing report of the recorded commit.
        it('[DOC-522] --update-audits writes audits/REPORT.md and CHECKLIST.md only when the check passes, stamped with the tested commit', () => {
            const errors: string[] = [];
            expect(
                runAudit({
                    root,
                    repo: clean,
                    minItems: 4,
                    updateAudits: true,
                    ...quiet,
                    error: (l) => errors.push(l),
                }),
            ).toBe(1);
            expect(errors).toContain('audits/ was NOT updated: the check failed');
            expect(existsSync(join(root, 'audits', 'REPORT.md'))).toBe(false);
            expect(
                runAudit({ root, repo: clean, minItems: 3, everyCategory: false, updateAudits: true, ...quiet }),
            ).toBe(0);
            const report = readFileSync(join(root, 'audits', 'REPORT.md'), 'utf8');
            expect(report).toContain(`- commit: \`${HEAD}\`\n`);
            expect(report).toContain(`- PoolPayout code hash tested: \`${'aa'.repeat(32)}\``);
            expect(readFileSync(join(root, 'audits', 'CHECKLIST.md'), 'utf8')).toContain('ACC-901 |');
        });
    });
});
