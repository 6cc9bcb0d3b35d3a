/**
 * The real CLI, `npx blueprint run ...`, with stdin closed (what cron, CI or `</dev/null` give): before
 * our checks, such a run printed blueprint's network menu or a question and exited 0 having done
 * nothing. Now every foreseeable stop is one `error:` line and exit code 2, before blueprint asks for a
 * network or connects anything. Each case spawns a process (about 10 s each), so there are few, and
 * they run side by side.
 */
import { spawn } from 'child_process';
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ExitCode } from '../../toolkit/ops/cli/exit-codes';

const ROOT = join(__dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'ops-cli-'));
const OPERATOR = 'EQBvW8Z5huBkMJYdnfAEM5JqTNkuWX3diqYENkWsIL0XggGG';

interface Run {
    code: number | null;
    stdout: string;
    stderr: string;
}

/** `npx blueprint run <args>` with stdin closed and no wallet in the environment. */
function blueprintRun(args: string[], env: Record<string, string> = {}): Promise<Run> {
    const base = Object.fromEntries(
        Object.entries(process.env).filter(([k]) => !k.startsWith('WALLET_') && !k.startsWith('JEST')),
    );
    return new Promise((resolve, reject) => {
        const child = spawn('npx', ['blueprint', 'run', ...args], {
            cwd: ROOT,
            env: { ...base, TS_NODE_TRANSPILE_ONLY: 'true', ...env },
            stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d) => (stdout += d));
        child.stderr.on('data', (d) => (stderr += d));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
}

/** Exit code 2, exactly one error line (on stderr), no stack trace, no menu, no question. */
function expectStop(r: Run, line: string): void {
    expect({ code: r.code, errors: r.stderr.split('\n').filter((l) => l.startsWith('error: ')) }).toEqual({
        code: ExitCode.badInput,
        errors: [`error: ${line}`],
    });
    expect(r.stdout + r.stderr).not.toMatch(/Which network|Which wallet|\?\s|^\s+at /m);
}

describe('npx blueprint run with stdin closed', () => {
    const csv = join(dir, 'epoch.csv');
    writeFileSync(csv, 'worker_index,cumulative_nanoton\n0,abc\n1,-5\n');
    let runs: Run[];

    beforeAll(async () => {
        runs = await Promise.all([
            blueprintRun(['operator/submitPayouts', '--mnemonic', `file=${csv}`]),
            blueprintRun(['owner/rotateOperator', '--testnet', '--mnemonic', `oprator=${OPERATOR}`, 'yes']),
            blueprintRun(['approveWorker', '--testnet', '--mnemonic', 'workers=0', 'yes']),
            blueprintRun(['operator/approveWorkers', '--mnemonic', 'workers=0', 'yes']),
            blueprintRun(['operator/approveWorkers', '--testnet', '--mnemonic', 'workers=0', 'yes', 'json']),
            blueprintRun(['operator/approveWorkers', '--testnet', '--mnemonic', 'workers=0', 'json', 'yes'], {
                WALLET_MNEMONIC: 'abandon '.repeat(24).trim(),
                WALLET_VERSION: 'v9',
            }),
        ]);
    });

    // Fault: a malformed CSV (`0,abc`) and no network flag. Property: the file's line is named, offline,
    // before blueprint's network menu (which, with no terminal, used to end the run with exit 0).
    it('[DOC-413] a malformed entitlements file stops submitPayouts with its line before any network menu', () => {
        expectStop(runs[0], `${csv}:2: cumulative_nanoton "abc" is not a whole number of nanoton`);
    });

    // Fault: a typo in an argument name, with `yes`. Property: refused, with the nearest known key,
    // before anything is asked (the run used to print a question and exit 0).
    it('[DOC-403] an unknown key is refused before anything is asked, with the nearest known key', () => {
        expectStop(
            runs[1],
            'unknown argument: oprator= (did you mean operator=?); known: operator= deployment= yes check json help',
        );
    });

    // Fault: a misspelt or folder-less script name. Property: one line naming the nearest script, not
    // blueprint's "Could not find file" stack trace.
    it('[DOC-414] a misspelt script name is one line naming the nearest script', () => {
        expect(runs[2].stderr).toMatch(
            /^error: no script "approveWorker"; did you mean operator\/approveWorkers\? \(scripts: member\/changePayoutAddress, .*\)\n$/,
        );
        expect(runs[2].code).toBe(ExitCode.badInput);
    });

    // Fault: neither --testnet nor --mainnet, with no terminal. Property: blueprint never picks a
    // network silently and never shows a menu nobody can answer: one line, exit 2.
    it('[ACC-403] a missing network flag with no terminal is one line and exit code 2, never the network menu', () => {
        expectStop(runs[3], 'no network given and no terminal to ask: pass --testnet or --mainnet');
    });

    // Fault: `--mnemonic` without WALLET_MNEMONIC / WALLET_VERSION, or with an unknown wallet version.
    // Property: one line before any wallet exists (not blueprint's stack trace); with `json`, stdout is
    // exactly one JSON object.
    it('[ACC-402] a missing mnemonic or an unknown wallet version is one line before any wallet exists; json gives one JSON object', () => {
        const missing =
            '--mnemonic needs WALLET_MNEMONIC (the 24 words) and WALLET_VERSION (v5r1 for batched sends, or v4) in the environment or in .env';
        expectStop(runs[4], missing);
        expect(
            runs[4].stdout
                .trim()
                .split('\n')
                .map((l) => JSON.parse(l)),
        ).toEqual([{ ok: false, exitCode: ExitCode.badInput, error: missing }]);
        expectStop(
            runs[5],
            'WALLET_VERSION "v9" is not one blueprint knows: v1r1, v1r2, v1r3, v2r1, v2r2, v3r1, v3r2, v4, v4r1, v4r2, v5r1',
        );
    });
});
