/**
 * The owner's parameter changes: setRegistryParams (stake, cooldown, capacity, workers per member) and
 * setPoolParams (commission, smallest payout, period cap and length). Only the keys given change; the
 * summary shows every parameter's current and new value. Values outside the contract's bounds are
 * refused before anything is sent, naming the bound (the contracts would refuse them too: 323, 410, 411).
 */
import { PoolLimits } from '../../wrappers/PoolConstants';
import { PoolParams } from '../../wrappers/PoolPayout';
import { RegistryLimits, RegistryOp } from '../../wrappers/RegistryConstants';
import { RegistryParams } from '../../wrappers/WorkerRegistry';
import { formatTon } from './args';
import { defineScript } from './cli/script';
import { kinds, optional } from './cli/spec';
import { confirmSend } from './confirm';
import { UINT32_MAX } from './deploy';
import { BadInput, OpsError } from './errors';
import { poolOwnerOpValue } from './owner';
import { loadPool, requireSender } from './pool';
import { waitUntil } from './wait';

/** The summary lines (`key: current -> new` or `(unchanged)`) and whether anything changes. */
function changes<T extends object>(
    current: T,
    next: T,
    keys: { [K in keyof T]: { key: string; show: (v: T[K]) => string } },
) {
    let changed = false;
    const lines = (Object.keys(keys) as (keyof T)[]).map((name) => {
        const { key, show } = keys[name];
        const differs = show(next[name]) !== show(current[name]);
        changed ||= differs;
        return `${key}: ${differs ? `${show(current[name])} -> ${show(next[name])}` : `${show(next[name])} (unchanged)`}`;
    });
    return { lines, changed };
}

const atLeastOne = (keys: string[]) => (input: Record<string, unknown>) => {
    if (keys.every((k) => input[k] === undefined))
        throw new BadInput(`give at least one parameter to change: ${keys.join(', ')}`);
};

const seconds = (v: number) => `${v} s`;

const registryArgs = {
    min_stake: optional(kinds.ton(), 'stake for later registrations, in TON'),
    cooldown: optional(
        kinds.integer(0, RegistryLimits.maxCooldown, "the registry's hard limit: 30 days"),
        'seconds from an exit request to the stake return',
    ),
    capacity: optional(
        kinds.integer(1, RegistryLimits.maxCapacity, "the registry's hard cap on worker records"),
        'cap on worker records (at least those registered)',
    ),
    max_per_member: optional(
        kinds.integer(1, RegistryLimits.maxPerMemberLimit, "the registry's hard limit per member"),
        'live workers per member',
    ),
};

export const setRegistryParams = defineScript(
    {
        name: 'owner/setRegistryParams',
        role: 'owner',
        about: "changes the registry's parameters (only the keys given; the registry keeps its pool)",
        example: 'min_stake=2 cooldown=604800',
        sends: true,
        args: registryArgs,
        validate: atLeastOne(Object.keys(registryArgs)),
    },
    async (p, input, ctx) => {
        const d = await loadPool(p, ctx);
        const cur = d.registryParams;
        const next = {
            minStake: input.min_stake ?? cur.minStake,
            cooldown: input.cooldown ?? cur.cooldown,
            capacity: input.capacity ?? cur.capacity,
            maxPerMember: input.max_per_member ?? cur.maxPerMember,
        };
        const { lines, changed } = changes(cur, next, {
            minStake: { key: 'min_stake', show: formatTon },
            cooldown: { key: 'cooldown', show: seconds },
            capacity: { key: 'capacity', show: String },
            maxPerMember: { key: 'max_per_member', show: String },
        });
        requireSender(p, 'owner', d.registryRoles.owner);
        const registered = (await d.registry.getCounts()).nextIndex;
        if (next.capacity < registered)
            throw new OpsError(
                `capacity: ${next.capacity} is below the ${registered} workers already registered (records are never deleted); nothing was sent`,
            );
        if (!changed) {
            p.ui().write('nothing to do: the registry already has these parameters');
            return;
        }
        const params: RegistryParams = { ...next, pool: cur.pool };
        const value = await d.registry.getRequiredValue(RegistryOp.setParams);
        const go = await confirmSend(p, ctx, `Set the registry's parameters (${d.deployment.registry.address})`, [
            ...lines,
            'a new min_stake applies to later registrations; a new cooldown to every withdrawal from now on',
            `value: ${formatTon(value)}; the unspent part comes back`,
        ]);
        if (!go) return;
        await d.registry.sendSetParams(p.sender(), { value, params });
        await p.waitForLastTransaction();
        await waitUntil(p, 'the new registry parameters', async () => {
            const r = await d.registry.getParams();
            return (
                r.minStake === params.minStake &&
                r.cooldown === params.cooldown &&
                r.capacity === params.capacity &&
                r.maxPerMember === params.maxPerMember
            );
        });
        p.ui().write(`registry parameters set: ${lines.filter((l) => l.includes(' -> ')).join(', ')}`);
    },
);

const poolArgs = {
    commission_bps: optional(
        kinds.integer(0, PoolLimits.commissionBpsMax, `the pool's hard maximum: ${PoolLimits.commissionBpsMax / 100}%`),
        'commission in basis points, on revenue from now on',
    ),
    min_payout: optional(kinds.ton(), 'the smallest payout, in TON'),
    period_cap: optional(kinds.ton(), 'the most the operator may pay per period, in TON'),
    period_length: optional(
        kinds.integer(1, UINT32_MAX, 'the pool refuses a zero period; uint32 seconds'),
        'the period, in seconds',
    ),
};

export const setPoolParams = defineScript(
    {
        name: 'owner/setPoolParams',
        role: 'owner',
        about: "changes the pool's parameters (only the keys given)",
        example: 'commission_bps=400 period_cap=500',
        sends: true,
        args: poolArgs,
        validate: atLeastOne(Object.keys(poolArgs)),
    },
    async (p, input, ctx) => {
        const d = await loadPool(p, ctx);
        const cur = d.poolParams;
        const next: PoolParams = {
            commissionBps: input.commission_bps ?? cur.commissionBps,
            minPayout: input.min_payout ?? cur.minPayout,
            periodCap: input.period_cap ?? cur.periodCap,
            periodLength: input.period_length ?? cur.periodLength,
        };
        const { lines, changed } = changes<PoolParams>(cur, next, {
            commissionBps: { key: 'commission_bps', show: (v) => `${v} bps` },
            minPayout: { key: 'min_payout', show: formatTon },
            periodCap: { key: 'period_cap', show: formatTon },
            periodLength: { key: 'period_length', show: seconds },
        });
        requireSender(p, 'owner', cur.owner);
        if (!changed) {
            p.ui().write('nothing to do: the pool already has these parameters');
            return;
        }
        const value = await poolOwnerOpValue(p);
        const go = await confirmSend(p, ctx, `Set the pool's parameters (${d.deployment.pool.address})`, [
            ...lines,
            'a new commission applies to revenue from now on; what is already booked keeps its split',
            `value: ${formatTon(value)} for fees`,
        ]);
        if (!go) return;
        await d.pool.sendSetParams(p.sender(), { value, ...next });
        await p.waitForLastTransaction();
        await waitUntil(p, 'the new pool parameters', async () => {
            const r = await d.pool.getParams();
            return (
                r.commissionBps === next.commissionBps &&
                r.minPayout === next.minPayout &&
                r.periodCap === next.periodCap &&
                r.periodLength === next.periodLength
            );
        });
        p.ui().write(`pool parameters set: ${lines.filter((l) => l.includes(' -> ')).join(', ')}`);
    },
);
