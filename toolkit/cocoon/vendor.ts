/**
 * The vendored Cocoon contracts (vendor/cocoon): reading the pinned SOURCE manifest and
 * compiling the FunC with func-js (FunC 0.4.6) and Cocoon's own stdlib, exactly as vendored.
 * The compiler is loaded on first use (with blueprint, which toolkit/func/compile.ts imports): a
 * stress run whose codes are cached (harness/stress/codes.ts) never loads it.
 */
import { Cell } from '@ton/core';
import { readFileSync } from 'fs';
import { join } from 'path';

export const COCOON_VENDOR = join(__dirname, '..', '..', 'vendor', 'cocoon');

export interface CocoonSource {
    repository: string;
    commit: string;
    /** path inside vendor/cocoon (= path upstream) -> sha256 hex */
    files: Map<string, string>;
    /** contract -> the code hash (hex) FunC 0.4.6 gives for it */
    codeHashes: Map<string, string>;
}

/** The SOURCE manifest: `key: value` lines, then `<sha256>  <path>` lines; `#` starts a comment. */
export function readCocoonSource(text = readFileSync(join(COCOON_VENDOR, 'SOURCE'), 'utf8')): CocoonSource {
    const keys = new Map<string, string>();
    const files = new Map<string, string>();
    for (const raw of text.split('\n')) {
        const line = raw.trim();
        if (line === '' || line.startsWith('#')) continue;
        const file = /^([0-9a-f]{64}) {2}(\S+)$/.exec(line);
        if (file) {
            if (files.has(file[2])) throw new Error(`SOURCE: ${file[2]} listed twice`);
            files.set(file[2], file[1]);
            continue;
        }
        const kv = /^([a-z_]+): (.+)$/.exec(line);
        if (!kv) throw new Error(`SOURCE: cannot read "${line}"`);
        keys.set(kv[1], kv[2]);
    }
    const repository = keys.get('repository');
    const commit = keys.get('commit');
    if (!repository || !commit || !/^[0-9a-f]{40}$/.test(commit))
        throw new Error('SOURCE: needs repository and a 40-hex commit');
    const codeHashes = new Map(
        [...keys].flatMap(([k, v]) => (k.startsWith('code_hash_') ? [[k.slice('code_hash_'.length), v]] : [])),
    );
    return { repository, commit, files, codeHashes };
}

export const COCOON_CONTRACTS = ['root', 'proxy', 'worker', 'wallet'] as const;
export type CocoonContract = (typeof COCOON_CONTRACTS)[number];

/** The FunC version func-js runs (the vendored contracts are written for 0.4.6). */
export async function funcVersion(): Promise<string> {
    return (await import('../func/compile')).funcVersion();
}

/** Compile one vendored contract from vendor/cocoon; includes resolve inside it only. */
export async function compileCocoon(name: CocoonContract): Promise<Cell> {
    const { compileFuncSources } = await import('../func/compile');
    const r = await compileFuncSources(`cocoon_${name}.fc`, {
        targets: [`contracts/cocoon_${name}.fc`],
        sources: (path: string) => readFileSync(join(COCOON_VENDOR, path), 'utf8'),
    });
    return r.code;
}

export type CocoonCodes = Record<CocoonContract, Cell>;

let cached: Promise<CocoonCodes> | undefined;
/** All four codes, compiled once per process. */
export function cocoonCodes(): Promise<CocoonCodes> {
    cached ??= (async () => {
        const out = {} as CocoonCodes;
        for (const n of COCOON_CONTRACTS) out[n] = await compileCocoon(n);
        return out;
    })();
    return cached;
}
