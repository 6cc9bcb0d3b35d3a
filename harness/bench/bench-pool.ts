/**
 * The pool every benchmark measures: a PoolPayout with a ledger of `workers` workers installed as an
 * active account (a 10,000-worker StateInit is larger than any message may be), the first
 * `recipients` paid to deployed wallets, the rest to addresses nobody deployed; and how to read
 * back one request's cost: the caller's transaction (its forward fee) and the pool's transactions.
 */
import { Address, Cell, toNano } from '@ton/core';
import {
    Blockchain,
    BlockchainTransaction,
    createShardAccount,
    SandboxContract,
    SendMessageResult,
    TreasuryContract,
} from '@ton/sandbox';
import { createHash } from 'crypto';
import { compileContract } from '../../toolkit/func/compile';
import { applyPrices, PriceSet } from '../../toolkit/chain/prices';
import { computeFees, forwardFees, gasUsed } from '../../toolkit/chain/transactions';
import { PoolPayout, PoolWorker } from '../../wrappers/PoolPayout';

/** The owner's reserve the bench pool starts with (storage and the pool's own costs). */
export const BENCH_RESERVE = toNano('10');

export interface BenchPool {
    blockchain: Blockchain;
    pool: SandboxContract<PoolPayout>;
    owner: SandboxContract<TreasuryContract>;
    operator: SandboxContract<TreasuryContract>;
    cocoon: SandboxContract<TreasuryContract>;
    /** Deployed wallets: worker i (i < recipients) is paid to wallets[i]. */
    wallets: SandboxContract<TreasuryContract>[];
    earningsCode: Cell;
}

/**
 * `owed`: attributed balances already credited (booked as attributed revenue without commission,
 * and held in the balance beside the reserve), as if every worker's earnings address had forwarded.
 */
export async function setupBenchPool(
    prices: PriceSet,
    workers: number,
    recipients: number,
    owed?: ReadonlyMap<number, bigint>,
): Promise<BenchPool> {
    const code = await compileContract('PoolPayout');
    const earningsCode = await compileContract('EarningsAddress');
    const blockchain = await Blockchain.create();
    applyPrices(blockchain, prices);
    const [owner, operator, registry, cocoon] = await Promise.all(
        ['owner', 'operator', 'registry', 'cocoon'].map((n) => blockchain.treasury(n)),
    );
    const wallets = await blockchain.createWallets(Math.min(recipients, workers));
    const ledger: PoolWorker[] = Array.from({ length: workers }, (_, i) => ({
        index: i,
        payout:
            i < wallets.length
                ? wallets[i].address
                : new Address(0, createHash('sha256').update(`bench-${i}`).digest()),
        active: true,
    }));
    const attributedRevenue = [...(owed?.values() ?? [])].reduce((s, x) => s + x, 0n);
    const pool = blockchain.openContract(
        PoolPayout.createFromConfig(
            {
                earningsCode,
                owner: owner.address,
                operator: operator.address,
                registry: registry.address,
                commissionBps: 1000,
                minPayout: toNano('0.01'),
                periodCap: toNano('1000000'),
                periodLength: 86400,
                workers: ledger,
                ...(owed ? { owed, attributed: { revenue: attributedRevenue } } : {}),
            },
            code,
        ),
    );
    await blockchain.setShardAccount(
        pool.address,
        createShardAccount({
            address: pool.address,
            code,
            data: pool.init!.data,
            balance: BENCH_RESERVE + attributedRevenue,
        }),
    );
    return { blockchain, pool, owner, operator, cocoon, wallets, earningsCode };
}

/** What one request to the pool cost: the caller's forward fee, the pool's gas and fees over all its transactions. */
export interface RequestCost {
    /** The pool's transactions of the request and its continuations. */
    poolTxs: BlockchainTransaction[];
    gas: bigint;
    requestFwdFee: bigint;
    poolComputeFee: bigint;
    poolFwdFees: bigint;
}

export function requestCost(r: SendMessageResult, pool: Address, caller: Address): RequestCost {
    const requestTx = r.transactions.find(
        (t) =>
            t.inMessage?.info.type === 'external-in' ||
            (t.inMessage?.info.type === 'internal' && t.inMessage.info.dest.equals(caller)),
    )!;
    const poolTxs = r.transactions.filter(
        (t) => t.inMessage?.info.type === 'internal' && t.inMessage.info.dest.equals(pool) && !t.inMessage.info.bounced,
    );
    const sum = (f: (t: BlockchainTransaction) => bigint) => poolTxs.reduce((s, t) => s + f(t), 0n);
    return {
        poolTxs,
        gas: sum(gasUsed),
        requestFwdFee: forwardFees(requestTx),
        poolComputeFee: sum(computeFees),
        poolFwdFees: sum(forwardFees),
    };
}
