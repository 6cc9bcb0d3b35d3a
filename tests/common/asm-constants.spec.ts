/**
 * batch.fc's pay_groups is hand-scheduled Fift assembly (the payout loop at under 2,500 gas per
 * payout), so its numbers are literals the FunC constant evaluator never sees: PAYOUTS_PER_TX,
 * CHUNK_GAS_BUDGET, SLOT_BITS, LEAF_SIZE, the page geometry, the payout message's 235-bit tail
 * (PAYOUT_MSG_TAIL_BITS) and stop::more. Fault guarded: a constant changed in params.fc, messages.fc or
 * the stdlib's message sizes while the
 * asm keeps the old number (a batch would then pay past its per-transaction cap, misread the slots
 * or build a malformed payout). Property: each instruction of the asm that carries one of these
 * values carries exactly what its constant is today, as often as the loop uses it.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { funcConstant, ROOT, stripFuncComments } from '../../audits/tools/func-sources';

const params = (name: string) => Number(funcConstant('contracts/pool/params.fc', name));
const stdlib = (name: string) => Number(funcConstant('contracts/common/stdlib.fc', name));
const messages = (name: string) => Number(funcConstant('contracts/pool/messages.fc', name));

/** The Fift text of `fn`'s asm body in `file`: its string literals, joined by spaces. */
function asmBody(file: string, fn: string): string {
    const src = readFileSync(join(ROOT, file), 'utf8');
    const start = src.indexOf(` ${fn}(`);
    if (start < 0) throw new Error(`${file}: no function ${fn}`);
    const asm = src.indexOf(' asm', src.indexOf(')', src.indexOf('slice s)', start)));
    const end = src.indexOf(';', src.lastIndexOf('"', src.indexOf('";', asm) + 1));
    return [...stripFuncComments(src.slice(asm, end + 1)).matchAll(/"([^"]*)"/g)].map((m) => m[1]).join(' ');
}

/** Each instruction pattern with a literal, the value the FunC says it must be, and how often it occurs. */
function expectedLiterals(): { pattern: string; value: number; count: number }[] {
    const leavesPerPage = params('LEAVES_PER_PAGE');
    const slotBits = params('SLOT_BITS');
    return [
        { pattern: '{} PUSHINT GREATER', value: params('PAYOUTS_PER_TX'), count: 1 },
        { pattern: 'GASCONSUMED {} PUSHINT', value: params('CHUNK_GAS_BUDGET'), count: 1 },
        { pattern: '{} PUSHINT batch::stop SETGLOB', value: params('stop::more'), count: 1 },
        { pattern: '{} MULCONST LDSLICEX {} LDU', value: slotBits, count: 1 },
        { pattern: '{} STUR s7 POP', value: slotBits, count: 1 },
        { pattern: '{} STI', value: slotBits, count: 1 },
        { pattern: '{} TUPLE', value: params('LEAF_SIZE'), count: 1 },
        { pattern: '{} MULCONST 20 s() PUSH ADD', value: params('LEAF_SIZE'), count: 1 },
        { pattern: '{} RSHIFT#', value: Math.log2(leavesPerPage), count: 3 },
        { pattern: '{} LSHIFT#', value: Math.log2(leavesPerPage), count: 1 },
        { pattern: '{} ADDCONST', value: leavesPerPage - 1, count: 1 },
        // PAYOUT_MSG_TAIL_BITS: header tail (ihr_fee .. inline body), op, query_id, worker_index
        { pattern: '{} STUR s4 PUSH STGRAMS', value: messages('PAYOUT_MSG_TAIL_BITS'), count: 1 },
        { pattern: '{} PUSHINT SENDRAWMSG', value: stdlib('SEND_MODE_PAY_FEES_SEPARATELY'), count: 1 },
        // leaf_key:uint32 count:(## 4), read together; count is the low 4 bits
        { pattern: 'DUP {} LDU', value: 32 + 4, count: 1 },
        { pattern: '{} PUSHINT AND', value: (1 << 4) - 1, count: 1 },
        { pattern: 'XCHG {} RSHIFT#', value: 4, count: 1 },
        // the payout account: 3 accounts of 256 bits in each of the leaf's 4 cold cells
        { pattern: '{} LDU {} LDU {} PLDU', value: 256, count: leavesPerPage },
    ];
}

/** The patterns of `expectedLiterals()` that `asm` does not carry exactly `count` times, with how often it does. */
function literalDrifts(asm: string): { pattern: string; value: number; expected: number; found: number }[] {
    return expectedLiterals()
        .map(({ pattern, value, count }) => ({
            pattern,
            value,
            expected: count,
            found: asm.split(pattern.replace(/\{\}/g, String(value))).length - 1,
        }))
        .filter((d) => d.found !== d.expected);
}

describe('pay_groups: the asm literals are the FunC constants', () => {
    it('[BLD-531] each literal of pay_groups equals the FunC constant it stands for', () => {
        const asm = asmBody('contracts/pool/batch.fc', 'pay_groups');
        expect(asm).toContain('UNTIL:<{');
        expect(literalDrifts(asm)).toEqual([]);
    });

    // The check must notice a drift: the asm with PAYOUTS_PER_TX one above its constant, or with the
    // slot width one bit short, is named as exactly that pattern.
    it('[BLD-531] an asm literal one off its constant is noticed', () => {
        const asm = asmBody('contracts/pool/batch.fc', 'pay_groups');
        const perTx = params('PAYOUTS_PER_TX');
        expect(literalDrifts(asm.replace(`${perTx} PUSHINT GREATER`, `${perTx + 1} PUSHINT GREATER`))).toEqual([
            { pattern: '{} PUSHINT GREATER', value: perTx, expected: 1, found: 0 },
        ]);
        const slot = params('SLOT_BITS');
        expect(literalDrifts(asm.replace(`${slot} STI`, `${slot - 1} STI`))).toEqual([
            { pattern: '{} STI', value: slot, expected: 1, found: 0 },
        ]);
    });
});
