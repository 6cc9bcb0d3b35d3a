/**
 * deployPool: the registry and the pool, wired to each other. The pool's address depends on the
 * registry's (its data names the registry) and the registry's on its data, so the registry is
 * deployed pointing at the owner and then re-pointed at the pool with the owner-only set_params:
 * deployPool therefore runs from the owner wallet. Re-running it is safe: a contract already deployed
 * with the local code is not deployed again, and the wiring is only sent while missing.
 */
import { Address } from '@ton/core';
import { PoolLimits } from '../../wrappers/PoolConstants';
import { PoolPayout, PoolPayoutConfig } from '../../wrappers/PoolPayout';
import { RegistryLimits, RegistryOp } from '../../wrappers/RegistryConstants';
import { RegistryParams, WorkerRegistry, WorkerRegistryConfig } from '../../wrappers/WorkerRegistry';
import { formatTon } from './args';
import { defineScript } from './cli/script';
import { InputOf, kinds, optional, required } from './cli/spec';
import { hashHex, localCode } from './code-hash';
import { confirmSend } from './confirm';
import { deploymentPath, writeDeployment } from './deployment';
import { OpsError } from './errors';
import { senderAddress, verifyDeployment } from './pool';
import { OpsProvider } from './provider';
import { waitUntil } from './wait';

export const UINT32_MAX = 0xffffffff;

export interface PoolPlan {
    owner: Address;
    operator: Address;
    registry: RegistryParams;
    pool: Omit<PoolPayoutConfig, 'owner' | 'operator' | 'registry' | 'earningsCode'>;
    reserve: bigint;
    registryBalance: bigint;
}

const deploySpec = {
    name: 'owner/deployPool',
    role: 'owner' as const,
    about: 'deploys the registry and the pool wired to each other and saves deployments/<network>.json',
    example:
        'operator=<address> commission_bps=500 min_payout=0.1 period_cap=1000 period_length=86400 min_stake=10 cooldown=604800 reserve=2 registry_balance=1',
    sends: true,
    args: {
        operator: required(
            kinds.address(),
            'the operator (hot wallet of the pool backend)',
            'Operator address (hot wallet of the pool backend)',
        ),
        commission_bps: required(
            kinds.integer(0, PoolLimits.commissionBpsMax),
            "the pool's commission in basis points (100 = 1%)",
            'Pool commission in basis points (100 = 1%)',
        ),
        min_payout: required(
            kinds.ton(),
            'the smallest payout the pool sends, in TON',
            'Smallest payout the pool sends, in TON',
        ),
        period_cap: required(
            kinds.ton(),
            'the most the operator may pay out per period, in TON',
            'Most the operator may pay out per period, in TON',
        ),
        period_length: required(
            kinds.integer(1, UINT32_MAX),
            'the length of that period in seconds',
            'Length of that period in seconds',
        ),
        min_stake: required(
            kinds.ton(),
            'the stake a member locks per worker, in TON',
            'Stake a member locks per worker, in TON',
        ),
        cooldown: required(
            kinds.integer(0, RegistryLimits.maxCooldown),
            'seconds between an exit request and the stake return',
            'Seconds between an exit request and the stake return',
        ),
        reserve: required(
            kinds.ton(),
            "the pool's reserve, in TON (pays its storage; never worker money)",
            "Pool reserve, in TON (pays the pool's storage; never worker money)",
        ),
        registry_balance: required(
            kinds.ton(),
            "the registry's balance, in TON (pays its storage)",
            "Registry balance, in TON (pays the registry's storage)",
        ),
        capacity: optional(
            kinds.integer(1, RegistryLimits.maxCapacity),
            `the cap on worker records (default ${RegistryLimits.maxCapacity})`,
        ),
        max_per_member: optional(
            kinds.integer(1, RegistryLimits.maxPerMemberLimit),
            'live workers per member (default 1)',
        ),
        owner: optional(kinds.address(), 'the owner, as a check: it must be the connected wallet'),
    },
};

function readPlan(p: OpsProvider, i: InputOf<typeof deploySpec.args>): PoolPlan {
    const me = senderAddress(p);
    // The owner is the wallet running the script; `owner=` only double-checks it.
    const owner = i.owner ?? me;
    if (!owner.equals(me)) {
        throw new OpsError(
            `deployPool must run from the owner wallet ${owner} (it wires the registry to the pool with an owner-only message); connected: ${me}`,
        );
    }
    if (i.operator.equals(owner))
        throw new OpsError('operator: must differ from the owner (the operator key is hot, the owner key stays cold)');
    return {
        owner,
        operator: i.operator,
        registry: {
            minStake: i.min_stake,
            cooldown: i.cooldown,
            pool: owner,
            capacity: i.capacity ?? RegistryLimits.maxCapacity,
            maxPerMember: i.max_per_member ?? 1,
        },
        pool: {
            commissionBps: i.commission_bps,
            minPayout: i.min_payout,
            periodCap: i.period_cap,
            periodLength: i.period_length,
        },
        reserve: i.reserve,
        registryBalance: i.registry_balance,
    };
}

/** The two contracts of a plan, with their addresses (the registry first points at the owner). */
export async function poolContracts(plan: PoolPlan) {
    const registryCode = await localCode('WorkerRegistry');
    const poolCode = await localCode('PoolPayout');
    const earningsCode = await localCode('EarningsAddress');
    const registryConfig: WorkerRegistryConfig = {
        owner: plan.owner,
        operator: plan.operator,
        pendingOwner: null,
        params: plan.registry,
    };
    const registry = WorkerRegistry.createFromConfig(registryConfig, registryCode);
    const pool = PoolPayout.createFromConfig(
        { ...plan.pool, earningsCode, owner: plan.owner, operator: plan.operator, registry: registry.address },
        poolCode,
    );
    return { registry, pool, registryHash: hashHex(registryCode), poolHash: hashHex(poolCode) };
}

export const deployPool = defineScript(deploySpec, async (p, input, ctx) => {
    const path = deploymentPath(p.network(), ctx.deployment);
    const plan = readPlan(p, input);
    const { registry, pool, registryHash, poolHash } = await poolContracts(plan);
    const openedRegistry = p.open(registry);
    const openedPool = p.open(pool);
    const registryLive = await p.isContractDeployed(registry.address);
    const poolLive = await p.isContractDeployed(pool.address);

    const go = await confirmSend(p, ctx, `Deploy the pool on ${p.network()}`, [
        `owner:      ${plan.owner}`,
        `operator:   ${plan.operator}`,
        `registry:   ${registry.address}${registryLive ? ' (already deployed)' : ` with ${formatTon(plan.registryBalance)}`}`,
        `pool:       ${pool.address}${poolLive ? ' (already deployed)' : ` with a reserve of ${formatTon(plan.reserve)}`}`,
        `commission: ${plan.pool.commissionBps} bps, min payout ${formatTon(plan.pool.minPayout)}, cap ${formatTon(plan.pool.periodCap)} per ${plan.pool.periodLength} s`,
        `workers:    stake ${formatTon(plan.registry.minStake)}, cooldown ${plan.registry.cooldown} s, capacity ${plan.registry.capacity}, ${plan.registry.maxPerMember} per member`,
    ]);
    if (!go) return;

    if (!registryLive) {
        await openedRegistry.sendDeploy(p.sender(), plan.registryBalance);
        await p.waitForDeploy(registry.address);
    }
    if (!poolLive) {
        await openedPool.sendDeploy(p.sender(), plan.reserve);
        await p.waitForDeploy(pool.address);
    }
    const current = await openedRegistry.getParams();
    if (!current.pool.equals(pool.address)) {
        const value = await openedRegistry.getRequiredValue(RegistryOp.setParams);
        await openedRegistry.sendSetParams(p.sender(), { value, params: { ...plan.registry, pool: pool.address } });
        await p.waitForLastTransaction();
        await waitUntil(p, 'the registry to point at the pool', async () =>
            (await openedRegistry.getParams()).pool.equals(pool.address),
        );
    }

    const deployment = {
        network: p.network(),
        createdAt: new Date().toISOString(),
        registry: { address: registry.address, codeHash: registryHash },
        pool: { address: pool.address, codeHash: poolHash },
        owner: plan.owner,
        operator: plan.operator,
    };
    await verifyDeployment(p, path, deployment);
    writeDeployment(path, deployment);
    const ui = p.ui();
    ui.write(`registry: ${registry.address}`);
    ui.write(`pool:     ${pool.address}`);
    ui.write(`saved:    ${path}`);
    ctx.result.registry = registry.address;
    ctx.result.pool = pool.address;
    ctx.result.deployment = path;
});
