/**
 * Operator input, before anything touches the chain: entitlement files, script arguments and the
 * deployment file. Each malformed input must give one line naming the file and line (or argument).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Address } from '@ton/core';
import { parseEntitlementsCsv, parseEntitlementsJson, readEntitlementsFile } from '../../toolkit/ops/entitlements';
import { parseAddress, parseIndexList, parseTon } from '../../toolkit/ops/args';
import { parseWords } from '../../toolkit/ops/cli/words';
import { readDeployment, writeDeployment } from '../../toolkit/ops/deployment';
import { ExitCode } from '../../toolkit/ops/cli/exit-codes';
import { OpsError, oneLine, PartlyDone } from '../../toolkit/ops/errors';
import { OpsProvider } from '../../toolkit/ops/provider';
import { PROGRESS_EVERY, waitUntil } from '../../toolkit/ops/wait';
import {
    appendIntent,
    appendSettled,
    IN_FLIGHT_SECONDS,
    journalPath,
    readJournal,
    readSubmitted,
} from '../../toolkit/ops/journal';

const dir = mkdtempSync(join(tmpdir(), 'ops-inputs-'));
const basechain = Address.parse('0:' + '11'.repeat(32));
const masterchain = Address.parse('-1:' + '22'.repeat(32));

function fails(f: () => unknown): string {
    try {
        f();
    } catch (e) {
        expect(e).toBeInstanceOf(OpsError);
        const line = oneLine(e);
        expect(line).not.toContain('\n');
        return line;
    }
    throw new Error('expected an OpsError');
}

describe('entitlement files', () => {
    // A well-formed CSV with comments and blank lines parses to exact rows with their line numbers.
    it('[DOC-401] a CSV of cumulative entitlements parses with its line numbers', () => {
        const rows = parseEntitlementsCsv(
            'p.csv',
            '# epoch 3\nworker_index,cumulative_nanoton\n0,1000\n\n7, 250000000000\n',
        );
        expect(rows).toEqual([
            { workerIndex: 0, cumulative: 1000n, line: 3 },
            { workerIndex: 7, cumulative: 250000000000n, line: 5 },
        ]);
    });

    // Fault: a malformed row (wrong column count, a decimal, a negative, a bad index, a duplicate).
    // Property: the error names the file and the exact line of the row.
    it('[DOC-402] a malformed CSV row is refused with its file and line number', () => {
        const head = 'worker_index,cumulative_nanoton\n0,5\n';
        expect(fails(() => parseEntitlementsCsv('p.csv', head + '1,2,3\n'))).toBe(
            'p.csv:3: expected 2 columns (worker_index,cumulative_nanoton), got 3: "1,2,3"',
        );
        expect(fails(() => parseEntitlementsCsv('p.csv', head + '1,1.5\n'))).toBe(
            'p.csv:3: cumulative_nanoton "1.5" is not a whole number of nanoton',
        );
        expect(fails(() => parseEntitlementsCsv('p.csv', head + '\n1,-5\n'))).toBe(
            'p.csv:4: cumulative_nanoton "-5" is not a whole number of nanoton',
        );
        expect(fails(() => parseEntitlementsCsv('p.csv', head + 'x,5\n'))).toBe(
            'p.csv:3: worker_index "x" is not a worker index (0..4294967295)',
        );
        expect(fails(() => parseEntitlementsCsv('p.csv', head + '4294967296,5\n'))).toBe(
            'p.csv:3: worker_index "4294967296" is not a worker index (0..4294967295)',
        );
        expect(fails(() => parseEntitlementsCsv('p.csv', head + '0,6\n'))).toBe(
            'p.csv:3: worker 0 is listed twice (first on line 2)',
        );
        expect(fails(() => parseEntitlementsCsv('p.csv', 'index,amount\n0,5\n'))).toBe(
            'p.csv:1: expected the header "worker_index,cumulative_nanoton", got "index,amount"',
        );
        expect(fails(() => parseEntitlementsCsv('p.csv', 'worker_index,cumulative_nanoton\n'))).toBe(
            'p.csv: no entitlements in the file',
        );
    });

    // JSON input: amounts as strings (any size) or safe integers; errors carry the entry's line.
    it('[DOC-402] a malformed JSON entry is refused with its file and line number', () => {
        const ok =
            '[\n  { "worker_index": 2, "cumulative_nanoton": "123456789012345678901" },\n  { "worker_index": 3, "cumulative_nanoton": 7 }\n]';
        expect(parseEntitlementsJson('p.json', ok)).toEqual([
            { workerIndex: 2, cumulative: 123456789012345678901n, line: 2 },
            { workerIndex: 3, cumulative: 7n, line: 3 },
        ]);
        const bad =
            '[\n  { "worker_index": 2, "cumulative_nanoton": "1" },\n\n  { "worker_index": 3, "cumulative_nanoton": "1e9" }\n]';
        expect(fails(() => parseEntitlementsJson('p.json', bad))).toBe(
            'p.json:4: cumulative_nanoton "1e9" is not a whole number of nanoton',
        );
        expect(fails(() => parseEntitlementsJson('p.json', '[{"worker_index": 1, "cumulative_nanoton": 1.5}]'))).toBe(
            'p.json:1: cumulative_nanoton 1.5 is not a safe integer; write large amounts as strings',
        );
        expect(fails(() => parseEntitlementsJson('p.json', '[{"worker_index": 1, "amount": 1}]'))).toBe(
            'p.json:1: entry 1 has unknown field "amount"',
        );
        expect(fails(() => parseEntitlementsJson('p.json', '{"worker_index": 1}'))).toBe(
            'p.json:1: expected an array of {"worker_index", "cumulative_nanoton"}',
        );
        expect(
            fails(() => parseEntitlementsJson('p.json', '[\n{"worker_index": 1,\n "cumulative_nanoton": }]')),
        ).toMatch(/^p\.json:3: not valid JSON/);
    });

    // The file type follows the extension; anything else is refused rather than guessed.
    it('[DOC-402] entitlement files are read by extension and unreadable files are named', () => {
        const csv = join(dir, 'e.csv');
        writeFileSync(csv, 'worker_index,cumulative_nanoton\n1,2\n');
        expect(readEntitlementsFile(csv)).toEqual([{ workerIndex: 1, cumulative: 2n, line: 2 }]);
        const txt = join(dir, 'e.txt');
        writeFileSync(txt, '1,2');
        expect(fails(() => readEntitlementsFile(txt))).toBe(
            `${txt}: expected a .csv or .json file of cumulative entitlements`,
        );
        expect(fails(() => readEntitlementsFile(join(dir, 'missing.csv')))).toBe(
            `${join(dir, 'missing.csv')}: cannot read the file`,
        );
    });
});

describe('script arguments', () => {
    // Fault: an address on the masterchain where the pool only handles basechain accounts.
    it('[ACC-401] an address on the wrong workchain is refused with the workchain named', () => {
        expect(parseAddress('owner', basechain.toString()).equals(basechain)).toBe(true);
        expect(fails(() => parseAddress('owner', masterchain.toString()))).toBe(
            `owner: ${masterchain.toRawString()} is on workchain -1; only basechain (workchain 0) addresses are accepted`,
        );
        expect(fails(() => parseAddress('owner', 'EQnotanaddress'))).toBe(
            'owner: "EQnotanaddress" is not a TON address',
        );
    });

    // Typos must not fall back to defaults: repeated or unknown keys are refused.
    it('[DOC-403] arguments are key=value words; repeats, unknown keys and bad amounts are refused', () => {
        const words = parseWords(['commission_bps=500', 'yes'], ['commission_bps', 'a'], ['yes']);
        expect(words).toEqual({ values: new Map([['commission_bps', '500']]), flags: new Set(['yes']) });
        expect(fails(() => parseWords(['a=1', 'a=2'], ['a'], []))).toBe('argument "a" is given twice');
        expect(fails(() => parseWords(['=1'], ['a'], []))).toBe('argument "=1" has no key before "="');
        expect(fails(() => parseWords(['comission_bps=5'], ['commission_bps'], ['yes']))).toBe(
            'unknown argument: comission_bps= (did you mean commission_bps=?); known: commission_bps= yes',
        );
        expect(fails(() => parseWords(['yes=1'], ['a'], ['yes']))).toBe(
            '"yes" is a word on its own and takes no value',
        );
        expect(fails(() => parseWords(['a'], ['a'], ['yes']))).toBe('argument "a" needs a value: a=...');
        expect(fails(() => parseWords(['--a=1'], ['a'], []))).toBe(
            `"--a=1": script arguments are key=value words (blueprint's --flags go before them)`,
        );
        expect(parseTon('amount', '1.5')).toBe(1_500_000_000n);
        expect(fails(() => parseTon('amount', '1,5'))).toBe('amount: "1,5" is not an amount of TON (e.g. 1.5)');
        expect(parseIndexList('workers', '3,5,10-12', 100)).toEqual([3, 5, 10, 11, 12]);
        expect(fails(() => parseIndexList('workers', '3,3', 100))).toBe('workers: worker 3 is listed twice');
        expect(fails(() => parseIndexList('workers', '9-2', 100))).toBe('workers: range "9-2" runs backwards');
    });
});

describe('deployment file', () => {
    // The file round-trips exactly, and a file for another network or with a bad field is refused.
    it('[DOC-404] the deployment file round-trips and refuses another network or a broken field', () => {
        const path = join(dir, 'deployments', 'testnet.json');
        const d = {
            network: 'testnet',
            createdAt: '2026-11-27T21:00:00.000Z',
            registry: { address: basechain, codeHash: 'ab'.repeat(32) },
            pool: { address: Address.parse('0:' + '33'.repeat(32)), codeHash: 'cd'.repeat(32) },
            owner: Address.parse('0:' + '44'.repeat(32)),
            operator: Address.parse('0:' + '55'.repeat(32)),
        };
        writeDeployment(path, d);
        const back = readDeployment(path, 'testnet');
        expect(back.registry.address.equals(d.registry.address)).toBe(true);
        expect(back.pool.address.equals(d.pool.address)).toBe(true);
        expect(back.owner.equals(d.owner)).toBe(true);
        expect(back.operator.equals(d.operator)).toBe(true);
        expect({ ...back, registry: back.registry.codeHash, pool: back.pool.codeHash, owner: 0, operator: 0 }).toEqual({
            ...d,
            registry: d.registry.codeHash,
            pool: d.pool.codeHash,
            owner: 0,
            operator: 0,
        });
        expect(fails(() => readDeployment(path, 'mainnet'))).toBe(
            `${path}: made for testnet, but this run is on mainnet`,
        );
        expect(fails(() => readDeployment(join(dir, 'none.json'), 'testnet'))).toBe(
            `${join(dir, 'none.json')}: no deployment file; run deployPool first or pass deployment=FILE`,
        );
        writeFileSync(
            path,
            JSON.stringify({
                ...JSON.parse(JSON.stringify({ network: 'testnet', createdAt: 'x' })),
                registry: { address: basechain.toString(), codeHash: 'zz' },
            }),
        );
        expect(fails(() => readDeployment(path, 'testnet'))).toBe(
            `${path}: field "registry.codeHash" is not a 256-bit hex hash`,
        );
    });
});

describe('submission journal', () => {
    // Property: what submitPayouts appends (an intent before each send, a settled line after), reconcile
    // and the next run read back exactly; a missing journal is empty and a damaged line is named rather than skipped.
    it('[DOC-411] the submission journal round-trips requests and names a damaged line', () => {
        const path = journalPath(join(dir, 'deployments', 'journal-test.json'));
        expect(path).toBe(join(dir, 'deployments', 'journal-test.submitted.jsonl'));
        expect(readSubmitted(path)).toEqual([]);
        const r1 = {
            queryId: 1n << 60n,
            value: 123n,
            entries: [
                { workerIndex: 0, cumulative: 10n ** 20n },
                { workerIndex: 7, cumulative: 5n },
            ],
        };
        const r2 = { queryId: 2n, value: 9n, entries: [{ workerIndex: 3, cumulative: 1n }] };
        appendIntent(path, r1, 1000);
        appendIntent(path, r2, 1001);
        appendSettled(path, r1.queryId, 'applied', 1002);
        expect(readSubmitted(path)).toEqual([r1, r2]);
        expect(readJournal(path).map((i) => [i.queryId, i.at, i.inFlightUntil, i.settled])).toEqual([
            [r1.queryId, 1000, 1000 + IN_FLIGHT_SECONDS, true],
            [r2.queryId, 1001, 1001 + IN_FLIGHT_SECONDS, false],
        ]);
        writeFileSync(path, readFileSync(path, 'utf8') + '{"kind": "settled", "queryId": "3",\n');
        expect(fails(() => readSubmitted(path))).toBe(
            `${path}:4: not a journal line (one JSON object per line, written by submitPayouts)`,
        );
    });
});

describe('waiting', () => {
    // Property: a long wait is never silent: a progress line every PROGRESS_EVERY polls, then either
    // done or a one-line "sent, but timed out" (partly done, exit 5) naming what it waited for.
    it('[DOC-419] waiting for the chain prints a progress line every 10 polls and times out as partly done', async () => {
        const lines: string[] = [];
        const p = { pollIntervalMs: 0, ui: () => ({ write: (l: string) => lines.push(l) }) } as unknown as OpsProvider;
        let polls = 0;
        await waitUntil(p, 'the batch', async () => ++polls > 25, { progress: () => `${polls} polls` });
        expect(lines).toEqual(['11 polls', '21 polls']);
        lines.length = 0;
        const timeout = await waitUntil(p, 'the batch', async () => false, { attempts: PROGRESS_EVERY + 1 }).catch(
            (e: unknown) => e,
        );
        expect(lines).toEqual(['waiting for the batch (0 s)']);
        expect(timeout).toBeInstanceOf(PartlyDone);
        expect((timeout as PartlyDone).exitCode).toBe(ExitCode.partial);
        expect(oneLine(timeout)).toBe(
            "sent, but timed out waiting for the batch after 11 checks; check the wallet's and the contract's transactions in the explorer, then run the script again (it skips what is done)",
        );
    });
});
