/**
 * Reconciliation: what the operator meant (worker -> cumulative entitlement) against what the chain
 * did, per worker and in total, to the nanoton. Every difference is listed with its cause.
 *
 * Per worker, with I = intended cumulative, A = the pool's paidCumulative, O = owed after bounces,
 * R = received (payouts - bounces from the transactions), S = highest cumulative the operator
 * submitted for it:
 * - R > I                        overpaid             critical: a worker got more than it earned
 * - A > I (and not overpaid)     over-accepted        critical: the pool holds a promise above intent
 * - A - O != R                   ledger-mismatch      critical: getters disagree with transactions
 * - O > 0                        owed-after-bounce    O is back in the pool, retriable
 * - I > A, worker unknown        unknown-worker       the pool has no such worker
 * - I > A, worker inactive       skipped-inactive     the pool skips it until it is active again
 * - I > A, S > A                 unfunded             submitted but not applied (batch unfunded,
 *                                                     stopped, refused or still in flight)
 * - I > max(A, S)                not-submitted        the operator has not sent it yet
 * Totals: sum of I against sum of R, and the pool's totals against the per-worker sums
 * (totals-mismatch, critical).
 */
import { PayoutRequest } from '../batching/types';
import { Entitlements } from '../settlement/entitlements';
import { receivedByWorker } from './events';
import { ChainSource, WorkerLedger } from './types';

export type DifferenceCause =
    | 'overpaid'
    | 'over-accepted'
    | 'ledger-mismatch'
    | 'totals-mismatch'
    | 'owed-after-bounce'
    | 'unknown-worker'
    | 'skipped-inactive'
    | 'unfunded'
    | 'not-submitted';

export const CRITICAL_CAUSES: ReadonlySet<DifferenceCause> = new Set(['overpaid', 'over-accepted', 'ledger-mismatch', 'totals-mismatch']);

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
    /** The pool's ledger line (undefined: unknown to the pool). */
    chain: WorkerLedger | undefined;
    received: bigint;
    /** intended - received: what the worker is still to get (negative when overpaid). */
    outstanding: bigint;
}

export interface ReconciliationTotals {
    intended: bigint;
    received: bigint;
    owed: bigint;
    outstanding: bigint;
    chainPaidOut: bigint;
    chainOwed: bigint;
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
    /** Requests the operator sent (to tell "unfunded" from "not submitted"). */
    submitted?: readonly PayoutRequest[];
}

function highestSubmitted(submitted: readonly PayoutRequest[]): Map<number, bigint> {
    const out = new Map<number, bigint>();
    for (const r of submitted) {
        for (const e of r.entries) if (e.cumulative > (out.get(e.workerIndex) ?? -1n)) out.set(e.workerIndex, e.cumulative);
    }
    return out;
}

function max(a: bigint, b: bigint): bigint {
    return a > b ? a : b;
}

function min(a: bigint, b: bigint): bigint {
    return a < b ? a : b;
}

export async function reconcile(input: ReconcileInput): Promise<ReconciliationReport> {
    const events = await input.source.payoutEvents();
    const received = receivedByWorker(events);
    const indexes = [...new Set([...input.intended.keys(), ...received.keys()])].sort((a, b) => a - b);
    const ledgers = await input.source.workers(indexes);
    const chainTotals = await input.source.totals();
    const submitted = highestSubmitted(input.submitted ?? []);

    const differences: Difference[] = [];
    const add = (cause: DifferenceCause, amount: bigint, detail: string, workerIndex?: number) => {
        if (amount !== 0n) differences.push({ cause, workerIndex, amount: amount < 0n ? -amount : amount, critical: CRITICAL_CAUSES.has(cause), detail });
    };
    const workers: WorkerReconciliation[] = [];
    let sumOwed = 0n;
    let sumAcceptedNet = 0n;
    for (const w of indexes) {
        const I = input.intended.get(w) ?? 0n;
        const chain = ledgers.get(w);
        const R = received.get(w) ?? 0n;
        const A = chain?.paidCumulative ?? 0n;
        const O = chain?.owed ?? 0n;
        workers.push({ workerIndex: w, intended: I, chain, received: R, outstanding: I - R });
        sumOwed += O;
        sumAcceptedNet += A - O;
        if (R > I) add('overpaid', R - I, `worker ${w} received ${R}, entitled to ${I}`, w);
        else if (A > I) add('over-accepted', A - I, `pool accepted cumulative ${A} for worker ${w}, intended ${I}`, w);
        if (A - O !== R) add('ledger-mismatch', A - O - R, `worker ${w}: ledger says ${A} - ${O} owed, transactions say ${R} received`, w);
        add('owed-after-bounce', O, `worker ${w}: ${O} bounced back and held by the pool`, w);
        if (I <= A) continue;
        if (chain === undefined) {
            add('unknown-worker', I - A, `worker ${w} is not known to the pool`, w);
        } else if (!chain.active) {
            add('skipped-inactive', I - A, `worker ${w} is inactive; ${I - A} unpaid`, w);
        } else {
            const S = submitted.get(w) ?? A;
            add('unfunded', min(S, I) - A, `worker ${w}: submitted up to ${S}, pool paid up to ${A}`, w);
            add('not-submitted', I - max(A, S), `worker ${w}: ${I - max(A, S)} not submitted yet`, w);
        }
    }
    if (chainTotals.paidOut !== sumAcceptedNet) {
        add('totals-mismatch', chainTotals.paidOut - sumAcceptedNet, `pool total paid out ${chainTotals.paidOut}, its worker ledgers sum to ${sumAcceptedNet}`);
    }
    if (chainTotals.owed !== sumOwed) {
        add('totals-mismatch', chainTotals.owed - sumOwed, `pool total owed ${chainTotals.owed}, its worker ledgers sum to ${sumOwed}`);
    }
    const totals: ReconciliationTotals = {
        intended: workers.reduce((s, w) => s + w.intended, 0n),
        received: workers.reduce((s, w) => s + w.received, 0n),
        owed: sumOwed,
        outstanding: workers.reduce((s, w) => s + w.outstanding, 0n),
        chainPaidOut: chainTotals.paidOut,
        chainOwed: chainTotals.owed,
    };
    const unexplainedNanoton = differences.filter((d) => d.critical).reduce((s, d) => s + d.amount, 0n);
    return { workers, differences, totals, unexplainedNanoton, ok: unexplainedNanoton === 0n };
}
