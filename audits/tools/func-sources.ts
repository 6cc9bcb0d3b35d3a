/**
 * Readers of the contract sources for the build and mirror tests and the docs generators: TL-B
 * constructors and FunC `const int` declarations, straight from the files so nothing trusts a copy.
 */
import { readdirSync, readFileSync, statSync } from 'fs';
import { crc32 } from 'zlib';
import { dirname, join, relative } from 'path';

export const ROOT = join(__dirname, '..', '..');
export const CONTRACTS = join(ROOT, 'contracts');

/** Files under `dir` (recursively) whose name matches `pattern`, sorted, as absolute paths. */
export function filesUnder(dir: string, pattern: RegExp): string[] {
    let names: string[];
    try {
        names = readdirSync(dir);
    } catch {
        return [];
    }
    return names.sort().flatMap((n) => {
        const p = join(dir, n);
        return statSync(p).isDirectory() ? filesUnder(p, pattern) : pattern.test(n) ? [p] : [];
    });
}

export const rel = (p: string) => relative(ROOT, p);

export interface TlbConstructor {
    name: string;
    /** The 32-bit `#` tag as written; undefined for `$` and `_` tags. */
    tag?: number;
    /** The declaration without its tag and trailing `;`, whitespace collapsed: what the crc32 is of. */
    canonical: string;
    file: string;
}

/** Every constructor declaration of a .tlb file (comments dropped, multi-line declarations joined). */
export function parseTlb(file: string): TlbConstructor[] {
    const text = readFileSync(file, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, ' ')
        .replace(/\/\/.*$/gm, ' ');
    return text
        .split(';')
        .map((d) => d.replace(/\s+/g, ' ').trim())
        .filter((d) => d.length > 0)
        .map((d) => {
            const m = /^([A-Za-z_][\w]*)(?:#([0-9a-fA-F_]*)|\$[01_]*)?(?=\s|$)/.exec(d);
            if (!m) throw new Error(`${rel(file)}: cannot read the constructor of "${d}"`);
            const rest = d.slice(m[0].length);
            const tag = m[2] !== undefined && /^[0-9a-fA-F]{8}$/.test(m[2]) ? parseInt(m[2], 16) : undefined;
            return { name: m[1], tag, canonical: `${m[1]}${rest}`, file: rel(file) };
        });
}

/** crc32 (zlib, full 32 bits) of a canonical constructor line. */
export function tlbTag(canonical: string): number {
    return crc32(canonical) >>> 0;
}

export const hex32 = (n: number) => '0x' + n.toString(16).padStart(8, '0');

export type ConstKind = 'op' | 'error' | 'gas';

export interface FuncConst {
    kind: ConstKind;
    /** snake_case name after `kind::`. */
    name: string;
    value: bigint;
    file: string;
}

/** Every `const int op::x = ...;`, `error::x`, `gas::x` in a FunC file (comments dropped). */
export function parseFuncConsts(file: string): FuncConst[] {
    const text = readFileSync(file, 'utf8')
        .replace(/\{-[\s\S]*?-\}/g, ' ')
        .replace(/;;.*$/gm, ' ');
    const out: FuncConst[] = [];
    for (const m of text.matchAll(/const\s+int\s+(op|error|gas)::(\w+)\s*=\s*([^;]+);/g)) {
        const raw = m[3].trim();
        if (!/^-?(0x[0-9a-fA-F]+|\d+)$/.test(raw)) {
            throw new Error(
                `${rel(file)}: ${m[1]}::${m[2]} = ${raw} is not a literal; the mirror test reads literals only`,
            );
        }
        const neg = raw.startsWith('-');
        const v = BigInt(neg ? raw.slice(1) : raw);
        out.push({ kind: m[1] as ConstKind, name: m[2], value: neg ? -v : v, file: rel(file) });
    }
    return out;
}

export interface FuncError {
    /** snake_case name after `error::`. */
    name: string;
    code: number;
    /** The `;;` comment on the declaration's line, if any. */
    comment?: string;
}

export interface FuncErrors {
    /** The leading `;;` comment block of the file, joined into one paragraph. */
    header: string;
    errors: FuncError[];
    file: string;
}

/**
 * The exit codes of an errors.fc: values from {@link parseFuncConsts} (so a non-literal code is
 * refused the same way), each with the comment on its line, and the file's leading comment.
 */
export function parseFuncErrors(file: string): FuncErrors {
    const lines = readFileSync(file, 'utf8').split('\n');
    const header: string[] = [];
    for (const line of lines) {
        const m = /^\s*;;\s?(.*)$/.exec(line);
        if (!m) break;
        header.push(m[1].trim());
    }
    const comments = new Map<string, string>();
    for (const line of lines) {
        const m = /^\s*const\s+int\s+error::(\w+)\s*=[^;]*;\s*;;\s*(.*?)\s*$/.exec(line);
        if (m && m[2]) comments.set(m[1], m[2]);
    }
    const errors = parseFuncConsts(file)
        .filter((c) => c.kind === 'error')
        .map((c) => ({ name: c.name, code: Number(c.value), comment: comments.get(c.name) }));
    return { header: header.join(' '), errors, file: rel(file) };
}

const CONST_RE = /^\s*const\s+int\s+([\w:?']+)\s*=\s*([^;]+);/gm;
const INCLUDE_RE = /^\s*#include\s+"([^"]+)"\s*;/gm;

type Token = { kind: 'num'; value: bigint } | { kind: 'name'; name: string } | { kind: 'op'; op: string };

function tokenize(expr: string, name: string): Token[] {
    const out: Token[] = [];
    const re = /\s*(?:(0x[0-9a-fA-F]+|\d+)|([A-Za-z_][\w:?']*)|(<<|>>|[-+*/%&|^~()]))/y;
    let i = 0;
    while (i < expr.length) {
        if (/^\s*$/.test(expr.slice(i))) break;
        re.lastIndex = i;
        const m = re.exec(expr);
        if (!m) throw new Error(`${name}: cannot evaluate "${expr.trim()}" (at "${expr.slice(i).trim()}")`);
        if (m[1] !== undefined) out.push({ kind: 'num', value: BigInt(m[1]) });
        else if (m[2] !== undefined) out.push({ kind: 'name', name: m[2] });
        else out.push({ kind: 'op', op: m[3] });
        i = re.lastIndex;
    }
    return out;
}

/** Floor division and modulo, as FunC's `/` and `%` (BigInt's round toward zero). */
const floorDiv = (a: bigint, b: bigint) => {
    const q = a / b;
    return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
};

/**
 * Evaluates a FunC constant expression: integer literals (decimal, 0x), other constants by
 * name (resolved by `lookup`), parentheses, unary - and ~, and the binary operators with FunC's
 * precedence, loosest first: `<< >>`, then `+ - | ^`, then `* / % &` (so `1 << 4 + 1` is 32 and
 * `a | b * c` is a | (b * c)). `/` and `%` round toward minus infinity and `>>` is arithmetic,
 * as in the TVM.
 */
export function evaluateFuncExpr(expr: string, lookup: (name: string) => bigint, name = 'expression'): bigint {
    const tokens = tokenize(expr, name);
    let pos = 0;
    const fail = (why: string): never => {
        throw new Error(`${name}: cannot evaluate "${expr.trim()}": ${why}`);
    };
    const peekOp = (...ops: string[]) => {
        const t = tokens[pos];
        return t && t.kind === 'op' && ops.includes(t.op) ? t.op : undefined;
    };
    const primary = (): bigint => {
        const t = tokens[pos++];
        if (!t) return fail('unexpected end');
        if (t.kind === 'num') return t.value;
        if (t.kind === 'name') return lookup(t.name);
        if (t.op === '(') {
            const v = shift();
            if (!peekOp(')')) fail('missing )');
            pos++;
            return v;
        }
        if (t.op === '-') return -primary();
        if (t.op === '~') return ~primary();
        return fail(`unexpected "${t.op}"`);
    };
    const product = (): bigint => {
        let v = primary();
        for (let op = peekOp('*', '/', '%', '&'); op; op = peekOp('*', '/', '%', '&')) {
            pos++;
            const r = primary();
            if ((op === '/' || op === '%') && r === 0n) fail('division by zero');
            v = op === '*' ? v * r : op === '/' ? floorDiv(v, r) : op === '%' ? v - floorDiv(v, r) * r : v & r;
        }
        return v;
    };
    const sum = (): bigint => {
        let v = product();
        for (let op = peekOp('+', '-', '|', '^'); op; op = peekOp('+', '-', '|', '^')) {
            pos++;
            const r = product();
            v = op === '+' ? v + r : op === '-' ? v - r : op === '|' ? v | r : v ^ r;
        }
        return v;
    };
    const shift = (): bigint => {
        let v = sum();
        for (let op = peekOp('<<', '>>'); op; op = peekOp('<<', '>>')) {
            pos++;
            const r = sum();
            if (r < 0n) fail('negative shift');
            v = op === '<<' ? v << r : v >> r;
        }
        return v;
    };
    const v = shift();
    if (pos !== tokens.length) fail('trailing tokens');
    return v;
}

/** The `const int` declarations of one file, unevaluated, and the files it #includes (resolved). */
function constDeclarations(abs: string): { exprs: Map<string, string>; includes: string[] } {
    const src = readFileSync(abs, 'utf8')
        .replace(/\{-[\s\S]*?-\}/g, ' ')
        .replace(/;;.*$/gm, ' ');
    const exprs = new Map<string, string>();
    for (const m of src.matchAll(CONST_RE)) exprs.set(m[1], m[2]);
    const includes = [...src.matchAll(INCLUDE_RE)].map((m) => join(dirname(abs), m[1]));
    return { exprs, includes };
}

/**
 * Every `const int` of a FunC file (path relative to the repository root), by FunC name, whatever
 * its prefix (`registry::capacity_max`, `PAGE_CELLS`), values evaluated ({@link evaluateFuncExpr}):
 * so tests compare mirrors of limits and layouts, and read constants another area owns, without
 * copying numbers. A name an expression uses resolves in the file itself, then in what it
 * #includes (transitively): a file that relies on another's include order fails here.
 */
export function funcConstants(path: string): Map<string, bigint> {
    const own = constDeclarations(join(ROOT, path));
    const scope = new Map<string, string>();
    const seen = new Set<string>();
    const visit = (abs: string) => {
        if (seen.has(abs)) return;
        seen.add(abs);
        const d = constDeclarations(abs);
        for (const [n, e] of d.exprs) if (!scope.has(n)) scope.set(n, e);
        d.includes.forEach(visit);
    };
    for (const [n, e] of own.exprs) scope.set(n, e);
    seen.add(join(ROOT, path));
    own.includes.forEach(visit);
    const values = new Map<string, bigint>();
    const evaluating = new Set<string>();
    const valueOf = (n: string, from: string): bigint => {
        const known = values.get(n);
        if (known !== undefined) return known;
        const expr = scope.get(n);
        if (expr === undefined)
            throw new Error(`${path}: ${from} uses ${n}, a constant neither it nor its #includes declare`);
        if (evaluating.has(n)) throw new Error(`${path}: ${n} is defined in terms of itself`);
        evaluating.add(n);
        const v = evaluateFuncExpr(expr, (m) => valueOf(m, n), n);
        evaluating.delete(n);
        values.set(n, v);
        return v;
    };
    const out = new Map<string, bigint>();
    for (const n of own.exprs.keys()) out.set(n, valueOf(n, n));
    return out;
}

export function funcConstant(path: string, name: string): bigint {
    const v = funcConstants(path).get(name);
    if (v === undefined) throw new Error(`${path}: no const int ${name}`);
    return v;
}

/** `snake_case` → `camelCase` (`pool_worker_sync` → `poolWorkerSync`, `max_255` → `max255`). */
export function camel(snake: string): string {
    return snake.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

export type Mirror = Record<string, number | bigint>;

/** Every difference between the FunC constants of one kind and their mirror, as readable lines. */
export function mirrorDiff(consts: FuncConst[], mirror: Mirror, mirrorName: string): string[] {
    const problems: string[] = [];
    const seen = new Map<string, FuncConst>();
    for (const c of consts) {
        const prev = seen.get(c.name);
        if (prev && prev.value !== c.value)
            problems.push(`${c.kind}::${c.name} is ${prev.value} in ${prev.file} and ${c.value} in ${c.file}`);
        seen.set(c.name, c);
    }
    const funcNames = new Set([...seen.keys()].map(camel));
    for (const c of seen.values()) {
        const key = camel(c.name);
        if (!(key in mirror)) problems.push(`${c.kind}::${c.name} (${c.file}) has no ${mirrorName}.${key}`);
        else if (BigInt(mirror[key]) !== c.value)
            problems.push(`${c.kind}::${c.name} = ${c.value} (${c.file}) but ${mirrorName}.${key} = ${mirror[key]}`);
    }
    for (const key of Object.keys(mirror)) {
        if (!funcNames.has(key))
            problems.push(`${mirrorName}.${key} has no FunC constant (a name that exists only in TypeScript)`);
    }
    return problems;
}

export interface FuncFunction {
    name: string;
    /** Return type as written: `()`, `int`, `(slice, int)`, ... */
    returns: string;
    /** Specifiers after the argument list: impure, inline, inline_ref, method_id. */
    specifiers: string[];
    /** Text between the outer braces (comments dropped); empty for asm declarations. */
    body: string;
    file: string;
}

/** FunC source with `;;` and `{- -}` comments blanked out (line structure kept). */
export function stripFuncComments(text: string): string {
    return text.replace(/\{-[\s\S]*?-\}/g, (m) => m.replace(/[^\n]/g, ' ')).replace(/;;.*$/gm, '');
}

/**
 * Every function definition of a FunC file: a top-level header followed by a `{ ... }` body or an
 * `asm` declaration. Headers are what stands between two top-level `;` or `}`.
 */
export function parseFuncFunctions(file: string): FuncFunction[] {
    const text = stripFuncComments(readFileSync(file, 'utf8'));
    const out: FuncFunction[] = [];
    let depth = 0;
    let start = 0;
    let headerText = '';
    let bodyStart = 0;
    const header = (h: string, body: string) => {
        const m =
            /^(?:forall\s+[^>]*->\s*)?(.*?)\s*([~.\w:?!']+)\s*\(([\s\S]*?)\)\s*([\w\s()"]*?)\s*(?:asm[\s\S]*)?$/.exec(
                h.replace(/\s+/g, ' ').trim(),
            );
        if (!m) return;
        out.push({
            name: m[2],
            returns: m[1].trim(),
            specifiers: m[4].split(/\s+/).filter(Boolean),
            body,
            file: rel(file),
        });
    };
    for (let i = 0; i < text.length; i++) {
        const ch = text[i];
        if (ch === '{') {
            if (depth === 0) {
                headerText = text.slice(start, i);
                bodyStart = i + 1;
            }
            depth++;
        } else if (ch === '}') {
            depth--;
            if (depth === 0) {
                header(headerText, text.slice(bodyStart, i));
                start = i + 1;
            }
        } else if (ch === ';' && depth === 0) {
            const decl = text.slice(start, i).trim();
            if (/\basm\b/.test(decl) && !/^(global|const|#)/.test(decl)) header(decl, '');
            start = i + 1;
        }
    }
    return out;
}

/** Names declared with `global <type> <name>;` in a FunC file. */
export function parseFuncGlobals(file: string): string[] {
    const text = stripFuncComments(readFileSync(file, 'utf8'));
    return [...text.matchAll(/^\s*global\s+[\w()\s,\[\]]+?\s+([\w:?']+)\s*;/gm)].map((m) => m[1]);
}

export const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
