/**
 * Owner scripts (the cold key): withdrawCommission, pause / unpause, proposeOwner, rotateOperator;
 * claimOwnership from the new owner; fundReserve from any wallet. Each acts on both contracts where
 * both hold the setting, skips a contract already in the wanted state (so a re-run finishes a half-done
 * change) and keeps the deployment file's owner and operator in step with the chain.
 */
import { Address } from '@ton/core';
import { PoolGas } from '../../wrappers/PoolConstants';
import { withdrawValue } from '../../wrappers/PoolPayout';
import { RegistryOp } from '../../wrappers/RegistryConstants';
import { formatTon } from './args';
import { defineScript, RunContext } from './cli/script';
import { kinds, optional, required } from './cli/spec';
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

export const fundReserve = defineScript(
    {
        name: 'owner/fundReserve',
        role: 'any wallet',
        about: "adds to the pool's reserve (storage and bounce fees; never booked as worker revenue)",
        example: 'amount=1',
        sends: true,
        args: {
            amount: required(
                kinds.ton({ positive: true }),
                'TON to add to the reserve',
                'Amount to add to the pool reserve, in TON',
            ),
        },
    },
    async (p, { amount }, ctx) => {
        const d = await loadPool(p, ctx);
        const before = await d.pool.getTotals();
        const go = await confirmSend(p, ctx, 'Top up the pool reserve', [
            `pool:    ${d.deployment.pool.address}`,
            `amount:  ${formatTon(amount)} (reserve, never booked as worker revenue)`,
            `reserve: ${formatTon(before.reserve)} now`,
        ]);
        if (!go) return;
        await d.pool.sendTopUpReserve(p.sender(), { value: amount });
        await p.waitForLastTransaction();
        await waitUntil(p, 'the top-up', async () => (await d.pool.getTotals()).balance > before.balance);
        p.ui().write(`reserve: ${formatTon((await d.pool.getTotals()).reserve)}`);
    },
);

export const withdrawCommission = defineScript(
    {
        name: 'owner/withdrawCommission',
        role: 'owner',
        about: "withdraws the pool's commission (never worker money) to the owner",
        example: 'amount=all',
        sends: true,
        args: { amount: optional(kinds.tonOrAll(), 'TON to withdraw, or all (default all)') },
    },
    async (p, input, ctx) => {
        const d = await loadPool(p, ctx);
        requireSender(p, 'owner', d.poolParams.owner);
        const totals = await d.pool.getTotals();
        const amount = input.amount === undefined || input.amount === 'all' ? totals.commissionHeld : input.amount;
        if (amount === 0n) throw new OpsError('no commission to withdraw (the pool holds 0)');
        if (amount > totals.commissionHeld)
            throw new OpsError(
                `amount: ${formatTon(amount)} is more than the ${formatTon(totals.commissionHeld)} of commission the pool holds`,
            );
        const value = withdrawValue(await liveFees(p));
        const go = await confirmSend(p, ctx, 'Withdraw commission', [
            `amount: ${formatTon(amount)} of ${formatTon(totals.commissionHeld)} held`,
            `to:     ${d.poolParams.owner} (the owner)`,
            `value:  ${formatTon(value)} for fees`,
        ]);
        if (!go) return;
        await d.pool.sendWithdrawCommission(p.sender(), { value, amount });
        await p.waitForLastTransaction();
        await waitUntil(
            p,
            'the withdrawal',
            async () => (await d.pool.getTotals()).commissionWithdrawn >= totals.commissionWithdrawn + amount,
        );
        ctx.result.withdrawn = amount;
        p.ui().write(
            `withdrawn: ${formatTon(amount)}; commission held now ${formatTon((await d.pool.getTotals()).commissionHeld)}`,
        );
    },
);

type Target = 'pool' | 'registry' | 'both';

async function setPaused(p: OpsProvider, target: Target, ctx: RunContext, paused: boolean): Promise<void> {
    const d = await loadPool(p, ctx);
    requireSender(p, 'owner', d.poolParams.owner);
    const pool = target !== 'registry' && d.poolParams.paused !== paused;
    const registry = target !== 'pool' && d.registryParams.paused !== paused;
    const verb = paused ? 'pause' : 'unpause';
    if (!pool && !registry) {
        p.ui().write(`nothing to do: already ${paused ? 'paused' : 'running'}`);
        return;
    }
    const go = await confirmSend(p, ctx, `${paused ? 'Pause' : 'Unpause'}`, [
        ...(pool
            ? [
                  `pool ${d.deployment.pool.address}: ${paused ? 'payout batches stop (revenue and bounces are still booked)' : 'payout batches run again'}`,
              ]
            : []),
        ...(registry
            ? [
                  `registry ${d.deployment.registry.address}: ${paused ? 'new registrations stop' : 'registrations open again'}`,
              ]
            : []),
    ]);
    if (!go) return;
    if (pool) {
        await d.pool.sendSetPaused(p.sender(), { value: await poolOwnerOpValue(p), paused });
        await p.waitForLastTransaction();
    }
    if (registry) {
        await d.registry.sendSetPaused(p.sender(), {
            value: await d.registry.getRequiredValue(RegistryOp.setPaused),
            paused,
        });
        await p.waitForLastTransaction();
    }
    await waitUntil(p, `the ${verb}`, async () => {
        const ok = !pool || (await d.pool.getParams()).paused === paused;
        return ok && (!registry || (await d.registry.getParams()).paused === paused);
    });
    p.ui().write(
        `${paused ? 'paused' : 'unpaused'}: ${[pool && 'pool', registry && 'registry'].filter(Boolean).join(' and ')}`,
    );
}

const pauseSpec = (paused: boolean) => ({
    name: `owner/${paused ? 'pause' : 'unpause'}`,
    role: 'owner' as const,
    about: paused
        ? 'pauses payout batches (pool) and registrations (registry)'
        : 'lets payout batches and registrations run again',
    example: 'target=pool',
    sends: true,
    args: { target: optional(kinds.choice(['pool', 'registry', 'both'] as const), 'which contract (default both)') },
});

export const pause = defineScript(pauseSpec(true), (p, input, ctx) => setPaused(p, input.target ?? 'both', ctx, true));
export const unpause = defineScript(pauseSpec(false), (p, input, ctx) =>
    setPaused(p, input.target ?? 'both', ctx, false),
);

export const proposeOwner = defineScript(
    {
        name: 'owner/proposeOwner',
        role: 'owner',
        about: 'proposes a new owner of both contracts (step 1 of 2; the new owner runs claimOwnership)',
        example: 'new_owner=<address>',
        sends: true,
        args: {
            new_owner: required(
                kinds.address(),
                'the proposed owner',
                'New owner address (it must then run claimOwnership)',
            ),
        },
    },
    async (p, { new_owner: newOwner }, ctx) => {
        const d = await loadPool(p, ctx);
        requireSender(p, 'owner', d.deployment.owner);
        if (newOwner.equals(d.deployment.owner)) throw new OpsError('new_owner: already the owner');
        if (newOwner.equals(d.deployment.operator))
            throw new OpsError(
                'new_owner: is the operator; the owner key must stay separate from the hot operator key',
            );
        const go = await confirmSend(p, ctx, 'Propose a new owner (step 1 of 2)', [
            `registry and pool: pending owner ${newOwner}`,
            `the current owner ${d.deployment.owner} stays in charge until the new one runs claimOwnership`,
        ]);
        if (!go) return;
        await d.registry.sendTransferOwnership(p.sender(), {
            value: await d.registry.getRequiredValue(RegistryOp.transferOwnership),
            newOwner,
        });
        await p.waitForLastTransaction();
        await d.pool.sendTransferOwnership(p.sender(), { value: await poolOwnerOpValue(p), newOwner });
        await p.waitForLastTransaction();
        await waitUntil(p, 'the proposal', async () => {
            const [r, q] = [await d.registry.getRoles(), await d.pool.getParams()];
            return (
                r.pendingOwner !== null &&
                r.pendingOwner.equals(newOwner) &&
                q.pendingOwner !== null &&
                q.pendingOwner.equals(newOwner)
            );
        });
        p.ui().write(
            `proposed: ${newOwner}; next, from that wallet: npx blueprint run owner/claimOwnership --${p.network()}`,
        );
    },
);

export const claimOwnership = defineScript(
    {
        name: 'owner/claimOwnership',
        role: 'new owner',
        about: 'completes an ownership transfer from the proposed wallet (step 2 of 2)',
        example: '',
        sends: true,
        args: {},
    },
    async (p, _input, ctx) => {
        const me = senderAddress(p);
        const d = await loadPool(p, ctx, { owner: me });
        const registry = !d.registryRoles.owner.equals(me);
        const pool = !d.poolParams.owner.equals(me);
        if (registry && !(d.registryRoles.pendingOwner && d.registryRoles.pendingOwner.equals(me))) {
            throw new OpsError(
                `this wallet ${me} is not the registry's pending owner; the current owner must run proposeOwner new_owner=${me} first`,
            );
        }
        if (pool && !(d.poolParams.pendingOwner && d.poolParams.pendingOwner.equals(me))) {
            throw new OpsError(
                `this wallet ${me} is not the pool's pending owner; the current owner must run proposeOwner new_owner=${me} first`,
            );
        }
        if (registry || pool) {
            const go = await confirmSend(p, ctx, 'Claim ownership (step 2 of 2)', [
                `new owner of ${[registry && 'the registry', pool && 'the pool'].filter(Boolean).join(' and ')}: ${me}`,
            ]);
            if (!go) return;
            if (registry) {
                await d.registry.sendClaimOwnership(p.sender(), {
                    value: await d.registry.getRequiredValue(RegistryOp.claimOwnership),
                });
                await p.waitForLastTransaction();
            }
            if (pool) {
                await d.pool.sendClaimOwnership(p.sender(), { value: await poolOwnerOpValue(p) });
                await p.waitForLastTransaction();
            }
            await waitUntil(
                p,
                'the ownership transfer',
                async () =>
                    (await d.registry.getRoles()).owner.equals(me) && (await d.pool.getParams()).owner.equals(me),
            );
        }
        writeDeployment(d.path, { ...d.deployment, owner: me });
        p.ui().write(`owner: ${me} (saved to ${d.path})`);
    },
);

export const rotateOperator = defineScript(
    {
        name: 'owner/rotateOperator',
        role: 'owner',
        about: 'replaces the operator on both contracts at once and updates the deployment file',
        example: 'operator=<address>',
        sends: true,
        args: {
            operator: required(kinds.address(), 'the new operator (hot wallet)', 'New operator address (hot wallet)'),
        },
    },
    async (p, input, ctx) => {
        const operator: Address = input.operator;
        const d = await loadPool(p, ctx, { operator });
        requireSender(p, 'owner', d.deployment.owner);
        if (operator.equals(d.deployment.owner))
            throw new OpsError('operator: is the owner; the hot operator key must differ from the cold owner key');
        const registry = !d.registryRoles.operator.equals(operator);
        const pool = !d.poolParams.operator.equals(operator);
        if (registry || pool) {
            const go = await confirmSend(p, ctx, 'Rotate the operator', [
                `from: ${d.deployment.operator}`,
                `to:   ${operator}`,
                'the old key loses approve/suspend and payout batches on both contracts at once it is processed',
            ]);
            if (!go) return;
            if (registry) {
                await d.registry.sendSetOperator(p.sender(), {
                    value: await d.registry.getRequiredValue(RegistryOp.setOperator),
                    operator,
                });
                await p.waitForLastTransaction();
            }
            if (pool) {
                await d.pool.sendSetOperator(p.sender(), { value: await poolOwnerOpValue(p), operator });
                await p.waitForLastTransaction();
            }
            await waitUntil(
                p,
                'the new operator',
                async () =>
                    (await d.registry.getRoles()).operator.equals(operator) &&
                    (await d.pool.getParams()).operator.equals(operator),
            );
        }
        writeDeployment(d.path, { ...d.deployment, operator });
        p.ui().write(`operator: ${operator} (saved to ${d.path})`);
    },
);
