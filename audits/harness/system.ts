/**
 * The whole pool as deployed: a WorkerRegistry wired to a PoolPayout (the registry first points at
 * the owner, then the owner re-points it at the pool with set_params, as toolkit/ops/deploy.ts
 * does), members with wallets, a Cocoon proxy stand-in and a stranger. Snapshotted after setup.
 */
import { compileContract } from '../../toolkit/func/compile';
import { Cell, toNano } from '@ton/core';
import { Blockchain, BlockchainSnapshot, SandboxContract, TreasuryContract } from '@ton/sandbox';
import { applyPrices, PriceSet } from '../../toolkit/chain/prices';
import { PoolPayout } from '../../wrappers/PoolPayout';
import { RegistryOp } from '../../wrappers/RegistryConstants';
import { RegistryParams, WorkerRegistry } from '../../wrappers/WorkerRegistry';

export const SYSTEM_START = 1_800_000_000;
export const SYSTEM_MIN_STAKE = toNano('5');
export const SYSTEM_COOLDOWN = 24 * 3600;
export const SYSTEM_COMMISSION_BPS = 750;
export const SYSTEM_RESERVE = toNano('20');

export interface System {
    blockchain: Blockchain;
    registry: SandboxContract<WorkerRegistry>;
    pool: SandboxContract<PoolPayout>;
    owner: SandboxContract<TreasuryContract>;
    operator: SandboxContract<TreasuryContract>;
    cocoon: SandboxContract<TreasuryContract>;
    stranger: SandboxContract<TreasuryContract>;
    members: SandboxContract<TreasuryContract>[];
    snapshot: BlockchainSnapshot;
}

let codes: { registry: Cell; pool: Cell; earnings: Cell } | undefined;

export async function setupSystem(prices: PriceSet, members = 4): Promise<System> {
    codes ??= {
        registry: await compileContract('WorkerRegistry'),
        pool: await compileContract('PoolPayout'),
        earnings: await compileContract('EarningsAddress'),
    };
    const blockchain = await Blockchain.create();
    applyPrices(blockchain, prices);
    blockchain.now = SYSTEM_START;
    const [owner, operator, cocoon, stranger] = await Promise.all(
        ['owner', 'operator', 'cocoon', 'stranger'].map((n) => blockchain.treasury(n)),
    );
    const wallets = await blockchain.createWallets(members);
    const params: RegistryParams = {
        minStake: SYSTEM_MIN_STAKE,
        cooldown: SYSTEM_COOLDOWN,
        pool: owner.address,
        capacity: 1000,
        maxPerMember: 2,
    };
    const registry = blockchain.openContract(
        WorkerRegistry.createFromConfig(
            { owner: owner.address, operator: operator.address, pendingOwner: null, params },
            codes.registry,
        ),
    );
    const pool = blockchain.openContract(
        PoolPayout.createFromConfig(
            {
                earningsCode: codes.earnings,
                owner: owner.address,
                operator: operator.address,
                registry: registry.address,
                commissionBps: SYSTEM_COMMISSION_BPS,
                minPayout: 1n,
                periodCap: toNano('1000000'),
                periodLength: 24 * 3600,
            },
            codes.pool,
        ),
    );
    await registry.sendDeploy(owner.getSender(), toNano('1'));
    await pool.sendDeploy(owner.getSender(), SYSTEM_RESERVE);
    const wired = await registry.sendSetParams(owner.getSender(), {
        value: await registry.getRequiredValue(RegistryOp.setParams),
        params: { ...params, pool: pool.address },
    });
    const tx = wired.transactions.find((t) => t.inMessage?.info.dest?.toString() === registry.address.toString());
    if (
        tx?.description.type !== 'generic' ||
        tx.description.computePhase.type !== 'vm' ||
        !tx.description.computePhase.success
    ) {
        throw new Error('setupSystem: wiring the registry to the pool failed');
    }
    return {
        blockchain,
        registry,
        pool,
        owner,
        operator,
        cocoon,
        stranger,
        members: wallets,
        snapshot: blockchain.snapshot(),
    };
}
