/**
 * The mutation tool's generator on a small FunC fixture: every operator proposes exactly the
 * intended edits, nothing in a comment or string is touched, commuting arguments and duplicate
 * sources are left out, and the fixed-seed sample replays.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { mutantsOfSource, sampleMutants } from '../../audits/tools/mutation/generator';
import { OPERATORS } from '../../audits/tools/mutation/operators';
import { maskNonCode } from '../../audits/tools/mutation/source';

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
    ['send-mode', 16, 'send_inline(BOUNCEABLE, to, min(a, b), "a > b", SEND_MODE_CARRY_ALL_BALANCE + SEND_MODE_IGNORE_ERRORS);'],
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
        const loops = mutantsOfSource('x.fc', '() f() impure {\n    while (x) {\n    }\n    do {\n    } until (y);\n}\n');
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
