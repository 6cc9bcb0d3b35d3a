/**
 * `npm run bench:breakdown -- [--json FILE]`: where a payout's gas goes, from the TVM's own
 * per-instruction gas log (`vm_logs_gas`: code cell, offset, instruction and gas remaining after it).
 *
 * The pool of the benchmark (10,000 workers, ./bench-pool.ts) pays a dense batch of SAMPLE entries
 * (6 full leaves over 2 pages: the whole log fits in the emulator's 1 MiB log, which keeps only the
 * tail of a longer one). Every executed instruction is charged the gas the log shows it took. An
 * instruction site (code cell and offset) executed at least once per entry is in the entry loop;
 * its gas is split by what the instruction does (CATEGORIES below: every mnemonic of the loop must be
 * listed, an unknown one fails the run). What runs less often is the per-leaf and per-page work
 * (leaf and page rewrite, dictionary read and write) and the transaction's fixed part; the per-leaf
 * part is the sites executed once per leaf, the rest is derived from the full benchmark batch
 * (PAYOUTS_PER_TX entries, whose gas is exact): page and transaction = batch gas - payouts x (entry
 * loop + per leaf), so the rows add up to the benchmark's gas per payout.
 */
import { toNano } from '@ton/core';
import { mkdirSync, writeFileSync } from 'fs';
import { dirname } from 'path';
import { PoolLimits } from '../../wrappers/PoolPayout';
import { gasUsed } from '../../toolkit/chain/transactions';
import { readCommandLine } from '../../toolkit/cli/flags';
import { BENCH_WORKERS } from './pool-bench';
import { setupBenchPool } from './bench-pool';

/** Entries of the logged batch: 6 leaves of 12, the first page whole and half the next. */
export const SAMPLE = 72;
const LEAF = 12;

export const CATEGORY_NAMES = ['message', 'ledgerRead', 'ledgerWrite', 'parsing', 'checks', 'shuffles'] as const;
export type Category = (typeof CATEGORY_NAMES)[number];

/** What each category covers (rendered beside the figures). */
export const CATEGORY_LABELS: Record<Category, string> = {
    message: 'payout message: header, account, amount, tail and index stores, ENDC, SENDRAWMSG and its mode',
    ledgerRead: 'ledger read: hot slot split at the cursor, the payout account (from the cold cells)',
    ledgerWrite: 'ledger write: the rewritten hot slot stored (head slice and new cumulative)',
    parsing: 'entry parsing: slot and cumulative from the request',
    checks: 'arithmetic, checks and control: amount, limit, cursor, index, the payability test, branch and loop',
    shuffles: 'stack shuffles (PUSH, POP, XCHG and their compound forms)',
};

/**
 * The category of one logged instruction of the entry loop (`STU 256`, `PUSH2 s9,s2`, ...), or undefined
 * when the mnemonic is not classified (the run then fails: the table must say where it belongs).
 */
export function categoryOf(ins: string): Category | undefined {
    const [op, arg] = ins.split(' ');
    if (
        /^(PUSH|POP|XCHG|XCHG2|XCHG3|XCPU|PUXC|PUSH2|PUSH3|XC2PU|XCPUXC|XCPU2|PUXC2|PUXCPU|PU2XC)$/.test(op) &&
        arg?.startsWith('s')
    )
        return 'shuffles';
    if (
        /^(SWAP|DUP|DROP|NIP|ROT|ROTREV|OVER|TUCK|2DROP|2SWAP|2DUP|2OVER|BLKSWAP|BLKDROP|BLKPUSH|ROLL|ROLLREV|REVERSE|BLKDROP2)$/.test(
            op,
        )
    )
        return 'shuffles';
    if (op === 'LDU' && arg === '4') return 'parsing';
    if (op === 'LDGRAMS' || op === 'LDVARUINT16') return 'parsing';
    if (/^(LDSLICEX|PLDREFVAR|CTOS|SDSKIPFIRST|DIV\/MOD|DIVMOD|INDEXVAR)$/.test(op)) return 'ledgerRead';
    if (
        (op === 'LDU' && arg === '65') ||
        (op === 'PLDU' && arg === '256') ||
        (op === 'LSHIFT' && arg === '8') ||
        (op === 'MULINT' && arg === '65')
    )
        return 'ledgerRead';
    if (op === 'PUSHINT' && arg === '3') return 'ledgerRead'; // the divisor of slot -> (cold cell, position)
    if (/^(STSLICE|STSLICER)$/.test(op) || ((op === 'STI' || op === 'STU') && arg === '65')) return 'ledgerWrite';
    if (/^(NEWC|ENDC|SENDRAWMSG|STGRAMS|STVARUINT16|STB|STBR)$/.test(op) || /^(STU|STUR)$/.test(op)) return 'message';
    if (op === 'PUSHINT' && (arg === '1' || arg === '50176')) return 'message'; // the send mode, the header prefix
    if (
        /^(ADD|SUB|SUBR|INC|DEC|GEQ|LEQ|LESS|GREATER|AND|OR|MIN|MAX|LESSINT|GTINT|ADDINT|MULINT|GETGLOB|IF|IFNOT|IFELSE|IFJMP|IFNOTJMP|IFJMPREF|IFNOTJMPREF|PUSHCONT|PUSHREFCONT|REPEAT|REPEATEND|RSHIFT|implicit)$/.test(
            op,
        )
    )
        return 'checks';
    return undefined;
}

interface Executed {
    site: string;
    ins: string;
    gas: number;
}

/**
 * The instructions of one vm_logs_gas log with the gas each took: the gas consumed after it minus
 * the gas consumed before it, consumed = the gas limit in force - the gas remaining (`limit` is the
 * compute phase's starting limit; ACCEPT and SETGASLIMIT log the limit they set).
 */
export function parseGasLog(log: string, limit: number): Executed[] {
    const out: Executed[] = [];
    let site = '';
    let ins = '';
    let consumed = 0;
    for (const line of log.split('\n')) {
        if (line.startsWith('code cell hash: ')) site = line.slice(16);
        else if (line.startsWith('execute ')) {
            ins = line.slice(8);
            if (ins.startsWith('implicit')) site = `${site}|${ins}`;
        } else if (line.startsWith('changing gas limit to ')) limit = Number(line.slice(22));
        else if (line.startsWith('gas remaining: ')) {
            const now = limit - Number(line.slice(15));
            if (ins !== '') out.push({ site, ins, gas: now - consumed });
            consumed = now;
            ins = '';
        }
    }
    return out;
}

export interface GasBreakdown {
    workers: number;
    sampleEntries: number;
    /** The benchmark's batch: payouts in its one transaction, its gas. */
    payouts: number;
    batchGas: number;
    gasPerPayout: number;
    /** Gas per entry of the entry loop, by category, and how many instructions per entry that is. */
    entry: Record<Category, number>;
    entryInstructions: Record<Category, number>;
    entryTotal: number;
    /** The sites run once per leaf (leaf load, rewrite and cell, the group header, the call), per payout. */
    perLeafPerPayout: number;
    /** Page reads and writes and the transaction's fixed part, per payout of the benchmark batch. */
    pageAndTransactionPerPayout: number;
}

async function loggedBatch(
    entries: number,
    workers: number,
    log: boolean,
): Promise<{ gas: number; gasLimit: number; log: string }> {
    const { blockchain, pool, operator, cocoon } = await setupBenchPool('sandbox', workers, entries);
    await pool.sendCocoonPayout(cocoon.getSender(), { value: toNano('10000') });
    const list = Array.from({ length: entries }, (_, i) => ({ workerIndex: i, cumulative: toNano('1') + BigInt(i) }));
    const value = await pool.getBatchValue(list.length);
    if (log) blockchain.verbosity = { ...blockchain.verbosity, print: false, vmLogs: 'vm_logs_gas' };
    const r = await pool.sendPayoutBatch(operator.getSender(), { value, queryId: 1n, entries: list });
    const txs = r.transactions.filter(
        (t) =>
            t.inMessage?.info.type === 'internal' &&
            t.inMessage.info.dest.equals(pool.address) &&
            !t.inMessage.info.bounced,
    );
    if (txs.length !== 1) throw new Error(`breakdown: a batch of ${entries} took ${txs.length} pool transactions`);
    if (txs[0].outMessagesCount !== entries + 1)
        throw new Error(
            `breakdown: a batch of ${entries} sent ${txs[0].outMessagesCount} messages, not ${entries} payouts and the report`,
        );
    const d = txs[0].description;
    if (d.type !== 'generic' || d.computePhase.type !== 'vm')
        throw new Error('breakdown: the batch had no compute phase');
    return { gas: Number(gasUsed(txs[0])), gasLimit: Number(d.computePhase.gasLimit), log: txs[0].vmLogs };
}

export async function measureBreakdown(workers = BENCH_WORKERS): Promise<GasBreakdown> {
    const sample = await loggedBatch(SAMPLE, workers, true);
    const executed = parseGasLog(sample.log, sample.gasLimit);
    if (!executed.length || !executed[0].ins.startsWith('SETCP'))
        throw new Error('breakdown: the log does not start at the code (truncated)');
    const logged = executed.reduce((s, x) => s + x.gas, 0);
    if (logged !== sample.gas)
        throw new Error(`breakdown: the log accounts for ${logged} gas, the transaction used ${sample.gas}`);
    const count = new Map<string, number>();
    for (const x of executed) count.set(`${x.site} ${x.ins}`, (count.get(`${x.site} ${x.ins}`) ?? 0) + 1);
    const entry = Object.fromEntries(CATEGORY_NAMES.map((c) => [c, 0])) as Record<Category, number>;
    const instructions = Object.fromEntries(CATEGORY_NAMES.map((c) => [c, 0])) as Record<Category, number>;
    const leaves = SAMPLE / LEAF;
    let perLeaf = 0;
    for (const x of executed) {
        const n = count.get(`${x.site} ${x.ins}`)!;
        if (n >= SAMPLE) {
            const c = categoryOf(x.ins);
            if (!c) throw new Error(`breakdown: no category for "${x.ins}" in the entry loop`);
            entry[c] += x.gas;
            instructions[c] += 1;
        } else if (n >= leaves) perLeaf += x.gas;
    }
    const round1 = (v: number) => Math.round(v * 10) / 10;
    for (const c of CATEGORY_NAMES) {
        entry[c] = round1(entry[c] / SAMPLE);
        instructions[c] = round1(instructions[c] / SAMPLE);
    }
    const entryTotal = round1(CATEGORY_NAMES.reduce((s, c) => s + entry[c], 0));
    const payouts = PoolLimits.payoutsPerTx;
    const full = await loggedBatch(payouts, workers, false);
    const perLeafPerPayout = round1(perLeaf / SAMPLE);
    const gasPerPayout = full.gas / payouts;
    return {
        workers,
        sampleEntries: SAMPLE,
        payouts,
        batchGas: full.gas,
        gasPerPayout: round1(gasPerPayout),
        entry,
        entryInstructions: instructions,
        entryTotal,
        perLeafPerPayout,
        pageAndTransactionPerPayout: round1(gasPerPayout - entryTotal - perLeafPerPayout),
    };
}

const USAGE = `Usage: npm run bench:breakdown -- [--json FILE]

Measures where a payout's gas goes (entry loop by category, per leaf, per page and transaction) from
the TVM's per-instruction gas log of a dense batch over the benchmark's 10,000-worker ledger.

Flags:
  --json FILE   also write the result as JSON (docs/figures/gas-breakdown.json feeds the README)
  --help        this text
`;

async function main(): Promise<number> {
    const cl = readCommandLine('bench:breakdown', USAGE, process.argv.slice(2), { json: 'string' });
    if (!cl.ok) return cl.exitCode;
    const b = await measureBreakdown();
    process.stdout.write(JSON.stringify(b, null, 2) + '\n');
    const json = cl.flags.values.get('json');
    if (json) {
        mkdirSync(dirname(json), { recursive: true });
        writeFileSync(json, JSON.stringify(b, null, 2) + '\n');
        process.stdout.write(`wrote ${json}\n`);
    }
    return 0;
}

if (require.main === module) {
    main().then(
        (code) => process.exit(code),
        (e: unknown) => {
            process.stderr.write(
                `bench:breakdown: ${e instanceof Error ? e.message.slice(0, 2000) : String(e).slice(0, 2000)}\n`,
            );
            process.exit(1);
        },
    );
}
