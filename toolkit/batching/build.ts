/**
 * Payout requests within the contract's limits. Entries are sorted by worker index: the pool's
 * ledger is paged by index, so neighbouring workers share pages and a sorted batch loads and stores
 * fewer of them.
 */
import { Entitlements } from '../settlement/entitlements';
import { MAX_WORKER_INDEX } from '../settlement/validate';
import { BatchError } from './errors';
import { BatchLimits, COINS_MAX, LedgerView, PayoutEntry, PayoutRequest, QUERY_ID_MAX, RequiredValue } from './types';

export interface BuildRequestOptions extends LedgerView {
    queryId: bigint;
    entries: readonly PayoutEntry[];
    limits: BatchLimits;
    requiredValue: RequiredValue;
}

function checkLimits(limits: BatchLimits): void {
    if (!Number.isSafeInteger(limits.maxEntriesPerRequest) || limits.maxEntriesPerRequest < 1) {
        throw new BatchError(
            'bad-limits',
            `maxEntriesPerRequest ${limits.maxEntriesPerRequest} is not a positive integer`,
        );
    }
    if (limits.maxCumulative !== undefined && (limits.maxCumulative < 0n || limits.maxCumulative > COINS_MAX)) {
        throw new BatchError('bad-limits', `maxCumulative ${limits.maxCumulative} is not within Coins`);
    }
}

function checkEntry(e: PayoutEntry, maxCumulative: bigint, ledger: LedgerView): void {
    if (!Number.isInteger(e.workerIndex) || e.workerIndex < 0 || e.workerIndex > MAX_WORKER_INDEX) {
        throw new BatchError('amount-out-of-range', `worker index ${e.workerIndex} is not a uint32`);
    }
    if (typeof e.cumulative !== 'bigint' || e.cumulative < 0n || e.cumulative > maxCumulative) {
        throw new BatchError(
            'amount-out-of-range',
            `worker ${e.workerIndex}: cumulative ${String(e.cumulative)} is not in 0..${maxCumulative}`,
        );
    }
    if (ledger.knownWorkers && !ledger.knownWorkers.has(e.workerIndex)) {
        throw new BatchError('unknown-worker', `worker ${e.workerIndex} is not known to the pool`);
    }
    const paid = ledger.paid?.get(e.workerIndex) ?? 0n;
    if (e.cumulative < paid) {
        throw new BatchError(
            'below-paid',
            `worker ${e.workerIndex}: cumulative ${e.cumulative} is below the ${paid} already paid`,
        );
    }
}

/** One request, checked against the limits and (when given) the pool's ledger. */
export function buildRequest(opts: BuildRequestOptions): PayoutRequest {
    checkLimits(opts.limits);
    const { entries, limits } = opts;
    if (entries.length === 0) throw new BatchError('empty-batch', 'a payout request needs at least one entry');
    if (entries.length > limits.maxEntriesPerRequest) {
        throw new BatchError(
            'too-many-entries',
            `${entries.length} entries, the contract accepts at most ${limits.maxEntriesPerRequest}`,
        );
    }
    if (opts.queryId < 0n || opts.queryId > QUERY_ID_MAX) {
        throw new BatchError('amount-out-of-range', `query id ${opts.queryId} is not a uint64`);
    }
    const maxCumulative = limits.maxCumulative ?? COINS_MAX;
    const seen = new Set<number>();
    for (const e of entries) {
        checkEntry(e, maxCumulative, opts);
        if (seen.has(e.workerIndex))
            throw new BatchError('duplicate-worker', `worker ${e.workerIndex} appears twice in one request`);
        seen.add(e.workerIndex);
    }
    const sorted = entries.map((e) => ({ workerIndex: e.workerIndex, cumulative: e.cumulative }));
    sorted.sort((a, b) => a.workerIndex - b.workerIndex);
    return { queryId: opts.queryId, entries: sorted, value: opts.requiredValue(sorted) };
}

export interface PlanOptions extends LedgerView {
    /** The operator's intended ledger (settleEpoch().cumulative) or a list of entries. */
    entitlements: Entitlements | readonly PayoutEntry[];
    limits: BatchLimits;
    requiredValue: RequiredValue;
    /** Query id of the first request; the k-th request gets firstQueryId + k. */
    firstQueryId: bigint;
    /**
     * Leave out workers whose cumulative equals what the ledger says is paid (nothing to pay).
     * Default true; has no effect without `paid`.
     */
    skipSettled?: boolean;
}

function asEntries(e: Entitlements | readonly PayoutEntry[]): PayoutEntry[] {
    if (Array.isArray(e)) return [...(e as readonly PayoutEntry[])];
    return [...(e as Entitlements)].map(([workerIndex, cumulative]) => ({ workerIndex, cumulative }));
}

/**
 * Splits entitlements into requests of at most `maxEntriesPerRequest` entries, in worker-index
 * order. Every entry is checked as in `buildRequest`; a duplicate worker anywhere in the input is
 * refused. Returns no request when there is nothing to pay.
 */
export function planBatches(opts: PlanOptions): PayoutRequest[] {
    checkLimits(opts.limits);
    const entries = asEntries(opts.entitlements).sort((a, b) => a.workerIndex - b.workerIndex);
    for (let i = 1; i < entries.length; i++) {
        if (entries[i].workerIndex === entries[i - 1].workerIndex) {
            throw new BatchError(
                'duplicate-worker',
                `worker ${entries[i].workerIndex} appears twice in the entitlements`,
            );
        }
    }
    const skip = (opts.skipSettled ?? true) && opts.paid !== undefined;
    const maxCumulative = opts.limits.maxCumulative ?? COINS_MAX;
    const todo = entries.filter((e) => {
        checkEntry(e, maxCumulative, opts);
        return !(skip && e.cumulative === (opts.paid?.get(e.workerIndex) ?? 0n));
    });
    const requests: PayoutRequest[] = [];
    const max = opts.limits.maxEntriesPerRequest;
    for (let at = 0; at < todo.length; at += max) {
        requests.push(
            buildRequest({
                queryId: opts.firstQueryId + BigInt(requests.length),
                entries: todo.slice(at, at + max),
                limits: opts.limits,
                requiredValue: opts.requiredValue,
                paid: opts.paid,
                knownWorkers: opts.knownWorkers,
            }),
        );
    }
    return requests;
}

/** Total nanoton the requests will pay, given what the pool already paid: sum of cumulative - paid. */
export function amountToPay(requests: readonly PayoutRequest[], paid?: ReadonlyMap<number, bigint>): bigint {
    let total = 0n;
    for (const r of requests) for (const e of r.entries) total += e.cumulative - (paid?.get(e.workerIndex) ?? 0n);
    return total;
}
