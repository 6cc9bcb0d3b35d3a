/**
 * The sandbox the harness runs in: a Blockchain that can forget its kept transaction history (the
 * sandbox keeps every transaction, ~40 KB each, which a 10,000-worker run cannot afford), and the
 * payout recipients the harness plants: healthy wallets and the three kinds that refuse a payment.
 */
import { Address, beginCell, Cell, ShardAccount } from '@ton/core';
import { Blockchain, Executor, LocalBlockchainStorage } from '@ton/sandbox';
import { applyPrices, PriceSet } from '../chain/prices';
import { BounceKind } from './faults';

export class StressChain extends Blockchain {
    /** A fresh sandbox under a price set, its clock fixed at `now` so runs replay exactly. */
    static async open(opts: { prices: PriceSet; now: number }): Promise<StressChain> {
        const chain = new StressChain({ executor: await Executor.create(), storage: new LocalBlockchainStorage() });
        applyPrices(chain, opts.prices);
        chain.now = opts.now;
        return chain;
    }

    /** Drops the kept transaction history; accounts and their states stay. Returns how many were kept. */
    forgetHistory(): number {
        const kept = this.transactions.length;
        this.transactions = [];
        return kept;
    }
}

/** Code of a recipient that accepts every message: an empty continuation returns with exit code 0. */
const ACCEPT_ALL_CODE = new Cell();
/** Code of a recipient that throws on every message: `THROW 50` (0xF232). */
const THROW_CODE = beginCell().storeUint(0xf232, 16).endCell();
export const THROWING_RECIPIENT_EXIT_CODE = 50;
/**
 * State hash of the planted frozen accounts: the hash of a state they never had. (A frozen state
 * hash equal to the address hash aborts the sandbox's executor.)
 */
const FROZEN_STATE_HASH = BigInt('0x' + beginCell().storeStringTail('frozen by the stress harness').endCell().hash().toString('hex'));

/** A payout recipient planted at `address`: a healthy wallet or one of the refusing kinds. */
export type RecipientKind = 'healthy' | BounceKind;

/**
 * Plants a recipient. A missing wallet is an address with no account at all (a bounceable payout
 * to it bounces); a frozen account has only a state hash; a throwing contract runs code that throws.
 */
export async function plantRecipient(chain: Blockchain, address: Address, kind: RecipientKind): Promise<void> {
    if (kind === 'missing-wallet') return;
    const now = chain.now ?? 0;
    const state: NonNullable<ShardAccount['account']>['storage']['state'] =
        kind === 'frozen-account'
            ? { type: 'frozen', stateHash: FROZEN_STATE_HASH }
            : { type: 'active', state: { code: kind === 'healthy' ? ACCEPT_ALL_CODE : THROW_CODE, data: new Cell() } };
    await chain.setShardAccount(address, {
        account: {
            addr: address,
            storage: { lastTransLt: 0n, balance: { coins: 0n }, state },
            storageStats: { used: { cells: 0n, bits: 0n }, lastPaid: now, duePayment: null, storageExtra: null },
        },
        lastTransactionLt: 0n,
        lastTransactionHash: 0n,
    });
}

/** A deterministic basechain address for the harness's n-th planted recipient. */
export function recipientAddress(tag: string, n: number): Address {
    const hash = beginCell().storeStringTail(tag).storeUint(n, 32).endCell().hash();
    return new Address(0, hash);
}
