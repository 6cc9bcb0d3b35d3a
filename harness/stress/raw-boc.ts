/**
 * A bag of cells read as bytes, without building a Cell: @ton/core's deserializer computes every
 * cell's hash (sha256 of each cell's representation) as it builds the tree, which for a 10,000-worker
 * pool (~0.6 MB of account) is ~0.1 s, and the sandbox's getters did that, and then serialized the
 * data back into a BOC for the emulator, after every step of the stress run. Here a sub-tree (the
 * account's code or data) is copied out as a BOC byte for byte: the same cells, in the same order,
 * with their references renumbered, so the emulator reads exactly the cells the account holds.
 */
import { BitString, Cell } from '@ton/core';

const BOC_MAGIC = 0xb5ee9c72;

export interface RawBoc {
    buf: Buffer;
    /** Byte offset of each cell's descriptor (d1) in `buf`. */
    offsets: number[];
    /** Each cell's references (cell indices). */
    refs: number[][];
    roots: number[];
}

/**
 * Reads the cell table of a serialized BOC (TL-B `serialized_boc#b5ee9c72`). Throws on what the
 * fast path does not handle (a BOC with stored hashes, absent cells, or references that do not
 * point forward): the caller then falls back to @ton/core.
 */
export function parseRawBoc(buf: Buffer): RawBoc {
    if (buf.length < 6 || buf.readUInt32BE(0) !== BOC_MAGIC) throw new Error('raw boc: not a serialized_boc');
    const flags = buf[4];
    const hasIdx = (flags & 0x80) !== 0;
    const size = flags & 0x07;
    const offBytes = buf[5];
    let p = 6;
    const readN = (n: number) => {
        let v = 0;
        for (let i = 0; i < n; i++) v = v * 256 + buf[p++];
        return v;
    };
    const cells = readN(size);
    const rootCount = readN(size);
    const absent = readN(size);
    readN(offBytes); // tot_cells_size
    if (absent !== 0) throw new Error('raw boc: absent cells');
    const roots: number[] = [];
    for (let i = 0; i < rootCount; i++) roots.push(readN(size));
    if (hasIdx) p += cells * offBytes;
    const offsets = new Array<number>(cells);
    const refs = new Array<number[]>(cells);
    for (let i = 0; i < cells; i++) {
        offsets[i] = p;
        const d1 = buf[p];
        const d2 = buf[p + 1];
        if ((d1 & 0x10) !== 0) throw new Error('raw boc: stored hashes');
        p += 2 + (d2 >> 1) + (d2 & 1);
        const r: number[] = [];
        for (let k = 0; k < (d1 & 7); k++) {
            const ref = readN(size);
            if (ref <= i || ref >= cells) throw new Error('raw boc: reference not forward');
            r.push(ref);
        }
        refs[i] = r;
    }
    return { buf, offsets, refs, roots };
}

/** The sub-tree under cell `root` as a BOC of its own (one root, no index, no checksum). */
export function subBoc(raw: RawBoc, root: number): Buffer {
    const seen = new Uint8Array(raw.offsets.length);
    const stack = [root];
    seen[root] = 1;
    while (stack.length > 0) {
        for (const r of raw.refs[stack.pop()!]) {
            if (seen[r] === 0) {
                seen[r] = 1;
                stack.push(r);
            }
        }
    }
    // Forward references: the original order is already a topological order of the sub-tree.
    const order: number[] = [];
    for (let i = root; i < seen.length; i++) if (seen[i] === 1) order.push(i);
    const index = new Map<number, number>();
    order.forEach((c, k) => index.set(c, k));
    const size = bytesFor(order.length);
    let total = 0;
    for (const c of order) total += dataEnd(raw, c) - raw.offsets[c] + raw.refs[c].length * size;
    const offBytes = bytesFor(total);
    const out = Buffer.alloc(6 + 3 * size + offBytes + size + total);
    out.writeUInt32BE(BOC_MAGIC, 0);
    out[4] = size;
    out[5] = offBytes;
    let p = 6;
    const write = (v: number, n: number) => {
        for (let i = n - 1; i >= 0; i--) {
            out[p + i] = v & 0xff;
            v = Math.floor(v / 256);
        }
        p += n;
    };
    write(order.length, size);
    write(1, size);
    write(0, size);
    write(total, offBytes);
    write(0, size);
    for (const c of order) {
        const end = dataEnd(raw, c);
        raw.buf.copy(out, p, raw.offsets[c], end);
        p += end - raw.offsets[c];
        for (const r of raw.refs[c]) write(index.get(r)!, size);
    }
    return out;
}

/**
 * Cell `index` with its bits and, in place of its references, distinct placeholder cells: enough to
 * read the cell's own fields with @ton/core's loaders and learn which reference is which (by
 * identity with `placeholders`), without deserializing what hangs below it. Ordinary cells only.
 */
export function cellWithPlaceholderRefs(raw: RawBoc, index: number): { cell: Cell; placeholders: Cell[] } {
    const at = raw.offsets[index];
    const d1 = raw.buf[at];
    const d2 = raw.buf[at + 1];
    if ((d1 & 0x08) !== 0) throw new Error('raw boc: exotic cell');
    const bytes = raw.buf.subarray(at + 2, at + 2 + (d2 >> 1) + (d2 & 1));
    let bits = (d2 >> 1) * 8;
    if ((d2 & 1) !== 0) {
        // the last byte is padded: its lowest set bit is the completion tag
        const last = bytes[bytes.length - 1];
        let tag = 0;
        while (tag < 8 && ((last >> tag) & 1) === 0) tag++;
        if (tag === 8) throw new Error('raw boc: no completion tag');
        bits += 7 - tag;
    }
    const placeholders = raw.refs[index].map((_, k) => new Cell({ bits: new BitString(Buffer.from([k]), 0, 8) }));
    return { cell: new Cell({ bits: new BitString(Buffer.from(bytes), 0, bits), refs: placeholders }), placeholders };
}

function dataEnd(raw: RawBoc, c: number): number {
    const at = raw.offsets[c];
    const d2 = raw.buf[at + 1];
    return at + 2 + (d2 >> 1) + (d2 & 1);
}

function bytesFor(n: number): number {
    let b = 1;
    while (n >= 256 ** b) b++;
    return b;
}
