/**
 * Resubmission after a timeout. A request whose outcome the operator has not seen within the timeout
 * is sent again *unchanged* (same query id, entries and value). This is harmless by design: entries
 * are cumulative, the pool pays `cumulative - paid` and then stores `paid = cumulative`, so a copy
 * that arrives after the original pays zero. The queue is a pure state machine over an injected
 * clock (seconds), so the harness, the scripts and the tests drive it the same way.
 *
 * Resending is harmless to exactly-once, not to the pool's reserve: a payout to an address that
 * bounces (missing, frozen or gas-burning recipient) costs the reserve its fees on every retry. So
 * when `due` is given the pool's view of each worker, it stops resubmitting to a worker the pool
 * reports as held, or whose payouts bounced HOLD_AFTER_BOUNCES times: its entries leave the request
 * (same query id and value, the excess comes back) and are listed in `withheld()` for the operator,
 * who resumes them once the member changes its payout address.
 */
import { PayoutEntry, PayoutRequest } from './types';

/**
 * Bounces after which the queue stops resubmitting to a worker. Mirrors the pool's "held after N
 * consecutive bounces until the address changes" rule; while the pool's get_worker reports only its
 * bounce counter (which counts every bounce, so this errs towards holding), the counter decides.
 */
export const HOLD_AFTER_BOUNCES = 3;

/** What the pool's get_worker says about a worker's payouts (PoolWorkerState has these fields). */
export interface WorkerPayoutHealth {
    bounces: number;
    /** The pool holds the worker's payouts (until its address changes), when the pool reports it. */
    held?: boolean;
}

/** The pool's view of each worker, e.g. from its get_worker; undefined for a worker it does not report. */
export type PayoutHealth = (workerIndex: number) => WorkerPayoutHealth | undefined;

/** True when the queue must not resubmit payouts to this worker. */
export function isHeld(h: WorkerPayoutHealth | undefined): boolean {
    return h !== undefined && (h.held === true || h.bounces >= HOLD_AFTER_BOUNCES);
}

/** An entry the queue stopped resubmitting, with the pool's view that made it stop. */
export interface WithheldEntry extends PayoutEntry {
    queryId: bigint;
    bounces: number;
    held: boolean;
}

export interface ResubmissionPolicy {
    /** Seconds to wait for a request's outcome before sending it again. */
    timeoutSeconds: number;
    /** Sends in total (first one included) before the request is reported as exhausted. */
    maxAttempts: number;
}

export interface TrackedRequest {
    request: PayoutRequest;
    attempts: number;
    lastSentAt: number;
}

export class ResubmissionQueue {
    private readonly pending = new Map<bigint, TrackedRequest>();
    private readonly exhaustedRequests: TrackedRequest[] = [];
    private readonly withheldEntries: WithheldEntry[] = [];

    constructor(readonly policy: ResubmissionPolicy) {
        if (!(policy.timeoutSeconds > 0) || !Number.isSafeInteger(policy.maxAttempts) || policy.maxAttempts < 1) {
            throw new Error(
                `resubmission policy needs timeoutSeconds > 0 and maxAttempts >= 1, got ${JSON.stringify(policy)}`,
            );
        }
    }

    /** Records the first send of `request` at `now`. */
    sent(request: PayoutRequest, now: number): void {
        if (this.pending.has(request.queryId)) throw new Error(`query id ${request.queryId} is already tracked`);
        this.pending.set(request.queryId, { request, attempts: 1, lastSentAt: now });
    }

    /** The outcome of `queryId` was seen (excess returned, or the ledger shows it applied). */
    confirm(queryId: bigint): void {
        this.pending.delete(queryId);
    }

    /**
     * Requests to send again at `now`: the very same objects, each counted as one more attempt.
     * Requests that used up `maxAttempts` move to `exhausted()` for the operator to look at.
     * With `health`, entries of held workers (isHeld) are taken out first: the request is resent
     * without them (same query id and value), or dropped when nothing else is left; they go to
     * `withheld()`.
     */
    due(now: number, health?: PayoutHealth): PayoutRequest[] {
        const out: PayoutRequest[] = [];
        for (const [id, t] of this.pending) {
            if (now - t.lastSentAt < this.policy.timeoutSeconds) continue;
            if (t.attempts >= this.policy.maxAttempts) {
                this.pending.delete(id);
                this.exhaustedRequests.push(t);
                continue;
            }
            if (health && !this.withhold(t, health)) {
                this.pending.delete(id);
                continue;
            }
            t.attempts += 1;
            t.lastSentAt = now;
            out.push(t.request);
        }
        return out;
    }

    /** Takes held workers' entries out of `t`; false when none is left to send. */
    private withhold(t: TrackedRequest, health: PayoutHealth): boolean {
        const held = t.request.entries.filter((e) => isHeld(health(e.workerIndex)));
        if (held.length === 0) return true;
        for (const e of held) {
            const h = health(e.workerIndex)!;
            this.withheldEntries.push({ ...e, queryId: t.request.queryId, bounces: h.bounces, held: h.held === true });
        }
        const kept = t.request.entries.filter((e) => !held.includes(e));
        if (kept.length === 0) return false;
        t.request = { ...t.request, entries: kept };
        return true;
    }

    /** Entries the queue stopped resubmitting because their worker is held, in the order withheld. */
    withheld(): readonly WithheldEntry[] {
        return this.withheldEntries;
    }

    inFlight(): readonly TrackedRequest[] {
        return [...this.pending.values()];
    }

    exhausted(): readonly TrackedRequest[] {
        return this.exhaustedRequests;
    }
}

/** True when the pool's ledger shows every entry of `request` applied (paid >= cumulative). */
export function isApplied(request: PayoutRequest, paid: ReadonlyMap<number, bigint>): boolean {
    return request.entries.every((e) => (paid.get(e.workerIndex) ?? 0n) >= e.cumulative);
}
