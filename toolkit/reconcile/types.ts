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
    /** The registry told the pool about this worker (an unknown worker is never paid). */
    known: boolean;
    /** Whether the pool currently pays this worker (the registry's last sync). */
    active: boolean;
    /**
     * Cumulative amount paid, net of returned bounces: a batch stores `paid = cumulative`, a bounced
     * payout lowers it by the amount so the next batch with the same cumulative pays it again.
     */
    paid: bigint;
    /** Payouts to this worker that bounced (saturating counter). */
    bounces: number;
}

/** The pool's totals, as its getter reports them. */
export interface PoolTotals {
    /** Worker and commission revenue booked (net of the receipt fee). */
    revenue: bigint;
    commissionAccrued: bigint;
    /** Sent to workers, gross. */
    paid: bigint;
    /** Came back from workers by bounces. */
    returned: bigint;
    /**
     * Storage the reserve could not pay, charged to commission held (contracts/pool/reserve.fc):
     * the getters include the charge the next batch or withdrawal books, a storage snapshot only
     * what is booked. Absent from readers that do not know it.
     */
    storageCharged?: bigint;
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

/**
 * Value that reached the pool without running its code, so the pool never booked it: a message
 * below the compute threshold (e.g. a 1-token Cocoon voucher, ~9,000 nanoton: its value cannot buy
 * the gas to start the VM), or a non-bounceable message whose compute phase failed. It stays in the
 * balance as part of the reserve: neither worker money nor commission.
 */
export interface UnbookedInflow {
    /** Nanoton credited to the pool's balance by the message. */
    amount: bigint;
    from?: Address;
    lt: bigint;
    reason: 'compute-skipped' | 'compute-failed';
}

/** The chain as reconciliation sees it. */
export interface ChainSource {
    /** Ledger lines of these workers (`known: false` for a worker the pool never heard of). */
    workers(indexes: readonly number[]): Promise<Map<number, WorkerLedger>>;
    totals(): Promise<PoolTotals>;
    /** Every payout and bounce seen so far, in logical-time order. */
    payoutEvents(): Promise<PayoutEvent[]>;
    /** Inbound value the pool's code never ran for, in logical-time order (sources that read transactions). */
    unbookedInflows?(): Promise<UnbookedInflow[]>;
}

/** The pool's getters, in the shape reconciliation needs (any ContractProvider can back it). */
export interface PoolReader {
    workerLedger(workerIndex: number): Promise<WorkerLedger>;
    totals(): Promise<PoolTotals>;
}

/** Reads the ledger lines of `indexes` one by one through `reader` (what both chain sources do). */
export async function readWorkers(reader: PoolReader, indexes: readonly number[]): Promise<Map<number, WorkerLedger>> {
    const out = new Map<number, WorkerLedger>();
    for (const i of indexes) out.set(i, await reader.workerLedger(i));
    return out;
}

/** Decodes the pool's payout messages: the outgoing body, and the bounced copy of it. */
export interface PayoutCodec {
    /**
     * Worker and query id of an outgoing payout body, and the amount when the body carries it
     * (otherwise the message value is the amount); undefined if it is not a payout.
     */
    parsePayout(body: Cell): { workerIndex: number; queryId: bigint; amount?: bigint } | undefined;
    /**
     * Worker, query id and the payout's amount, from a bounced body (0xFFFFFFFF and the
     * first 256 bits of the original); undefined if it is not a bounced payout.
     */
    parseBounced(body: Cell): { workerIndex: number; queryId: bigint; amount: bigint } | undefined;
    /** What the pool credits back for a bounced payout of `amount` that came back with `value`. */
    creditOf(amount: bigint, value: bigint): bigint;
}
