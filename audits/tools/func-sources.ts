/**
 * Readers of the contract sources for the build and mirror tests and the docs generators: TL-B
 * constructors and FunC `const int` declarations, straight from the files so nothing trusts a copy.
 */
import { readdirSync, readFileSync, statSync } from 'fs';
import { crc32 } from 'zlib';
import { join, relative } from 'path';

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

const CONST_RE = /^\s*const\s+int\s+([\w:]+)\s*=\s*([^;]+);/gm;

/** Evaluates a constant expression of integer literals joined by + - * (e.g. `30 * 24 * 3600`). */
function evaluate(expr: string, name: string): bigint {
    if (!/^[\s0-9a-fA-Fx+\-*]+$/.test(expr)) throw new Error(`${name}: cannot evaluate "${expr}"`);
    return expr
        .split('+')
        .map((sum) => sum.split('*').reduce((acc, f) => acc * BigInt(f.trim()), 1n))
        .reduce((a, b) => a + b, 0n);
}

/**
 * Every `const int` of a FunC file (path relative to the repository root), by FunC name, whatever
 * its prefix (`registry::max_capacity`, `PAGE_CELLS`), values evaluated: so tests compare mirrors
 * of limits and layouts, and read constants another area owns, without copying numbers.
 */
export function funcConstants(path: string): Map<string, bigint> {
    const src = readFileSync(join(ROOT, path), 'utf8');
    const out = new Map<string, bigint>();
    for (const m of src.matchAll(CONST_RE)) out.set(m[1], evaluate(m[2], m[1]));
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
