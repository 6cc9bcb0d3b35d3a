/**
 * The kill oracle: which specs exercise which contract, and in which order a mutant meets them.
 *
 * A spec exercises a contract when a file it reaches through relative imports builds code with
 * blueprint's `compile` and a reached file names the contract ('PoolPayout'). Specs that check
 * the build itself (code hashes) are excluded: any mutant changes the hash, so they would kill
 * everything without testing behaviour.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import { dirname, join, relative } from 'path';

/**
 * Specs that never judge a mutant: the build/code-hash check kills every mutant trivially, and the
 * mutation tool's own specs (the CI sample would run mutants inside a mutant's run).
 */
export const EXCLUDED_SPECS = [
    'tests/common/build.spec.ts',
    'tests/audit/mutation-generator.spec.ts',
    'tests/audit/mutation-sample.spec.ts',
];

function listSpecs(root: string, dir = 'tests'): string[] {
    const out: string[] = [];
    for (const f of readdirSync(join(root, dir)).sort()) {
        const p = join(dir, f);
        if (statSync(join(root, p)).isDirectory()) out.push(...listSpecs(root, p));
        else if (f.endsWith('.spec.ts')) out.push(p);
    }
    return out;
}

const IMPORT = /(?:from\s+|require\(\s*|import\(\s*)'(\.{1,2}\/[^']+)'/g;

function resolveTs(fromFile: string, spec: string): string | undefined {
    const base = join(dirname(fromFile), spec);
    for (const c of [base + '.ts', join(base, 'index.ts'), base]) if (existsSync(c) && statSync(c).isFile()) return c;
    return undefined;
}

/** Every file a spec reaches through relative imports (the spec included). */
export function reachedFiles(root: string, spec: string): string[] {
    const seen = new Set<string>();
    const stack = [join(root, spec)];
    while (stack.length > 0) {
        const f = stack.pop()!;
        if (seen.has(f)) continue;
        seen.add(f);
        const text = readFileSync(f, 'utf8');
        for (const m of text.matchAll(IMPORT)) {
            const r = resolveTs(f, m[1]);
            if (r && !r.includes('node_modules')) stack.push(r);
        }
    }
    return [...seen].map((f) => relative(root, f)).sort();
}

/** spec -> the contracts (blueprint names) it exercises, for every spec that exercises one. */
export function specsByContract(root: string, contracts: string[]): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const spec of listSpecs(root)) {
        if (EXCLUDED_SPECS.includes(spec)) continue;
        const texts = reachedFiles(root, spec).map((f) => readFileSync(join(root, f), 'utf8'));
        if (!texts.some((t) => t.includes("from '@ton/blueprint'"))) continue;
        const named = contracts.filter((c) => texts.some((t) => t.includes(`'${c}'`)));
        if (named.length > 0) out.set(spec, named);
    }
    return out;
}

/** The specs that exercise any of `contracts`. */
export function oracleSpecs(byContract: Map<string, string[]>, contracts: string[]): string[] {
    return [...byContract.entries()].filter(([, cs]) => cs.some((c) => contracts.includes(c))).map(([s]) => s);
}

/**
 * Specs in the order a mutant should meet them: the spec named like the mutated file (even when it
 * also exercises another contract: attributed.fc's is tests/payout/attributed.spec.ts, which deploys
 * earnings addresses too), then the mutated contracts' other own specs (`own`: those that exercise
 * only the mutated contracts), then the system-wide ones, each group by most kills per second of
 * run time (learnt from earlier mutants and runs; unmeasured specs sized by file length). Order
 * changes only how fast a mutant dies, never whether it does.
 */
export function orderSpecs(
    root: string,
    specs: string[],
    durations: Record<string, number>,
    kills: Record<string, number>,
    own: (spec: string) => boolean,
    mutatedFile: string,
): string[] {
    const size = (s: string) => (existsSync(join(root, s)) ? statSync(join(root, s)).size : 0);
    const cost = (s: string) => durations[s] ?? size(s) / 100; // ms; ~1 s per 100 bytes when unmeasured
    const score = (s: string) => ((kills[s] ?? 0) + 1) / Math.max(cost(s), 1);
    // batch.fc meets batch.spec.ts first, ledger.fc ledger.spec.ts, handlers/owner.fc owner.spec.ts
    const stem = (p: string) =>
        p
            .split('/')
            .pop()!
            .replace(/\.(spec\.ts|fc)$/, '')
            .replace(/s$/, '');
    const group = (s: string) => (stem(s) === stem(mutatedFile) ? 0 : own(s) ? 1 : 2);
    return [...specs].sort((a, b) => group(a) - group(b) || score(b) - score(a) || a.localeCompare(b));
}
