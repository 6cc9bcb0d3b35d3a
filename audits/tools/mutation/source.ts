/**
 * FunC source scanning for the mutant operators: which characters are code (not a comment or a
 * string), where statements and call arguments start and end. FunC operators are separate tokens
 * (`a+b` is one identifier), so an operator is whatever stands between whitespace.
 */

/**
 * The source with every comment (`;; …`, nested `{- … -}`) replaced by spaces and every string
 * literal (`"…"`, with its optional one-letter suffix) by `"___`, newlines kept: offsets stay the
 * same, nothing an operator finds in the mask lies in a comment or a string, and a string is still
 * one argument of a call.
 */
export function maskNonCode(src: string): string {
    const out = src.split('');
    const blank = (from: number, to: number) => {
        for (let k = from; k < to; k++) if (out[k] !== '\n') out[k] = ' ';
    };
    let i = 0;
    while (i < src.length) {
        if (src.startsWith(';;', i)) {
            const end = src.indexOf('\n', i);
            const stop = end < 0 ? src.length : end;
            blank(i, stop);
            i = stop;
        } else if (src.startsWith('{-', i)) {
            let depth = 0;
            let j = i;
            while (j < src.length) {
                if (src.startsWith('{-', j)) {
                    depth++;
                    j += 2;
                } else if (src.startsWith('-}', j)) {
                    depth--;
                    j += 2;
                    if (depth === 0) break;
                } else j++;
            }
            blank(i, j);
            i = j;
        } else if (src[i] === '"') {
            let j = src.indexOf('"', i + 1);
            j = j < 0 ? src.length : j + 1;
            if (/[a-zA-Z]/.test(src[j] ?? '')) j++; // "…"s, "…"a, "…"u, "…"h, "…"H, "…"c
            for (let k = i + 1; k < j; k++) if (out[k] !== '\n') out[k] = '_'; // still an argument, never an operator
            i = j;
        } else i++;
    }
    return out.join('');
}

/** 1-based line of an offset. */
export function lineOf(src: string, offset: number): number {
    let line = 1;
    for (let k = 0; k < offset && k < src.length; k++) if (src[k] === '\n') line++;
    return line;
}

/** Brace depth at every offset of the masked source (0 outside function bodies). */
export function braceDepths(masked: string): Int32Array {
    const depth = new Int32Array(masked.length + 1);
    let d = 0;
    for (let k = 0; k < masked.length; k++) {
        depth[k] = d;
        if (masked[k] === '{') d++;
        else if (masked[k] === '}') d--;
    }
    depth[masked.length] = d;
    return depth;
}

/** Offset of the bracket closing the one at `open` (`(`, `[` or `{`), or -1. */
export function matchingClose(masked: string, open: number): number {
    const pairs: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
    const stack: string[] = [];
    for (let k = open; k < masked.length; k++) {
        const c = masked[k];
        if (c in pairs) stack.push(pairs[c]);
        else if (c === ')' || c === ']' || c === '}') {
            if (stack.pop() !== c) return -1;
            if (stack.length === 0) return k;
        }
    }
    return -1;
}

/** The top-level comma-separated arguments inside the brackets at `open`..`close`, as trimmed spans. */
export function splitArgs(masked: string, open: number, close: number): { start: number; end: number }[] {
    const args: { start: number; end: number }[] = [];
    let depth = 0;
    let from = open + 1;
    const push = (to: number) => {
        let s = from;
        let e = to;
        while (s < e && /\s/.test(masked[s])) s++;
        while (e > s && /\s/.test(masked[e - 1])) e--;
        args.push({ start: s, end: e });
    };
    for (let k = open + 1; k < close; k++) {
        const c = masked[k];
        if (c === '(' || c === '[' || c === '{') depth++;
        else if (c === ')' || c === ']' || c === '}') depth--;
        else if (c === ',' && depth === 0) {
            push(k);
            from = k + 1;
        }
    }
    push(close);
    return args.filter((a) => a.end > a.start);
}

/** Characters that end a FunC identifier. */
export const IDENT_STOP = /[\s;,()[\]{}~.]/;

/** The identifier that ends right before `offset` (skipping nothing), or ''. */
export function identBefore(masked: string, offset: number): string {
    let s = offset;
    while (s > 0 && !IDENT_STOP.test(masked[s - 1])) s--;
    return masked.slice(s, offset);
}

/**
 * The statement that starts at `start` and ends with its `;` at bracket depth 0: returns the offset
 * after the `;`, or -1 when a `{` or `}` comes first (not a simple statement).
 */
export function statementEnd(masked: string, start: number): number {
    let depth = 0;
    for (let k = start; k < masked.length; k++) {
        const c = masked[k];
        if (c === '(' || c === '[') depth++;
        else if (c === ')' || c === ']') depth--;
        else if (c === '{' || c === '}') return -1;
        else if (c === ';' && depth === 0) return k + 1;
    }
    return -1;
}

/** Whether `offset` begins a statement: only whitespace since the previous `;`, `{` or `}`. */
export function atStatementStart(masked: string, offset: number): boolean {
    for (let k = offset - 1; k >= 0; k--) {
        const c = masked[k];
        if (c === ';' || c === '{' || c === '}') return true;
        if (!/\s/.test(c)) return false;
    }
    return true;
}
