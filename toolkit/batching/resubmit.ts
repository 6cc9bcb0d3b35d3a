/**
 * Resubmission after a timeout. A request whose outcome the operator has not seen within the timeout
 * is sent again *unchanged* (same query id, entries and value). This is harmless by design: entries
 * are cumulative, the pool pays `cumulative - paid` and then stores `paid = cumulative`, so a copy
 * that arrives after the original pays zero. The queue is a pure state machine over an injected
 * clock (seconds), so the harness, the scripts and the tests drive it the same way.
 */
import { PayoutRequest } from './types';

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

    constructor(readonly policy: ResubmissionPolicy) {
        if (!(policy.timeoutSeconds > 0) || !Number.isSafeInteger(policy.maxAttempts) || policy.maxAttempts < 1) {
            throw new Error(`resubmission policy needs timeoutSeconds > 0 and maxAttempts >= 1, got ${JSON.stringify(policy)}`);
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
     */
    due(now: number): PayoutRequest[] {
        const out: PayoutRequest[] = [];
        for (const [id, t] of this.pending) {
            if (now - t.lastSentAt < this.policy.timeoutSeconds) continue;
            if (t.attempts >= this.policy.maxAttempts) {
                this.pending.delete(id);
                this.exhaustedRequests.push(t);
                continue;
            }
            t.attempts += 1;
            t.lastSentAt = now;
            out.push(t.request);
        }
        return out;
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
