/**
 * Reads `const int name = value;` declarations from FunC sources, so tests can compare the
 * TypeScript mirrors with the contracts (and read constants another area owns, like
 * gas::pool_worker_sync) without copying numbers.
 */
import { readFileSync } from 'fs';
import { join } from 'path';

const ROOT = join(__dirname, '..', '..');
const CONST_RE = /^\s*const\s+int\s+([\w:]+)\s*=\s*([^;]+);/gm;

/** Evaluates a constant expression of integer literals joined by + - * (e.g. `30 * 24 * 3600`). */
function evaluate(expr: string, name: string): bigint {
    if (!/^[\s0-9a-fA-Fx+\-*]+$/.test(expr)) throw new Error(`${name}: cannot evaluate "${expr}"`);
    return expr
        .split('+')
        .map((sum) => sum.split('*').reduce((acc, f) => acc * BigInt(f.trim()), 1n))
        .reduce((a, b) => a + b, 0n);
}

/** Every `const int` of a FunC file (path relative to the repository root), by FunC name. */
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

/** snake_name -> camelName, the mirror's naming rule (CONTRIBUTING.md). */
export function camelCase(snake: string): string {
    return snake.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
