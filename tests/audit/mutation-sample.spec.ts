/**
 * The CI mutation sample: a fixed-seed sample of the contracts' FunC mutants, run against the specs
 * that exercise each contract (`npm run mutate -- --ci`, a step of .ci/run before `npm test`),
 * must be killed at the target rate for every contract. The sample's report is used when it was
 * made from exactly these sources and tests; otherwise this test runs the sample itself.
 */
import { execFileSync } from 'child_process';
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { CI_SAMPLE, inputsHash, TARGET_KILL_RATE } from '../../audits/tools/mutation/cli';
import { discoverContracts } from '../../audits/tools/mutation/generator';
import { MutationReport } from '../../audits/tools/mutation/report';

const ROOT = join(__dirname, '../..');
const SAMPLE = join(ROOT, 'reports/mutation-sample.json');

function freshSample(): MutationReport | undefined {
    if (!existsSync(SAMPLE)) return undefined;
    const r = JSON.parse(readFileSync(SAMPLE, 'utf8')) as MutationReport;
    const current =
        r.kind === 'sample' &&
        r.seed === CI_SAMPLE.seed &&
        r.sampleSize === CI_SAMPLE.perContract &&
        r.inputsHash === inputsHash(ROOT);
    return current ? r : undefined;
}

describe('mutation tool: CI sample', () => {
    // Tests that pass whatever the contract does prove nothing. The sample plants small faults
    // (flipped comparisons, deleted checks, wrong send modes, ...) in each contract; the suite must
    // fail on at least 90% of those that compile to new code, per contract, and every mutant
    // must have been judged (no worker errors).
    it('[BLD-530] a fixed-seed sample of FunC mutants is killed at 90% or more for every contract', () => {
        let report = freshSample();
        if (report === undefined) {
            execFileSync('npx', ['ts-node', '--transpile-only', 'audits/tools/mutation/cli.ts', '--ci'], {
                cwd: ROOT,
                stdio: 'inherit',
            });
            report = freshSample();
        }
        expect(report).toBeDefined();
        const r = report!;
        expect(r.totals.error).toBe(0);
        const contracts = discoverContracts(ROOT);
        expect(r.mutants.length).toBe(CI_SAMPLE.perContract * contracts.length);
        for (const c of contracts) {
            const k = r.perContract[c.name];
            expect({ contract: c.name, judged: k.killed + k.survived + k.timeout > 0 }).toEqual({
                contract: c.name,
                judged: true,
            });
            expect({ contract: c.name, rate: k.killRate! >= TARGET_KILL_RATE }).toEqual({
                contract: c.name,
                rate: true,
            });
        }
    }, 3_600_000);
});
