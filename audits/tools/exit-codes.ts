/**
 * `npm run exit-codes [-- --check]`: the exit-code tables of README.md and docs/, generated from
 * contracts/<dir>/errors.fc between `<!-- exit-codes:<dir> -->` … `<!-- /exit-codes:<dir> -->`.
 * Each code's meaning is the `;;` comment on its declaration (a code without one is refused). Without
 * `--check` it rewrites the files; with it, it exits 1 and names every table that differs.
 */
import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { readCommandLine } from '../../toolkit/cli/flags';
import { CONTRACTS, filesUnder, FuncErrors, parseFuncErrors, rel, ROOT } from './func-sources';

/** A row for codes the contract does not declare but a reader will see. */
export interface ExtraRow {
    /** As shown in the code column, e.g. `5, 9`. */
    codes: string;
    name: string;
    meaning: string;
}

/** Codes the contract does not declare but a reader will see (TVM's own, thrown while parsing). */
export const EXTRA_ROWS: Record<string, ExtraRow[]> = {
    pool: [
        {
            codes: '5, 9',
            name: 'TVM range check / cell underflow',
            meaning: 'malformed batch and worker_sync bodies (descending slots, truncated fields)',
        },
    ],
};

/** The documents holding tables, and the errors.fc directories each must show. */
export const DOCUMENTS: Record<string, string[]> = {
    'README.md': ['registry', 'pool', 'earnings'],
    'docs/registry.md': ['registry'],
    'docs/payout.md': ['pool'],
    'docs/earnings.md': ['earnings'],
};

/** Every contracts/<dir>/errors.fc, by directory. */
export function loadErrors(): Map<string, FuncErrors> {
    const out = new Map<string, FuncErrors>();
    for (const file of filesUnder(CONTRACTS, /^errors\.fc$/)) out.set(rel(file).split('/')[1], parseFuncErrors(file));
    return out;
}

const cell = (s: string) => s.replace(/\|/g, '\\|');

/** Words of `text` in lines of at most `width` columns (the docs' prose width). */
function wrap(text: string, width = 100): string {
    const lines: string[] = [];
    let line = '';
    for (const word of text.split(/\s+/).filter(Boolean)) {
        if (line && line.length + 1 + word.length > width) {
            lines.push(line);
            line = word;
        } else line = line ? `${line} ${word}` : word;
    }
    if (line) lines.push(line);
    return lines.join('\n');
}

/** The table of one errors.fc. Throws when a code has no `;;` comment (its meaning). */
export function exitCodeTable(dir: string, src: FuncErrors, extra: ExtraRow[] = EXTRA_ROWS[dir] ?? []): string {
    const problems: string[] = [];
    const rows = [...src.errors]
        .sort((a, b) => a.code - b.code)
        .map((e) => {
            if (e.comment === undefined)
                problems.push(`error::${e.name} (${src.file}) has no ;; comment saying when it is thrown`);
            return `| ${e.code} | \`${e.name}\` | ${cell(e.comment ?? '')} |`;
        });
    if (problems.length > 0) throw new Error(`exit codes: ${problems.join('; ')}`);
    return [
        wrap(`From \`${src.file}\` (\`npm run exit-codes\`): ${src.header}`),
        '',
        '| code | name | meaning |',
        '|---:|---|---|',
        ...rows,
        ...extra.map((x) => `| ${x.codes} | ${cell(x.name)} | ${cell(x.meaning)} |`),
    ].join('\n');
}

/** Replace each exit-code block of `text`; reports the blocks that changed and the required ones missing. */
export function applyExitCodes(
    text: string,
    required: string[],
    errors: Map<string, FuncErrors>,
): { text: string; changed: string[]; missing: string[] } {
    const changed: string[] = [];
    const found = new Set<string>();
    const out = text.replace(
        /(<!-- exit-codes:([\w-]+) -->)([\s\S]*?)(<!-- \/exit-codes:\2 -->)/g,
        (_m, open: string, dir: string, old: string, close: string) => {
            const src = errors.get(dir);
            if (!src) throw new Error(`exit codes: <!-- exit-codes:${dir} --> names no contracts/${dir}/errors.fc`);
            found.add(dir);
            const body = `\n${exitCodeTable(dir, src)}\n`;
            if (old !== body && !changed.includes(dir)) changed.push(dir);
            return `${open}${body}${close}`;
        },
    );
    return { text: out, changed, missing: required.filter((d) => !found.has(d)) };
}

const USAGE = `Usage: npm run exit-codes -- [--check]

Regenerates the exit-code tables of ${Object.keys(DOCUMENTS).join(', ')} from contracts/*/errors.fc.

Flags:
  --check   change nothing; exit 1 when a table differs from errors.fc
  --help    this text
`;

function main(): number {
    const cl = readCommandLine('exit-codes', USAGE, process.argv.slice(2), { check: 'boolean' });
    if (!cl.ok) return cl.exitCode;
    const errors = loadErrors();
    let status = 0;
    for (const [doc, required] of Object.entries(DOCUMENTS)) {
        const file = join(ROOT, doc);
        const { text, changed, missing } = applyExitCodes(readFileSync(file, 'utf8'), required, errors);
        if (missing.length > 0) {
            const blocks = missing.map((d) => `<!-- exit-codes:${d} -->`).join(', ');
            console.error(`exit-codes: ${doc} has no ${blocks} block`);
            status = 1;
        } else if (changed.length === 0) {
            continue;
        } else if (cl.flags.switches.has('check')) {
            const tables = changed.join(', ');
            console.error(`exit-codes: ${doc}: the ${tables} table differs from errors.fc; run \`npm run exit-codes\``);
            status = 1;
        } else {
            writeFileSync(file, text);
            console.log(`exit-codes: regenerated ${doc} (${changed.join(', ')})`);
        }
    }
    return status;
}

if (require.main === module) process.exitCode = main();
