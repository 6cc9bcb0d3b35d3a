/**
 * The chain source for testnet and mainnet: the pool's getters through a `PoolReader` backed by a
 * `TonClient` (e.g. `client.open(PoolPayout.createFromAddress(addr))` in an adapter) and its payouts and
 * bounces from the pool's transaction history, paged newest-first through toncenter. Not exercised
 * by the sandbox tests (there is no network here); the operator scripts use it.
 */
import { Address } from '@ton/core';
import { TonClient } from '@ton/ton';
import { payoutEventsOf } from './events';
import { ChainSource, PayoutCodec, PayoutEvent, PoolReader, PoolTotals, WorkerLedger, readWorkers } from './types';

export interface TonClientSourceOptions {
    client: TonClient;
    pool: Address;
    reader: PoolReader;
    codec: PayoutCodec;
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
        const { client, pool, codec } = this.options;
        const since = this.options.sinceLt ?? 0n;
        const limit = this.options.pageSize ?? 100;
        const events: PayoutEvent[] = [];
        let cursor: { lt: string; hash: string } | undefined;
        for (;;) {
            const page = await client.getTransactions(pool, { limit, archival: true, inclusive: false, ...cursor });
            for (const tx of page) if (tx.lt > since) events.push(...payoutEventsOf(tx, pool, codec));
            const last = page[page.length - 1];
            if (page.length < limit || last === undefined || last.lt <= since) break;
            cursor = { lt: last.lt.toString(), hash: last.hash().toString('base64') };
        }
        return events.sort((a, b) => (a.lt < b.lt ? -1 : a.lt > b.lt ? 1 : 0));
    }
}
