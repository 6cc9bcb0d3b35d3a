/**
 * The narrow view of the PoolPayout contract the batcher needs. The wrapper adapter
 * (pool-adapter.ts) fills these from wrappers/PoolPayout.ts; tests may fill them by hand.
 */

/** One line of a payout request: the worker's cumulative entitlement (never a delta). */
export interface PayoutEntry {
    workerIndex: number;
    cumulative: bigint;
}

/** Limits the contract enforces on one request. */
export interface BatchLimits {
    /** Most entries the contract accepts in one request. */
    maxEntriesPerRequest: number;
    /** Largest cumulative the contract can store (Coins: 2^120 - 1 unless the pool says less). */
    maxCumulative?: bigint;
}

/** Value (nanoton) the operator must attach to a request with these entries. */
export type RequiredValue = (entries: readonly PayoutEntry[]) => bigint;

/** A request ready to send: the same object is resent unchanged after a timeout. */
export interface PayoutRequest {
    queryId: bigint;
    /** Sorted by worker index, no duplicates. */
    entries: readonly PayoutEntry[];
    value: bigint;
}

/** What the batcher may check entries against. */
export interface LedgerView {
    /** Cumulative the pool already accepted per worker (its on-chain ledger); absent = 0. */
    paid?: ReadonlyMap<number, bigint>;
    /** Workers the pool knows; when given, any other index is refused. */
    knownWorkers?: ReadonlySet<number>;
}

/** Coins (VarUInteger 16) hold at most 2^120 - 1 nanoton. */
export const COINS_MAX = (1n << 120n) - 1n;
export const QUERY_ID_MAX = (1n << 64n) - 1n;
