/**
 * submitPayouts: pays a file of cumulative entitlements (CSV or JSON, see entitlements.ts).
 *
 * Before anything is sent: the file is validated, every worker is read from the pool's ledger (an
 * unknown worker or a cumulative below what the pool already paid stops the run with the file's line),
 * inactive workers are left out and listed, and the pool must be running and hold enough worker money.
 * Then the entries are split into requests of at most the contract's limit, each carrying exactly the
 * value get_batch_value asks for (the unspent part comes back with the batch report), a summary is shown
 * and the operator confirms. Re-running with the same file is safe: entitlements are cumulative, so the
 * pool pays `cumulative - paid` and workers already paid up are left out of the requests.
 */
import { Cell } from '@ton/core';
import { amountToPay, planBatches, PayoutRequest } from '../batching';
import { POOL_BATCH_LIMITS, poolRequiredValue } from '../batching/pool-limits';
import { poolStateReader } from '../reconcile/pool-adapter';
import { WorkerLedger } from '../reconcile/types';
import { formatTon, ScriptArgs } from './args';
import { confirmSend } from './confirm';
import { EntitlementRow, readEntitlementsFile } from './entitlements';
import { OpsError } from './errors';
import { appendSubmitted, journalPath } from './journal';
import { liveFees } from './fees';
import { DeployedPool, freshQueryIdBase, loadPool, requireSender } from './pool';
import { OpsProvider } from './provider';
import { waitUntil } from './wait';

/**
 * The pool's whole ledger from one read of its storage (the wrapper's parser, through the toolkit's
 * state reader): one request however many workers, where get_worker would take one per worker.
 */
async function ledgerNow(p: OpsProvider, d: DeployedPool) {
    const s = await p.getContractState(d.deployment.pool.address);
    if (s.state.type !== 'active' || !s.state.data) throw new OpsError(`pool ${d.deployment.pool.address} is not active`);
    const reader = poolStateReader(Cell.fromBoc(s.state.data)[0]);
    return { lt: s.last?.lt ?? 0n, worker: (i: number) => reader.workerLedger(i) };
}

/** The pool's ledger line of each worker in the file, checked against the file. */
async function readLedger(p: OpsProvider, d: DeployedPool, file: string, rows: EntitlementRow[]) {
    const now = await ledgerNow(p, d);
    const ledger = new Map<number, WorkerLedger>();
    for (const r of rows) {
        const w = await now.worker(r.workerIndex);
        if (!w.known) throw new OpsError(`${file}:${r.line}: worker ${r.workerIndex} is unknown to the pool (never approved in the registry); nothing was sent`);
        if (r.cumulative < w.paid) {
            throw new OpsError(`${file}:${r.line}: worker ${r.workerIndex}: cumulative ${r.cumulative} is lower than the ${w.paid} the pool already paid (cumulative amounts never go down); nothing was sent`);
        }
        ledger.set(r.workerIndex, w);
    }
    return ledger;
}

export async function submitPayouts(p: OpsProvider, args: ScriptArgs): Promise<void> {
    const d = await loadPool(p, args);
    const file = await args.string(p, 'file', 'File of cumulative entitlements (.csv or .json)');
    const yes = args.flag('yes');
    args.finish();
    requireSender(p, 'operator', d.poolParams.operator);
    const rows = readEntitlementsFile(file);
    const ledger = await readLedger(p, d, file, rows);
    if (d.poolParams.paused) throw new OpsError('the pool is paused by its owner (payout batches are refused); ask the owner to run unpause; nothing was sent');

    const inactive = rows.filter((r) => !ledger.get(r.workerIndex)!.active && r.cumulative > ledger.get(r.workerIndex)!.paid);
    const payable = rows.filter((r) => ledger.get(r.workerIndex)!.active);
    const paid = new Map([...ledger].map(([i, w]) => [i, w.paid]));
    const fees = await liveFees(p);
    const planned = planBatches({
        entitlements: payable,
        limits: POOL_BATCH_LIMITS,
        requiredValue: poolRequiredValue(fees),
        firstQueryId: freshQueryIdBase(),
        paid,
    });
    // The pool's own getter has the last word on the value (the TS mirror only plans with it).
    const requests: PayoutRequest[] = [];
    for (const r of planned) requests.push({ ...r, value: await d.pool.getBatchValue(r.entries.length) });
    if (inactive.length > 0) p.ui().write(`left out, inactive in the pool (suspended or exited): worker(s) ${inactive.map((r) => r.workerIndex).join(', ')}`);
    if (requests.length === 0) {
        p.ui().write(`nothing to pay: every active worker in ${file} is paid up to its cumulative`);
        return;
    }
    const total = amountToPay(requests, paid);
    const totals = await d.pool.getTotals();
    if (total > totals.owed) {
        throw new OpsError(`the pool holds ${formatTon(totals.owed)} of worker money but ${file} pays ${formatTon(total)}: wait for revenue or check the file; nothing was sent`);
    }
    const capLeft = d.poolParams.periodCap - d.poolParams.periodPaid;
    const entries = requests.reduce((n, r) => n + r.entries.length, 0);
    const value = requests.reduce((s, r) => s + r.value, 0n);
    const go = await confirmSend(p, yes, `Pay ${entries} worker(s) from ${file}`, [
        `pool:     ${d.deployment.pool.address}`,
        `to pay:   ${formatTon(total)} (cumulative minus what the pool already paid)`,
        `requests: ${requests.length} (query ids ${requests[0].queryId}..${requests[requests.length - 1].queryId}), at most ${POOL_BATCH_LIMITS.maxEntriesPerRequest} entries each`,
        `value:    ${formatTon(value)} for fees, from this wallet; the unspent part comes back`,
        `held:     ${formatTon(totals.owed)} of worker money in the pool`,
        ...(total > capLeft ? [`warning:  the operator cap has ${formatTon(capLeft)} left this period; batches stop there until the next period`] : []),
    ]);
    if (!go) return;

    for (const [k, r] of requests.entries()) {
        const lt = (await ledgerNow(p, d)).lt;
        await d.pool.sendPayoutBatch(p.sender(), { queryId: r.queryId, entries: r.entries, value: r.value });
        appendSubmitted(journalPath(d.path), r, new Date());
        await p.waitForLastTransaction();
        const unsettled = await waitForBatch(p, d, r, ledger, lt);
        const tag = `request ${k + 1}/${requests.length} (query id ${r.queryId})`;
        if (unsettled.length > 0) {
            const t = await d.pool.getTotals();
            const q = await d.pool.getParams();
            throw new OpsError(
                `${tag}: ${unsettled.length} of ${r.entries.length} entries not applied (workers ${unsettled.slice(0, 10).join(', ')}${unsettled.length > 10 ? ', …' : ''}); pool ${q.paused ? 'paused' : 'running'}, worker money held ${formatTon(t.owed)}, cap left ${formatTon(q.periodCap - q.periodPaid)}; run reconcile, fix the cause and run submitPayouts again (safe)`,
            );
        }
        p.ui().write(`${tag}: ${r.entries.length} entries applied`);
    }
    const bounced = await bouncedSince(p, d, requests, ledger);
    p.ui().write(`paid ${formatTon(total)} to ${entries} worker(s)${bounced.length > 0 ? `; bounced back and held for: ${bounced.join(', ')}` : ''}`);
    p.ui().write(`next: npx blueprint run reconcile --${p.network()} ledger=${file}`);
}

/**
 * Waits until the pool has processed the request (its last transaction moved past `lt`) and every
 * entry is settled in its ledger: paid up to its cumulative, or its payout bounced back (the bounce
 * count grew and the amount is owed again). Each poll reads the pool's storage once and re-checks
 * only the entries still open. Returns the workers still unsettled when the wait gives up (the batch
 * stopped: no worker money, the period cap, paused).
 */
async function waitForBatch(p: OpsProvider, d: DeployedPool, r: PayoutRequest, before: Map<number, WorkerLedger>, lt: bigint): Promise<number[]> {
    await waitUntil(p, 'the pool to process the request', async () => (await ledgerNow(p, d)).lt !== lt);
    let open = [...r.entries];
    const settled = async () => {
        const now = await ledgerNow(p, d);
        const still = [];
        for (const e of open) {
            const w = await now.worker(e.workerIndex);
            if (w.paid < e.cumulative && w.bounces === before.get(e.workerIndex)!.bounces) still.push(e);
        }
        open = still;
        return open.length === 0;
    };
    try {
        await waitUntil(p, 'the batch', settled);
    } catch (e) {
        if (!(e instanceof OpsError)) throw e;
    }
    return open.map((e) => e.workerIndex);
}

async function bouncedSince(p: OpsProvider, d: DeployedPool, requests: PayoutRequest[], before: Map<number, WorkerLedger>): Promise<number[]> {
    const now = await ledgerNow(p, d);
    const out: number[] = [];
    for (const r of requests) for (const e of r.entries) if ((await now.worker(e.workerIndex)).bounces > before.get(e.workerIndex)!.bounces) out.push(e.workerIndex);
    return out;
}
