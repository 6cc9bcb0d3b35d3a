/**
 * Owner scripts (the cold key): withdrawCommission, pause / unpause, proposeOwner, rotateOperator;
 * acceptOwnership from the new owner; fundReserve from any wallet. Each acts on both contracts where
 * both hold the setting, skips a contract already in the wanted state (so a re-run finishes a half-done
 * change) and keeps the deployment file's owner and operator in step with the chain.
 */
import { Address } from '@ton/core';
import { PoolGas } from '../../wrappers/PoolConstants';
import { withdrawValue } from '../../wrappers/PoolPayout';
import { RegistryOp } from '../../wrappers/RegistryConstants';
import { formatTon, parseTon, ScriptArgs } from './args';
import { confirmSend } from './confirm';
import { writeDeployment } from './deployment';
import { OpsError } from './errors';
import { liveFees } from './fees';
import { loadPool, requireSender, senderAddress } from './pool';
import { OpsProvider } from './provider';
import { waitUntil } from './wait';

/** An owner op on the pool: its attached value stays in the reserve, so attach its compute fee only. */
export async function poolOwnerOpValue(p: OpsProvider): Promise<bigint> {
    return (await liveFees(p)).compute(PoolGas.ownerOp);
}

export async function fundReserve(p: OpsProvider, args: ScriptArgs): Promise<void> {
    const d = await loadPool(p, args);
    const amount = await args.ton(p, 'amount', 'Amount to add to the pool reserve');
    const yes = args.flag('yes');
    args.finish();
    if (amount === 0n) throw new OpsError('amount: must be more than 0');
    const before = await d.pool.getTotals();
    const go = await confirmSend(p, yes, 'Top up the pool reserve', [
        `pool:    ${d.deployment.pool.address}`,
        `amount:  ${formatTon(amount)} (reserve, never booked as worker revenue)`,
        `reserve: ${formatTon(before.reserve)} now`,
    ]);
    if (!go) return;
    await d.pool.sendTopUpReserve(p.sender(), { value: amount });
    await p.waitForLastTransaction();
    await waitUntil(p, 'the top-up', async () => (await d.pool.getTotals()).balance > before.balance);
    p.ui().write(`reserve: ${formatTon((await d.pool.getTotals()).reserve)}`);
}

export async function withdrawCommission(p: OpsProvider, args: ScriptArgs): Promise<void> {
    const d = await loadPool(p, args);
    const amountText = args.optional('amount');
    const yes = args.flag('yes');
    args.finish();
    requireSender(p, 'owner', d.poolParams.owner);
    const totals = await d.pool.getTotals();
    const amount = amountText === undefined || amountText === 'all' ? totals.commissionHeld : parseTon('amount', amountText);
    if (amount === 0n) throw new OpsError('no commission to withdraw (the pool holds 0)');
    if (amount > totals.commissionHeld) throw new OpsError(`amount: ${formatTon(amount)} is more than the ${formatTon(totals.commissionHeld)} of commission the pool holds`);
    const value = withdrawValue(await liveFees(p));
    const go = await confirmSend(p, yes, 'Withdraw commission', [
        `amount: ${formatTon(amount)} of ${formatTon(totals.commissionHeld)} held`,
        `to:     ${d.poolParams.owner} (the owner)`,
        `value:  ${formatTon(value)} for fees`,
    ]);
    if (!go) return;
    await d.pool.sendWithdrawCommission(p.sender(), { value, amount });
    await p.waitForLastTransaction();
    await waitUntil(p, 'the withdrawal', async () => (await d.pool.getTotals()).commissionWithdrawn >= totals.commissionWithdrawn + amount);
    p.ui().write(`withdrawn: ${formatTon(amount)}; commission held now ${formatTon((await d.pool.getTotals()).commissionHeld)}`);
}

type Target = 'pool' | 'registry' | 'both';

function readTarget(args: ScriptArgs): Target {
    const t = args.optional('target') ?? 'both';
    if (t !== 'pool' && t !== 'registry' && t !== 'both') throw new OpsError(`target: "${t}" is not one of pool, registry, both`);
    return t;
}

async function setPaused(p: OpsProvider, args: ScriptArgs, paused: boolean): Promise<void> {
    const d = await loadPool(p, args);
    const target = readTarget(args);
    const yes = args.flag('yes');
    args.finish();
    requireSender(p, 'owner', d.poolParams.owner);
    const pool = target !== 'registry' && d.poolParams.paused !== paused;
    const registry = target !== 'pool' && d.registryParams.paused !== paused;
    const verb = paused ? 'pause' : 'unpause';
    if (!pool && !registry) {
        p.ui().write(`nothing to do: already ${paused ? 'paused' : 'running'}`);
        return;
    }
    const go = await confirmSend(p, yes, `${paused ? 'Pause' : 'Unpause'}`, [
        ...(pool ? [`pool ${d.deployment.pool.address}: ${paused ? 'payout batches stop (revenue and bounces are still booked)' : 'payout batches run again'}`] : []),
        ...(registry ? [`registry ${d.deployment.registry.address}: ${paused ? 'new registrations stop' : 'registrations open again'}`] : []),
    ]);
    if (!go) return;
    if (pool) {
        await d.pool.sendSetPaused(p.sender(), { value: await poolOwnerOpValue(p), paused });
        await p.waitForLastTransaction();
    }
    if (registry) {
        await d.registry.sendSetPaused(p.sender(), { value: await d.registry.getRequiredValue(RegistryOp.setPaused), paused });
        await p.waitForLastTransaction();
    }
    await waitUntil(p, `the ${verb}`, async () => {
        const ok = !pool || (await d.pool.getParams()).paused === paused;
        return ok && (!registry || (await d.registry.getParams()).paused === paused);
    });
    p.ui().write(`${paused ? 'paused' : 'unpaused'}: ${[pool && 'pool', registry && 'registry'].filter(Boolean).join(' and ')}`);
}

export const pause = (p: OpsProvider, args: ScriptArgs) => setPaused(p, args, true);
export const unpause = (p: OpsProvider, args: ScriptArgs) => setPaused(p, args, false);

export async function proposeOwner(p: OpsProvider, args: ScriptArgs): Promise<void> {
    const d = await loadPool(p, args);
    const newOwner = await args.address(p, 'new_owner', 'New owner address (it must then run acceptOwnership)');
    const yes = args.flag('yes');
    args.finish();
    requireSender(p, 'owner', d.deployment.owner);
    if (newOwner.equals(d.deployment.owner)) throw new OpsError('new_owner: already the owner');
    if (newOwner.equals(d.deployment.operator)) throw new OpsError('new_owner: is the operator; the owner key must stay separate from the hot operator key');
    const go = await confirmSend(p, yes, 'Propose a new owner (step 1 of 2)', [
        `registry and pool: pending owner ${newOwner}`,
        `the current owner ${d.deployment.owner} stays in charge until the new one runs acceptOwnership`,
    ]);
    if (!go) return;
    await d.registry.sendTransferOwnership(p.sender(), { value: await d.registry.getRequiredValue(RegistryOp.transferOwnership), newOwner });
    await p.waitForLastTransaction();
    await d.pool.sendTransferOwnership(p.sender(), { value: await poolOwnerOpValue(p), newOwner });
    await p.waitForLastTransaction();
    await waitUntil(p, 'the proposal', async () => {
        const [r, q] = [await d.registry.getRoles(), await d.pool.getParams()];
        return r.pendingOwner !== null && r.pendingOwner.equals(newOwner) && q.pendingOwner !== null && q.pendingOwner.equals(newOwner);
    });
    p.ui().write(`proposed: ${newOwner}; next, from that wallet: npx blueprint run acceptOwnership --${p.network()}`);
}

export async function acceptOwnership(p: OpsProvider, args: ScriptArgs): Promise<void> {
    const me = senderAddress(p);
    const d = await loadPool(p, args, { owner: me });
    const yes = args.flag('yes');
    args.finish();
    const registry = !d.registryRoles.owner.equals(me);
    const pool = !d.poolParams.owner.equals(me);
    if (registry && !(d.registryRoles.pendingOwner && d.registryRoles.pendingOwner.equals(me))) {
        throw new OpsError(`this wallet ${me} is not the registry's pending owner; the current owner must run proposeOwner new_owner=${me} first`);
    }
    if (pool && !(d.poolParams.pendingOwner && d.poolParams.pendingOwner.equals(me))) {
        throw new OpsError(`this wallet ${me} is not the pool's pending owner; the current owner must run proposeOwner new_owner=${me} first`);
    }
    if (registry || pool) {
        const go = await confirmSend(p, yes, 'Accept ownership (step 2 of 2)', [`new owner of ${[registry && 'the registry', pool && 'the pool'].filter(Boolean).join(' and ')}: ${me}`]);
        if (!go) return;
        if (registry) {
            await d.registry.sendAcceptOwnership(p.sender(), { value: await d.registry.getRequiredValue(RegistryOp.acceptOwnership) });
            await p.waitForLastTransaction();
        }
        if (pool) {
            await d.pool.sendClaimOwnership(p.sender(), { value: await poolOwnerOpValue(p) });
            await p.waitForLastTransaction();
        }
        await waitUntil(p, 'the ownership transfer', async () => (await d.registry.getRoles()).owner.equals(me) && (await d.pool.getParams()).owner.equals(me));
    }
    writeDeployment(d.path, { ...d.deployment, owner: me });
    p.ui().write(`owner: ${me} (saved to ${d.path})`);
}

export async function rotateOperator(p: OpsProvider, args: ScriptArgs): Promise<void> {
    const operator: Address = await args.address(p, 'operator', 'New operator address (hot wallet)');
    const d = await loadPool(p, args, { operator });
    const yes = args.flag('yes');
    args.finish();
    requireSender(p, 'owner', d.deployment.owner);
    if (operator.equals(d.deployment.owner)) throw new OpsError('operator: is the owner; the hot operator key must differ from the cold owner key');
    const registry = !d.registryRoles.operator.equals(operator);
    const pool = !d.poolParams.operator.equals(operator);
    if (registry || pool) {
        const go = await confirmSend(p, yes, 'Rotate the operator', [
            `from: ${d.deployment.operator}`,
            `to:   ${operator}`,
            'the old key loses approve/suspend and payout batches on both contracts at once it is processed',
        ]);
        if (!go) return;
        if (registry) {
            await d.registry.sendSetOperator(p.sender(), { value: await d.registry.getRequiredValue(RegistryOp.setOperator), operator });
            await p.waitForLastTransaction();
        }
        if (pool) {
            await d.pool.sendSetOperator(p.sender(), { value: await poolOwnerOpValue(p), operator });
            await p.waitForLastTransaction();
        }
        await waitUntil(p, 'the new operator', async () => (await d.registry.getRoles()).operator.equals(operator) && (await d.pool.getParams()).operator.equals(operator));
    }
    writeDeployment(d.path, { ...d.deployment, operator });
    p.ui().write(`operator: ${operator} (saved to ${d.path})`);
}
