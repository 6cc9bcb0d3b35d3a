/**
 * Reproducible build: the code an operator deploys and an auditor reviews is the code these sources
 * produce. Each contract is compiled twice by two routes (blueprint's `compile` and func-js called
 * directly on the files), and the hash must also equal the one committed in audits/code-hashes.json,
 * so a changed source that was not deliberately re-recorded fails here.
 */
import { Cell } from '@ton/core';
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import {
    compilableNames,
    compilerId,
    HASHES_FILE,
    readRecorded,
    RECORD_COMMAND,
    targetsOf,
} from '../../audits/tools/code-hashes';
import { compileContract, compileFuncSources } from '../../toolkit/func/compile';
import { ROOT } from '../../audits/tools/func-sources';

/** The contracts the pool deploys; each must be buildable and recorded. */
const CONTRACTS = ['EarningsAddress', 'PoolPayout', 'WorkerRegistry'];

async function compileDirect(name: string): Promise<Cell> {
    return (
        await compileFuncSources(name, {
            targets: targetsOf(name),
            sources: (path: string) => readFileSync(join(ROOT, path), 'utf8'),
        })
    ).code;
}

describe('reproducible build', () => {
    it('[BLD-500] compiling each contract twice, through blueprint and through func-js on the files, gives one code hash', async () => {
        expect(compilableNames()).toEqual(expect.arrayContaining(CONTRACTS));
        for (const name of compilableNames()) {
            const viaBlueprint = await compileContract(name);
            const direct = await compileDirect(name);
            expect(`${name} ${direct.hash().toString('hex')}`).toBe(`${name} ${viaBlueprint.hash().toString('hex')}`);
        }
    });

    // A source change that was not re-recorded would let a different code than the audited one pass
    // for "the build": the recorded hash is the one operators check a deployment against.
    it('[BLD-501] the code hash of every contract equals the one recorded in audits/code-hashes.json', async () => {
        expect(existsSync(HASHES_FILE)).toBe(true);
        const recorded = readRecorded();
        expect(recorded.compiler).toBe(await compilerId());
        const problems: string[] = [];
        for (const name of compilableNames()) {
            const hash = (await compileContract(name)).hash().toString('hex');
            const rec = recorded.contracts[name];
            if (!rec) problems.push(`${name} is not recorded`);
            else if (rec.codeHash !== hash) problems.push(`${name}: built ${hash}, recorded ${rec.codeHash}`);
        }
        for (const name of Object.keys(recorded.contracts))
            if (!compilableNames().includes(name))
                problems.push(`${name} is recorded but has no wrappers/${name}.compile.ts`);
        if (problems.length > 0) {
            throw new Error(
                `The built code differs from audits/code-hashes.json:\n  ${problems.join('\n  ')}\n` +
                    `If the source change is deliberate, re-record with \`${RECORD_COMMAND}\` and commit audits/code-hashes.json with it.`,
            );
        }
    });
});
