/**
 * Malformed variants of a valid message body: truncations (every cut that keeps the body
 * non-empty among a fixed set of positions), one extra bit, one extra ref, and a wrong op.
 * Deterministic: the same body always gives the same variants.
 */
import { beginCell, Cell } from '@ton/core';

export type MalformedKind = 'truncated' | 'extra_bit' | 'extra_ref' | 'wrong_op';

export interface MalformedBody {
    kind: MalformedKind;
    label: string;
    body: Cell;
}

/** Bit lengths a body is cut to: inside and at the end of op and query_id, inside each later field, and just short of the end. */
function cutPoints(bits: number): number[] {
    const fixed = [1, 16, 31, 32, 33, 64, 95, 96, 97, 100, 128, 200, 300, 400, 500];
    const tail = [bits - 1, bits - 2, bits - 8, bits - 9, Math.floor((bits + 96) / 2)];
    return [...new Set([...fixed, ...tail])].filter((n) => n > 0 && n < bits).sort((a, b) => a - b);
}

function prefix(body: Cell, bits: number): Cell {
    return beginCell().storeBits(body.beginParse().loadBits(bits)).endCell();
}

export function malformedBodies(valid: Cell, opts: { wrongOp?: number } = {}): MalformedBody[] {
    if (valid.refs.length > 0) throw new Error('malformedBodies: only bodies without refs');
    const bits = valid.bits.length;
    const out: MalformedBody[] = cutPoints(bits).map((n) => ({
        kind: 'truncated' as const,
        label: `cut to ${n} of ${bits} bits`,
        body: prefix(valid, n),
    }));
    out.push({
        kind: 'extra_bit',
        label: 'one trailing bit',
        body: beginCell().storeSlice(valid.beginParse()).storeBit(1).endCell(),
    });
    out.push({
        kind: 'extra_ref',
        label: 'one trailing ref',
        body: beginCell().storeSlice(valid.beginParse()).storeRef(beginCell().storeUint(1, 8).endCell()).endCell(),
    });
    if (bits >= 32) {
        const s = valid.beginParse();
        const op = s.loadUint(32);
        const wrongOp = opts.wrongOp ?? (op ^ 0x80000000) >>> 0;
        out.push({
            kind: 'wrong_op',
            label: `op 0x${wrongOp.toString(16)}`,
            body: beginCell().storeUint(wrongOp, 32).storeSlice(s).endCell(),
        });
    }
    return out;
}
