/**
 * The chain source for testnet and mainnet: the pool's getters through a `PoolReader` backed by a
 * `TonClient` (e.g. `client.open(PoolPayout.createFromAddress(addr))` in an adapter) and its payouts and
 * bounces from the pool's transaction history, paged newest-first through toncenter. Not exercised
 * by the sandbox tests (there is no network here); the operator scripts use it.
 */
import { Address } from '@ton/core';
import { TonClient } from '@ton/ton';
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

export interface TonClientSourceOptions {
    client: TonClient;
    pool: Address;
    reader: PoolReader;
    codec: PayoutCodec;
    /** Reads the attributed books too (attributedEvents) when given. */
    attributedCodec?: AttributedCodec;
    /** Ignore pool transactions at or below this logical time (e.g. before the pool's deployment). */
    sinceLt?: bigint;
    /** Page size for getTransactions (toncenter allows up to 100). */
    pageSize?: number;
}

export class TonClientChainSource implements ChainSource {
    constructor(readonly options: TonClientSourceOptions) {}

    workers(indexes: readonly number[]): Promise<Map<number, WorkerLedger>> {
        return readWorkers(this.options.reader, indexes);
    }

    totals(): Promise<PoolTotals> {
        return this.options.reader.totals();
    }

    async payoutEvents(): Promise<PayoutEvent[]> {
        return (await this.history()).events;
    }

    async unbookedInflows(): Promise<UnbookedInflow[]> {
        return (await this.history()).inflows;
    }

    async attributedEvents(): Promise<AttributedEvent[]> {
        return (await this.history()).attributed;
    }

    /** The pool's transactions since `sinceLt`, paged newest-first, read once per call. */
    private async history(): Promise<{
        events: PayoutEvent[];
        inflows: UnbookedInflow[];
        attributed: AttributedEvent[];
    }> {
        const { client, pool, codec, attributedCodec } = this.options;
        const since = this.options.sinceLt ?? 0n;
        const limit = this.options.pageSize ?? 100;
        const events: PayoutEvent[] = [];
        const inflows: UnbookedInflow[] = [];
        const attributed: AttributedEvent[] = [];
        let cursor: { lt: string; hash: string } | undefined;
        for (;;) {
            const page = await client.getTransactions(pool, { limit, archival: true, inclusive: false, ...cursor });
            for (const tx of page) {
                if (tx.lt <= since) continue;
                events.push(...payoutEventsOf(tx, pool, codec));
                const inflow = unbookedInflowOf(tx, pool);
                if (inflow) inflows.push(inflow);
                if (attributedCodec) attributed.push(...attributedEventsOf(tx, pool, attributedCodec));
            }
            const last = page[page.length - 1];
            if (page.length < limit || last === undefined || last.lt <= since) break;
            cursor = { lt: last.lt.toString(), hash: last.hash().toString('base64') };
        }
        const byLt = (a: { lt: bigint }, b: { lt: bigint }) => (a.lt < b.lt ? -1 : a.lt > b.lt ? 1 : 0);
        return { events: events.sort(byLt), inflows: inflows.sort(byLt), attributed: attributed.sort(byLt) };
    }
}
