/**
 * The mutation tool's bookkeeping across runs: mutant ids that name one mutant across files and
 * stay put when other lines move (what `--only <hash>` and the reviews rely on), and a --file run
 * stopped before its end (a deadline) recorded as partial, with counts, never as a full run, and
 * the order in which a mutant meets the specs.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { carriedResults, recordFileRun, renderFileRuns, wallPerMutant } from '../../audits/tools/mutation/files';
import { mutantsOfSource } from '../../audits/tools/mutation/generator';
import { orderSpecs } from '../../audits/tools/mutation/oracle';
import { buildReport } from '../../audits/tools/mutation/report';
import { MutantResult } from '../../audits/tools/mutation/runner';

const FIXTURE = readFileSync(join(__dirname, 'fixtures/mutation/fixture.fc'), 'utf8');
const suffix = (id: string) => id.split(':').pop()!;

/** A one-worker, complete --file run's report of `ms`, with what a test sets differently. */
const fileReport = (ms: MutantResult[], meta: Partial<Parameters<typeof buildReport>[1]> = {}) =>
    buildReport(ms, {
        kind: 'full',
        commit: 'abc',
        inputsHash: 'h',
        date: '2026-12-03T10:30:00.000Z',
        planned: ms.length,
        target: 0.9,
        workers: 1,
        timeoutMs: 900_000,
        elapsedMs: 60_000,
        specDurations: {},
        specKills: {},
        ...meta,
    });

describe('mutation tool: mutant ids', () => {
    // The same source in two files gave the same hash suffixes before (the hash was over the edit's
    // offsets only), so `--only <hash>` could pick mutants of another file. Now the file is hashed.
    it('[BLD-530] the same edit in two files gets two different hash suffixes', () => {
        const a = mutantsOfSource('contracts/a.fc', FIXTURE).map((m) => suffix(m.id));
        const b = mutantsOfSource('contracts/b.fc', FIXTURE).map((m) => suffix(m.id));
        expect(new Set(a).size).toBe(a.length);
        expect(a.filter((h) => b.includes(h))).toEqual([]);
    });

    // A line added above (or a comment edited) moves every mutant down but changes none of them:
    // each keeps its hash, and only the line number in its id moves.
    it('[BLD-530] a mutant keeps its hash when lines above it move', () => {
        const before = mutantsOfSource('contracts/a.fc', FIXTURE);
        const after = mutantsOfSource('contracts/a.fc', ';; a new first line\n' + FIXTURE);
        expect(after.map((m) => suffix(m.id))).toEqual(before.map((m) => suffix(m.id)));
        expect(after.map((m) => m.line)).toEqual(before.map((m) => m.line + 1));
    });

    // Two identical lines give the same edit twice (same file, operator and lines): the nth
    // occurrence is hashed too, so the two mutants still have distinct ids.
    it('[BLD-530] identical lines give distinct ids', () => {
        const src = '() f(int a) impure {\n    throw_unless(401, a == 1);\n    throw_unless(401, a == 1);\n}\n';
        const ms = mutantsOfSource('contracts/a.fc', src).filter((m) => m.operator === 'cmp-negate');
        expect(ms.map((m) => [m.line, m.after])).toEqual([
            [2, 'throw_unless(401, a != 1);'],
            [3, 'throw_unless(401, a != 1);'],
        ]);
        expect(suffix(ms[0].id)).not.toBe(suffix(ms[1].id));
    });
});

describe('mutation tool: a stopped run', () => {
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
    const report = (ms: MutantResult[], elapsedMs: number, complete?: boolean) =>
        fileReport(ms, { complete, planned: 3, elapsedMs });
    const contracts = [{ name: 'C', target: 'c/main.fc', dir: 'c' }];
    const now = [
        m('c/a.fc', '1', 'killed'),
        m('c/b.fc', '2', 'killed'),
        m('c/b.fc', '3', 'killed'),
        m('c/c.fc', '4', 'killed'),
    ].map((x) => ({ ...x, source: '' }));

    // A run of b.fc stopped after one of its two mutants: b.fc is named as partial with its counts
    // (not as run), the run as stopped, and the estimate counts b.fc's one mutant left and c.fc's.
    it('[BLD-530] a run stopped halfway is shown as partial with counts, and its files stay not fully run', () => {
        let r = recordFileRun(
            { runs: [], files: {}, mutants: [] },
            report([m('c/a.fc', '1', 'killed')], 60_000),
            ['c/a.fc'],
            'run a',
        );
        r = recordFileRun(r, report([m('c/b.fc', '2', 'killed')], 30_000, false), ['c/b.fc'], 'run b');
        expect(r.runs.map((x) => [x.command, x.complete])).toEqual([
            ['run a', true],
            ['run b', false],
        ]);
        const md = renderFileRuns(r, contracts, now, []);
        expect(md).toContain('| C | 1 of 3 | 1 of 4 | b.fc (partial: 1 of 2 mutants), c.fc |');
        expect(md).toContain(
            '| `run b` | `abc` | **stopped** (last result 2026-12-03 10:30 UTC) | 1 | 0.5 min | 0.0 min (0.0 min) | 1 | 1 (partial) |',
        );
        expect(md).toContain(
            '| c/b.fc (partial: 1 of 2 mutants) | 1 | 0 | 1 | 0 | 0 | 1 | 0 | 0 | 0 | 100.0% | 0 | 0 | 100.0% |',
        );
        // (60 s + 30 s) / 2 mutants = 45 s per mutant, 2 left
        expect(wallPerMutant(r).get('C')).toBe(45_000);
        expect(md).toContain('| C | b.fc 1, c.fc 1 | 2 | 45 s | ~2 min |');
        // the run finished later: b.fc is fully run
        r = recordFileRun(
            r,
            report([m('c/b.fc', '2', 'killed'), m('c/b.fc', '3', 'killed')], 50_000),
            ['c/b.fc'],
            'run b',
        );
        expect(renderFileRuns(r, contracts, now, [])).toContain('| C | 2 of 3 | 3 of 4 | c.fc |');
    });

    // A partial run's mutants must still be among those generated now; one that is not (the file
    // changed since) makes the file stale, not partial.
    it('[BLD-530] a partial file whose mutants are no longer generated is stale', () => {
        const r = recordFileRun(
            { runs: [], files: {}, mutants: [] },
            report([m('c/b.fc', '9', 'killed')], 30_000, false),
            ['c/b.fc'],
            'run b',
        );
        expect(renderFileRuns(r, contracts, now, [])).toContain(
            '| C | 0 of 3 | 0 of 4 | a.fc, b.fc (stale: changed since its run), c.fc |',
        );
    });
});

describe('mutation tool: a stale record', () => {
    const contracts = [{ name: 'C', target: 'c/main.fc', dir: 'c' }];
    const recorded = (src: string): MutantResult[] =>
        mutantsOfSource('c/a.fc', src).map(({ source, ...m }, i) => ({
            ...m,
            contracts: ['C'],
            status: i === 0 ? 'survived' : 'killed',
        }));
    const run = (ms: MutantResult[]) =>
        recordFileRun(
            { runs: [], files: {}, mutants: [] },
            fileReport(ms, { date: '2026-12-07T01:00:00.000Z' }),
            ['c/a.fc'],
            'run a',
        );

    // Fault seen on the real records: a comment line added at the top of ledger.fc moved every
    // mutant's line, their ids (file:line:operator:hash) no longer matched, and the whole file's run
    // was shown as stale although not one mutant had changed. Must hold: a file whose mutants are the
    // same by file, operator and hash is still fully run, and its survivors are listed at their lines now.
    it('[BLD-530] a stale record is one whose mutants changed, not one whose lines moved', () => {
        const r = run(recorded(FIXTURE));
        const moved = mutantsOfSource('c/a.fc', ';; a new first line\n' + FIXTURE);
        const md = renderFileRuns(r, contracts, moved, []);
        expect(md).not.toContain('stale');
        expect(md).toContain(`| C | 1 of 1 | ${moved.length} of ${moved.length} | none: fully run |`);
        const survivor = r.mutants.find((m) => m.status === 'survived')!;
        const now = moved.find((m) => suffix(m.id) === suffix(survivor.id))!;
        expect(now.line).toBe(survivor.line + 1);
        expect(md).toContain(`- \`${now.id}\` (survived)`);
        expect(md).not.toContain(`- \`${survivor.id}\``);
    });

    // A file of which one line changed (or a run stopped halfway) need not be run whole again:
    // `--resume` carries the recorded results of the mutants still generated and runs the rest.
    // Must hold: exactly the unchanged mutants are carried, at their ids now and marked with the run
    // that judged them; with the new ones judged the file is fully run again, and the carried ones
    // count neither in the new run's test time nor in its wall time per mutant.
    it('[BLD-530] --resume carries the results of unchanged mutants and runs only the changed ones', () => {
        const r = run(recorded(FIXTURE));
        const src = ';; moved\n' + FIXTURE.replace('c -= LIMIT;', 'c -= LIMIT + 1;');
        const now = mutantsOfSource('c/a.fc', src);
        const carried = carriedResults(r, ['c/a.fc'], now);
        const same = now.filter((m) => r.mutants.some((x) => suffix(x.id) === suffix(m.id)));
        const fresh = now.filter((m) => !same.includes(m));
        expect(fresh.map((m) => m.before)).toEqual(fresh.map(() => 'c -= LIMIT + 1;'));
        expect(fresh.length).toBeGreaterThan(0);
        expect(carried.map((m) => m.id).sort()).toEqual(same.map((m) => m.id).sort());
        expect(carried.every((m) => m.carried?.commit === 'abc' && m.carried.date === '2026-12-07T01:00:00.000Z')).toBe(
            true,
        );
        const judged: MutantResult[] = fresh.map(({ source, ...m }) => ({
            ...m,
            contracts: ['C'],
            status: 'killed',
            ms: 1000,
        }));
        const report = fileReport([...carried, ...judged], {
            commit: 'def',
            inputsHash: 'h2',
            date: '2026-12-07T02:00:00.000Z',
            elapsedMs: 30_000,
        });
        expect(report.testMs).toBe(1000 * fresh.length);
        const next = recordFileRun(r, report, ['c/a.fc'], 'run a --resume');
        const md = renderFileRuns(next, contracts, now, []);
        expect(md).toContain(`| C | 1 of 1 | ${now.length} of ${now.length} | none: fully run |`);
        expect(md).toContain(`| ${now.length} (${carried.length} carried from earlier runs) |`);
        expect(wallPerMutant(next).get('C')).toBe(30_000 / fresh.length);
        // carried again by a later --resume, a result keeps the run that judged it
        expect(carriedResults(next, ['c/a.fc'], now).find((m) => m.id === carried[0].id)?.carried?.commit).toBe('abc');
    });

    // The other side: an edit to a mutated line (the mutants of it are new ones) must still make the
    // file stale, and so must a mutant recorded that is generated no more.
    it('[BLD-530] a stale record is one whose mutants changed: an edited line makes its file stale', () => {
        const r = run(recorded(FIXTURE));
        const edited = mutantsOfSource('c/a.fc', FIXTURE.replace('c -= LIMIT;', 'c -= LIMIT + 1;'));
        const md = renderFileRuns(r, contracts, edited, []);
        expect(md).toContain('| C | 0 of 1 | 0 of ' + edited.length + ' | a.fc (stale: changed since its run) |');
        // what is left to run is what --resume would run: the edited line's mutants, not the file
        const held = new Set(r.mutants.map((m) => suffix(m.id)));
        const left = edited.filter((m) => !held.has(suffix(m.id))).length;
        expect(left).toBeLessThan(edited.length / 2);
        expect(md).toContain(`| C | a.fc ${left} | ${left} |`);
    });
});

describe('mutation tool: spec order', () => {
    const ROOT = join(__dirname, '../..');
    // The CI sample timed out (900 s) on an attributed.fc mutant that tests/payout/attributed.spec.ts
    // kills in seconds: the spec also deploys EarningsAddress, so it was not "own" to PoolPayout and
    // went behind every other PoolPayout spec. The spec named like the mutated file must come first
    // whatever else it exercises and however long it takes; the rest keep kills per second.
    it('[BLD-530] the spec named like the mutated file runs first even when it exercises another contract too', () => {
        const specs = [
            'tests/payout/batch.spec.ts',
            'tests/cocoon/attributed-e2e.spec.ts',
            'tests/payout/attributed.spec.ts',
            'tests/payout/reserve.spec.ts',
        ];
        const own = (s: string) => s === 'tests/payout/batch.spec.ts' || s === 'tests/payout/reserve.spec.ts';
        const durations = {
            'tests/payout/attributed.spec.ts': 300_000,
            'tests/payout/batch.spec.ts': 1_000,
            'tests/payout/reserve.spec.ts': 2_000,
            'tests/cocoon/attributed-e2e.spec.ts': 200_000,
        };
        expect(orderSpecs(ROOT, specs, durations, {}, own, 'contracts/pool/attributed.fc')).toEqual([
            'tests/payout/attributed.spec.ts',
            'tests/payout/batch.spec.ts',
            'tests/payout/reserve.spec.ts',
            'tests/cocoon/attributed-e2e.spec.ts',
        ]);
        // batch.fc meets batch.spec.ts first, then by kills per second
        expect(
            orderSpecs(ROOT, specs, durations, { 'tests/payout/reserve.spec.ts': 3 }, own, 'contracts/pool/batch.fc'),
        ).toEqual([
            'tests/payout/batch.spec.ts',
            'tests/payout/reserve.spec.ts',
            'tests/cocoon/attributed-e2e.spec.ts',
            'tests/payout/attributed.spec.ts',
        ]);
    });
});
