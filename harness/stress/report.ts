/**
 * The stress report: one typed model, written as JSON (machines, CI) and Markdown (people), with the
 * summary table the CLI prints. Nanoton totals are decimal strings in the JSON so no amount is ever
 * rounded by a float; counters and per-unit figures are plain numbers.
 */
import { mkdirSync, writeFileSync } from 'fs';
import { dirname } from 'path';
import { PriceSet } from '../../toolkit/chain/prices';
import { Cellish, formatTable } from '../../toolkit/chain/table';
import { Strategy } from '../../toolkit/workload/scheduler';

export interface StrategyStats {
    /** Gini coefficient of earnings per unit of capacity over the epochs this model scheduled (0 = equal). */
    gini: number;
    /** Active workers that received no task, summed over those epochs. */
    starved: number;
    epochs: number;
}

/** How often each fault class was staged (and, where the chain answers, how it answered). */
export interface FaultCounts {
    duplicateRequests: number;
    retriedRequests: number;
    interleavedPairs: number;
    bouncedMissingWallet: number;
    bouncedFrozenAccount: number;
    bouncedThrowingContract: number;
    payoutAddressChanges: number;
    suspensions: number;
    pausesWithPayoutsInFlight: number;
    lowValueRequests: number;
    underfundedRequests: number;
    operatorRotations: number;
    staleOperatorRequests: number;
    /** Attributed side: vouchers replayed unchanged (Cocoon refused each with 1000), Cocoon's excesses sent to the pool. */
    voucherReplays: number;
    cocoonExcessesToPool: number;
    /** The keepers' pay_owed: sent twice back to back, resent after the timeout, interleaved, paused in flight, one nanoton short. */
    owedDuplicates: number;
    owedRetries: number;
    owedInterleavedPairs: number;
    owedPausesInFlight: number;
    owedLowValue: number;
    /** Attributed payouts that bounced, by how the recipient refused. */
    attributedBouncedMissingWallet: number;
    attributedBouncedFrozenAccount: number;
    attributedBouncedThrowingContract: number;
}

/** The attributed books: Cocoon's vouchers through earnings addresses, paid by the keepers' pay_owed. */
export interface AttributedReport {
    /** Workers whose node's owner_address is their earnings address. */
    workers: number;
    /** Vouchers the nodes submitted (replays included), and those Cocoon paid (a cocoon_payout reached the earnings address). */
    vouchers: number;
    vouchersPaid: number;
    /** attributed_revenue credits the pool booked. */
    credits: number;
    /** pay_owed requests the keepers sent (every send, refused ones included) and the attributed payouts they made. */
    payOwedRequests: number;
    payouts: number;
    bounced: number;
    /** Workers paid more than they were credited, and payouts that were not a worker's whole balance. */
    doublePayments: number;
    wrongAmounts: number;
    /** The attributed reconciliation after the settle-up (see world.ts MoneySnapshot.attributedDiff), as a decimal string. */
    reconciliationDiffNanoton: string;
    gasPerPayout: { p50: number; p95: number; max: number };
    /** Nanoton: Cocoon paid the earnings addresses, they forwarded, spent in fees, still hold; then the pool's books. */
    cocoonPaidNanoton: string;
    forwardedNanoton: string;
    earningsFeesNanoton: string;
    earningsHeldNanoton: string;
    revenueNanoton: string;
    commissionNanoton: string;
    paidNanoton: string;
    returnedNanoton: string;
    owedNanoton: string;
}

export interface InvariantResult {
    name: string;
    held: boolean;
    detail: string;
}

/** A difference between what the operator meant and what the chain did, grouped by cause. */
export interface DifferenceGroup {
    cause: string;
    workers: number;
    nanoton: string;
}

export interface PhaseTiming {
    name: string;
    seconds: number;
    transactions: number;
}

export interface MoneyTotals {
    revenueNanoton: string;
    commissionNanoton: string;
    entitledNanoton: string;
    paidNanoton: string;
    returnedNanoton: string;
    owedNanoton: string;
}

export interface StressReport {
    seed: number;
    prices: PriceSet;
    workers: number;
    /** Workers registered through real registry transactions (the rest are deployed as initial state). */
    registeredByTransaction: number;
    epochs: number;
    payouts: number;
    transactions: number;
    doublePayments: number;
    reconciliationDiffNanoton: string;
    bounced: number;
    retried: number;
    duplicatesRejected: number;
    maxTxGas: number;
    gasPerPayout: { p50: number; p95: number; max: number };
    feePerPayoutNanoton: number;
    payoutsPerSecond: number;
    peakRssMiB: number;
    wallSeconds: number;
    /** CPU time of the process over the run (user + system), which the machine's load stretches less than the wall time. */
    cpuSeconds?: number;
    /** The commit the run's code is (git HEAD, `+dirty` when the tree had changes); absent outside a git checkout. */
    commit?: string;
    perStrategy: Partial<Record<Strategy, StrategyStats>>;
    attributed: AttributedReport;
    /** Oracle checks run (one after every step: each voucher, request, pay_owed and registry action on the payment path). */
    stepChecks: number;
    faults: FaultCounts;
    totals: MoneyTotals;
    invariants: InvariantResult[];
    differences: DifferenceGroup[];
    phases: PhaseTiming[];
}

/** Why the run failed, one line per broken promise; empty when everything held. */
export function failures(r: StressReport): string[] {
    const out: string[] = [];
    if (r.doublePayments !== 0) out.push(`${r.doublePayments} double payment(s)`);
    if (r.reconciliationDiffNanoton !== '0')
        out.push(`reconciliation differs by ${r.reconciliationDiffNanoton} nanoton`);
    if (r.attributed.doublePayments !== 0) out.push(`${r.attributed.doublePayments} attributed double payment(s)`);
    if (r.attributed.reconciliationDiffNanoton !== '0')
        out.push(`attributed reconciliation differs by ${r.attributed.reconciliationDiffNanoton} nanoton`);
    for (const inv of r.invariants) if (!inv.held) out.push(`invariant broken: ${inv.name}: ${inv.detail}`);
    return out;
}

export function toJson(r: StressReport): string {
    return JSON.stringify(r, null, 2) + '\n';
}

/** The figures a reader looks at first, as (metric, value) rows. */
export function summaryRows(r: StressReport): Cellish[][] {
    return [
        ['workers', r.workers],
        ['epochs', r.epochs],
        ['payouts', r.payouts],
        ['transactions', r.transactions],
        ['double payments', r.doublePayments],
        ['reconciliation diff (nanoton)', r.reconciliationDiffNanoton],
        ['bounced', r.bounced],
        ['retried', r.retried],
        ['duplicates rejected / paid zero', r.duplicatesRejected],
        ['attributed workers', r.attributed.workers],
        ['vouchers (paid by Cocoon)', `${r.attributed.vouchers} (${r.attributed.vouchersPaid})`],
        ['attributed payouts', r.attributed.payouts],
        ['attributed bounced', r.attributed.bounced],
        ['attributed double payments', r.attributed.doublePayments],
        ['attributed reconciliation diff (nanoton)', r.attributed.reconciliationDiffNanoton],
        ['oracle checks (one per step)', r.stepChecks],
        ['max gas in one tx', r.maxTxGas],
        ['gas per payout p50', r.gasPerPayout.p50],
        ['gas per payout p95', r.gasPerPayout.p95],
        ['gas per payout max', r.gasPerPayout.max],
        [`fee per payout (nanoton, ${r.prices})`, r.feePerPayoutNanoton],
        ['payouts per second (emulation)', r.payoutsPerSecond],
        ['peak RSS (MiB)', r.peakRssMiB],
        ['wall time (s)', r.wallSeconds],
        ...(r.cpuSeconds === undefined ? [] : [['CPU time (s)', r.cpuSeconds] as Cellish[]]),
        ...(r.commit === undefined ? [] : [['commit', r.commit] as Cellish[]]),
    ];
}

export function summaryTable(r: StressReport): string {
    return formatTable(['metric', 'value'], summaryRows(r));
}

export function toMarkdown(r: StressReport): string {
    const failed = failures(r);
    const strategies = Object.entries(r.perStrategy) as [Strategy, StrategyStats][];
    const faults = Object.entries(r.faults) as [keyof FaultCounts, number][];
    const parts = [
        '# Stress report',
        '',
        `Seed ${r.seed}, prices \`${r.prices}\`, ${r.workers.toLocaleString('en-US')} workers ` +
            `(${r.registeredByTransaction.toLocaleString('en-US')} registered by transaction), ${r.epochs} epochs.`,
        '',
        failed.length === 0
            ? '**Verdict: every payment exactly once; reconciliation exact to the nanoton.**'
            : `**Verdict: FAILED** — ${failed.join('; ')}`,
        '',
        '## Summary',
        '',
        summaryTable(r),
        '',
        '## Scheduler models (workload model, not the real Cocoon scheduler)',
        '',
        formatTable(
            ['strategy', 'epochs', 'gini', 'starved'],
            strategies.map(([s, v]) => [s, v.epochs, v.gini.toFixed(4), v.starved]),
        ),
        '',
        '## Faults staged',
        '',
        formatTable(
            ['fault', 'count'],
            faults.map(([k, v]) => [k, v]),
        ),
        '',
        '## Invariants',
        '',
        formatTable(
            ['invariant', 'held', 'detail'],
            r.invariants.map((i) => [i.name, i.held ? 'yes' : 'NO', i.detail]),
        ),
        '',
        '## Money (nanoton)',
        '',
        formatTable(
            ['total', 'nanoton'],
            Object.entries(r.totals).map(([k, v]) => [k, v]),
        ),
        '',
        '## Attributed (Cocoon vouchers through earnings addresses, paid by pay_owed)',
        '',
        formatTable(
            ['figure', 'value'],
            Object.entries(r.attributed).map(([k, v]) => [
                k,
                typeof v === 'object' ? `p50 ${v.p50}, p95 ${v.p95}, max ${v.max}` : v,
            ]),
        ),
        '',
        '## Differences before the final settle-up, by cause',
        '',
        r.differences.length === 0
            ? 'None.'
            : formatTable(
                  ['cause', 'workers', 'nanoton'],
                  r.differences.map((d) => [d.cause, d.workers, d.nanoton]),
              ),
        '',
        '## Phases',
        '',
        formatTable(
            ['phase', 'seconds', 'transactions'],
            r.phases.map((p) => [p.name, p.seconds.toFixed(1), p.transactions]),
        ),
        '',
    ];
    return parts.join('\n');
}

/** Writes both report files, creating their folders. */
export function writeReports(r: StressReport, paths: { jsonPath: string; mdPath: string }): void {
    for (const [path, text] of [
        [paths.jsonPath, toJson(r)],
        [paths.mdPath, toMarkdown(r)],
    ]) {
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, text);
    }
}
