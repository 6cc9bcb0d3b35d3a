/**
 * Cumulative entitlements: what the pool must have paid each worker in total, ever. The operator
 * submits these (never deltas) so a retried or duplicated batch pays nothing twice. An epoch adds
 * each worker's share to its previous cumulative; workers absent from the epoch keep theirs.
 */
import { apportion, Contribution } from './apportion';
import { SettlementError } from './errors';
import { checkAmount, checkWorkerIndex } from './validate';

/** worker index -> cumulative entitlement in nanoton. */
export type Entitlements = ReadonlyMap<number, bigint>;

export interface EpochInput {
    /** Worker revenue the epoch distributes (after commission, see commission.ts). */
    distributable: bigint;
    contributions: readonly Contribution[];
    /** Cumulative entitlements before the epoch (empty for the first one). */
    previous?: Entitlements;
}

export interface EpochSettlement {
    /** This epoch's share per contributing worker, sorted by worker index; sums to `distributable`. */
    shares: { workerIndex: number; share: bigint }[];
    /** Cumulative entitlement of every worker seen so far (previous + share). */
    cumulative: Map<number, bigint>;
}

export function settleEpoch(input: EpochInput): EpochSettlement {
    const previous = input.previous ?? new Map<number, bigint>();
    for (const [w, v] of previous) {
        checkWorkerIndex(w);
        checkAmount(`previous cumulative of worker ${w}`, v);
    }
    const shares = apportion(input.distributable, input.contributions);
    const cumulative = new Map(previous);
    for (const s of shares) cumulative.set(s.workerIndex, (previous.get(s.workerIndex) ?? 0n) + s.share);
    return { shares, cumulative };
}

/**
 * Sum of all cumulative entitlements: after every epoch it equals the sum of all distributable
 * amounts settled so far.
 */
export function totalEntitled(e: Entitlements): bigint {
    let t = 0n;
    for (const v of e.values()) t += v;
    return t;
}

/** Refuses a new ledger that lowers any worker's cumulative entitlement (they only ever grow). */
export function checkMonotonic(before: Entitlements, after: Entitlements): void {
    for (const [w, v] of before) {
        const next = after.get(w);
        if (next === undefined || next < v) {
            throw new SettlementError('cumulative-decreases', `worker ${w}: cumulative ${v} -> ${next ?? 'missing'}`);
        }
    }
}
