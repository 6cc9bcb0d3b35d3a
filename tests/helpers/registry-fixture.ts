/**
 * A deployed WorkerRegistry with owner, operator, pool and member treasuries, at a fixed time,
 * snapshotted: tests `loadFrom(fixture.snapshot)` in beforeEach and never lean on each other.
 */
import { compileContract } from '../../toolkit/func/compile';
import { Address, Cell, toNano } from '@ton/core';
import { Blockchain, BlockchainSnapshot, createShardAccount, SandboxContract, TreasuryContract } from '@ton/sandbox';
import { FeeSchedule } from '../../toolkit/chain/fees';
import { applyPrices, PriceSet } from '../../toolkit/chain/prices';
import { RegistryLimits, WorkerStatus } from '../../wrappers/RegistryConstants';
import {
    RegistryFees,
    RegistryParams,
    WorkerRecord,
    WorkerRegistry,
    WorkerRegistryConfig,
} from '../../wrappers/WorkerRegistry';

/** Fixed start time: registered_at and cooldowns are exact. */
export const START_TIME = 1_800_000_000;
/** What the deployer leaves for storage (a top-up, not a fee). */
export const STORAGE_SURPLUS = toNano('1');
export const MIN_STAKE = toNano('10');
export const COOLDOWN = 3 * 24 * 3600;

let cachedCode: Cell | undefined;
export async function registryCode(): Promise<Cell> {
    cachedCode ??= await compileContract('WorkerRegistry');
    return cachedCode;
}

export function defaultParams(pool: Address, overrides: Partial<RegistryParams> = {}): RegistryParams {
    return {
        minStake: MIN_STAKE,
        cooldown: COOLDOWN,
        pool,
        capacity: RegistryLimits.maxCapacity,
        maxPerMember: 1,
        ...overrides,
    };
}

/** A record as the contract would hold it, with sensible defaults. */
export function workerRecord(member: Address, overrides: Partial<WorkerRecord> = {}): WorkerRecord {
    return {
        member,
        payout: member,
        status: WorkerStatus.pending,
        synced: false,
        stake: MIN_STAKE,
        weight: 0,
        registeredAt: START_TIME,
        exitRequestedAt: 0,
        ...overrides,
    };
}

export interface RegistryFixture {
    blockchain: Blockchain;
    code: Cell;
    registry: SandboxContract<WorkerRegistry>;
    owner: SandboxContract<TreasuryContract>;
    operator: SandboxContract<TreasuryContract>;
    pool: SandboxContract<TreasuryContract>;
    stranger: SandboxContract<TreasuryContract>;
    members: SandboxContract<TreasuryContract>[];
    fees: RegistryFees;
    snapshot: BlockchainSnapshot;
}

export interface FixtureOptions {
    prices?: PriceSet;
    members?: number;
    params?: Partial<RegistryParams>;
    paused?: boolean;
    /** Pre-existing records (deployed in the storage cell, not registered one by one); null: an index whose record left. */
    workers?: (actors: { members: Address[]; pool: Address }) => (WorkerRecord | null)[];
    /** Extra config fields (pendingOwner, bounce counters). */
    config?: Partial<WorkerRegistryConfig>;
    /**
     * Install the account directly (code, data, balance) instead of deploying it with a message:
     * for states of thousands of records, whose StateInit would exceed the message size limits.
     */
    install?: boolean;
}

export async function setupRegistry(opts: FixtureOptions = {}): Promise<RegistryFixture> {
    const blockchain = await Blockchain.create();
    applyPrices(blockchain, opts.prices ?? 'sandbox');
    blockchain.now = START_TIME;
    const [owner, operator, pool, stranger] = await Promise.all(
        ['owner', 'operator', 'pool', 'stranger'].map((n) => blockchain.treasury(n)),
    );
    const members = await blockchain.createWallets(opts.members ?? 4);
    const code = await registryCode();
    const config: WorkerRegistryConfig = {
        owner: owner.address,
        operator: operator.address,
        pendingOwner: null,
        params: defaultParams(pool.address, opts.params),
        paused: opts.paused ?? false,
        workers: opts.workers?.({ members: members.map((m) => m.address), pool: pool.address }) ?? [],
        ...opts.config,
    };
    const registry = blockchain.openContract(WorkerRegistry.createFromConfig(config, code));
    const totalStake = (config.workers ?? []).reduce((a, w) => a + (w?.stake ?? 0n), 0n);
    if (opts.install) {
        const { code: c, data } = registry.init!;
        await blockchain.setShardAccount(
            registry.address,
            createShardAccount({ address: registry.address, code: c, data, balance: STORAGE_SURPLUS + totalStake }),
        );
    } else {
        const deployed = await registry.sendDeploy(owner.getSender(), STORAGE_SURPLUS + totalStake);
        expect(deployed.transactions).toHaveTransaction({
            from: owner.address,
            to: registry.address,
            deploy: true,
            success: true,
        });
    }
    return {
        blockchain,
        code,
        registry,
        owner,
        operator,
        pool,
        stranger,
        members,
        fees: new RegistryFees(new FeeSchedule(blockchain.config)),
        snapshot: blockchain.snapshot(),
    };
}
