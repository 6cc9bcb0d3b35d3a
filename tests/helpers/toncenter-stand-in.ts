/**
 * A stand-in for toncenter's getTransactions (the network is not reachable in tests): an account's
 * history served newest first, `limit` per page, continuing below the (lt, hash) cursor, as
 * TonClient pages it. Records the index each page started at.
 */
import { Address, Transaction } from '@ton/core';
import { TonClient } from '@ton/ton';

export interface ToncenterStandIn {
    client: TonClient;
    /** Where each page requested started in the newest-first history. */
    pages: number[];
    /** The history served, newest first. */
    history: Transaction[];
}

/** Serves the transactions of `account` among `txs`. */
export function toncenterStandIn(account: Address, txs: readonly Transaction[]): ToncenterStandIn {
    const history = txs
        .filter((tx) => tx.inMessage?.info.dest instanceof Address && tx.inMessage.info.dest.equals(account))
        .sort((a, b) => (a.lt < b.lt ? 1 : -1));
    const pages: number[] = [];
    const client = {
        async getTransactions(address: Address, o: { limit: number; lt?: string; hash?: string; inclusive?: boolean }) {
            if (!address.equals(account)) throw new Error(`stand-in serves ${account}, asked for ${address}`);
            const start =
                o.lt === undefined
                    ? 0
                    : history.findIndex((tx) => tx.lt.toString() === o.lt && tx.hash().toString('base64') === o.hash) +
                      1;
            pages.push(start);
            return history.slice(start, start + o.limit);
        },
    } as unknown as TonClient;
    return { client, pages, history };
}
