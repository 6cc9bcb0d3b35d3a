/**
 * submitPayouts: pays a file of cumulative entitlements (CSV or JSON, see entitlements.ts).
 *
 * Before anything is sent: the file is validated (offline, before blueprint connects), the journal is
 * read (a request of an earlier run that may still be in flight stops the run: see journal.ts), every
 * worker is read from the pool's ledger (an unknown worker or a cumulative below what the pool already
 * paid stops the run with the file's line), inactive workers are left out and listed, and the pool must
 * be running, hold enough worker money and have its reserve at its floor (get_reserve; under it every
 * batch stops with stop reason 6, below_floor, paying nothing). Then the entries are split into requests of at most the
 * contract's limit, each carrying exactly the value get_batch_value asks for (the unspent part comes
 * back with the batch report), a summary is shown and the operator confirms. Each request's intent is
 * journalled before it is sent; a progress line follows each request and each 30 s of waiting.
 * Re-running with the same file is safe: entitlements are cumulative, so the pool pays
 * `cumulative - paid` and workers already paid up are left out of the requests.
 */
import { amountToPay, planBatches, PayoutRequest } from '../batching';
import { POOL_BATCH_LIMITS, poolRequiredValue } from '../batching/pool-limits';
import { WorkerLedger } from '../reconcile/types';
import { formatTon } from './args';
import { chainNow, formatTime } from './clock';
import { defineScript } from './cli/script';
import { kinds, required } from './cli/spec';
import { confirmSend } from './confirm';
import { EntitlementRow } from './entitlements';
import { OpsError, PartlyDone } from './errors';
import { appendIntent, appendSettled, Intent, journalPath, readJournal } from './journal';
import { liveFees } from './fees';
import { DeployedPool, freshQueryIdBase, loadPool, requireSender } from './pool';
import { OpsProvider } from './provider';
import { belowFloorHint, requireReserveAtFloor, reserveLine } from './reserve';
import { poolLedger } from './snapshot';
import { ranges, requireBalance } from './workers';
import { waitUntil } from './wait';

/** The pool's ledger line of each worker in the file, checked against the file. */
async function readLedger(p: OpsProvider, d: DeployedPool, file: string, rows: EntitlementRow[]) {
    const now = await poolLedger(p, d);
    const ledger = new Map<number, WorkerLedger>();
    for (const r of rows) {
        const w = await now.worker(r.workerIndex);
        if (!w.known)
            throw new OpsError(
                `${file}:${r.line}: worker ${r.workerIndex} is unknown to the pool (never approved in the registry); nothing was sent`,
            );
        if (r.cumulative < w.paid) {
            throw new OpsError(
                `${file}:${r.line}: worker ${r.workerIndex}: cumulative ${r.cumulative} is lower than the ${w.paid} the pool already paid (cumulative amounts never go down); nothing was sent`,
            );
        }
        ledger.set(r.workerIndex, w);
    }
    return ledger;
}

/**
 * Open intents of earlier runs: settled now when the pool applied every entry or their window passed;
 * a refusal when one may still land (a batch planned now from the same ledger would pay 0 and cost fees).
 */
async function settleOpenIntents(p: OpsProvider, d: DeployedPool, journal: string): Promise<void> {
    const open = readJournal(journal).filter((i) => !i.settled);
    if (open.length === 0) return;
    const ledger = await poolLedger(p, d);
    const now = chainNow(p);
    for (const intent of open) {
        const unapplied: number[] = [];
        for (const e of intent.entries)
            if ((await ledger.worker(e.workerIndex)).paid < e.cumulative) unapplied.push(e.workerIndex);
        if (unapplied.length === 0) {
            appendSettled(journal, intent.queryId, 'applied', now);
            p.ui().write(`journal: request ${intent.queryId} of ${formatTime(intent.at)} is applied`);
        } else if (now >= intent.inFlightUntil) {
            appendSettled(journal, intent.queryId, 'expired', now);
            p.ui().write(
                `journal: request ${intent.queryId} of ${formatTime(intent.at)} left ${unapplied.length} entries unapplied and can no longer arrive; planning them again`,
            );
        } else {
            throw new OpsError(inFlight(intent, unapplied, now, journal));
        }
    }
}

function inFlight(intent: Intent, unapplied: number[], now: number, journal: string): string {
    return (
        `request ${intent.queryId}, sent at ${formatTime(intent.at)} by an earlier run, may still be in flight: ${unapplied.length} of its ${intent.entries.length} entries ` +
        `(workers ${ranges(unapplied.slice(0, 50))}${unapplied.length > 50 ? ', …' : ''}) are not applied yet; a new batch now would pay them 0 and cost fees. ` +
        `Run again when they are applied or after ${formatTime(intent.inFlightUntil)} (in ${intent.inFlightUntil - now} s; ${journal}); nothing was sent`
    );
}

export const submitPayouts = defineScript(
    {
        name: 'operator/submitPayouts',
        role: 'operator',
        about: 'pays a file of cumulative entitlements in payout batches',
        example: 'file=epoch-1.csv',
        sends: true,
        args: {
            file: required(
                kinds.entitlements(),
                'cumulative entitlements: CSV worker_index,cumulative_nanoton or JSON',
                'File of cumulative entitlements (.csv or .json)',
            ),
        },
    },
    async (p, input, ctx) => {
        const { path: file, rows } = input.file;
        const d = await loadPool(p, ctx);
        requireSender(p, 'operator', d.poolParams.operator);
        const journal = journalPath(d.path);
        await settleOpenIntents(p, d, journal);
        const ledger = await readLedger(p, d, file, rows);
        if (d.poolParams.paused)
            throw new OpsError(
                'the pool is paused by its owner (payout batches are refused); ask the owner to run unpause; nothing was sent',
            );

        const inactive = rows.filter(
            (r) => !ledger.get(r.workerIndex)!.active && r.cumulative > ledger.get(r.workerIndex)!.paid,
        );
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
        ctx.result.inactive = inactive.map((r) => r.workerIndex);
        if (inactive.length > 0)
            p.ui().write(
                `left out, inactive in the pool (suspended or exited): worker(s) ${inactive.map((r) => r.workerIndex).join(', ')}`,
            );
        if (requests.length === 0) {
            p.ui().write(`nothing to pay: every active worker in ${file} is paid up to its cumulative`);
            ctx.result.requests = [];
            return;
        }
        const total = amountToPay(requests, paid);
        const totals = await d.pool.getTotals();
        if (total > totals.owed) {
            throw new OpsError(
                `the pool holds ${formatTon(totals.owed)} of worker money but ${file} pays ${formatTon(total)}: wait for revenue or check the file; nothing was sent`,
            );
        }
        // under the floor every batch stops at once (stop reason 6), paying nothing and costing fees
        const reserve = await d.pool.getReserve();
        ctx.result.reserve = reserve;
        requireReserveAtFloor(reserve);
        const capLeft = d.poolParams.periodCap - d.poolParams.periodPaid;
        const entries = requests.reduce((n, r) => n + r.entries.length, 0);
        const value = requests.reduce((s, r) => s + r.value, 0n);
        ctx.result.requests = requests.map((r) => ({ queryId: r.queryId, entries: r.entries.length, value: r.value }));
        ctx.result.toPay = total;
        const go = await confirmSend(p, ctx, `Pay ${entries} worker(s) from ${file}`, [
            `pool:     ${d.deployment.pool.address}`,
            `to pay:   ${formatTon(total)} (cumulative minus what the pool already paid)`,
            `requests: ${requests.length} (query ids ${requests[0].queryId}..${requests[requests.length - 1].queryId}), at most ${POOL_BATCH_LIMITS.maxEntriesPerRequest} entries each`,
            `value:    ${formatTon(value)} for fees, from this wallet; the unspent part comes back`,
            `held:     ${formatTon(totals.owed)} of worker money in the pool`,
            reserveLine(reserve),
            ...(total > capLeft
                ? [
                      `warning:  the operator cap has ${formatTon(capLeft)} left this period; batches stop there until the next period`,
                  ]
                : []),
        ]);
        if (!go) return;
        await requireBalance(p, p.sender().address!, value);

        for (const [k, r] of requests.entries()) {
            const tag = `request ${k + 1}/${requests.length} (query id ${r.queryId}, ${r.entries.length} entries)`;
            const lt = (await poolLedger(p, d)).lt;
            appendIntent(journal, r, chainNow(p));
            await d.pool.sendPayoutBatch(p.sender(), { queryId: r.queryId, entries: r.entries, value: r.value });
            await p.waitForLastTransaction();
            p.ui().write(`${tag}: sent, waiting for the pool`);
            const unsettled = await waitForBatch(p, d, r, ledger, lt, tag);
            if (unsettled === 'not processed') {
                throw new PartlyDone(
                    `${tag}: sent, but the pool has not processed it yet; it is journalled in ${journal}: run submitPayouts again later (it waits for this request) and reconcile`,
                );
            }
            if (unsettled.length > 0) {
                appendSettled(journal, r.queryId, 'stopped', chainNow(p));
                const t = await d.pool.getTotals();
                const q = await d.pool.getParams();
                const rs = await d.pool.getReserve();
                throw new PartlyDone(
                    `${tag}: ${unsettled.length} of ${r.entries.length} entries not applied (workers ${unsettled.slice(0, 10).join(', ')}${unsettled.length > 10 ? ', …' : ''}); pool ${q.paused ? 'paused' : 'running'}, worker money held ${formatTon(t.owed)}, cap left ${formatTon(q.periodCap - q.periodPaid)}, reserve ${formatTon(rs.reserve)} (floor ${formatTon(rs.floor)})${belowFloorHint(rs)}; run reconcile, fix the cause and run submitPayouts again (safe)`,
                );
            }
            appendSettled(journal, r.queryId, 'applied', chainNow(p));
            p.ui().write(`${tag}: applied`);
        }
        const bounced = await bouncedSince(p, d, requests, ledger);
        ctx.result.bounced = bounced;
        p.ui().write(
            `paid ${formatTon(total)} to ${entries} worker(s)${bounced.length > 0 ? `; bounced back and held for: ${bounced.join(', ')}` : ''}`,
        );
        p.ui().write(`next: npx blueprint run operator/reconcile --${p.network()} ledger=${file}`);
    },
);

/**
 * Waits until the pool has processed the request (its last transaction moved past `lt`) and every
 * entry is settled in its ledger: paid up to its cumulative, or its payout bounced back (the bounce
 * count grew and the amount is owed again). Each poll reads the pool's storage once and re-checks
 * only the entries still open, with a progress line every 10 polls. Returns 'not processed' when the
 * pool never moved, else the workers still unsettled when the wait gave up (the batch stopped: no
 * worker money, the period cap, paused).
 */
async function waitForBatch(
    p: OpsProvider,
    d: DeployedPool,
    r: PayoutRequest,
    before: Map<number, WorkerLedger>,
    lt: bigint,
    tag: string,
): Promise<number[] | 'not processed'> {
    try {
        await waitUntil(p, 'the pool to process the request', async () => (await poolLedger(p, d)).lt !== lt, {
            progress: () => `${tag}: waiting for the pool to receive it`,
        });
    } catch (e) {
        if (e instanceof OpsError) return 'not processed';
        throw e;
    }
    let open = [...r.entries];
    const settled = async () => {
        const now = await poolLedger(p, d);
        const still = [];
        for (const e of open) {
            const w = await now.worker(e.workerIndex);
            if (w.paid < e.cumulative && w.bounces === before.get(e.workerIndex)!.bounces) still.push(e);
        }
        open = still;
        return open.length === 0;
    };
    try {
        await waitUntil(p, 'the batch', settled, {
            progress: () => `${tag}: ${r.entries.length - open.length} of ${r.entries.length} entries applied, waiting`,
        });
    } catch (e) {
        if (!(e instanceof OpsError)) throw e;
    }
    return open.map((e) => e.workerIndex);
}

async function bouncedSince(
    p: OpsProvider,
    d: DeployedPool,
    requests: PayoutRequest[],
    before: Map<number, WorkerLedger>,
): Promise<number[]> {
    const now = await poolLedger(p, d);
    const out: number[] = [];
    for (const r of requests)
        for (const e of r.entries)
            if ((await now.worker(e.workerIndex)).bounces > before.get(e.workerIndex)!.bounces) out.push(e.workerIndex);
    return out;
}
