/**
 * Mutant operators over FunC source. Each finds its sites in the code (comments and strings are
 * masked, see source.ts) and proposes one edit per site and replacement: a span of the original
 * source and what replaces it. Every edit is one small, plausible mistake a test suite must notice.
 */
import {
    atStatementStart,
    braceDepths,
    identBefore,
    IDENT_STOP,
    matchingClose,
    maskNonCode,
    splitArgs,
    statementEnd,
} from './source';

export const OPERATORS = [
    'cmp-negate', // a == b -> a != b, a < b -> a >= b, ...
    'cmp-boundary', // a < b -> a <= b, a >= b -> a > b, ... (off by one)
    'arith-swap', // a + b -> a - b, x += y -> x -= y, and back
    'delete-throw', // throw_unless(...); throw_if(...); throw(...); removed
    'delete-save', // save_data(); removed
    'delete-reserve', // raw_reserve(...); removed
    'send-mode', // a send or reserve mode changed to a neighbouring one
    'bounce-flag', // BOUNCEABLE <-> NON_BOUNCEABLE, and a message prefix built from them
    'const-off-by-one', // integer literal ± 1, true <-> false
    'swap-args', // f(a, b) -> f(b, a), adjacent arguments of a call
    'loop-exit', // while (c) -> while (true), until (c) -> until (false), repeat (n) -> repeat (n ± 1)
    'early-return', // a return before the end of a function removed
] as const;
export type Operator = (typeof OPERATORS)[number];

export interface Edit {
    operator: Operator;
    /** Offset of the replaced span in the original source. */
    start: number;
    end: number;
    replacement: string;
}

const NEGATE: Record<string, string> = { '==': '!=', '!=': '==', '<': '>=', '>=': '<', '>': '<=', '<=': '>' };
const BOUNDARY: Record<string, string> = { '<': '<=', '<=': '<', '>': '>=', '>=': '>' };

/** Send and reserve modes: each one's plausible wrong neighbours (the stdlib's names, common/stdlib.fc). */
const MODE_SWAPS: Record<string, string[]> = {
    SEND_MODE_REGULAR: ['SEND_MODE_PAY_FEES_SEPARATELY'],
    SEND_MODE_PAY_FEES_SEPARATELY: ['SEND_MODE_REGULAR', 'SEND_MODE_PAY_FEES_SEPARATELY + SEND_MODE_IGNORE_ERRORS'],
    SEND_MODE_CARRY_ALL_REMAINING_MESSAGE_VALUE: ['SEND_MODE_CARRY_ALL_BALANCE'],
    SEND_MODE_CARRY_ALL_BALANCE: [
        'SEND_MODE_CARRY_ALL_REMAINING_MESSAGE_VALUE',
        'SEND_MODE_CARRY_ALL_BALANCE + SEND_MODE_IGNORE_ERRORS',
    ],
    RESERVE_REGULAR: ['RESERVE_AT_MOST'],
    RESERVE_AT_MOST: ['RESERVE_REGULAR'],
};
const BOUNCE_SWAPS: Record<string, string> = { BOUNCEABLE: 'NON_BOUNCEABLE', NON_BOUNCEABLE: 'BOUNCEABLE' };
/** The bounce bit of the 6-bit message flags (BOUNCEABLE 0x18 vs NON_BOUNCEABLE 0x10). */
const BOUNCE_BIT = 0x08n;

/** Calls whose two first arguments commute: swapping them is equivalent by construction. */
const SYMMETRIC_CALLS = new Set([
    'min',
    'max',
    'equal_slices_bits',
    'equal_slice_bits',
    'equal_slices',
    'muldiv',
    'muldivr',
    'muldivc',
]);
const KEYWORDS = new Set([
    'if',
    'ifnot',
    'elseif',
    'elseifnot',
    'while',
    'until',
    'repeat',
    'return',
    'do',
    'else',
    'try',
    'catch',
]);
const THROWS = ['throw_unless', 'throw_if', 'throw'];

interface Token {
    text: string;
    start: number;
    end: number;
}

/** Tokens of the masked source: maximal runs of characters that do not end an identifier. */
function tokens(masked: string): Token[] {
    const out: Token[] = [];
    let k = 0;
    while (k < masked.length) {
        if (IDENT_STOP.test(masked[k])) {
            k++;
            continue;
        }
        const start = k;
        while (k < masked.length && !IDENT_STOP.test(masked[k])) k++;
        out.push({ text: masked.slice(start, k), start, end: k });
    }
    return out;
}

function prevChar(masked: string, offset: number): string {
    for (let k = offset - 1; k >= 0; k--) if (!/\s/.test(masked[k])) return masked[k];
    return '';
}

const INT_LITERAL = /^-?(0x[0-9a-fA-F]+|\d+)$/;

function literalPlus(text: string, delta: bigint): string {
    const neg = text.startsWith('-');
    const body = neg ? text.slice(1) : text;
    const v = (neg ? -1n : 1n) * BigInt(body) + delta;
    if (body.startsWith('0x')) {
        const hex = (v < 0n ? -v : v).toString(16);
        const cased = body === body.toLowerCase() ? hex : hex.toUpperCase();
        return (v < 0n ? '-' : '') + '0x' + cased;
    }
    return v.toString();
}

/** Every edit every operator proposes for one file's source. */
export function proposeEdits(src: string): Edit[] {
    const masked = maskNonCode(src);
    const depth = braceDepths(masked);
    const edits: Edit[] = [];
    const add = (operator: Operator, start: number, end: number, replacement: string) =>
        edits.push({ operator, start, end, replacement });
    const toks = tokens(masked);

    for (let t = 0; t < toks.length; t++) {
        const tok = toks[t];
        const inBody = depth[tok.start] > 0;
        if (tok.text in NEGATE) add('cmp-negate', tok.start, tok.end, NEGATE[tok.text]);
        if (tok.text in BOUNDARY) add('cmp-boundary', tok.start, tok.end, BOUNDARY[tok.text]);
        if ((tok.text === '+' || tok.text === '-') && /[\w)\]?:']/.test(prevChar(masked, tok.start))) {
            add('arith-swap', tok.start, tok.end, tok.text === '+' ? '-' : '+');
        }
        if (tok.text === '+=' || tok.text === '-=')
            add('arith-swap', tok.start, tok.end, tok.text === '+=' ? '-=' : '+=');
        if (tok.text in MODE_SWAPS && inBody) {
            for (const r of MODE_SWAPS[tok.text]) add('send-mode', tok.start, tok.end, r);
        }
        if (tok.text in BOUNCE_SWAPS && inBody) add('bounce-flag', tok.start, tok.end, BOUNCE_SWAPS[tok.text]);
        if (INT_LITERAL.test(tok.text)) {
            add('const-off-by-one', tok.start, tok.end, literalPlus(tok.text, 1n));
            add('const-off-by-one', tok.start, tok.end, literalPlus(tok.text, -1n));
            // a message-prefix constant documented as `(BOUNCEABLE << n) | …`: flip its bounce bit
            const lineEnd = src.indexOf('\n', tok.end);
            const rest = src.slice(tok.end, lineEnd < 0 ? src.length : lineEnd);
            const shifted = /\(BOUNCEABLE << (\d+)\)/.exec(rest);
            if (shifted && !tok.text.startsWith('-')) {
                const flipped = BigInt(tok.text) ^ (BOUNCE_BIT << BigInt(shifted[1]));
                add(
                    'bounce-flag',
                    tok.start,
                    tok.end,
                    tok.text.startsWith('0x') ? '0x' + flipped.toString(16).toUpperCase() : flipped.toString(),
                );
            }
        }
        if (tok.text === 'true' || tok.text === 'false')
            add('const-off-by-one', tok.start, tok.end, tok.text === 'true' ? 'false' : 'true');

        // statements deleted whole
        if (inBody && masked[tok.end] === '(' && atStatementStart(masked, tok.start)) {
            const end = statementEnd(masked, tok.start);
            if (end > 0) {
                if (THROWS.includes(tok.text)) add('delete-throw', tok.start, end, '');
                if (tok.text === 'save_data') add('delete-save', tok.start, end, '');
                if (tok.text === 'raw_reserve') add('delete-reserve', tok.start, end, '');
            }
        }

        // loops
        if ((tok.text === 'while' || tok.text === 'until' || tok.text === 'repeat') && inBody) {
            const open = masked.indexOf('(', tok.end);
            if (open >= 0 && masked.slice(tok.end, open).trim() === '') {
                const close = matchingClose(masked, open);
                const cond = src.slice(open + 1, close);
                if (tok.text === 'while') add('loop-exit', open + 1, close, 'true');
                if (tok.text === 'until') add('loop-exit', open + 1, close, 'false');
                if (tok.text === 'repeat') {
                    add('loop-exit', open + 1, close, `${cond} + 1`);
                    add('loop-exit', open + 1, close, `${cond} - 1`);
                }
            }
        }

        // an early return: inside a block nested in a function body (the function's own last
        // `return` sits at depth 1)
        if (tok.text === 'return' && depth[tok.start] >= 2 && atStatementStart(masked, tok.start)) {
            const end = statementEnd(masked, tok.start);
            if (end > 0) add('early-return', tok.start, end, '');
        }
    }

    // swapped arguments: adjacent arguments of a call inside a function body
    for (let k = 0; k < masked.length; k++) {
        if (masked[k] !== '(' || depth[k] === 0) continue;
        const fn = identBefore(masked, k);
        if (fn === '' || KEYWORDS.has(fn) || INT_LITERAL.test(fn)) continue;
        const close = matchingClose(masked, k);
        if (close < 0) continue;
        const args = splitArgs(masked, k, close);
        for (let a = 0; a + 1 < args.length; a++) {
            if (a === 0 && SYMMETRIC_CALLS.has(fn)) continue;
            if (THROWS.includes(fn)) continue; // throw_unless(cond, code) never throws: delete-throw's mutant again
            const x = src.slice(args[a].start, args[a].end);
            const y = src.slice(args[a + 1].start, args[a + 1].end);
            if (x === y) continue;
            add('swap-args', args[a].start, args[a + 1].end, `${y}${src.slice(args[a].end, args[a + 1].start)}${x}`);
        }
    }
    return edits;
}

/** The source with one edit applied. */
export function applyEdit(src: string, e: Edit): string {
    return src.slice(0, e.start) + e.replacement + src.slice(e.end);
}
