/**
 * The deployed pool as the scripts see it: both contracts opened from the deployment file and checked
 * against the chain before anything is sent: the code is the local build, the registry and the pool
 * point at each other, and the roles are the ones the file records.
 */
import { Address, OpenedContract } from '@ton/core';
import { PoolParamsState, PoolPayout } from '../../wrappers/PoolPayout';
import { RegistryParams, RegistryRoles, WorkerRegistry } from '../../wrappers/WorkerRegistry';
import { checkDeployedCode } from './code-hash';
import { Deployment, deploymentPath, readDeployment } from './deployment';
import { OpsError } from './errors';
import { OpsProvider } from './provider';

export interface DeployedPool {
    path: string;
    deployment: Deployment;
    registry: OpenedContract<WorkerRegistry>;
    pool: OpenedContract<PoolPayout>;
    registryParams: RegistryParams & { paused: boolean };
    registryRoles: RegistryRoles;
    poolParams: PoolParamsState;
}

export function openPool(p: OpsProvider, d: Deployment) {
    return {
        registry: p.open(WorkerRegistry.createFromAddress(d.registry.address)),
        pool: p.open(PoolPayout.createFromAddress(d.pool.address)),
    };
}

/** Reads `deployment=FILE` (default deployments/<network>.json) and checks it against the chain. */
export async function loadPool(
    p: OpsProvider,
    ctx: { deployment?: string },
    roles: RoleTolerance = {},
): Promise<DeployedPool> {
    const path = deploymentPath(p.network(), ctx.deployment);
    const deployment = readDeployment(path, p.network());
    return { path, deployment, ...(await verifyDeployment(p, path, deployment, roles)) };
}

/**
 * Roles the chain may show besides the file's, while a role change is half done (one contract
 * switched, the other not yet): the scripts that finish such a change accept the new holder.
 */
export interface RoleTolerance {
    owner?: Address;
    operator?: Address;
}

export async function verifyDeployment(p: OpsProvider, path: string, d: Deployment, roles: RoleTolerance = {}) {
    const registryHash = await checkDeployedCode(p, 'WorkerRegistry', d.registry.address);
    const poolHash = await checkDeployedCode(p, 'PoolPayout', d.pool.address);
    if (registryHash !== d.registry.codeHash || poolHash !== d.pool.codeHash) {
        throw new OpsError(
            `${path}: the recorded code hashes differ from the chain and the local build; the file belongs to another deployment`,
        );
    }
    return verifyWiring(p, path, d, roles);
}

/**
 * The checks after the code: the registry and the pool point at each other and the roles are the
 * file's. upgradePool calls it directly, since before an upgrade the pool runs the recorded older code.
 */
export async function verifyWiring(p: OpsProvider, path: string, d: Deployment, roles: RoleTolerance = {}) {
    const { registry, pool } = openPool(p, d);
    const [registryParams, registryRoles, poolParams] = await Promise.all([
        registry.getParams(),
        registry.getRoles(),
        pool.getParams(),
    ]);
    if (!registryParams.pool.equals(d.pool.address)) {
        throw new OpsError(
            `registry ${d.registry.address} sends worker updates to ${registryParams.pool}, not to the pool ${d.pool.address} of ${path}: the contracts are not wired to each other`,
        );
    }
    if (!poolParams.registry.equals(d.registry.address)) {
        throw new OpsError(
            `pool ${d.pool.address} accepts worker updates from ${poolParams.registry}, not from the registry ${d.registry.address} of ${path}: the contracts are not wired to each other`,
        );
    }
    for (const [what, onChain] of [
        ['registry owner', registryRoles.owner],
        ['pool owner', poolParams.owner],
    ] as const) {
        if (!onChain.equals(d.owner) && !(roles.owner && onChain.equals(roles.owner)))
            throw new OpsError(
                `${path} says the owner is ${d.owner}, but the ${what} on chain is ${onChain}; update the file (claimOwnership does) or check the address`,
            );
    }
    for (const [what, onChain] of [
        ['registry operator', registryRoles.operator],
        ['pool operator', poolParams.operator],
    ] as const) {
        if (!onChain.equals(d.operator) && !(roles.operator && onChain.equals(roles.operator)))
            throw new OpsError(
                `${path} says the operator is ${d.operator}, but the ${what} on chain is ${onChain}; update the file (rotateOperator does) or check the address`,
            );
    }
    return { registry, pool, registryParams, registryRoles, poolParams };
}

export type Role = 'owner' | 'operator';

/** The connected wallet must hold `role`; otherwise the contract would reject the message anyway. */
export function requireSender(p: OpsProvider, role: Role, expected: Address): Address {
    const me = p.sender().address;
    if (me === undefined) throw new OpsError('the wallet has no address yet; connect it first');
    if (!me.equals(expected))
        throw new OpsError(`this needs the ${role} wallet ${expected}, but the connected wallet is ${me}`);
    return me;
}

export function senderAddress(p: OpsProvider): Address {
    const me = p.sender().address;
    if (me === undefined) throw new OpsError('the wallet has no address yet; connect it first');
    return me;
}

/** Query ids one run may use after the base: far above the 15 requests a full registry needs. */
export const QUERY_IDS_PER_RUN = 1024n;
let lastBase = 0n;

/**
 * The first query id of a run: seconds since the epoch shifted left 16 bits, and never a range an
 * earlier run of this process used, so an operator can tell every request apart in the explorer.
 */
export function freshQueryIdBase(nowMs = Date.now()): bigint {
    const fromClock = BigInt(Math.floor(nowMs / 1000)) << 16n;
    lastBase = fromClock > lastBase + QUERY_IDS_PER_RUN ? fromClock : lastBase + QUERY_IDS_PER_RUN;
    return lastBase;
}
