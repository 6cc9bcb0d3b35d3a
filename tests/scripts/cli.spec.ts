/**
 * Every script with stdin closed (no terminal: cron, CI, `</dev/null`), through its real
 * `run(provider, args)` with a provider that cannot ask, and the `check` and `json` words. The bench
 * has no deployment file at all, so a script that touched the chain before refusing would say
 * "no deployment file" (exit 3) instead of the offline refusal (exit 2) asserted here.
 */
import { writeFileSync } from 'fs';
import { join } from 'path';
import { toNano } from '@ton/core';
import { scriptNames } from '../../toolkit/ops/cli/blueprint-argv';
import { ExitCode } from '../../toolkit/ops/cli/exit-codes';
import { Script } from '../../toolkit/ops/cli/script';
import * as submitPayouts from '../../scripts/operator/submitPayouts';
import { ScriptsEnv } from './support/env';
import { deploy, expectBadInput, expectOk, registerAndApprove, sendRevenue, writeLedger } from './support/pool-setup';

const ROOT = join(__dirname, '..', '..');
const closed = { interactive: false };
const confirm =
    'no terminal to confirm the send: add yes to send, or check to only validate and print what would be sent; nothing was sent';
const workers = 'give the workers as workers=3,5,10-12 or as file=PATH (one of the two)';
const worker = 'worker=0..4294967295';
const ASK = 'no terminal to ask (`help` explains each); nothing was sent';

/** What each script says when run with no words and stdin closed. */
const CLOSED_STDIN: Record<string, string> = {
    'member/changePayoutAddress': `missing ${worker} payout=ADDRESS; ${ASK}`,
    'member/earningsAddress': `missing ${worker}; ${ASK}`,
    'member/payOwed': workers,
    'member/registerWorker': `missing stake=TON; ${ASK}`,
    'member/requestExit': `missing ${worker}; ${ASK}`,
    'member/sweepEarnings': `missing ${worker}; ${ASK}`,
    'member/withdrawStake': `missing ${worker}; ${ASK}`,
    'operator/approveWorkers': workers,
    'operator/reconcile': `missing ledger=PATH.csv|.json; ${ASK}`,
    'operator/reinstateWorkers': workers,
    'operator/setWeights': `missing weight=0..4294967295; ${ASK}`,
    'operator/submitPayouts': `missing file=PATH.csv|.json; ${ASK}`,
    'operator/suspendWorkers': workers,
    'owner/claimOwnership': confirm,
    'owner/deployPool': `missing operator=ADDRESS commission_bps=0..5000 min_payout=TON period_cap=TON period_length=1..4294967295 min_stake=TON cooldown=0..2592000 reserve=TON registry_balance=TON; ${ASK}`,
    'owner/fundReserve': `missing amount=TON; ${ASK}`,
    'owner/pause': confirm,
    'owner/proposeOwner': `missing new_owner=ADDRESS; ${ASK}`,
    'owner/rotateOperator': `missing operator=ADDRESS; ${ASK}`,
    'owner/setPoolParams':
        'give at least one parameter to change: commission_bps, min_payout, period_cap, period_length',
    'owner/setRegistryParams': 'give at least one parameter to change: min_stake, cooldown, capacity, max_per_member',
    'owner/slashWorker': `missing ${worker} amount=TON|all; ${ASK}`,
    'owner/unpause': confirm,
    'owner/upgradePool': confirm,
    'owner/withdrawCommission': confirm,
};

async function script(name: string): Promise<Script> {
    return import(join(ROOT, 'scripts', name));
}

describe('stdin closed', () => {
    // Fault: each script run unattended with nothing given. Property: one line naming what is missing
    // (or that nothing can confirm the send), exit code 2, no question, nothing sent, the chain untouched.
    it('[DOC-416] every script run with stdin closed and no arguments stops with one line and exit code 2, asking nothing', async () => {
        const env = await ScriptsEnv.create(0);
        expect(Object.keys(CLOSED_STDIN)).toEqual(scriptNames(ROOT));
        for (const [name, line] of Object.entries(CLOSED_STDIN)) {
            const r = await env.run(await script(name), env.stranger, [], [], closed);
            expect({ name, asked: r.asked }).toEqual({ name, asked: [] });
            expectBadInput(r, line);
        }
    });

    // The observed cases, each refused offline with a precise line: a typo'd key with `yes`, a
    // CSV with `0,abc` and `1,-5`, a negative amount, a backwards range, a key given twice.
    it('[DOC-417] bad words, values and files are refused offline with a precise line, before the chain is read', async () => {
        const env = await ScriptsEnv.create(0);
        const run = async (name: string, words: string[]) =>
            env.run(await script(name), env.stranger, words, [], closed);
        expectBadInput(
            await run('owner/rotateOperator', [`oprator=${env.operator.address}`, 'yes']),
            'unknown argument: oprator= (did you mean operator=?); known: operator= deployment= yes check json help',
        );
        expectBadInput(
            await run('operator/submitPayouts', ['fiel=x.csv', 'yes']),
            'unknown argument: fiel= (did you mean file=?); known: file= deployment= yes check json help',
        );
        const csv = env.path('epoch.csv');
        writeFileSync(csv, 'worker_index,cumulative_nanoton\n0,abc\n1,-5\n');
        expectBadInput(
            await run('operator/submitPayouts', [`file=${csv}`, 'yes']),
            `${csv}:2: cumulative_nanoton "abc" is not a whole number of nanoton`,
        );
        writeFileSync(csv, 'worker_index,cumulative_nanoton\n0,5\n1,-5\n');
        expectBadInput(
            await run('operator/submitPayouts', [`file=${csv}`, 'yes']),
            `${csv}:3: cumulative_nanoton "-5" is not a whole number of nanoton`,
        );
        writeFileSync(csv, 'worker_index,cumulative_nanoton\n"0","5"\n"1","1,000"\n');
        expectBadInput(
            await run('operator/submitPayouts', [`file=${csv}`, 'yes']),
            `${csv}:3: cumulative_nanoton "1,000" is not a whole number of nanoton`,
        );
        expectBadInput(
            await run('owner/fundReserve', ['amount=-1', 'yes']),
            'amount: "-1" is not an amount of TON (e.g. 1.5)',
        );
        expectBadInput(await run('owner/fundReserve', ['amount=0', 'yes']), 'amount: must be more than 0');
        expectBadInput(
            await run('operator/approveWorkers', ['workers=5-2', 'yes']),
            'workers: range "5-2" runs backwards',
        );
        expectBadInput(
            await run('operator/approveWorkers', ['workers=1', 'workers=2', 'yes']),
            'argument "workers" is given twice',
        );
        expectBadInput(
            await run('owner/pause', ['target=all', 'yes']),
            'target: "all" is not one of pool, registry, both',
        );
        expectBadInput(await run('owner/rotateOperator', [`operator=${env.operator.address}`]), confirm);
        const help = await run('operator/approveWorkers', ['help']);
        expect({ exitCode: help.exitCode, first: help.lines[0] }).toEqual({
            exitCode: ExitCode.ok,
            first: 'operator/approveWorkers: approves pending workers and reinstates suspended ones (run by: operator)',
        });
    });
});

describe('check and json', () => {
    // Property: `check` reads the chain, prints exactly what would be sent and sends nothing (exit 0);
    // `json` gives one JSON result with the script's fields; a quoted CSV is read like a plain one.
    it('[DOC-418] check prints what submitPayouts would send and sends nothing; json gives one result', async () => {
        const env = await ScriptsEnv.create(2);
        const { pool } = await deploy(env);
        await registerAndApprove(env);
        await sendRevenue(env, pool, '10');
        const file = env.path('quoted.csv');
        writeFileSync(file, 'worker_index,cumulative_nanoton\n"0","1000000000"\n"1","2000000000"\n');
        const check = expectOk(
            await env.run(submitPayouts, env.operator, [`file=${file}`, 'check', 'json'], [], closed),
        );
        expect(check.sent).toHaveLength(0);
        expect(check.lines.slice(0, 3)).toEqual([
            `Pay 2 worker(s) from ${file}`,
            `  pool:     ${pool.address}`,
            '  to pay:   3 TON (cumulative minus what the pool already paid)',
        ]);
        expect(check.lines[check.lines.length - 1]).toBe('check: every input is valid; nothing was sent');
        expect(check.json).toEqual([
            expect.objectContaining({
                ok: true,
                exitCode: 0,
                script: 'operator/submitPayouts',
                network: 'testnet',
                sent: false,
                toPay: '3000000000',
                inactive: [],
            }),
        ]);
        expect((await pool.getWorker(0)).paid).toBe(0n);

        const paid = expectOk(
            await env.run(
                submitPayouts,
                env.operator,
                [
                    `file=${writeLedger(env, 'e1.csv', [
                        [0, toNano('1')],
                        [1, toNano('2')],
                    ])}`,
                    'yes',
                    'json',
                ],
                [],
                closed,
            ),
        );
        expect(paid.sent).toHaveLength(1);
        expect(paid.json).toEqual([
            expect.objectContaining({
                ok: true,
                exitCode: 0,
                toPay: '3000000000',
                bounced: [],
                requests: [expect.objectContaining({ entries: 2 })],
            }),
        ]);
    });
});
