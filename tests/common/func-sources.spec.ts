/**
 * The FunC constant evaluator of audits/tools/func-sources.ts, which the mirror, limits and asm
 * literal tests read the contracts' constants through. Fault guarded: an evaluator that reads a
 * derived size (`LEAF_SIZE * SLOT_BITS`, `1 << PAID_BITS`, `(BOUNCEABLE << 11) | 0x400`) other
 * than FunC does would let a mirror test pass against a wrong number, or fail against a right
 * one. Property: on expressions built to catch each precedence, rounding and resolution mistake,
 * the evaluator gives what FunC 0.4.6 itself compiles the same `const int` to.
 */
import { Cell, contractAddress } from '@ton/core';
import { Blockchain, createShardAccount } from '@ton/sandbox';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, relative } from 'path';
import {
    CONTRACTS,
    evaluateFuncExpr,
    filesUnder,
    funcConstant,
    funcConstants,
    ROOT,
} from '../../audits/tools/func-sources';
import { compileFuncSources } from '../../toolkit/func/compile';

const named: Record<string, bigint> = { A: 12n, B: 65n, C: 4n, N: -7n };
const lookup = (n: string) => {
    if (!(n in named)) throw new Error(`unknown ${n}`);
    return named[n];
};

/** Each expression and what a naive left-to-right or C-precedence reading would wrongly give. */
const CASES: { expr: string; wrong: bigint }[] = [
    { expr: '2 + 3 * 4', wrong: 20n },
    { expr: '1 << 4 + 1', wrong: 17n }, // FunC: shifts bind looser than +
    { expr: '1 << 2 << 3', wrong: 1n << 16n },
    { expr: '1 << 3 | 1', wrong: 9n }, // | binds tighter than <<: 1 << (3 | 1)
    { expr: '(0x18 << 11) | 0x400', wrong: 0n },
    { expr: '6 | 3 & 1', wrong: 1n }, // & is multiplicative, | additive
    { expr: '5 ^ 3 * 2', wrong: 12n },
    { expr: 'A * B', wrong: 0n },
    { expr: 'A * (B - 1) / C', wrong: 0n },
    { expr: '1023 / 164', wrong: 7n },
    { expr: 'N / 2', wrong: -3n }, // floor, not toward zero
    { expr: 'N % 2', wrong: -1n },
    { expr: '7 % (0 - 2)', wrong: 1n },
    { expr: '-8 >> 1', wrong: 0x7ffffffcn },
    { expr: 'N >> 1', wrong: -3n },
    { expr: '- A + 1', wrong: -13n },
    { expr: '~ C + 1', wrong: -6n },
    { expr: '1 << 64', wrong: 0n },
    { expr: '(1 << 64) - 1', wrong: 0n },
    { expr: '1 + 4 + 4 + 64 + 32 + 1 + 1', wrong: 0n },
    { expr: '0x5 * 0x10 + 0xFF', wrong: 0n },
];

describe('the FunC constant evaluator', () => {
    // Every case evaluated by FunC itself: a contract with one get-method per case, compiled by
    // func-js (FunC 0.4.6), its answers compared with the evaluator's.
    it('evaluates each constant expression to what FunC 0.4.6 compiles it to', async () => {
        const consts = Object.entries(named).map(([n, v]) => `const int ${n} = ${v};`);
        const getters = CASES.map((c, i) => `const int X${i} = ${c.expr};\nint x${i}() method_id { return X${i}; }`);
        const src = [
            ...consts,
            ...getters,
            '() recv_internal(int balance, int value, cell full, slice body) impure { }',
        ].join('\n');
        const stdlib = readFileSync(join(CONTRACTS, 'common', 'stdlib.fc'), 'utf8');
        const { code } = await compileFuncSources('exprs.fc', {
            targets: ['stdlib.fc', 'exprs.fc'],
            sources: { 'stdlib.fc': stdlib, 'exprs.fc': src },
        });
        const chain = await Blockchain.create();
        const data = Cell.EMPTY;
        const address = contractAddress(0, { code, data });
        await chain.setShardAccount(address, createShardAccount({ address, code, data, balance: 10n ** 9n }));
        for (const [i, c] of CASES.entries()) {
            const func = (await chain.runGetMethod(address, `x${i}`)).stackReader.readBigNumber();
            const ours = evaluateFuncExpr(c.expr, lookup, c.expr);
            expect({ expr: c.expr, value: ours }).toEqual({ expr: c.expr, value: func });
            expect({ expr: c.expr, value: ours }).not.toEqual({ expr: c.expr, value: c.wrong });
        }
    });

    it('refuses what it cannot evaluate instead of guessing', () => {
        expect(() => evaluateFuncExpr('A *', lookup)).toThrow(/unexpected end/);
        expect(() => evaluateFuncExpr('(A + 1', lookup)).toThrow(/missing \)/);
        expect(() => evaluateFuncExpr('A B', lookup)).toThrow(/trailing/);
        expect(() => evaluateFuncExpr('A / (C - 4)', lookup)).toThrow(/division by zero/);
        expect(() => evaluateFuncExpr('"abc"c', lookup)).toThrow(/cannot evaluate/);
        expect(() => evaluateFuncExpr('Z + 1', lookup)).toThrow(/unknown Z/);
    });

    // Names resolve in the file, then in what it #includes (transitively), never in a file that
    // merely happens to be included before it by the contract's root.
    it('resolves names in the file and its #includes, and refuses one from neither', () => {
        const dir = mkdtempSync(join(tmpdir(), 'func-consts-'));
        try {
            writeFileSync(join(dir, 'base.fc'), 'const int WIDTH = 8;\nconst int DEPTH = WIDTH * 2; ;; 16\n');
            writeFileSync(join(dir, 'mid.fc'), '#include "base.fc";\nconst int AREA = WIDTH * DEPTH;\n');
            writeFileSync(
                join(dir, 'top.fc'),
                '#include "mid.fc";\n;; const int AREA = 0;\nconst int TOTAL = (AREA + WIDTH) << 1;\n{-\nconst int TOTAL = 1;\n-}\n',
            );
            writeFileSync(join(dir, 'orphan.fc'), 'const int LOST = WIDTH + 1;\n');
            writeFileSync(join(dir, 'loop.fc'), 'const int P = Q + 1;\nconst int Q = P - 1;\n');
            const rel = (f: string) => relative(ROOT, join(dir, f));
            expect(funcConstants(rel('top.fc'))).toEqual(new Map([['TOTAL', 272n]]));
            expect(funcConstant(rel('mid.fc'), 'AREA')).toBe(128n);
            expect(() => funcConstants(rel('orphan.fc'))).toThrow(
                /LOST uses WIDTH, a constant neither it nor its #includes declare/,
            );
            expect(() => funcConstants(rel('loop.fc'))).toThrow(/in terms of itself/);
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });

    // The contracts' derived constants as the tests read them, and every file's constants
    // evaluate with what that file includes (a file that leans on its root's include order fails).
    it('reads the derived constants of the contracts, each file through its own #includes', () => {
        const stdlib = funcConstants('contracts/common/stdlib.fc');
        expect(stdlib.get('MSG_ONLY_BODY_SIZE')).toBe(1n + 4n + 4n + 64n + 32n + 1n + 1n);
        expect(stdlib.get('TRUE')).toBe(-1n);
        const messages = funcConstants('contracts/pool/messages.fc');
        expect(messages.get('PAYOUT_MSG_PREFIX')).toBe(0xc400n);
        expect(messages.get('PAYOUT_MSG_PREFIX_BITS')).toBe(17n);
        expect(messages.get('PAYOUT_MSG_TAIL_BITS')).toBe(235n);
        expect(funcConstant('contracts/pool/batch.fc', 'TALLY_UNPROCESSED')).toBe(1n << 96n);
        expect(funcConstant('contracts/pool/attributed.fc', 'OWED_TALLY_BELOW_MIN')).toBe(1n << 48n);
        expect(funcConstant('contracts/pool/reserve.fc', 'PAGE_BITS')).toBe(16352n);
        const params = funcConstants('contracts/pool/params.fc');
        expect(params.get('BLOCKED')).toBe(1n << 64n);
        expect(params.get('PAID_MASK')).toBe((1n << 64n) - 1n);
        expect(params.get('ENTRIES_PER_CHUNK_MIN')).toBe(56n);
        for (const file of filesUnder(CONTRACTS, /\.fc$/))
            expect(() => funcConstants(relative(ROOT, file))).not.toThrow();
    });
});
