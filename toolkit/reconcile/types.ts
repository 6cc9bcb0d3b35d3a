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
    /** Its stake left the registry (record state 01): never paid operator-settled money again. */
    withdrawn?: boolean;
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
    /** Every change of the attributed books, in logical-time order (sources given an AttributedCodec). */
    attributedEvents?(): Promise<AttributedEvent[]>;
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

/**
 * One change of the attributed books (docs/earnings.md) read from a pool transaction that was not
 * aborted (an aborted one changed nothing):
 * - `credit`: an attributed_revenue from the named worker's earnings address; `value` is what it forwarded;
 * - `forged`: an attributed_revenue from any other sender (or too short to name a worker): the pool books
 *   it as plain, operator-settled revenue, never as the named worker's;
 * - `payout`: an attributed_payout pay_owed sent (the body's amount);
 * - `bounce`: a bounced attributed_payout; `value` is what came back (the pool credits part of it);
 * - `commission`: the commission rate from then on (the deployment's StateInit, or a set_params).
 */
export type AttributedEvent =
    | { kind: 'credit'; workerIndex: number; value: bigint; from: Address; lt: bigint }
    | { kind: 'forged'; workerIndex?: number; value: bigint; from: Address; lt: bigint }
    | { kind: 'payout'; workerIndex: number; amount: bigint; destination: Address; lt: bigint }
    | { kind: 'bounce'; workerIndex: number; amount: bigint; value: bigint; lt: bigint }
    | { kind: 'commission'; bps: number; at: 'deploy' | 'set_params'; lt: bigint };

/** Decodes the pool's attributed messages and prices them (the contract-specific half of the attributed books). */
export interface AttributedCodec {
    /** An attributed_revenue body: the worker it names (undefined when too short to name one); undefined if another op. */
    parseRevenue(body: Cell): { workerIndex?: number } | undefined;
    /** Whether `from` is worker `workerIndex`'s earnings address under this pool (the pool's own check). */
    isEarningsAddress(from: Address, workerIndex: number): boolean;
    /** An outgoing attributed_payout body; undefined if another op. */
    parsePayout(body: Cell): { workerIndex: number; amount: bigint } | undefined;
    /** A bounced attributed_payout body; undefined if another op. */
    parseBounced(body: Cell): { workerIndex: number; amount: bigint } | undefined;
    /** The commission rate a set_params body sets; undefined if another op. */
    parseCommissionChange(body: Cell): number | undefined;
    /** The commission rate of the pool's initial storage (its StateInit data). */
    commissionAtDeploy(data: Cell): number | undefined;
    /** What the pool keeps of an attributed_revenue of any sender; the rest is booked. */
    receiptFee(): bigint;
    /** What the pool credits back for a bounced attributed payout of `amount` that came back with `value`. */
    bounceCreditOf(amount: bigint, value: bigint): bigint;
}

/** The pool's attributed books as its getters report them. */
export interface AttributedPoolTotals {
    revenue: bigint;
    commission: bigint;
    paid: bigint;
    returned: bigint;
    /** revenue - commission - paid + returned. */
    owed: bigint;
    /** Workers with a non-zero attributed balance. */
    entries: number;
}

/** The pool's attributed getters, in the shape reconciliation needs. */
export interface AttributedReader {
    totals(): Promise<AttributedPoolTotals>;
    /** Each worker's attributed balance (0 when it has none). */
    owed(indexes: readonly number[]): Promise<Map<number, bigint>>;
    /** The workers with a balance, when the reader can list them (a storage snapshot can, getters cannot). */
    owedIndexes?(): Promise<number[]>;
}
