/**
 * `npm run coverage` explains each uncovered range by a note of audits/coverage-notes.json
 * (audits/tools/coverage-notes.ts). Observed on 5a39be1: notes were matched by a range's
 * instructions alone, so after the attributed-revenue change the `DROP; PUSHINT_4 0` reason written
 * for three address checks silently explained seven new ranges: six copies of the reserve floor's
 * empty-ledger branch and the attributed_revenue sender check. A note now names its contract, procedure, instructions, how many ranges it explains and
 * the FunC line they come from; any mismatch explains nothing and fails the run.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { explain, Note, sourceLine, UncoveredRange } from '../../audits/tools/coverage-notes';

const ROOT = join(__dirname, '..', '..');
const FILE = 'contracts/x.fc';
const SOURCE = ['() f() impure {', '    if (a) { return (); }', '    is_std(addr);', '}'].join('\n');
const read = (file: string) => (file === FILE ? SOURCE : undefined);

const range = (over: Partial<UncoveredRange> = {}): UncoveredRange => ({
    contract: 'Pool',
    function: 'recv_internal',
    text: 'DROP; PUSHINT_4 0',
    before: 'A; B; C',
    ...over,
});
const note = (over: Partial<Note> = {}): Note => ({
    contract: 'Pool',
    function: 'recv_internal',
    match: 'DROP; PUSHINT_4 0',
    ranges: 1,
    sources: [{ file: FILE, code: 'is_std(addr)' }],
    why: 'because',
    ...over,
});

describe('coverage notes', () => {
    // A note explains exactly the ranges of its contract, procedure and instructions (and `before`
    // when given), and names the FunC line: file:line of its code in the current source.
    it('[DOC-525] a note explains only the ranges of its contract, procedure and instructions, and names its FunC line', () => {
        const ranges = [
            range(),
            range({ function: 'run_batch' }),
            range({ contract: 'Registry' }),
            range({ text: 'DROP' }),
            range({ before: 'X; Y; Z' }),
        ];
        const { explained, problems } = explain(ranges, [note({ before: 'A; B; C' })], read);
        expect(problems).toEqual([]);
        expect(explained.map((e) => e.note?.why ?? null)).toEqual(['because', null, null, null, null]);
        expect(explained[0].source).toBe('x.fc:3');
        // compiler-generated code (the get-method dispatcher) has no FunC line
        expect(explain([range()], [note({ sources: [] })], read).explained[0].source).toBe('(generated)');
    });

    // Staged: a FunC change adds a copy of the same instructions in the same procedure, removes
    // one, or removes the source line. Must hold: the note explains nothing, every range it matched
    // is shown unexplained, and the problem names the note.
    it('[DOC-525] a note matching more or fewer ranges than it says, or whose FunC line is gone, explains nothing', () => {
        for (const [ranges, n, problem] of [
            [[range(), range()], note(), 'the note explains 1 range(s), 2 match'],
            [[range()], note({ ranges: 2 }), 'the note explains 2 range(s), 1 match'],
            [
                [range()],
                note({ sources: [{ file: FILE, code: 'is_std(other)' }] }),
                'source contracts/x.fc "is_std(other)": code not found',
            ],
            [
                [range()],
                note({
                    sources: [
                        { file: FILE, code: 'return' },
                        { file: 'contracts/gone.fc', code: 'x' },
                    ],
                }),
                'source contracts/gone.fc "x": file not found',
            ],
        ] as [UncoveredRange[], Note, string][]) {
            const { explained, problems } = explain(ranges, [n], read);
            expect(explained.every((e) => e.note === undefined && e.problem !== undefined)).toBe(true);
            expect(problems).toHaveLength(1);
            expect(problems[0]).toContain(problem);
        }
        // two notes for one range: neither applies
        const { explained, problems } = explain([range()], [note(), note({ why: 'other' })], read);
        expect(explained[0].note).toBeUndefined();
        expect(problems.some((p) => p.includes('2 notes match one range'))).toBe(true);
        expect(sourceLine(SOURCE, '    ')).toBe('code on 2 lines');
    });

    // A FunC edit that moves or deletes a line a note names fails here, before anyone re-runs coverage.
    it('[DOC-525] every note in audits/coverage-notes.json names FunC code on exactly one line of its file, and COVERAGE.md shows those lines', () => {
        const notes = JSON.parse(readFileSync(join(ROOT, 'audits', 'coverage-notes.json'), 'utf8')) as Note[];
        const md = readFileSync(join(ROOT, 'audits', 'COVERAGE.md'), 'utf8');
        expect(notes.length).toBeGreaterThan(0);
        for (const n of notes) {
            expect(n.ranges).toBeGreaterThan(0);
            const at = n.sources.map((s) => {
                let text: string | undefined;
                try {
                    text = readFileSync(join(ROOT, s.file), 'utf8');
                } catch {
                    text = undefined;
                }
                return `${s.file.replace(/^contracts\//, '')}:${sourceLine(text, s.code)}`;
            });
            for (const a of at) expect(a).toMatch(/:\d+$/);
            expect(md).toContain(`| ${at.join(', ') || '(generated)'} |`);
        }
        expect(md).not.toContain('**unexplained**');
    });
});
