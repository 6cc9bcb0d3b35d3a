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
import { formatTon, parseInteger, parseTon, ScriptArgs } from './args';
import { confirmSend } from './confirm';
import { UINT32_MAX } from './deploy';
import { OpsError } from './errors';
import { poolOwnerOpValue } from './owner';
import { loadPool, requireSender } from './pool';
import { OpsProvider } from './provider';
import { waitUntil } from './wait';

/** One parameter: its argument key, how it reads and prints, its current value. */
interface Param<T> {
    key: string;
    current: T;
    parse: (text: string) => T;
    show: (v: T) => string;
}

const tonParam = (key: string, current: bigint): Param<bigint> => ({ key, current, parse: (t) => parseTon(key, t), show: formatTon });
/** A whole-number parameter within the contract's bounds; `limit` says whose bound it is, for the refusal. */
const intParam = (key: string, current: number, bounds: { min: number; max: number; limit: string }, unit = ''): Param<number> => ({
    key,
    current,
    parse: (t) => {
        const v = parseInteger(key, t, 0, Number.MAX_SAFE_INTEGER);
        if (v < bounds.min || v > bounds.max) throw new OpsError(`${key}: ${v} is outside ${bounds.min}..${bounds.max} (${bounds.limit})`);
        return v;
    },
    show: (v) => `${v}${unit}`,
});

/** Reads the keys given (the rest keep their current value); the summary lines and whether anything changes. */
function readChanges<T extends object>(args: ScriptArgs, params: { [K in keyof T]: Param<T[K]> }) {
    const next = {} as T;
    const lines: string[] = [];
    let changed = false;
    let given = false;
    for (const name of Object.keys(params) as (keyof T)[]) {
        const p = params[name];
        const text = args.optional(p.key);
        given ||= text !== undefined;
        const v = text === undefined ? p.current : p.parse(text);
        next[name] = v;
        const differs = p.show(v) !== p.show(p.current);
        changed ||= differs;
        lines.push(`${p.key}: ${differs ? `${p.show(p.current)} -> ${p.show(v)}` : `${p.show(v)} (unchanged)`}`);
    }
    if (!given) throw new OpsError(`give at least one parameter to change: ${Object.values(params).map((p) => (p as Param<unknown>).key).join(', ')}`);
    return { next, lines, changed };
}

export async function setRegistryParams(p: OpsProvider, args: ScriptArgs): Promise<void> {
    const d = await loadPool(p, args);
    const cur = d.registryParams;
    const { next, lines, changed } = readChanges<Omit<RegistryParams, 'pool'>>(args, {
        minStake: tonParam('min_stake', cur.minStake),
        cooldown: intParam('cooldown', cur.cooldown, { min: 0, max: RegistryLimits.maxCooldown, limit: "the registry's hard limit: 30 days" }, ' s'),
        capacity: intParam('capacity', cur.capacity, { min: 1, max: RegistryLimits.maxCapacity, limit: "the registry's hard cap on worker records" }),
        maxPerMember: intParam('max_per_member', cur.maxPerMember, { min: 1, max: RegistryLimits.maxPerMemberLimit, limit: "the registry's hard limit per member" }),
    });
    const yes = args.flag('yes');
    args.finish();
    requireSender(p, 'owner', d.registryRoles.owner);
    const registered = (await d.registry.getCounts()).nextIndex;
    if (next.capacity < registered) throw new OpsError(`capacity: ${next.capacity} is below the ${registered} workers already registered (records are never deleted); nothing was sent`);
    if (!changed) {
        p.ui().write('nothing to do: the registry already has these parameters');
        return;
    }
    const params: RegistryParams = { ...next, pool: cur.pool };
    const value = await d.registry.getRequiredValue(RegistryOp.setParams);
    const go = await confirmSend(p, yes, `Set the registry's parameters (${d.deployment.registry.address})`, [
        ...lines,
        'a new min_stake applies to later registrations; a new cooldown to every withdrawal from now on',
        `value: ${formatTon(value)}; the unspent part comes back`,
    ]);
    if (!go) return;
    await d.registry.sendSetParams(p.sender(), { value, params });
    await p.waitForLastTransaction();
    await waitUntil(p, 'the new registry parameters', async () => {
        const r = await d.registry.getParams();
        return r.minStake === params.minStake && r.cooldown === params.cooldown && r.capacity === params.capacity && r.maxPerMember === params.maxPerMember;
    });
    p.ui().write(`registry parameters set: ${lines.filter((l) => l.includes(' -> ')).join(', ')}`);
}

export async function setPoolParams(p: OpsProvider, args: ScriptArgs): Promise<void> {
    const d = await loadPool(p, args);
    const cur = d.poolParams;
    const { next, lines, changed } = readChanges<PoolParams>(args, {
        commissionBps: intParam('commission_bps', cur.commissionBps, { min: 0, max: PoolLimits.commissionBpsMax, limit: `the pool's hard maximum: ${PoolLimits.commissionBpsMax / 100}%` }, ' bps'),
        minPayout: tonParam('min_payout', cur.minPayout),
        periodCap: tonParam('period_cap', cur.periodCap),
        periodLength: intParam('period_length', cur.periodLength, { min: 1, max: UINT32_MAX, limit: 'the pool refuses a zero period; uint32 seconds' }, ' s'),
    });
    const yes = args.flag('yes');
    args.finish();
    requireSender(p, 'owner', cur.owner);
    if (!changed) {
        p.ui().write('nothing to do: the pool already has these parameters');
        return;
    }
    const value = await poolOwnerOpValue(p);
    const go = await confirmSend(p, yes, `Set the pool's parameters (${d.deployment.pool.address})`, [
        ...lines,
        'a new commission applies to revenue from now on; what is already booked keeps its split',
        `value: ${formatTon(value)} for fees`,
    ]);
    if (!go) return;
    await d.pool.sendSetParams(p.sender(), { value, ...next });
    await p.waitForLastTransaction();
    await waitUntil(p, 'the new pool parameters', async () => {
        const r = await d.pool.getParams();
        return r.commissionBps === next.commissionBps && r.minPayout === next.minPayout && r.periodCap === next.periodCap && r.periodLength === next.periodLength;
    });
    p.ui().write(`pool parameters set: ${lines.filter((l) => l.includes(' -> ')).join(', ')}`);
}
