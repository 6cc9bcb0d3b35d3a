/**
 * The sandbox the harness runs in: a Blockchain that can forget its kept transaction history (the
 * sandbox keeps every transaction, ~40 KB each, which a 10,000-worker run cannot afford), and the
 * payout recipients the harness plants: healthy wallets and the three kinds that refuse a payment.
 */
import { Address, beginCell, Cell, loadAccount, loadShardAccount, ShardAccount, StateInit } from '@ton/core';
import { Blockchain, BlockchainStorage, createEmptyShardAccount, Executor, SmartContract } from '@ton/sandbox';
import { applyPrices, PriceSet } from '../../toolkit/chain/prices';
import { BounceKind } from './faults';
import { cellWithPlaceholderRefs, parseRawBoc, subBoc } from './raw-boc';

export class StressChain extends Blockchain {
    /** A fresh sandbox under a price set, its clock fixed at `now` so runs replay exactly. */
    static async open(opts: { prices: PriceSet; now: number }): Promise<StressChain> {
        const chain = new StressChain({ executor: await createExecutor(), storage: new LeanStorage() });
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
 * The sandbox's executor, with its strings copied into WebAssembly memory natively. Every
 * transaction hands the emulator the account's whole state as a base64 string (0.6 MB for a
 * 10,000-worker pool, 1.9 MB for its registry), and every get method its data; emscripten's
 * lengthBytesUTF8 and stringToUTF8 walk such a string character by character in JavaScript, twice
 * (~5 ms for 1 MB). Here they are Buffer.byteLength and TextEncoder.encodeInto on the module's own
 * memory: the same bytes, the same terminating NUL, the same truncation at the buffer's size. If the
 * memory cannot be found (another sandbox build), the executor is left as it is.
 */
async function createExecutor(): Promise<Executor> {
    const instantiate = WebAssembly.instantiate;
    let memory: WebAssembly.Memory | undefined;
    WebAssembly.instantiate = (async (...args: Parameters<typeof WebAssembly.instantiate>) => {
        const r = await (
            instantiate as (
                ...a: unknown[]
            ) => Promise<WebAssembly.WebAssemblyInstantiatedSource | WebAssembly.Instance>
        )(...args);
        const instance = r instanceof WebAssembly.Instance ? r : r.instance;
        memory ??= Object.values(instance.exports).find(
            (e): e is WebAssembly.Memory => e instanceof WebAssembly.Memory,
        );
        return r;
    }) as typeof WebAssembly.instantiate;
    let executor: Executor;
    try {
        executor = await Executor.create();
    } finally {
        WebAssembly.instantiate = instantiate;
    }
    const module = (executor as unknown as { module: EmscriptenStrings }).module;
    if (
        memory === undefined ||
        typeof module.stringToUTF8 !== 'function' ||
        typeof module.lengthBytesUTF8 !== 'function'
    )
        return executor;
    const mem = memory;
    const encoder = new TextEncoder();
    module.lengthBytesUTF8 = (s) => Buffer.byteLength(s, 'utf8');
    module.stringToUTF8 = (s, ptr, maxBytes) => {
        if (!(maxBytes > 0)) return 0;
        // memory.buffer is replaced when the module grows its memory: view it afresh each time
        const heap = new Uint8Array(mem.buffer, ptr, maxBytes);
        const { written } = encoder.encodeInto(s, heap.subarray(0, maxBytes - 1));
        heap[written] = 0;
        return written;
    };
    return executor;
}

interface EmscriptenStrings {
    lengthBytesUTF8: (s: string) => number;
    stringToUTF8: (s: string, ptr: number, maxBytes: number) => number;
}

/**
 * Accounts whose serialized state is at least this long (base64 characters) are lean. An account
 * that does not exist (account_none, e.g. after a contract deleted itself) serializes to ~80
 * characters and the smallest that exists (uninit, no balance) to 144; a wallet is a few hundred, a
 * 1,000-worker pool ~70,000 and its registry ~195,000 (0.6 MB and 1.9 MB at 10,000 workers). So a
 * lean account always exists.
 */
const LEAN_PARSE_THRESHOLD = 256;

/**
 * A contract that does not parse its whole account for what needs none of it. The sandbox reads
 * `account.account.addr` after each transaction (to spot masterchain accounts), and the plain
 * getter deserializes and hashes the entire state for it: ~40,000 cells for a 10,000-worker
 * registry, which made each of its transactions cost more than the emulation itself. Here the
 * address is answered at once and the state is parsed only when something reads it.
 *
 * A get method needs the code, the data and the balance: the plain getter deserialized the whole
 * account (hashing every cell) and serialized code and data back into BOCs for the emulator, ~25 ms
 * on a 1,000-worker pool and ~230 ms on a 10,000-worker one, after every step of the stress run.
 * Here the code and data BOCs are copied out of the account's bytes (raw-boc.ts: the same cells),
 * and the balance is read from the account cell alone; the emulator runs the same get method on the
 * same code, data and balance. Transactions, their results and the state the executor sees are untouched.
 */
class LeanContract extends SmartContract {
    private leanFor: string | undefined;
    private lean: ShardAccount | undefined;
    private viewFor: string | undefined;
    private view: ShardAccount | null | undefined;
    /** While the sandbox's get() reads the account (synchronously, before it awaits the emulator). */
    private inGetter = false;

    override get account(): ShardAccount {
        const raw = this.raw();
        if (raw.length < LEAN_PARSE_THRESHOLD) return super.account;
        if (this.inGetter) {
            const view = this.getterView(raw);
            if (view) return view;
        }
        if (this.leanFor !== raw || this.lean === undefined) {
            this.leanFor = raw;
            this.lean = lazyShardAccount(raw, this.address);
        }
        return this.lean;
    }

    override set account(account: ShardAccount) {
        super.account = account;
    }

    override get(...args: Parameters<SmartContract['get']>): ReturnType<SmartContract['get']> {
        // get() builds the emulator's arguments from this.account before its first await
        this.inGetter = true;
        try {
            return super.get(...args);
        } finally {
            this.inGetter = false;
        }
    }

    private raw(): string {
        return (this as unknown as { _account: string })._account;
    }

    /**
     * The account as get() reads it: code and data that serialize to the account's own BOCs, the
     * balance. Undefined (the full parse serves) for what this does not cover: extra currencies,
     * libraries, anything not an active account.
     */
    private getterView(raw: string): ShardAccount | undefined {
        if (this.viewFor !== raw || this.view === undefined) {
            this.viewFor = raw;
            this.view = attempt(() => accountView(raw)) ?? null;
        }
        return this.view ?? undefined;
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
    // A lean account exists (see LEAN_PARSE_THRESHOLD): reading its address needs no parse.
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

/** A Cell stand-in for the sandbox's get(): it only serializes code and data (toBoc()). */
function bocBacked(boc: Buffer): Cell {
    return { toBoc: () => boc } as unknown as Cell;
}

/** What get() reads of the account serialized as `raw` (base64 ShardAccount), or undefined where the full parse must serve. */
export function accountView(raw: string): ShardAccount | undefined {
    const boc = parseRawBoc(Buffer.from(raw, 'base64'));
    // ShardAccount: account:^Account last_trans_hash:bits256 last_trans_lt:uint64
    const accountIndex = boc.refs[boc.roots[0]][0];
    const { cell, placeholders } = cellWithPlaceholderRefs(boc, accountIndex);
    const s = cell.beginParse();
    if (!s.loadBit()) return undefined;
    const account = loadAccount(s);
    const state = account.storage.state;
    if (state.type !== 'active' || !state.state.code || !state.state.data || state.state.libraries) return undefined;
    if (account.storage.balance.other && account.storage.balance.other.size > 0) return undefined;
    const codeRef = placeholders.indexOf(state.state.code);
    const dataRef = placeholders.indexOf(state.state.data);
    if (codeRef < 0 || dataRef < 0) return undefined;
    const refs = boc.refs[accountIndex];
    const view: StateInit = {
        ...state.state,
        code: bocBacked(subBoc(boc, refs[codeRef])),
        data: bocBacked(subBoc(boc, refs[dataRef])),
    };
    return {
        account: {
            ...account,
            storage: {
                ...account.storage,
                balance: { coins: account.storage.balance.coins },
                state: { type: 'active', state: view },
            },
        },
        lastTransactionLt: 0n,
        lastTransactionHash: 0n,
    };
}

function attempt<T>(run: () => T): T | undefined {
    try {
        return run();
    } catch {
        return undefined;
    }
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
const FROZEN_STATE_HASH = BigInt(
    '0x' + beginCell().storeStringTail('frozen by the stress harness').endCell().hash().toString('hex'),
);

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
              : {
                    type: 'active',
                    state: { code: kind === 'healthy' ? ACCEPT_ALL_CODE : THROW_CODE, data: new Cell() },
                };
    await plantAccount(chain, address, state, 0n);
}

/**
 * Installs a contract with prebuilt storage, as if deployed: too large a state to deploy by message
 * (a 10,000-worker registry is ~40,000 cells; an inbound message may carry far fewer).
 */
export async function plantContract(
    chain: Blockchain,
    opts: { address: Address; code: Cell; data: Cell; balance: bigint },
): Promise<void> {
    await plantAccount(
        chain,
        opts.address,
        { type: 'active', state: { code: opts.code, data: opts.data } },
        opts.balance,
    );
}

type AccountState = NonNullable<ShardAccount['account']>['storage']['state'];

/** Storage is paid from the current sandbox time on (not from 1970). */
async function plantAccount(chain: Blockchain, address: Address, state: AccountState, balance: bigint): Promise<void> {
    await chain.setShardAccount(address, {
        account: {
            addr: address,
            storage: { lastTransLt: 0n, balance: { coins: balance }, state },
            storageStats: {
                used: { cells: 0n, bits: 0n },
                lastPaid: chain.now ?? 0,
                duePayment: null,
                storageExtra: null,
            },
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
