/**
 * Reconciliation: what the operator meant (worker -> cumulative entitlement) against what the chain
 * did, per worker and in total, to the nanoton. Every difference is listed with its cause.
 *
 * Per worker, with I = intended cumulative, P = the pool's `paid` (net of bounces), R = received
 * according to the transactions (payouts - bounces), B = bounced and not paid again since, and
 * S = the highest cumulative the operator submitted for it:
 * - R > I                      overpaid           critical: a worker got more than it earned
 * - P > I (not overpaid)       over-accepted      critical: the pool's ledger is above intent
 * - P != R                     ledger-mismatch    critical: the getters disagree with the transactions
 * and the gap I - P, when positive, split into:
 * - min(gap, B)                owed-after-bounce  back in the pool, paid by the next batch
 * - rest, worker unknown       unknown-worker     the registry never synced it to the pool
 * - rest, worker withdrawn     withdrawn-worker   its stake left: the pool never pays it this again
 * - rest, worker inactive      skipped-inactive   the pool skips it until it is active again
 * - rest below the minimum     below-min-payout   submitted, but under the pool's min_payout
 * - submitted, not applied     unfunded           the batch stopped (worker money exhausted, period
 *                                                 cap, paused), was refused, or is still in flight
 * - never submitted            not-submitted      the operator has not sent it yet
 * In total: the pool's paid and returned totals against the transactions, and its net paid against
 * the sum of the per-worker ledgers (totals-mismatch, critical); the outstanding intent against the
 * worker money the pool holds (over-settled: the operator settled more than the pool received).
 * Value that reached the pool without running its code (a Cocoon payout below the compute
 * threshold, a failed non-bounceable message) is unbooked-inflow: never booked as revenue, so no
 * worker is owed it by the pool; it sits in the balance outside owed and commission (the reserve).
 * Not critical, but named on its own so that it is neither mistaken for a missing payment nor lost
 * from the operator's books. Storage the reserve could not pay and the pool charged to commission
 * held (its storage_charged total) is storage-charged: not critical, no worker money, but the owner's
 * commission paid the pool's storage and the reserve needs a top-up.
 */
import { PayoutRequest } from '../batching/types';
import { Entitlements } from '../settlement/entitlements';
import { ChainSource, PayoutEvent, WorkerLedger } from './types';

export type DifferenceCause =
    | 'overpaid'
    | 'over-accepted'
    | 'ledger-mismatch'
    | 'totals-mismatch'
    | 'owed-after-bounce'
    | 'unknown-worker'
    | 'skipped-inactive'
    | 'withdrawn-worker'
    | 'below-min-payout'
    | 'unfunded'
    | 'not-submitted'
    | 'over-settled'
    | 'unbooked-inflow'
    | 'storage-charged'
    // the attributed books (attributed.ts)
    | 'attributed-mismatch'
    | 'attributed-totals-mismatch'
    | 'forged-attributed';

export const CRITICAL_CAUSES: ReadonlySet<DifferenceCause> = new Set([
    'overpaid',
    'over-accepted',
    'ledger-mismatch',
    'totals-mismatch',
    'attributed-mismatch',
    'attributed-totals-mismatch',
]);

export interface Difference {
    cause: DifferenceCause;
    /** Undefined for a totals difference. */
    workerIndex?: number;
    /** Nanoton concerned, always positive. */
    amount: bigint;
    critical: boolean;
    detail: string;
}

export interface WorkerReconciliation {
    workerIndex: number;
    intended: bigint;
    chain: WorkerLedger;
    /** Payouts minus bounces seen in the pool's transactions. */
    received: bigint;
    /** intended - received: what the worker is still to get (negative when overpaid). */
    outstanding: bigint;
}

export interface ReconciliationTotals {
    intended: bigint;
    received: bigint;
    outstanding: bigint;
    /** Pool totals: gross paid, returned by bounces, and worker money held (revenue - commission - paid + returned). */
    chainPaid: bigint;
    chainReturned: bigint;
    workerMoneyHeld: bigint;
}

export interface ReconciliationReport {
    workers: WorkerReconciliation[];
    differences: Difference[];
    totals: ReconciliationTotals;
    /** Sum of the critical differences: 0 when everything the chain did is explained. */
    unexplainedNanoton: bigint;
    ok: boolean;
}

export interface ReconcileInput {
    intended: Entitlements;
    source: ChainSource;
    /** Requests the operator sent (tells "unfunded" from "not submitted"). */
    submitted?: readonly PayoutRequest[];
    /** The pool's min_payout parameter (default 0). */
    minPayout?: bigint;
}

interface EventSums {
    received: bigint;
    /** Bounced and not paid again since: a payout after a bounce repays the bounce first. */
    bouncedOutstanding: bigint;
}

function sumEvents(events: readonly PayoutEvent[]): {
    perWorker: Map<number, EventSums>;
    paid: bigint;
    returned: bigint;
} {
    const perWorker = new Map<number, EventSums>();
    let paid = 0n;
    let returned = 0n;
    for (const e of events) {
        const w = perWorker.get(e.workerIndex) ?? { received: 0n, bouncedOutstanding: 0n };
        if (e.kind === 'payout') {
            paid += e.amount;
            w.received += e.amount;
            w.bouncedOutstanding = w.bouncedOutstanding > e.amount ? w.bouncedOutstanding - e.amount : 0n;
        } else {
            returned += e.amount;
            w.received -= e.amount;
            w.bouncedOutstanding += e.amount;
        }
        perWorker.set(e.workerIndex, w);
    }
    return { perWorker, paid, returned };
}

function highestSubmitted(submitted: readonly PayoutRequest[]): Map<number, bigint> {
    const out = new Map<number, bigint>();
    for (const r of submitted) {
        for (const e of r.entries)
            if (e.cumulative > (out.get(e.workerIndex) ?? -1n)) out.set(e.workerIndex, e.cumulative);
    }
    return out;
}

const min = (a: bigint, b: bigint) => (a < b ? a : b);
const max = (a: bigint, b: bigint) => (a > b ? a : b);

export async function reconcile(input: ReconcileInput): Promise<ReconciliationReport> {
    const events = sumEvents(await input.source.payoutEvents());
    const indexes = [...new Set([...input.intended.keys(), ...events.perWorker.keys()])].sort((a, b) => a - b);
    const ledgers = await input.source.workers(indexes);
    const chainTotals = await input.source.totals();
    const submitted = highestSubmitted(input.submitted ?? []);
    const minPayout = input.minPayout ?? 0n;

    const differences: Difference[] = [];
    const add = (cause: DifferenceCause, amount: bigint, detail: string, workerIndex?: number) => {
        if (amount === 0n) return;
        differences.push({
            cause,
            workerIndex,
            amount: amount < 0n ? -amount : amount,
            critical: CRITICAL_CAUSES.has(cause),
            detail,
        });
    };
    const workers: WorkerReconciliation[] = [];
    let ledgerPaid = 0n;
    for (const w of indexes) {
        const I = input.intended.get(w) ?? 0n;
        const chain = ledgers.get(w) ?? { workerIndex: w, known: false, active: false, paid: 0n, bounces: 0 };
        const ev = events.perWorker.get(w) ?? { received: 0n, bouncedOutstanding: 0n };
        const P = chain.paid;
        const R = ev.received;
        workers.push({ workerIndex: w, intended: I, chain, received: R, outstanding: I - R });
        ledgerPaid += P;
        if (R > I) add('overpaid', R - I, `worker ${w} received ${R}, entitled to ${I}`, w);
        else if (P > I) add('over-accepted', P - I, `pool ledger paid ${P} for worker ${w}, intended ${I}`, w);
        if (P !== R) add('ledger-mismatch', P - R, `worker ${w}: ledger paid ${P}, transactions say ${R} received`, w);
        if (I <= P) continue;
        const bounced = min(I - P, ev.bouncedOutstanding);
        add('owed-after-bounce', bounced, `worker ${w}: ${bounced} bounced back and held by the pool`, w);
        const covered = P + bounced;
        const rest = I - covered;
        if (rest === 0n) continue;
        const S = min(submitted.get(w) ?? 0n, I);
        if (!chain.known) add('unknown-worker', rest, `worker ${w} is not known to the pool`, w);
        else if (chain.withdrawn)
            add(
                'withdrawn-worker',
                rest,
                `worker ${w} withdrew its stake; ${rest} of operator-settled money is never paid (its attributed owed still is)`,
                w,
            );
        else if (!chain.active) add('skipped-inactive', rest, `worker ${w} is inactive; ${rest} unpaid`, w);
        else if (S === I && I - P < minPayout)
            add('below-min-payout', rest, `worker ${w}: ${I - P} is below min_payout ${minPayout}`, w);
        else {
            add('unfunded', max(S - covered, 0n), `worker ${w}: submitted up to ${S}, pool paid up to ${covered}`, w);
            add('not-submitted', I - max(covered, S), `worker ${w}: ${I - max(covered, S)} not submitted yet`, w);
        }
    }
    if (chainTotals.paid !== events.paid) {
        add(
            'totals-mismatch',
            chainTotals.paid - events.paid,
            `pool total paid ${chainTotals.paid}, its payout messages sum to ${events.paid}`,
        );
    }
    if (chainTotals.returned !== events.returned) {
        add(
            'totals-mismatch',
            chainTotals.returned - events.returned,
            `pool total returned ${chainTotals.returned}, bounces sum to ${events.returned}`,
        );
    }
    if (chainTotals.paid - chainTotals.returned !== ledgerPaid) {
        add(
            'totals-mismatch',
            chainTotals.paid - chainTotals.returned - ledgerPaid,
            `pool net paid ${chainTotals.paid - chainTotals.returned}, its worker ledgers sum to ${ledgerPaid}`,
        );
    }
    const inflows = (await input.source.unbookedInflows?.()) ?? [];
    const unbooked = inflows.reduce((s, x) => s + x.amount, 0n);
    const skipped = inflows.filter((x) => x.reason === 'compute-skipped').length;
    add(
        'unbooked-inflow',
        unbooked,
        `${inflows.length} message(s) reached the pool without running its code (${skipped} below the compute threshold, ${inflows.length - skipped} failed and non-bounceable): ${unbooked} nanoton in the balance, never booked as revenue`,
    );
    const charged = chainTotals.storageCharged ?? 0n;
    add(
        'storage-charged',
        charged,
        `${charged} nanoton of storage the reserve could not pay was charged to commission held, not to worker money: top up the reserve (fundReserve) to its floor (get_reserve)`,
    );
    const intended = workers.reduce((s, x) => s + x.intended, 0n);
    const received = workers.reduce((s, x) => s + x.received, 0n);
    const workerMoneyHeld =
        chainTotals.revenue - chainTotals.commissionAccrued - chainTotals.paid + chainTotals.returned;
    const outstandingToPay = workers.reduce((s, x) => s + max(x.intended - x.chain.paid, 0n), 0n);
    if (outstandingToPay > workerMoneyHeld) {
        add(
            'over-settled',
            outstandingToPay - workerMoneyHeld,
            `${outstandingToPay} still to pay, the pool holds ${workerMoneyHeld} of worker money`,
        );
    }
    const totals: ReconciliationTotals = {
        intended,
        received,
        outstanding: intended - received,
        chainPaid: chainTotals.paid,
        chainReturned: chainTotals.returned,
        workerMoneyHeld,
    };
    const unexplainedNanoton = differences.filter((d) => d.critical).reduce((s, d) => s + d.amount, 0n);
    return { workers, differences, totals, unexplainedNanoton, ok: unexplainedNanoton === 0n };
}
