/**
 * The scripts as a whole: every file under scripts/<role>/ is a thin blueprint entry point over one
 * toolkit/ops script definition (cli/script.ts) whose name is the file's path, and every one is
 * documented in docs/OPERATIONS.md and answers `help`.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { scriptNames } from '../../toolkit/ops/cli/blueprint-argv';
import { EXIT_CODE_MEANINGS, ExitCode } from '../../toolkit/ops/cli/exit-codes';
import { defineScript, Script } from '../../toolkit/ops/cli/script';
import { ScriptsEnv } from './support/env';

const ROOT = join(__dirname, '..', '..');
const SCRIPTS = scriptNames(ROOT);

describe('script catalogue', () => {
    // Property: blueprint finds a `run(provider, args)` in each script (its path under scripts/ is the
    // name `npx blueprint run` takes), each is a toolkit script definition of that very name, and the
    // operations guide has a reference row for each.
    it('[BLD-401] every script is a toolkit script entry point named by its path and is documented in docs/OPERATIONS.md', async () => {
        expect(SCRIPTS).toEqual([
            'member/changePayoutAddress',
            'member/earningsAddress',
            'member/payOwed',
            'member/registerWorker',
            'member/requestExit',
            'member/sweepEarnings',
            'member/withdrawStake',
            'operator/approveWorkers',
            'operator/reconcile',
            'operator/reinstateWorkers',
            'operator/setWeights',
            'operator/submitPayouts',
            'operator/suspendWorkers',
            'owner/claimOwnership',
            'owner/deployPool',
            'owner/fundReserve',
            'owner/pause',
            'owner/proposeOwner',
            'owner/rotateOperator',
            'owner/setPoolParams',
            'owner/setRegistryParams',
            'owner/slashWorker',
            'owner/unpause',
            'owner/upgradePool',
            'owner/withdrawCommission',
        ]);
        const guide = readFileSync(join(ROOT, 'docs', 'OPERATIONS.md'), 'utf8');
        for (const name of SCRIPTS) {
            const base = name.split('/')[1];
            const mod = await import(join(ROOT, 'scripts', name));
            const src = readFileSync(join(ROOT, 'scripts', `${name}.ts`), 'utf8');
            const definition = src.match(/import \{ (\w+) \} from '\.\.\/\.\.\/toolkit\/ops\/(\w+)';/);
            expect(definition?.[1]).toBe(base);
            const script: Script = (await import(join(ROOT, 'toolkit', 'ops', definition![2])))[base];
            expect({ name: script.spec.name, run: mod.run }).toEqual({ name, run: script.run });
            expect(src).toContain(`npx blueprint run ${name} --testnet`);
            expect(guide).toMatch(new RegExp(`\\| \`${name}\`( / \`[\\w/]+\`)? \\||\\| \`[\\w/]+\` / \`${name}\` \\|`));
        }
    });

    // Fault: an unexpected failure deep in a dependency, with a huge multi-line message (what func-js
    // rethrows). Property: the operator sees one line of at most 400 characters and exit code 1 (a bug).
    it('[DOC-409] any failure, expected or not, ends the script with one short line and its exit code', async () => {
        const env = await ScriptsEnv.create(0);
        const boom = defineScript(
            { name: 'test/boom', role: 'operator', about: 'throws', example: '', sends: false, args: {} },
            async () => {
                throw new TypeError('boom\n' + '    at minified (func.js:1:1)\n'.repeat(5000));
            },
        );
        const r = await env.run(boom, env.stranger, []);
        expect(r.exitCode).toBe(1);
        expect(r.lines).toHaveLength(1);
        expect(r.lines[0].startsWith('error: TypeError: boom at minified (func.js:1:1)')).toBe(true);
        expect(r.lines[0].length).toBeLessThanOrEqual('error: '.length + 400);
    });

    // Faults: the network is unreachable (what axios raises for toncenter) and a plain Error from a
    // dependency. Property: network failures exit 4 with one "network:" line, and no line ever starts
    // with a doubled "error: Error:" prefix.
    it('[DOC-409] a network failure exits 4 with one network line, and no error line repeats "Error:"', async () => {
        const env = await ScriptsEnv.create(0);
        const failing = (e: unknown) =>
            defineScript(
                { name: 'test/failing', role: 'operator', about: 'throws', example: '', sends: false, args: {} },
                async () => {
                    throw e;
                },
            );
        const dns = Object.assign(new Error('getaddrinfo ENOTFOUND testnet.toncenter.com'), {
            code: 'ENOTFOUND',
            isAxiosError: true,
        });
        const offline = await env.run(failing(dns), env.stranger, []);
        expect({ exitCode: offline.exitCode, lines: offline.lines }).toEqual({
            exitCode: ExitCode.network,
            lines: [
                'error: network: getaddrinfo ENOTFOUND testnet.toncenter.com; check the connection and the API endpoint (docs/OPERATIONS.md, "Network and API key")',
            ],
        });
        const plain = await env.run(failing(new Error('Unable to connect to wallet.')), env.stranger, []);
        expect({ exitCode: plain.exitCode, lines: plain.lines }).toEqual({
            exitCode: ExitCode.failed,
            lines: ['error: Unable to connect to wallet.'],
        });
    });
});

describe('exit codes', () => {
    // Property: the operations guide's exit-code table is exactly the constants module (one source).
    it('[DOC-415] docs/OPERATIONS.md lists exactly the exit codes of toolkit/ops/cli/exit-codes.ts', () => {
        const guide = readFileSync(join(ROOT, 'docs', 'OPERATIONS.md'), 'utf8');
        const table = guide
            .slice(guide.indexOf('### Exit codes'))
            .split('\n')
            .filter((l) => /^\| \d+ \|/.test(l));
        expect(table).toEqual(Object.entries(EXIT_CODE_MEANINGS).map(([code, meaning]) => `| ${code} | ${meaning} |`));
        expect(Object.values(ExitCode)).toEqual(Object.keys(EXIT_CODE_MEANINGS).map(Number));
    });
});
