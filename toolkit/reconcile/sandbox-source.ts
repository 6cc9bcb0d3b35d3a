/**
 * The chain source of the sandbox: the pool's getters through a `PoolReader` (e.g. the wrapper opened
 * on the Blockchain) and its payouts and bounces from the transactions. Feed it either the
 * transactions you already hold (`ingest`, e.g. each `SendMessageResult.transactions`) or let it read
 * the pool's transactions from the Blockchain (`sync`); a pool transaction is counted once however
 * often it is seen.
 */
import { Address, Transaction } from '@ton/core';
import { Blockchain } from '@ton/sandbox';
import { attributedEventsOf, payoutEventsOf, unbookedInflowOf } from './events';
import {
    AttributedCodec,
    AttributedEvent,
    ChainSource,
    PayoutCodec,
    PayoutEvent,
    PoolReader,
    PoolTotals,
    UnbookedInflow,
    WorkerLedger,
    readWorkers,
} from './types';

export interface SandboxSourceOptions {
    blockchain: Blockchain;
    pool: Address;
    reader: PoolReader;
    codec: PayoutCodec;
    /** Reads the attributed books too (attributedEvents) when given. */
    attributedCodec?: AttributedCodec;
}

const byLt = (a: { lt: bigint }, b: { lt: bigint }) => (a.lt < b.lt ? -1 : a.lt > b.lt ? 1 : 0);

export class SandboxChainSource implements ChainSource {
    private readonly events: PayoutEvent[] = [];
    private readonly inflows: UnbookedInflow[] = [];
    private readonly attributed: AttributedEvent[] = [];
    private readonly seen = new Set<bigint>();

    constructor(readonly options: SandboxSourceOptions) {}

    /** Records the pool's payouts, bounces and unbooked inflow among `txs` (other accounts' transactions are ignored). */
    ingest(txs: readonly Transaction[]): void {
        const pool = this.options.pool;
        for (const tx of txs) {
            const dest = tx.inMessage?.info.dest;
            if (!Address.isAddress(dest) || !dest.equals(pool) || this.seen.has(tx.lt)) continue;
            this.seen.add(tx.lt);
            this.events.push(...payoutEventsOf(tx, pool, this.options.codec));
            const inflow = unbookedInflowOf(tx, pool);
            if (inflow) this.inflows.push(inflow);
            if (this.options.attributedCodec)
                this.attributed.push(...attributedEventsOf(tx, pool, this.options.attributedCodec));
        }
    }

    /**
     * Reads every pool transaction the Blockchain still holds and ingests the new ones (order does
     * not matter: @ton/sandbox 0.41's getTransactions reverses its own list on every call, and events
     * are sorted by logical time when read).
     */
    async sync(): Promise<void> {
        this.ingest(await this.options.blockchain.getTransactions(this.options.pool));
    }

    workers(indexes: readonly number[]): Promise<Map<number, WorkerLedger>> {
        return readWorkers(this.options.reader, indexes);
    }

    totals(): Promise<PoolTotals> {
        return this.options.reader.totals();
    }

    async payoutEvents(): Promise<PayoutEvent[]> {
        return [...this.events].sort(byLt);
    }

    async unbookedInflows(): Promise<UnbookedInflow[]> {
        return [...this.inflows].sort(byLt);
    }

    async attributedEvents(): Promise<AttributedEvent[]> {
        return [...this.attributed].sort(byLt);
    }
}
