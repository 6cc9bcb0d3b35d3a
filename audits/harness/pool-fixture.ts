/**
 * A deployed PoolPayout with owner, operator, registry stand-in and recipient treasuries, at a
 * fixed time, funded with revenue and a reserve, snapshotted: tests `loadFrom(fixture.snapshot)`
 * in beforeEach and never lean on each other. Large ledgers are built in the storage cell
 * (poolPayoutConfigToCell), not synced one by one.
 */
import { compileContract } from '../../toolkit/func/compile';
import { Address, Cell, toNano } from '@ton/core';
import { Blockchain, BlockchainSnapshot, createShardAccount, SandboxContract, TreasuryContract } from '@ton/sandbox';
import { createHash } from 'crypto';
import { FeeSchedule } from '../../toolkit/chain/fees';
import { applyPrices, PriceSet } from '../../toolkit/chain/prices';
import { PoolPayout, PoolPayoutConfig, PoolWorker } from '../../wrappers/PoolPayout';

export const POOL_START_TIME = 1_800_000_000;
export const POOL_COMMISSION_BPS = 1000;
export const POOL_MIN_PAYOUT = toNano('0.01');
export const POOL_PERIOD_LENGTH = 24 * 3600;
export const POOL_PERIOD_CAP = toNano('1000000');
/** The owner's reserve top-up at deploy: storage and the pool's own costs. */
export const POOL_RESERVE = toNano('10');

let cachedCode: Cell | undefined;
export async function poolCode(): Promise<Cell> {
    cachedCode ??= await compileContract('PoolPayout');
    return cachedCode;
}

/** The EarningsAddress code every fixture pool is deployed with. */
export function poolEarningsCode(): Promise<Cell> {
    return compileContract('EarningsAddress');
}

/** A deterministic basechain address nobody deployed (for ledger filler and missing wallets). */
export function fillerAddress(seed: string | number): Address {
    return new Address(0, createHash('sha256').update(`pool-filler-${seed}`).digest());
}

export interface PoolFixture {
    blockchain: Blockchain;
    code: Cell;
    pool: SandboxContract<PoolPayout>;
    owner: SandboxContract<TreasuryContract>;
    operator: SandboxContract<TreasuryContract>;
    registry: SandboxContract<TreasuryContract>;
    stranger: SandboxContract<TreasuryContract>;
    /** Deployed wallets: worker i (i < recipients) is paid to recipients[i]. */
    recipients: SandboxContract<TreasuryContract>[];
    config: PoolPayoutConfig;
    fees: () => FeeSchedule;
    snapshot: BlockchainSnapshot;
}

export interface PoolFixtureOptions {
    prices?: PriceSet;
    /** Workers in the ledger (indexes 0..workers-1, all active); default 8. */
    workers?: number;
    /** How many of them are paid to deployed wallets; the rest to fillerAddress(i). Default min(workers, 8). */
    recipients?: number;
    /** Extra or replacement ledger entries. */
    ledger?: (recipients: Address[]) => PoolWorker[];
    /** Revenue sent as Cocoon payouts after deploy (booked net of the receipt fee). Default 1,000 TON. */
    revenue?: bigint;
    reserve?: bigint;
    config?: Partial<PoolPayoutConfig>;
}

export async function setupPool(opts: PoolFixtureOptions = {}): Promise<PoolFixture> {
    const blockchain = await Blockchain.create();
    applyPrices(blockchain, opts.prices ?? 'sandbox');
    blockchain.now = POOL_START_TIME;
    const [owner, operator, registry, stranger, cocoon] = await Promise.all(
        ['owner', 'operator', 'registry', 'stranger', 'cocoon'].map((n) => blockchain.treasury(n)),
    );
    const workers = opts.workers ?? 8;
    const recipients = await blockchain.createWallets(Math.min(opts.recipients ?? Math.min(workers, 8), workers));
    const ledger: PoolWorker[] = [];
    for (let i = 0; i < workers; i++) {
        ledger.push({
            index: i,
            payout: i < recipients.length ? recipients[i].address : fillerAddress(i),
            active: true,
        });
    }
    for (const w of opts.ledger?.(recipients.map((r) => r.address)) ?? []) {
        const at = ledger.findIndex((x) => x.index === w.index);
        if (at >= 0) ledger[at] = w;
        else ledger.push(w);
    }
    const code = await poolCode();
    const config: PoolPayoutConfig = {
        earningsCode: await poolEarningsCode(),
        owner: owner.address,
        operator: operator.address,
        registry: registry.address,
        commissionBps: POOL_COMMISSION_BPS,
        minPayout: POOL_MIN_PAYOUT,
        periodCap: POOL_PERIOD_CAP,
        periodLength: POOL_PERIOD_LENGTH,
        workers: ledger,
        // a pre-filled ledger's paid amounts were paid out before: the totals say so
        totals: { paid: ledger.reduce((acc, w) => acc + (w.paid ?? 0n), 0n) },
        ...opts.config,
    };
    const pool = blockchain.openContract(PoolPayout.createFromConfig(config, code));
    // Installed as an active account holding the reserve: a 10,000-worker state init is larger
    // than any message may be. tests/payout/handlers.spec.ts deploys by message.
    await blockchain.setShardAccount(
        pool.address,
        createShardAccount({
            address: pool.address,
            code,
            data: pool.init!.data,
            balance: opts.reserve ?? POOL_RESERVE,
        }),
    );
    const revenue = opts.revenue ?? toNano('1000');
    if (revenue > 0n) await pool.sendCocoonPayout(cocoon.getSender(), { value: revenue, queryId: 1n });
    return {
        blockchain,
        code,
        pool,
        owner,
        operator,
        registry,
        stranger,
        recipients,
        config,
        fees: () => new FeeSchedule(blockchain.config),
        snapshot: blockchain.snapshot(),
    };
}
