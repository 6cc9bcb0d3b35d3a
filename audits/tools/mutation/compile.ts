/**
 * Compiling a contract with one of its files replaced, as blueprint does (func-js, the target of
 * wrappers/<name>.compile.ts, sources read from the tree), and the files each compile reads.
 */
import { Cell } from '@ton/core';
import { readFileSync } from 'fs';
import { join } from 'path';
import { ContractTarget } from './generator';
import { tryCompileFuncSources } from '../../../toolkit/func/compile';

export type CompileOutcome = { ok: true; code: Cell; files: string[] } | { ok: false; error: string };

/**
 * Compiles `contract` from `root`, with `overlay` (relative path -> source) replacing files.
 * Returns the code and the relative paths of every file the compiler read.
 */
export async function compileWith(
    root: string,
    contract: ContractTarget,
    overlay: Record<string, string> = {},
): Promise<CompileOutcome> {
    const files: string[] = [];
    const r = await tryCompileFuncSources({
        targets: [contract.target],
        sources: (path: string) => {
            files.push(path);
            return path in overlay ? overlay[path] : readFileSync(join(root, path), 'utf8');
        },
    });
    if (!r.ok) return { ok: false, error: r.message.split('\n').find((l) => l.trim() !== '') ?? r.message };
    return { ok: true, code: r.code, files: [...new Set(files)] };
}
