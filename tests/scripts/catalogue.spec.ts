/**
 * The scripts as a whole: every file in scripts/ is a thin blueprint entry point over toolkit/ops,
 * wrapped so that failures are one line, and every one is documented in docs/OPERATIONS.md.
 */
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { runScript } from '../../toolkit/ops/entry';
import { ScriptsEnv } from './support/env';

const ROOT = join(__dirname, '..', '..');
const SCRIPTS = readdirSync(join(ROOT, 'scripts')).filter((f) => f.endsWith('.ts')).map((f) => f.replace(/\.ts$/, '')).sort();

describe('script catalogue', () => {
    // Property: blueprint finds a `run(provider, args)` in each script, each goes through runScript (one
    // line, exit 1) and the operations guide has a reference row and a command line for each.
    it('[BLD-401] every script is a runScript entry point and is documented in docs/OPERATIONS.md', async () => {
        expect(SCRIPTS).toEqual([
            'acceptOwnership', 'approveWorkers', 'changePayoutAddress', 'deployPool', 'fundReserve', 'pause', 'proposeOwner',
            'reconcile', 'registerWorker', 'reinstateWorkers', 'requestExit', 'rotateOperator', 'setPoolParams', 'setRegistryParams',
            'setWeights', 'slashWorker', 'submitPayouts', 'suspendWorkers', 'unpause', 'upgradePool', 'withdrawCommission', 'withdrawStake',
        ]);
        const guide = readFileSync(join(ROOT, 'docs', 'OPERATIONS.md'), 'utf8');
        for (const name of SCRIPTS) {
            const mod = await import(join(ROOT, 'scripts', name));
            expect(typeof mod.run).toBe('function');
            const src = readFileSync(join(ROOT, 'scripts', `${name}.ts`), 'utf8');
            expect(src).toMatch(/await runScript\(provider, args, \w+\);/);
            expect(src).toContain(`npx blueprint run ${name} --testnet`);
            expect(guide).toMatch(new RegExp(`\\| \`${name}\`( / \`\\w+\`)? \\||\\| \`\\w+\` / \`${name}\` \\|`));
        }
    });

    // Fault: an unexpected failure deep in a dependency, with a huge multi-line message (what func-js
    // rethrows). Property: the operator sees one line of at most 400 characters and exit code 1.
    it('[DOC-409] any failure, expected or not, ends the script with one short line and exit code 1', async () => {
        const env = await ScriptsEnv.create(0);
        const r = await env.run(
            {
                run: (p, args) =>
                    runScript(p, args, async () => {
                        throw new TypeError('boom\n' + '    at minified (func.js:1:1)\n'.repeat(5000));
                    }),
            },
            env.stranger,
            [],
        );
        expect(r.exitCode).toBe(1);
        expect(r.lines).toHaveLength(1);
        expect(r.lines[0].startsWith('error: TypeError: boom at minified (func.js:1:1)')).toBe(true);
        expect(r.lines[0].length).toBeLessThanOrEqual('error: '.length + 400);
    });
});
