/**
 * What reconciliation reads from the chain, as an interface: the sandbox implements it now
 * (sandbox-source.ts), a TON client for testnet/mainnet (ton-client-source.ts) later. Both read the
 * pool's getters through a `PoolReader` and its transactions through a `PayoutCodec`, so the
 * contract-specific parts live in one adapter (pool-adapter.ts).
 */
import { Address, Cell } from '@ton/core';

/** The pool's ledger line for one worker, as its getter reports it. */
export interface WorkerLedger {
    workerIndex: number;
    /** Highest cumulative entitlement the pool has paid against (`paid = cumulative`). */
    paidCumulative: bigint;
    /** Amount returned by bounces and held for the worker, not yet paid again. */
    owed: bigint;
    /** Whether the pool currently pays this worker (the registry's last sync). */
    active: boolean;
}

/** The pool's totals, as its getter reports them. */
export interface PoolTotals {
    /** Paid to workers and not bounced back: sum of (paidCumulative - owed). */
    paidOut: bigint;
    /** Held for workers after bounces: sum of owed. */
    owed: bigint;
}

/** A payout the pool sent, or one that came back to it. */
export interface PayoutEvent {
    kind: 'payout' | 'bounce';
    workerIndex: number;
    /** Nanoton paid (payout) or credited back to the worker (bounce). */
    amount: bigint;
    queryId: bigint;
    /** Logical time of the pool transaction that sent or received it. */
    lt: bigint;
    /** Payout address (payouts only). */
    destination?: Address;
}

/** The chain as reconciliation sees it. */
export interface ChainSource {
    /** Ledger lines of these workers; `undefined` for a worker the pool does not know. */
    workers(indexes: readonly number[]): Promise<Map<number, WorkerLedger | undefined>>;
    totals(): Promise<PoolTotals>;
    /** Every payout and bounce seen so far, in logical-time order. */
    payoutEvents(): Promise<PayoutEvent[]>;
}

/** The pool's getters, in the shape reconciliation needs (any ContractProvider can back it). */
export interface PoolReader {
    workerLedger(workerIndex: number): Promise<WorkerLedger | undefined>;
    totals(): Promise<PoolTotals>;
}

/** Decodes the pool's payout messages: the outgoing body, and the bounced copy of it. */
export interface PayoutCodec {
    /**
     * Worker and query id of an outgoing payout body, and the amount when the body carries it
     * (otherwise the message value is the amount); undefined if it is not a payout.
     */
    parsePayout(body: Cell): { workerIndex: number; queryId: bigint; amount?: bigint } | undefined;
    /**
     * Worker, query id and the amount the pool credits back, from a bounced body (0xFFFFFFFF and the
     * first 256 bits of the original); undefined if it is not a bounced payout.
     */
    parseBounced(body: Cell): { workerIndex: number; queryId: bigint; amount: bigint } | undefined;
}
