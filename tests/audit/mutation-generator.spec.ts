/**
 * The mutation tool's generator on a small FunC fixture: every operator proposes exactly the
 * intended edits, nothing in a comment or string is touched, commuting arguments and duplicate
 * sources are left out, and the fixed-seed sample replays.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { mutantsOfSource, sampleMutants } from '../../audits/tools/mutation/generator';
import { OPERATORS } from '../../audits/tools/mutation/operators';
import { maskNonCode } from '../../audits/tools/mutation/source';
import { recordFileRun, renderFileRuns } from '../../audits/tools/mutation/files';
import { buildReport } from '../../audits/tools/mutation/report';
import { MutantResult } from '../../audits/tools/mutation/runner';
import {
    classifySpecRun,
    contractSourcesDigest,
    JestRun,
    mutantCacheKey,
    SpecOutcome,
    verdictOf,
} from '../../audits/tools/mutation/worker';

const FIXTURE = readFileSync(join(__dirname, 'fixtures/mutation/fixture.fc'), 'utf8');

/** [operator, line, the changed line after the edit] of every mutant of the fixture, in order. */
const EXPECTED: [string, number, string][] = [
    ['const-off-by-one', 2, 'const int LIMIT = 0x11;'],
    ['const-off-by-one', 2, 'const int LIMIT = 0xf;'],
    ['const-off-by-one', 3, 'const int PREFIX = 0xC401;   ;; (BOUNCEABLE << 11) | 0x400'],
    ['const-off-by-one', 3, 'const int PREFIX = 0xC3FF;   ;; (BOUNCEABLE << 11) | 0x400'],
    ['bounce-flag', 3, 'const int PREFIX = 0x8400;   ;; (BOUNCEABLE << 11) | 0x400'],
    ['delete-throw', 6, ''],
    ['const-off-by-one', 6, 'throw_unless(402, a == b);'],
    ['const-off-by-one', 6, 'throw_unless(400, a == b);'],
    ['cmp-negate', 6, 'throw_unless(401, a != b);'],
    ['arith-swap', 7, 'int c = a - b;'],
    ['arith-swap', 8, 'c += LIMIT;'],
    ['cmp-negate', 9, 'if (c >= 0) {'],
    ['cmp-boundary', 9, 'if (c <= 0) {'],
    ['const-off-by-one', 9, 'if (c < 1) {'],
    ['const-off-by-one', 9, 'if (c < -1) {'],
    ['early-return', 10, ''],
    ['loop-exit', 12, 'repeat (b + 1) {'],
    ['loop-exit', 12, 'repeat (b - 1) {'],
    ['arith-swap', 13, 'c -= 1;'],
    ['const-off-by-one', 13, 'c += 2;'],
    ['const-off-by-one', 13, 'c += 0;'],
    ['delete-reserve', 15, ''],
    ['send-mode', 15, 'raw_reserve(c, RESERVE_AT_MOST);'],
    ['bounce-flag', 16, 'send_inline(NON_BOUNCEABLE, to, min(a, b), "a > b", SEND_MODE_CARRY_ALL_BALANCE);'],
    ['send-mode', 16, 'send_inline(BOUNCEABLE, to, min(a, b), "a > b", SEND_MODE_CARRY_ALL_REMAINING_MESSAGE_VALUE);'],
    [
        'send-mode',
        16,
        'send_inline(BOUNCEABLE, to, min(a, b), "a > b", SEND_MODE_CARRY_ALL_BALANCE + SEND_MODE_IGNORE_ERRORS);',
    ],
    ['delete-save', 17, ''],
    ['swap-args', 15, 'raw_reserve(RESERVE_REGULAR, c);'],
    ['swap-args', 16, 'send_inline(to, BOUNCEABLE, min(a, b), "a > b", SEND_MODE_CARRY_ALL_BALANCE);'],
    ['swap-args', 16, 'send_inline(BOUNCEABLE, min(a, b), to, "a > b", SEND_MODE_CARRY_ALL_BALANCE);'],
    ['swap-args', 16, 'send_inline(BOUNCEABLE, to, "a > b", min(a, b), SEND_MODE_CARRY_ALL_BALANCE);'],
    ['swap-args', 16, 'send_inline(BOUNCEABLE, to, min(a, b), SEND_MODE_CARRY_ALL_BALANCE, "a > b");'],
];

describe('mutation tool: generator', () => {
    const mutants = mutantsOfSource('fixture.fc', FIXTURE);

    // A generator that silently skips a site (or invents one) makes the kill rate meaningless:
    // the fixture has one site per operator and the full list of mutants is pinned.
    it('[BLD-530] every operator produces exactly the expected mutants of the fixture', () => {
        expect(mutants.map((m) => [m.operator, m.line, m.after])).toEqual(EXPECTED);
        const used = new Set(mutants.map((m) => m.operator));
        expect(OPERATORS.filter((o) => !used.has(o))).toEqual([]);
        const loops = mutantsOfSource(
            'x.fc',
            '() f() impure {\n    while (x) {\n    }\n    do {\n    } until (y);\n}\n',
        );
        expect(loops.map((m) => [m.operator, m.after])).toEqual([
            ['loop-exit', 'while (true) {'],
            ['loop-exit', '} until (false);'],
        ]);
    });

    // Each mutant is the fixture with one edit: the same file but for the changed line (deleted
    // statements leave their line empty).
    it('[BLD-530] each mutant differs from the source in exactly its own line', () => {
        const lines = FIXTURE.split('\n');
        for (const m of mutants) {
            const out = m.source.split('\n');
            expect(out.length).toBe(lines.length);
            const changed = out.map((l, i) => (l === lines[i] ? -1 : i + 1)).filter((i) => i > 0);
            expect(changed).toEqual([m.line]);
            expect(m.before).toBe(lines[m.line - 1].trim());
        }
    });

    // Comments and strings are not code: `a < b` in the comment and `"a > b"` produce nothing, and
    // min(a, b) (commuting) and throw_unless's arguments (delete-throw's mutant again) are not swapped.
    it('[BLD-530] comments, strings, commuting and throw arguments are never mutated', () => {
        expect(mutants.filter((m) => m.line === 1)).toEqual([]);
        expect(mutants.some((m) => m.after.includes('"a < b"') || m.after.includes('"a >= b"'))).toBe(false);
        expect(mutants.some((m) => m.after.includes('min(b, a)'))).toBe(false);
        expect(mutants.some((m) => m.after.startsWith('throw_unless(a == b'))).toBe(false);
        expect(maskNonCode(';; x\n{- a {- b -} c -} "s"u y').replace(/\s+/g, ' ')).toBe(' "___ y');
    });

    // An edit that gives back the original, or a source another edit already gave, is no mutant;
    // ids are unique.
    it('[BLD-530] mutants are deduplicated by their source and carry unique ids', () => {
        expect(new Set(mutants.map((m) => m.source)).size).toBe(mutants.length);
        expect(new Set(mutants.map((m) => m.id)).size).toBe(mutants.length);
        const same = mutantsOfSource('x.fc', '() f() impure {\n    while (true) {\n    }\n}\n');
        expect(same.map((m) => [m.operator, m.after])).toEqual([['const-off-by-one', 'while (false) {']]);
    });

    // The CI sample must be the same mutants on every machine: a fixed seed draws a fixed subset.
    it('[BLD-530] a seeded sample is a stable subset in source order', () => {
        const ids = mutants.map((m) => m.id);
        const a = sampleMutants(ids, 10, 7);
        expect(sampleMutants(ids, 10, 7)).toEqual(a);
        expect(a.length).toBe(10);
        expect(a.every((id, i) => i === 0 || ids.indexOf(id) > ids.indexOf(a[i - 1]))).toBe(true);
        expect(sampleMutants(ids, 10, 8)).not.toEqual(a);
        expect(sampleMutants(ids, 1000, 7)).toEqual(ids);
    });
});

/** One spec file's jest result, shaped as jest-circus 29 reports it. */
function run(file: Partial<JestRun['testResults'][number]>, counts: Partial<JestRun> = {}): JestRun {
    return {
        numFailedTests: 0,
        numFailedTestSuites: 0,
        numRuntimeErrorTestSuites: 0,
        testResults: [{ testResults: [], ...file }],
        ...counts,
    };
}
const pass = { title: 'a', status: 'passed', failureMessages: [] };

describe('mutation tool: judging a spec run', () => {
    // A kill must come from a test that saw the code misbehave. A failed test or hook is one (a
    // failed beforeAll is reported by jest on the tests under it, which the fail-fast environment
    // skips: status pending with the hook's error).
    it('[BLD-530] a failed test or a failed hook kills; a clean run passes', () => {
        expect(
            classifySpecRun(
                run(
                    { testResults: [pass, { title: 'b', status: 'failed', failureMessages: ['Error: x'] }] },
                    { numFailedTests: 1, numFailedTestSuites: 1 },
                ),
            ),
        ).toEqual({ kind: 'failed', test: 'b' });
        const hook = run(
            {
                failureMessage: '● d › t',
                testResults: [
                    { title: 't', status: 'pending', failureMessages: ['Error: deploy exited 9\n    at beforeAll'] },
                ],
            },
            { numFailedTestSuites: 1 },
        );
        expect(classifySpecRun(hook)).toEqual({
            kind: 'failed',
            test: 't (a hook before it failed: Error: deploy exited 9)',
        });
        expect(classifySpecRun(run({ testResults: [pass] }))).toEqual({ kind: 'passed' });
    });

    // A spec that does not run (a module that fails to load or throws on import, an error outside
    // every test, an afterAll, no file run at all) says nothing about the mutant.
    it('[BLD-530] a spec that fails to run is broken, not a kill', () => {
        const missing = run(
            {
                testExecError: { message: "Cannot find module '../toolkit/gone' from 'tests/x.spec.ts'", stack: '' },
                failureMessage: '● Test suite failed to run',
            },
            { numRuntimeErrorTestSuites: 1 },
        );
        expect(classifySpecRun(missing)).toEqual({
            kind: 'broken',
            error: "Cannot find module '../toolkit/gone' from 'tests/x.spec.ts'",
        });
        const afterAll = run(
            { testExecError: { message: '', stack: 'Error: teardown\n at afterAll' }, testResults: [pass] },
            { numFailedTestSuites: 1 },
        );
        expect(classifySpecRun(afterAll)).toEqual({ kind: 'broken', error: 'Error: teardown' });
        expect(classifySpecRun(run({ failureMessage: 'worker crashed' }, { numFailedTestSuites: 1 }))).toEqual({
            kind: 'broken',
            error: 'worker crashed',
        });
        expect(
            classifySpecRun({
                numFailedTests: 0,
                numFailedTestSuites: 0,
                numRuntimeErrorTestSuites: 0,
                testResults: [],
            }),
        ).toEqual({ kind: 'broken', error: 'no test file ran' });
    });

    // Broken with the mutant and passing with the original code: the mutant broke it (killed).
    // Broken with the original too: set aside; a later spec may still kill, otherwise the mutant
    // is not judged (an error, never a kill, never a survivor).
    it('[BLD-530] a broken spec kills only when it passes with the original code', () => {
        const broken: SpecOutcome = { kind: 'broken', error: 'Cannot find module' };
        const passed: SpecOutcome = { kind: 'passed' };
        let asked = 0;
        const original = (o: SpecOutcome) => () => (asked++, o);
        expect(verdictOf([{ spec: 'a', outcome: broken, original: original(passed) }])).toEqual({
            failed: true,
            killer: {
                spec: 'a',
                test: '(fails to run with this mutant, passes with the original code: Cannot find module)',
            },
            broken: [],
        });
        expect(verdictOf([{ spec: 'a', outcome: broken, original: original(broken) }])).toEqual({
            failed: false,
            broken: [{ spec: 'a', error: 'fails to run with the original code too: Cannot find module' }],
        });
        expect(
            verdictOf([
                { spec: 'a', outcome: broken, original: original({ kind: 'failed', test: 't' }) },
                { spec: 'b', outcome: { kind: 'failed', test: 'u' }, original: original(passed) },
            ]),
        ).toEqual({
            failed: true,
            killer: { spec: 'b', test: 'u' },
            broken: [{ spec: 'a', error: 'fails with the original code too: t' }],
        });
        expect(verdictOf([{ spec: 'a', outcome: passed, original: original(passed) }])).toEqual({
            failed: false,
            broken: [],
        });
        expect(asked).toBe(4);
    });

    // A spec whose test or hook fails with the original code too (seen in a file run: the HTML
    // report's beforeAll could not find Chromium on a machine without it, and "killed" a revenue.fc
    // mutant) proves nothing about the mutant: set aside like a broken one; a failure that passes
    // with the original code is a kill.
    it('[BLD-530] a failing spec kills only when it passes with the original code', () => {
        const hook: SpecOutcome = {
            kind: 'failed',
            test: '[DOC-524] threats (a hook before it failed: Error: Browser was not found)',
        };
        expect(verdictOf([{ spec: 'h', outcome: hook, original: () => hook }])).toEqual({
            failed: false,
            broken: [{ spec: 'h', error: `fails with the original code too: ${hook.test}` }],
        });
        expect(verdictOf([{ spec: 'h', outcome: hook, original: () => ({ kind: 'passed' }) }])).toEqual({
            failed: true,
            killer: { spec: 'h', test: hook.test },
            broken: [],
        });
        expect(
            verdictOf([
                { spec: 'h', outcome: hook, original: () => hook },
                { spec: 'k', outcome: { kind: 'failed', test: 'k1' }, original: () => ({ kind: 'passed' }) },
            ]),
        ).toEqual({
            failed: true,
            killer: { spec: 'k', test: 'k1' },
            broken: [{ spec: 'h', error: `fails with the original code too: ${hook.test}` }],
        });
    });
});

describe('mutation tool: full runs file by file', () => {
    const m = (file: string, id: string, status: MutantResult['status']): MutantResult => ({
        id: `${file}:${id}`,
        file,
        line: 1,
        operator: 'cmp-negate',
        before: 'a',
        after: id,
        contracts: ['C'],
        status,
    });
    const report = (ms: MutantResult[], elapsedMs: number) =>
        buildReport(ms, {
            kind: 'full',
            commit: 'abc',
            inputsHash: 'h',
            date: '2026-12-03T06:00:00.000Z',
            target: 0.9,
            workers: 1,
            timeoutMs: 900_000,
            elapsedMs,
            specDurations: {},
            specKills: {},
        });

    // Per-file figures must be those of one complete run of the file, never a mix: a newer run of
    // a file replaces its older results, other files keep theirs, and what was not run is named.
    it('[BLD-530] a newer run of a file replaces its results; files never run are listed as not run', () => {
        let r = recordFileRun(
            { runs: [], files: {}, mutants: [] },
            report([m('c/a.fc', '1', 'killed'), m('c/b.fc', '2', 'survived')], 60_000),
            ['c/a.fc', 'c/b.fc'],
            'run 1',
        );
        r = recordFileRun(r, report([m('c/b.fc', '2', 'killed')], 30_000), ['c/b.fc'], 'run 2');
        expect(r.runs.map((x) => [x.command, x.files])).toEqual([
            ['run 1', ['c/a.fc']],
            ['run 2', ['c/b.fc']],
        ]);
        expect(r.files).toEqual({ 'c/a.fc': 0, 'c/b.fc': 1 });
        expect(r.mutants.map((x) => [x.id, x.status])).toEqual([
            ['c/a.fc:1', 'killed'],
            ['c/b.fc:2', 'killed'],
        ]);
        expect(() => recordFileRun(r, report([m('c/d.fc', '4', 'killed')], 1), ['c/a.fc'], 'x')).toThrow(
            'outside its files',
        );
        const now = [m('c/a.fc', '1', 'killed'), m('c/b.fc', '2', 'killed'), m('c/c.fc', '3', 'killed')].map((x) => ({
            ...x,
            source: '',
        }));
        const md = renderFileRuns(r, [{ name: 'C', target: 'c/main.fc', dir: 'c' }], now, []);
        expect(md).toContain('| C | 2 of 3 | 2 of 3 | c.fc |');
        expect(md).toContain('| C (2 of 3 files) | 2 | 0 | 2 | 0 | 0 | 2 | 0 | 0 | 0 | 100.0% | 0 | 0 | 100.0% |');
    });
});

describe('mutation tool: the build cache', () => {
    // Fault seen on a real run: the tree changed under a run (a rebase) and a later run reused
    // builds of the mutated file made on the other files' old sources, because the cache was keyed by
    // the mutated file alone. Must hold: the key of the same mutant changes when any other FunC file
    // of the tree changes, and comes back when the tree does; non-FunC files do not count.
    it('[BLD-530] a cached mutant build is keyed by every contract source, not only the mutated file', () => {
        const dir = mkdtempSync(join(tmpdir(), 'mutation-cache-'));
        try {
            mkdirSync(join(dir, 'contracts/pool'), { recursive: true });
            writeFileSync(join(dir, 'contracts/pool/fees.fc'), 'int f() inline { return 1; }\n');
            writeFileSync(join(dir, 'contracts/pool/workers.fc'), '() w(slice a, slice b) impure inline { }\n');
            const key = () =>
                mutantCacheKey(
                    'contracts/pool/pool_payout.fc',
                    'contracts/pool/fees.fc',
                    'int f() inline { return 2; }\n',
                    contractSourcesDigest(dir),
                );
            const before = key();
            writeFileSync(join(dir, 'contracts/pool/notes.md'), 'not FunC');
            expect(key()).toBe(before);
            writeFileSync(join(dir, 'contracts/pool/workers.fc'), '() w(slice a, slice b, int c) impure inline { }\n');
            const changed = key();
            expect(changed).not.toBe(before);
            writeFileSync(join(dir, 'contracts/pool/workers.fc'), '() w(slice a, slice b) impure inline { }\n');
            expect(key()).toBe(before);
            expect(
                mutantCacheKey(
                    'contracts/pool/pool_payout.fc',
                    'contracts/pool/fees.fc',
                    'int f() inline { return 0; }\n',
                    contractSourcesDigest(dir),
                ),
            ).not.toBe(before);
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });
});
