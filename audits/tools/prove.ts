/**
 * `npm run audit:prove ID`: runs the tests of one checklist item and says whether they prove it.
 *
 * Jest's `-t` is a regular expression, so `-t "[ACC-101]"` is a character class that matches any
 * title holding an A, a C, a dash, a 1 or a 0: nearly every test. The pattern here is the id with
 * its brackets escaped, and only the spec files that carry the id are run. Exit codes: 0 every
 * named test ran and passed (or the item is reasoned not applicable), 1 a test failed, was skipped
 * or did not run, 2 bad usage (no such item).
 */
import { spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { checkAudit } from './check';
import { ChecklistItem, ID_PATTERN, loadChecklist } from './checklist';
import { loadJestResults, specFilesOnDisk } from './results';
import { readCommandLine, usageFailure, UsageError } from '../../toolkit/cli/flags';

/** A regular expression (as jest's -t takes it) matching exactly the titles that carry `[id]`. */
export function titlePattern(id: string): string {
    return `\\[${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\]`;
}

/** The spec files whose text carries `[id]` (titles may be built from templates, so the text is searched). */
export function filesCarrying(root: string, id: string): string[] {
    return specFilesOnDisk(root).filter((f) => readFileSync(join(root, f), 'utf8').includes(`[${id}]`));
}

export interface ProvePlan {
    item: ChecklistItem;
    files: string[];
    pattern: string;
}

/** What `audit:prove id` will run; throws with the reason when the id is not a checklist item. */
export function planProof(root: string, id: string): ProvePlan {
    if (!ID_PATTERN.test(id)) throw new Error(`"${id}" is not a checklist id (<CAT>-<NNN>, e.g. ACC-101)`);
    const item = loadChecklist(join(root, 'audits', 'checklist')).items.find((i) => i.id === id);
    if (!item) throw new Error(`${id} is not in audits/checklist/*.yaml`);
    return { item, files: filesCarrying(root, id), pattern: titlePattern(id) };
}

const USAGE = `Usage: npm run audit:prove <ID>   (e.g. npm run audit:prove ACC-101)

Runs the tests of exactly one checklist item and exits 0 only when every test it names ran and passed.
`;

function main(): number {
    const root = resolve(__dirname, '..', '..');
    const cl = readCommandLine(
        'audit:prove',
        USAGE,
        process.argv.slice(2),
        {},
        { positionals: { max: 1, name: 'checklist id' } },
    );
    if (!cl.ok) return cl.exitCode;
    const [id] = cl.flags.positionals;
    if (id === undefined)
        return usageFailure('audit:prove', new UsageError('which item? npm run audit:prove <ID> (e.g. ACC-101)'));
    let plan: ProvePlan;
    try {
        plan = planProof(root, id);
    } catch (e) {
        console.error(`audit:prove: ${(e as Error).message}`);
        return 2;
    }
    const { item, files, pattern } = plan;
    console.log(`${item.id}: ${item.property.replace(/\s+/g, ' ')}`);
    if (item.notApplicable !== undefined) {
        console.log(`not applicable: ${item.notApplicable}`);
        return 0;
    }
    if (files.length === 0) {
        console.error(`audit:prove: no spec file carries [${id}]; its tests do not exist`);
        return 1;
    }
    const dir = mkdtempSync(join(tmpdir(), 'audit-prove-'));
    try {
        const out = join(dir, 'results.json');
        const args = ['jest', ...files, '-t', pattern, '--maxWorkers=1', '--json', `--outputFile=${out}`];
        console.log(`npx ${args.map((a) => (/[\s\\[\]]/.test(a) ? `'${a}'` : a)).join(' ')}`);
        const r = spawnSync('npx', args, { cwd: root, stdio: 'inherit' });
        const run = loadJestResults(out, root);
        const result = checkAudit(
            { items: [item], problems: [] },
            { ...run, cases: run.cases.filter((c) => c.status !== 'skipped') },
        );
        const [verdict] = result.items;
        for (const t of verdict.tests)
            console.log(
                `  ${t.status === 'passed' ? 'pass' : t.status.toUpperCase()}: ${t.title}${t.files.length ? ` (${t.files.join(', ')})` : ''}`,
            );
        const problems = result.problems.filter((p) => p.startsWith(`${id}:`) || p.includes('failed to run'));
        if (verdict.verdict === 'pass' && problems.length === 0 && r.status === 0) {
            console.log(`${id} proven: ${verdict.tests.length} test(s) passed`);
            return 0;
        }
        for (const p of problems) console.error(`  - ${p}`);
        console.error(`${id} NOT proven`);
        return 1;
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}

if (require.main === module) process.exitCode = main();
