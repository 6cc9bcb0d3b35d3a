/**
 * The contract developer's and auditor's standard commands, run as a user types them: blueprint's
 * gas snapshot and gas report, `npm run audit:prove`. Each test reproduces a failure observed on
 * a clean checkout (issue 11) and shows it fixed.
 */
import { spawnSync } from 'child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'fs';
import { dirname, join } from 'path';
import { planProof, titlePattern } from '../../audits/tools/prove';

const ROOT = join(__dirname, '..', '..');
/** A spec that deploys the registry and drives every handler once: cheap, and touches real transactions. */
const SMALL_SPEC = 'tests/registry/lifecycle.spec.ts';

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}) {
    const r = spawnSync(cmd, args, {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { status: r.status, out: `${r.stdout}\n${r.stderr}` };
}

interface SnapshotItem {
    contractName: string;
    opCode: string;
    execute: { compute: { gasUsed: number } };
}

describe('developer commands', () => {
    // Before: jest had no @ton/sandbox reporter, so `blueprint snapshot` wrote nothing and
    // `blueprint test --gas-report` printed no table, both exiting 0. Now the snapshot holds every
    // transaction of the spec with its contract, op and gas, and the report compares against it.
    it('[BLD-520] `npx blueprint snapshot` writes a labelled gas snapshot and `npx blueprint test --gas-report` a gas report', () => {
        const label = `audit-dev-tools-${process.pid}`;
        const snapshotDir = join(ROOT, '.snapshot');
        const before = new Set(existsSync(snapshotDir) ? readdirSync(snapshotDir) : []);
        const snap = run('npx', ['blueprint', 'snapshot', '--label', label, '--', SMALL_SPEC]);
        expect({ status: snap.status, collected: /Collect metric mode: "gas"/.test(snap.out) }).toEqual({
            status: 0,
            collected: true,
        });
        const added = readdirSync(snapshotDir).filter((f) => !before.has(f));
        expect(added).toHaveLength(1);
        const file = join(snapshotDir, added[0]);
        try {
            const snapshot = JSON.parse(readFileSync(file, 'utf8')) as { label: string; items: SnapshotItem[] };
            expect(snapshot.label).toBe(label);
            const registry = snapshot.items.filter((i) => i.contractName === 'WorkerRegistry');
            // The lifecycle drives register, approve, suspend, reinstate, change_payout, exit and withdraw at least.
            expect(new Set(registry.map((i) => i.opCode)).size).toBeGreaterThanOrEqual(7);
            expect(registry.every((i) => i.execute.compute.gasUsed > 0)).toBe(true);
            const names = JSON.parse(readFileSync(join(ROOT, 'contract.abi.json'), 'utf8')) as Record<string, unknown>;
            expect(Object.values(names)).toContain('WorkerRegistry');

            rmSync(join(ROOT, 'gas-report.json'), { force: true });
            const report = run('npx', ['blueprint', 'test', '--gas-report', '--', SMALL_SPEC]);
            expect({
                status: report.status,
                written: /Gas report write in 'gas-report.json'/.test(report.out),
            }).toEqual({ status: 0, written: true });
            const gas = JSON.parse(readFileSync(join(ROOT, 'gas-report.json'), 'utf8')) as {
                label: string;
                result: Record<string, unknown>;
            }[];
            expect(gas.map((g) => g.label)).toContain(label);
            expect(gas.every((g) => 'WorkerRegistry' in g.result)).toBe(true);
            // None of the reporter's files may show up as untracked work.
            expect(
                run('git', [
                    'status',
                    '--porcelain',
                    '--',
                    '.snapshot',
                    'gas-report.json',
                    'contract.abi.json',
                    '.sandbox-metric-raw.jsonl',
                ]).out.trim(),
            ).toBe('');
        } finally {
            rmSync(file, { force: true });
        }
    });

    // `npm ci` warns EBADENGINE for every package whose engines.node excludes the running node. The
    // one expected on node 20 is @tact-lang/compiler (blueprint 0.46's peer, never run here); any
    // other is a new incompatibility, and the README must state the one we accept.
    it('[BLD-521] on node 20 only @tact-lang/compiler declares an engine this node does not satisfy, and the README says so', () => {
        // semver as ts-jest (a direct dependency) resolves it: the rules npm itself applies.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const semver = require(require.resolve('semver', { paths: [dirname(require.resolve('ts-jest'))] })) as {
            satisfies: (v: string, r: string) => boolean;
        };
        const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
            packages: Record<string, { engines?: { node?: string } | string[] }>;
        };
        const unsatisfied = Object.entries(lock.packages)
            .filter(
                ([path, p]) =>
                    path !== '' &&
                    !Array.isArray(p.engines) &&
                    typeof p.engines?.node === 'string' &&
                    !semver.satisfies(process.version, p.engines.node),
            )
            .map(([path]) => path);
        expect(unsatisfied).toEqual(
            semver.satisfies(process.version, '>=22') ? [] : ['node_modules/@tact-lang/compiler'],
        );
        const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
        expect(pkg.engines.node).toBe('>=20');
        expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain(
            '`npm ci` prints one\n`EBADENGINE` warning: `@tact-lang/compiler` 1.6 declares node ≥ 22.',
        );
    });

    // Before: `-t "[ACC-101]"` is a regular-expression character class (here with the range C-1,
    // which jest refuses as out of order), and `-t ACC-101` also runs [ACC-1010]. The escaped
    // pattern matches the bracketed id only.
    it('[DOC-520] audit:prove matches only titles carrying the id, where -t "[ID]" is a character class', () => {
        expect(() => new RegExp('[ACC-101]', 'i')).toThrow(/Range out of order in character class/);
        expect(new RegExp('[ACC101]', 'i').test('[FIN-201] a batch stops at the first entry it cannot fund')).toBe(
            true,
        );
        expect(new RegExp('ACC-101', 'i').test('[ACC-1010] x')).toBe(true);
        const pattern = new RegExp(titlePattern('ACC-101'), 'i');
        expect(pattern.test('[FIN-201] a batch stops at the first entry it cannot fund')).toBe(false);
        expect(pattern.test('[ACC-1010] x')).toBe(false);
        expect(pattern.test('[ACC-101] withdraw from a stranger is rejected')).toBe(true);
        const plan = planProof(ROOT, 'DOC-505');
        expect(plan.files).toEqual(['tests/audit/threat-model.spec.ts']);
        expect(() => planProof(ROOT, 'ACC-999')).toThrow('ACC-999 is not in audits/checklist/*.yaml');
        expect(() => planProof(ROOT, '[ACC-101]')).toThrow('"[ACC-101]" is not a checklist id');
    });

    it("[DOC-520] `npm run audit:prove ID` runs that item's tests only and exits 0; an unknown id exits 2", () => {
        const ok = run('npm', ['run', '-s', 'audit:prove', 'DOC-505']);
        expect({ status: ok.status, proven: ok.out.includes('DOC-505 proven: 1 test(s) passed') }).toEqual({
            status: 0,
            proven: true,
        });
        expect(ok.out).toMatch(/Tests: +1 passed, 1 total/);
        const bad = run('npm', ['run', '-s', 'audit:prove', 'ACC-999']);
        expect({
            status: bad.status,
            said: bad.out.includes('audit:prove: ACC-999 is not in audits/checklist/*.yaml'),
        }).toEqual({ status: 2, said: true });
    });
});
