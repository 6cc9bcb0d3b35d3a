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
import { formatTon, parseAddress, parseInteger, ScriptArgs } from './args';
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
    pool: Omit<PoolPayoutConfig, 'owner' | 'operator' | 'registry'>;
    reserve: bigint;
    registryBalance: bigint;
}

async function readPlan(p: OpsProvider, args: ScriptArgs): Promise<PoolPlan> {
    const me = senderAddress(p);
    // The owner is the wallet running the script; `owner=` only double-checks it.
    const given = args.optional('owner');
    const owner = given === undefined ? me : parseAddress('owner', given);
    if (!owner.equals(me)) {
        throw new OpsError(`deployPool must run from the owner wallet ${owner} (it wires the registry to the pool with an owner-only message); connected: ${me}`);
    }
    const operator = await args.address(p, 'operator', 'Operator address (hot wallet of the pool backend)');
    if (operator.equals(owner)) throw new OpsError('operator: must differ from the owner (the operator key is hot, the owner key stays cold)');
    const commissionBps = await args.integer(p, 'commission_bps', 'Pool commission in basis points (100 = 1%)', 0, PoolLimits.commissionBpsMax);
    const minPayout = await args.ton(p, 'min_payout', 'Smallest payout the pool sends');
    const periodCap = await args.ton(p, 'period_cap', 'Most the operator may pay out per period');
    const periodLength = await args.integer(p, 'period_length', 'Length of that period in seconds', 1, UINT32_MAX);
    const minStake = await args.ton(p, 'min_stake', 'Stake a member locks per worker');
    const cooldown = await args.integer(p, 'cooldown', 'Seconds between an exit request and the stake return', 0, RegistryLimits.maxCooldown);
    const capacityText = args.optional('capacity');
    const capacity = capacityText === undefined ? RegistryLimits.maxCapacity : parseInteger('capacity', capacityText, 1, RegistryLimits.maxCapacity);
    const perMemberText = args.optional('max_per_member');
    const maxPerMember = perMemberText === undefined ? 1 : parseInteger('max_per_member', perMemberText, 1, RegistryLimits.maxPerMemberLimit);
    const reserve = await args.ton(p, 'reserve', "Pool reserve (pays the pool's storage; never worker money)");
    const registryBalance = await args.ton(p, 'registry_balance', "Registry balance (pays the registry's storage)");
    return {
        owner,
        operator,
        registry: { minStake, cooldown, pool: owner, capacity, maxPerMember },
        pool: { commissionBps, minPayout, periodCap, periodLength },
        reserve,
        registryBalance,
    };
}

/** The two contracts of a plan, with their addresses (the registry first points at the owner). */
export async function poolContracts(plan: PoolPlan) {
    const registryCode = await localCode('WorkerRegistry');
    const poolCode = await localCode('PoolPayout');
    const registryConfig: WorkerRegistryConfig = { owner: plan.owner, operator: plan.operator, pendingOwner: null, params: plan.registry };
    const registry = WorkerRegistry.createFromConfig(registryConfig, registryCode);
    const pool = PoolPayout.createFromConfig({ ...plan.pool, owner: plan.owner, operator: plan.operator, registry: registry.address }, poolCode);
    return { registry, pool, registryHash: hashHex(registryCode), poolHash: hashHex(poolCode) };
}

export async function deployPool(p: OpsProvider, args: ScriptArgs): Promise<void> {
    const path = deploymentPath(p.network(), args.optional('deployment'));
    const plan = await readPlan(p, args);
    const yes = args.flag('yes');
    args.finish();
    const { registry, pool, registryHash, poolHash } = await poolContracts(plan);
    const openedRegistry = p.open(registry);
    const openedPool = p.open(pool);
    const registryLive = await p.isContractDeployed(registry.address);
    const poolLive = await p.isContractDeployed(pool.address);

    const go = await confirmSend(p, yes, `Deploy the pool on ${p.network()}`, [
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
        await waitUntil(p, 'the registry to point at the pool', async () => (await openedRegistry.getParams()).pool.equals(pool.address));
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
}
