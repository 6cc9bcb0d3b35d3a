/**
 * The fault plan: which faults hit which workers and which payout requests, decided up front from
 * the seed so that a run replays exactly. The plan is plain data; the runner stages it.
 *
 * In a mixed pool every worker-side fault (refusing recipients, address changes, suspensions) is
 * drawn from the operator-settled and from the attributed workers alike, and every request-side
 * fault of the operator's payout requests has its twin on the keepers' pay_owed requests; Cocoon
 * vouchers get theirs too (an exact replay, Cocoon's excesses sent to the pool).
 */
import { Strategy } from '../../toolkit/workload/scheduler';

/** A uniform number in [0, 1) per call, from a seeded PRNG. */
export type Uniform = () => number;

/** The three ways a payout recipient refuses a payment (each makes the payout bounce). */
export const BOUNCE_KINDS = ['missing-wallet', 'frozen-account', 'throwing-contract'] as const;
export type BounceKind = (typeof BOUNCE_KINDS)[number];

export interface Bouncer {
    workerIndex: number;
    kind: BounceKind;
}

/** Everything staged in one epoch. Request numbers count the epoch's payout requests from 0. */
export interface EpochFaults {
    epoch: number;
    strategy: Strategy;
    /** Workers whose payout recipient starts refusing payments before the epoch's payouts (its wallet is deleted or frozen, or its contract throws). */
    bouncers: Bouncer[];
    /** Workers that change their payout address (to another healthy wallet) before the payouts. */
    addressChangesBefore: number[];
    /** Workers that change their payout address between two requests of the epoch. */
    addressChangesDuring: number[];
    /** Workers suspended before the payouts (reinstated at the next epoch). */
    suspendBefore: number[];
    /** Workers suspended between two requests (reinstated at the next epoch). */
    suspendDuring: number[];
    /** After this request, the address changes and suspensions "during" the epoch happen. */
    midEpochAfterRequest: number;
    /** Requests sent twice back to back, unchanged (a duplicate). */
    duplicateRequests: number[];
    /** Requests sent again at the end of the epoch, unchanged (a retry after a timeout). */
    retryRequests: number[];
    /** A request interleaved transaction by transaction with an overlapping one (null: none). */
    interleaveRequest: number | null;
    /** The owner pauses while this request's payouts and bounces are in flight (null: none). */
    pauseDuringRequest: number | null;
    /** This request is first sent with one nanoton less than required (null: none). */
    lowValueRequest: number | null;
    /** The epoch's revenue arrives in two parts, with requests hitting the funding wall in between. */
    underfunded: boolean;
    /** The owner rotates the operator key before this request; the old key then tries once (null: none). */
    rotateOperatorBeforeRequest: number | null;
    /** Attributed workers whose voucher of the epoch is then submitted again unchanged (Cocoon refuses it with 1000). */
    voucherReplays: number[];
    /** An attributed worker whose voucher names the pool as send_excesses_to (null: none). */
    excessesToPool: number | null;
    /** The keepers' pay_owed requests, numbered from 0 like the operator's: sent twice back to back. */
    owedDuplicates: number[];
    /** pay_owed requests sent again unchanged after the timeout. */
    owedRetries: number[];
    /** A pay_owed interleaved transaction by transaction with another keeper's overlapping one (null: none). */
    owedInterleave: number | null;
    /** The owner pauses while this pay_owed's payouts (and their bounces) are in flight (null: none). */
    owedPause: number | null;
    /** This pay_owed is first sent with one nanoton less than get_pay_owed_value (null: none). */
    owedLowValue: number | null;
}

export interface EpochContext {
    epoch: number;
    strategy: Strategy;
    /** Workers that can be paid this epoch (active in the registry), ascending. */
    activeWorkers: readonly number[];
    /** Which of them are attributed (paid by Cocoon through their earnings address); default none. */
    isAttributed?: (workerIndex: number) => boolean;
    requestCount: number;
    /** The keepers' pay_owed requests of the epoch (0 when no worker is attributed). */
    owedRequestCount?: number;
    bounceRate: number;
    duplicateRate: number;
    epochs: number;
}

/** Share of active workers that change their payout address, before and during an epoch (1 to 8). */
const ADDRESS_CHANGE_RATE = 0.01;
const ADDRESS_CHANGES_MAX = 8;
/** Share of active workers suspended, before and during an epoch (1 to 4). */
const SUSPEND_RATE = 0.005;
const SUSPENSIONS_MAX = 4;

export class FaultPlanner {
    constructor(private readonly uniform: Uniform) {}

    /**
     * Plans one epoch. Every fault class is on in every epoch where it fits, except the operator
     * rotation, which happens once, in the middle epoch of the run.
     */
    planEpoch(ctx: EpochContext): EpochFaults {
        const isAttributed = ctx.isAttributed ?? (() => false);
        const settled = ctx.activeWorkers.filter((w) => !isAttributed(w));
        const attributed = ctx.activeWorkers.filter(isAttributed);
        // Each worker-side fault class hits both kinds: drawn from each set with the same rate and bounds.
        const take = (rate: number, min: number, max = Infinity) =>
            [settled, attributed].flatMap((pool) =>
                this.draw(pool, Math.min(max, Math.max(min, Math.round(pool.length * rate)))),
            );
        const bouncers = take(ctx.bounceRate, ctx.bounceRate > 0 ? BOUNCE_KINDS.length : 0).map((workerIndex, i) => ({
            workerIndex,
            kind: BOUNCE_KINDS[i % BOUNCE_KINDS.length],
        }));
        // Registry-side faults are few by design: each costs a transaction on a registry that holds
        // every worker (~0.1 s of emulation at 10,000 workers); the payment path is the target.
        const addressChangesBefore = take(ADDRESS_CHANGE_RATE, 1, ADDRESS_CHANGES_MAX);
        const addressChangesDuring = take(ADDRESS_CHANGE_RATE, 1, ADDRESS_CHANGES_MAX);
        const suspendBefore = take(SUSPEND_RATE, 1, SUSPENSIONS_MAX);
        const suspendDuring = take(SUSPEND_RATE, 1, SUSPENSIONS_MAX);
        const requests = range(ctx.requestCount);
        const duplicates = requests.filter(() => this.uniform() < ctx.duplicateRate);
        const retries = requests.filter(() => this.uniform() < ctx.duplicateRate);
        const n = ctx.requestCount;
        // Cocoon and the keepers (attributed workers the faults above left alone get the voucher faults).
        const m = ctx.owedRequestCount ?? 0;
        const owed = range(m);
        const owedDuplicates = owed.filter(() => this.uniform() < ctx.duplicateRate);
        const owedRetries = owed.filter(() => this.uniform() < ctx.duplicateRate);
        const voucherReplays =
            ctx.duplicateRate > 0
                ? this.draw(attributed, Math.max(1, Math.round(attributed.length * ctx.duplicateRate)))
                : [];
        const [excessesToPool] = this.draw(attributed, 1);
        const either = (xs: number[], k: number) =>
            ctx.duplicateRate > 0 && k > 0 && xs.length === 0 ? [this.int(k)] : xs;
        return {
            epoch: ctx.epoch,
            strategy: ctx.strategy,
            bouncers,
            addressChangesBefore: ascending(addressChangesBefore),
            addressChangesDuring: ascending(addressChangesDuring),
            suspendBefore: ascending(suspendBefore),
            suspendDuring: ascending(suspendDuring),
            midEpochAfterRequest: this.int(n),
            duplicateRequests: ctx.duplicateRate > 0 && duplicates.length === 0 ? [this.int(n)] : duplicates,
            retryRequests: ctx.duplicateRate > 0 && retries.length === 0 ? [this.int(n)] : retries,
            interleaveRequest: n >= 2 ? this.int(n - 1) : null,
            pauseDuringRequest: this.int(n),
            lowValueRequest: this.int(n),
            underfunded: true,
            rotateOperatorBeforeRequest: ctx.epoch === Math.floor(ctx.epochs / 2) ? this.int(n) : null,
            voucherReplays: ascending(voucherReplays),
            excessesToPool: excessesToPool ?? null,
            owedDuplicates: either(owedDuplicates, m),
            owedRetries: either(owedRetries, m),
            owedInterleave: m >= 2 ? this.int(m - 1) : null,
            owedPause: m >= 1 ? this.int(m) : null,
            owedLowValue: m >= 1 ? this.int(m) : null,
        };
    }

    /** Removes `count` random entries from `pool` (so faults never share a worker) and returns them. */
    private draw(pool: number[], count: number): number[] {
        const out: number[] = [];
        for (let i = 0; i < count && pool.length > 0; i++) {
            const j = this.int(pool.length);
            out.push(pool[j]);
            pool[j] = pool[pool.length - 1];
            pool.pop();
        }
        return out;
    }

    private int(n: number): number {
        return Math.floor(this.uniform() * n);
    }
}

function range(n: number): number[] {
    return Array.from({ length: n }, (_, i) => i);
}

function ascending(xs: number[]): number[] {
    return [...xs].sort((a, b) => a - b);
}
