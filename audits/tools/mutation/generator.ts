/**
 * Mutant generation: the contracts under test (from wrappers/*.compile.ts), the FunC files each
 * one owns, every operator's edits on them, deduplicated, with stable ids and a seeded sample.
 */
import { createHash } from 'crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import { dirname, join, relative } from 'path';
import { Random } from '../../../toolkit/workload/random';
import { applyEdit, Edit, Operator, proposeEdits } from './operators';
import { lineOf } from './source';

/** Contract directories whose own FunC files are mutated (contracts/common and bench are not). */
export const MUTATED_DIRS = ['contracts/registry', 'contracts/pool', 'contracts/earnings'];

export interface ContractTarget {
    /** Blueprint name (wrappers/<name>.compile.ts). */
    name: string;
    /** Entry file, relative to the root. */
    target: string;
    /** Its directory: the files it owns. */
    dir: string;
}

export interface Mutant {
    /**
     * `file:line:operator:hash`. The hash (mutantHash) names the file and the edit by its text, not
     * its offset: unique across files, and unchanged when lines elsewhere in the file move, so
     * `--only <hash>` keeps selecting the same mutant.
     */
    id: string;
    file: string;
    line: number;
    operator: Operator;
    /** The changed line before and after (first line of the edit when it spans several). */
    before: string;
    after: string;
    /** The whole mutated file. */
    source: string;
}

/** The contracts whose compile target lies in one of MUTATED_DIRS. */
export function discoverContracts(root: string): ContractTarget[] {
    const out: ContractTarget[] = [];
    for (const f of readdirSync(join(root, 'wrappers')).sort()) {
        const m = /^(.+)\.compile\.ts$/.exec(f);
        if (!m) continue;
        const text = readFileSync(join(root, 'wrappers', f), 'utf8');
        const target = /targets:\s*\[\s*'([^']+\.fc)'/.exec(text)?.[1];
        if (!target) continue;
        const dir = dirname(target);
        if (MUTATED_DIRS.some((d) => dir === d || dir.startsWith(d + '/'))) out.push({ name: m[1], target, dir });
    }
    return out;
}

/** Every .fc file under `dir` (recursively), relative to root, sorted. */
export function funcFiles(root: string, dir: string): string[] {
    const out: string[] = [];
    const walk = (d: string) => {
        for (const f of readdirSync(join(root, d)).sort()) {
            const p = join(d, f);
            if (statSync(join(root, p)).isDirectory()) walk(p);
            else if (f.endsWith('.fc')) out.push(p);
        }
    };
    if (existsSync(join(root, dir))) walk(dir);
    return out;
}

function lineText(src: string, line: number): string {
    return src.split('\n')[line - 1] ?? '';
}

/** The whole lines an edit spans, before and after it. */
function editedLines(src: string, e: Edit): { before: string; after: string } {
    const from = src.lastIndexOf('\n', e.start - 1) + 1;
    const nl = src.indexOf('\n', e.end);
    const to = nl < 0 ? src.length : nl;
    return { before: src.slice(from, to), after: src.slice(from, e.start) + e.replacement + src.slice(e.end, to) };
}

/**
 * 8 hex digits of sha256 over the file, the operator, the lines the edit spans before and after
 * it, and `nth`: how many earlier mutants of the file have the same three (identical lines).
 */
export function mutantHash(
    file: string,
    operator: Operator,
    lines: { before: string; after: string },
    nth: number,
): string {
    return createHash('sha256')
        .update([file, operator, lines.before, lines.after, String(nth)].join('\0'))
        .digest('hex')
        .slice(0, 8);
}

/** The mutants of one file's source, deduplicated by the mutated text (first edit wins). */
export function mutantsOfSource(file: string, src: string): Mutant[] {
    const seen = new Set<string>([src]);
    const nth = new Map<string, number>();
    const out: Mutant[] = [];
    const edits: Edit[] = proposeEdits(src);
    for (const e of edits) {
        const source = applyEdit(src, e);
        if (seen.has(source)) continue;
        seen.add(source);
        const line = lineOf(src, e.start);
        const lines = editedLines(src, e);
        const key = [e.operator, lines.before, lines.after].join('\0');
        const k = nth.get(key) ?? 0;
        nth.set(key, k + 1);
        const hash = mutantHash(file, e.operator, lines, k);
        out.push({
            id: `${file}:${line}:${e.operator}:${hash}`,
            file,
            line,
            operator: e.operator,
            before: lineText(src, line).trim(),
            after: lineText(source, line).trim(),
            source,
        });
    }
    return out;
}

/** Every mutant of every file of the given contracts (a file shared by two contracts appears once). */
export function generateMutants(root: string, contracts: ContractTarget[]): Mutant[] {
    const files = [...new Set(contracts.flatMap((c) => funcFiles(root, c.dir)))].sort();
    return files.flatMap((f) => mutantsOfSource(f, readFileSync(join(root, f), 'utf8')));
}

/**
 * A fixed-seed sample of `size` mutants, drawn without replacement (Fisher-Yates on a copy), in
 * the original order so that the report reads file by file.
 */
export function sampleMutants<T>(mutants: T[], size: number, seed: number): T[] {
    if (size >= mutants.length) return [...mutants];
    const rnd = new Random(seed);
    const idx = mutants.map((_, i) => i);
    for (let i = idx.length - 1; i > 0; i--) {
        const j = rnd.int(0, i);
        [idx[i], idx[j]] = [idx[j], idx[i]];
    }
    return idx
        .slice(0, size)
        .sort((a, b) => a - b)
        .map((i) => mutants[i]);
}

/** Relative path helper for reports. */
export function rel(root: string, p: string): string {
    return relative(root, p);
}
