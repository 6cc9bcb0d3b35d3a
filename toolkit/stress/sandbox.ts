/**
 * The sandbox the harness runs in: a Blockchain that can forget its kept transaction history (the
 * sandbox keeps every transaction, ~40 KB each, which a 10,000-worker run cannot afford), and the
 * payout recipients the harness plants: healthy wallets and the three kinds that refuse a payment.
 */
import { Address, beginCell, Cell, loadShardAccount, ShardAccount } from '@ton/core';
import { Blockchain, BlockchainStorage, createEmptyShardAccount, Executor, SmartContract } from '@ton/sandbox';
import { applyPrices, PriceSet } from '../chain/prices';
import { BounceKind } from './faults';

export class StressChain extends Blockchain {
    /** A fresh sandbox under a price set, its clock fixed at `now` so runs replay exactly. */
    static async open(opts: { prices: PriceSet; now: number }): Promise<StressChain> {
        const chain = new StressChain({ executor: await Executor.create(), storage: new LeanStorage() });
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

/**
 * Accounts whose serialized state is at least this large (base64 characters) are parsed lazily.
 * A 10,000-worker registry is ~1.8 MB, its pool ~0.6 MB; a wallet is a few hundred bytes.
 */
const LEAN_PARSE_THRESHOLD = 64 * 1024;

/**
 * A contract that does not parse its whole account after every transaction. The sandbox reads
 * `account.account.addr` after each transaction (to spot masterchain accounts), and the plain
 * getter deserializes and hashes the entire state for it: ~40,000 cells for a 10,000-worker
 * registry, which made each of its transactions cost more than the emulation itself. Here the
 * address is answered at once and the state is parsed only when something reads it (a getter).
 * Transactions, their results and the state the executor sees are untouched.
 */
class LeanContract extends SmartContract {
    private leanFor: string | undefined;
    private lean: ShardAccount | undefined;

    override get account(): ShardAccount {
        const raw = (this as unknown as { _account: string })._account;
        if (raw.length < LEAN_PARSE_THRESHOLD) return super.account;
        if (this.leanFor !== raw || this.lean === undefined) {
            this.leanFor = raw;
            this.lean = lazyShardAccount(raw, this.address);
        }
        return this.lean;
    }

    override set account(account: ShardAccount) {
        super.account = account;
    }
}

function lazyShardAccount(raw: string, address: Address): ShardAccount {
    let full: ShardAccount | undefined;
    const load = () => (full ??= loadShardAccount(Cell.fromBase64(raw).beginParse()));
    const account = {
        addr: address,
        get storage() {
            return load().account!.storage;
        },
        get storageStats() {
            return load().account!.storageStats;
        },
    };
    // Only large contracts (the registry and the pool) are lean, and they are never deleted: the
    // account is there, so reading its address needs no parse.
    return {
        account,
        get lastTransactionLt() {
            return load().lastTransactionLt;
        },
        get lastTransactionHash() {
            return load().lastTransactionHash;
        },
    } as ShardAccount;
}

/** The sandbox's in-memory contract store, holding LeanContracts. */
class LeanStorage implements BlockchainStorage {
    private readonly contracts = new Map<string, SmartContract>();

    async getContract(blockchain: Blockchain, address: Address): Promise<SmartContract> {
        const key = address.toRawString();
        let c = this.contracts.get(key);
        if (!c) {
            c = new LeanContract(createEmptyShardAccount(address), blockchain);
            this.contracts.set(key, c);
        }
        return c;
    }

    knownContracts(): SmartContract[] {
        return [...this.contracts.values()];
    }

    clearKnownContracts(): void {
        this.contracts.clear();
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
 * Plants a recipient at `address` (replacing whatever was there). A missing wallet is an account
 * with no state and no balance, i.e. none at all (a bounceable payout to it bounces); a frozen
 * account has only a state hash; a throwing contract runs code that throws.
 */
export async function plantRecipient(chain: Blockchain, address: Address, kind: RecipientKind): Promise<void> {
    const state: AccountState =
        kind === 'missing-wallet'
            ? { type: 'uninit' }
            : kind === 'frozen-account'
              ? { type: 'frozen', stateHash: FROZEN_STATE_HASH }
              : { type: 'active', state: { code: kind === 'healthy' ? ACCEPT_ALL_CODE : THROW_CODE, data: new Cell() } };
    await plantAccount(chain, address, state, 0n);
}

/**
 * Installs a contract with prebuilt storage, as if deployed: too large a state to deploy by message
 * (a 10,000-worker registry is ~40,000 cells; an inbound message may carry far fewer).
 */
export async function plantContract(chain: Blockchain, opts: { address: Address; code: Cell; data: Cell; balance: bigint }): Promise<void> {
    await plantAccount(chain, opts.address, { type: 'active', state: { code: opts.code, data: opts.data } }, opts.balance);
}

type AccountState = NonNullable<ShardAccount['account']>['storage']['state'];

/** Storage is paid from the current sandbox time on (not from 1970). */
async function plantAccount(chain: Blockchain, address: Address, state: AccountState, balance: bigint): Promise<void> {
    await chain.setShardAccount(address, {
        account: {
            addr: address,
            storage: { lastTransLt: 0n, balance: { coins: balance }, state },
            storageStats: { used: { cells: 0n, bits: 0n }, lastPaid: chain.now ?? 0, duePayment: null, storageExtra: null },
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
