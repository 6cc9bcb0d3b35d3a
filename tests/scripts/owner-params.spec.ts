/**
 * The owner's rare decisions through the scripts: slashWorker (stake -> pool revenue, an active worker
 * suspended), setRegistryParams and setPoolParams (only the keys given change; the summary shows current
 * and new values). Exact messages and on-chain effects to the nanoton; the wrong wallet, out-of-range
 * values (named with the contract's limit) and impossible amounts are refused before anything is sent.
 */
import { Address, toNano } from '@ton/core';
import { SandboxContract } from '@ton/sandbox';
import * as setPoolParams from '../../scripts/owner/setPoolParams';
import * as setRegistryParams from '../../scripts/owner/setRegistryParams';
import * as slashWorker from '../../scripts/owner/slashWorker';
import { FeeSchedule } from '../../toolkit/chain/fees';
import { formatTon } from '../../toolkit/ops/args';
import { PoolGas } from '../../wrappers/PoolConstants';
import { bookedRevenue, PoolPayout, setParamsBody as poolSetParamsBody } from '../../wrappers/PoolPayout';
import { RegistryLimits, RegistryOp, WorkerStatus } from '../../wrappers/RegistryConstants';
import { parseSlashedStake, parseWorkerSync, SharedOp } from '../../wrappers/shared';
import { setParamsBody as registrySetParamsBody, slashStakeBody, WorkerRegistry } from '../../wrappers/WorkerRegistry';
import { EnvSnapshot, ScriptsEnv } from './support/env';
import {
    deploy,
    expectOk,
    expectBadInput,
    expectRefused,
    message,
    registerAndApprove,
    sendRevenue,
    sentMessages,
    STAKE,
    storageFee,
    txOn,
} from './support/pool-setup';

let env: ScriptsEnv;
let registry: SandboxContract<WorkerRegistry>;
let pool: SandboxContract<PoolPayout>;
let funded: EnvSnapshot;

beforeAll(async () => {
    env = await ScriptsEnv.create(2);
    ({ registry, pool } = await deploy(env));
    await registerAndApprove(env);
    await sendRevenue(env, pool, '10');
    funded = env.snapshot();
});

beforeEach(async () => env.restore(funded));

const fees = () => new FeeSchedule(env.blockchain.config);

/** Getter results with addresses as strings, for deep equality. */
const plain = (o: object) =>
    Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v instanceof Address ? v.toString() : v]));

describe('slashWorker', () => {
    // Property: one slash_stake with exactly get_required_value; the registry keeps its balance before the
    // message less the slashed amount (and its storage fee) to the nanoton, the worker's stake and the
    // total stake drop by the amount, an active worker is suspended and the pool hears that first, then
    // the pool books the amount as worker revenue with the commission split of bookedRevenue. A second
    // slash of the rest (`amount=all`) of the now suspended worker sends no sync.
    it('[POOL-408] slashWorker moves the amount from the stake to pool revenue exactly and suspends an active worker', async () => {
        const amount = toNano('0.4');
        const value = await registry.getRequiredValue(RegistryOp.slashStake);
        const regBalance = (await env.blockchain.getContract(registry.address)).balance;
        const [totalsBefore, stakeBefore] = [await pool.getTotals(), (await registry.getCounts()).totalStake];
        const r = await env.run(slashWorker, env.owner, ['worker=0', 'amount=0.4', 'yes']);
        expect(sentMessages(r)).toEqual([message(registry, value, slashStakeBody({ workerIndex: 0, amount }))]);
        const tx = txOn(r, registry.address);
        const storage = storageFee(tx);
        expect((await env.blockchain.getContract(registry.address)).balance).toBe(regBalance - storage - amount);
        const out = [...tx.outMessages.values()];
        expect(out.map((m) => [m.info.dest!.toString(), (m.info as { bounce: boolean }).bounce])).toEqual([
            [pool.address.toString(), true],
            [pool.address.toString(), true],
            [env.owner.address.toString(), false],
        ]);
        expect(parseWorkerSync(out[0].body)).toMatchObject({ workerIndex: 0, active: false });
        expect(parseSlashedStake(out[1].body)).toEqual({ queryId: 0n, workerIndex: 0 });
        expect((out[1].info as { value: { coins: bigint } }).value.coins).toBe(amount);
        const w = (await registry.getWorker(0))!;
        expect({ stake: w.stake, status: w.status }).toEqual({
            stake: toNano(STAKE) - amount,
            status: WorkerStatus.suspended,
        });
        expect((await registry.getCounts()).totalStake).toBe(stakeBefore - amount);
        expect((await pool.getWorker(0)).active).toBe(false);
        const booked = bookedRevenue(fees(), amount, 500);
        const totals = await pool.getTotals();
        expect({
            revenue: totals.revenue - totalsBefore.revenue,
            commission: totals.commissionAccrued - totalsBefore.commissionAccrued,
        }).toEqual({ revenue: booked.revenue, commission: booked.commission });
        expect(r.lines).toContain(
            `  to pool: 0.4 TON as worker revenue (${formatTon(booked.revenue)} booked, ${formatTon(booked.commission)} of it commission at 500 bps)`,
        );

        const rest = await env.run(slashWorker, env.owner, ['worker=0', 'amount=all', 'yes']);
        expect(sentMessages(rest)).toEqual([
            message(registry, value, slashStakeBody({ workerIndex: 0, amount: toNano(STAKE) - amount })),
        ]);
        const restTx = txOn(rest, registry.address);
        expect([...restTx.outMessages.values()].map((m) => m.body.beginParse().preloadUint(32))).toEqual([
            SharedOp.slashedStake,
            SharedOp.excesses,
        ]);
        expect((await registry.getWorker(0))!.stake).toBe(0n);
        expect(rest.lines[rest.lines.length - 1]).toBe('worker 0: slashed 0.6 TON, stake now 0 TON');
        expectRefused(
            await env.run(slashWorker, env.owner, ['worker=0', 'amount=all', 'yes']),
            'worker 0 has no stake left to slash; nothing was sent',
        );
    });

    // Attack / faults: the operator (hot key) or a member tries to slash; more than the stake; zero; a
    // malformed amount; an unknown worker. Property: one line, nothing sent, the stake untouched.
    it('[ACC-411] slashWorker refuses any wallet but the owner and amounts the registry would refuse', async () => {
        for (const w of [env.operator, env.members[1]]) {
            expectRefused(
                await env.run(slashWorker, w, ['worker=0', 'amount=0.1', 'yes']),
                `this needs the owner wallet ${env.owner.address}, but the connected wallet is ${w.address}`,
            );
        }
        expectRefused(
            await env.run(slashWorker, env.owner, ['worker=0', 'amount=1.000000001', 'yes']),
            'amount: 1.000000001 TON is more than the 1 TON worker 0 has staked; nothing was sent',
        );
        expectBadInput(
            await env.run(slashWorker, env.owner, ['worker=0', 'amount=0', 'yes']),
            'amount: must be more than 0',
        );
        expectBadInput(
            await env.run(slashWorker, env.owner, ['worker=0', 'amount=half', 'yes']),
            'amount: "half" is not an amount of TON (e.g. 1.5)',
        );
        expectRefused(
            await env.run(slashWorker, env.owner, ['worker=5', 'amount=0.1', 'yes']),
            'worker 5 is unknown to the registry; nothing was sent',
        );
        expect((await registry.getWorker(0))!.stake).toBe(toNano(STAKE));
    });
});

describe('setRegistryParams', () => {
    // Property: only the keys given change, the pool address is kept, the summary shows each current and
    // new value, the message is set_params with exactly get_required_value; a re-run sends nothing.
    it('[POOL-409] setRegistryParams changes only the given parameters and shows current and new values', async () => {
        const before = await registry.getParams();
        const value = await registry.getRequiredValue(RegistryOp.setParams);
        const r = await env.run(setRegistryParams, env.owner, [
            'min_stake=2.5',
            'cooldown=7200',
            'max_per_member=3',
            'yes',
        ]);
        const params = {
            minStake: toNano('2.5'),
            cooldown: 7200,
            pool: pool.address,
            capacity: before.capacity,
            maxPerMember: 3,
        };
        expect(sentMessages(r)).toEqual([message(registry, value, registrySetParamsBody({ params }))]);
        expect(r.lines.slice(1, 5)).toEqual([
            '  min_stake: 1 TON -> 2.5 TON',
            '  cooldown: 3600 s -> 7200 s',
            `  capacity: ${RegistryLimits.maxCapacity} (unchanged)`,
            '  max_per_member: 1 -> 3',
        ]);
        expect(plain(await registry.getParams())).toEqual(plain({ ...params, paused: false }));
        expect(r.lines[r.lines.length - 1]).toBe(
            'registry parameters set: min_stake: 1 TON -> 2.5 TON, cooldown: 3600 s -> 7200 s, max_per_member: 1 -> 3',
        );
        const again = await env.run(setRegistryParams, env.owner, ['min_stake=2.5', 'yes']);
        expect({ sent: again.sent.length, last: again.lines[again.lines.length - 1] }).toEqual({
            sent: 0,
            last: 'nothing to do: the registry already has these parameters',
        });
    });

    // Faults: each bound of the registry (cooldown above 30 days, capacity above the hard cap or below the
    // workers already registered, max_per_member 0 or above 16), no parameter at all, the operator's
    // wallet. Property: one line naming the limit, nothing sent, params unchanged.
    it('[ACC-412] setRegistryParams refuses values outside the contract limits and any wallet but the owner', async () => {
        const before = await registry.getParams();
        expectBadInput(
            await env.run(setRegistryParams, env.owner, [`cooldown=${RegistryLimits.maxCooldown + 1}`, 'yes']),
            `cooldown: ${RegistryLimits.maxCooldown + 1} is outside 0..${RegistryLimits.maxCooldown} (the registry's hard limit: 30 days)`,
        );
        expectBadInput(
            await env.run(setRegistryParams, env.owner, [`capacity=${RegistryLimits.maxCapacity + 1}`, 'yes']),
            `capacity: ${RegistryLimits.maxCapacity + 1} is outside 1..${RegistryLimits.maxCapacity} (the registry's hard cap on worker records)`,
        );
        expectRefused(
            await env.run(setRegistryParams, env.owner, ['capacity=1', 'yes']),
            'capacity: 1 is below the 2 workers already registered (records are never deleted); nothing was sent',
        );
        expectBadInput(
            await env.run(setRegistryParams, env.owner, ['max_per_member=0', 'yes']),
            `max_per_member: 0 is outside 1..${RegistryLimits.maxPerMemberLimit} (the registry's hard limit per member)`,
        );
        expectBadInput(
            await env.run(setRegistryParams, env.owner, [
                `max_per_member=${RegistryLimits.maxPerMemberLimit + 1}`,
                'yes',
            ]),
            `max_per_member: ${RegistryLimits.maxPerMemberLimit + 1} is outside 1..${RegistryLimits.maxPerMemberLimit} (the registry's hard limit per member)`,
        );
        expectBadInput(
            await env.run(setRegistryParams, env.owner, ['yes']),
            'give at least one parameter to change: min_stake, cooldown, capacity, max_per_member',
        );
        expectRefused(
            await env.run(setRegistryParams, env.operator, ['min_stake=2', 'yes']),
            `this needs the owner wallet ${env.owner.address}, but the connected wallet is ${env.operator.address}`,
        );
        expect(plain(await registry.getParams())).toEqual(plain(before));
    });
});

describe('setPoolParams', () => {
    // Property: only the keys given change (the rest are sent as they are), with the pool's owner-op value;
    // the new commission applies to the next revenue exactly as bookedRevenue computes it.
    it('[POOL-410] setPoolParams changes only the given parameters and the new commission applies to later revenue', async () => {
        const before = await pool.getParams();
        const r = await env.run(setPoolParams, env.owner, ['commission_bps=5000', 'period_cap=500', 'yes']);
        const next = {
            commissionBps: 5000,
            minPayout: before.minPayout,
            periodCap: toNano('500'),
            periodLength: before.periodLength,
        };
        expect(sentMessages(r)).toEqual([message(pool, fees().compute(PoolGas.ownerOp), poolSetParamsBody(next))]);
        expect(r.lines.slice(1, 5)).toEqual([
            '  commission_bps: 500 bps -> 5000 bps',
            '  min_payout: 0.01 TON (unchanged)',
            '  period_cap: 1000 TON -> 500 TON',
            '  period_length: 86400 s (unchanged)',
        ]);
        const after = await pool.getParams();
        expect({ c: after.commissionBps, m: after.minPayout, cap: after.periodCap, len: after.periodLength }).toEqual({
            c: 5000,
            m: before.minPayout,
            cap: toNano('500'),
            len: before.periodLength,
        });
        const t0 = await pool.getTotals();
        await sendRevenue(env, pool, '2');
        const t1 = await pool.getTotals();
        expect(t1.commissionAccrued - t0.commissionAccrued).toBe(bookedRevenue(fees(), toNano('2'), 5000).commission);
    });

    // Faults: commission above the contract's hard maximum (5000 bps = 50%), a zero period, a malformed
    // amount, the operator's wallet. Property: one line naming the limit, nothing sent, params unchanged.
    it('[ACC-415] setPoolParams refuses a commission above the hard maximum, a zero period and any wallet but the owner', async () => {
        const before = await pool.getParams();
        expectBadInput(
            await env.run(setPoolParams, env.owner, ['commission_bps=5001', 'yes']),
            "commission_bps: 5001 is outside 0..5000 (the pool's hard maximum: 50%)",
        );
        expectBadInput(
            await env.run(setPoolParams, env.owner, ['period_length=0', 'yes']),
            'period_length: 0 is outside 1..4294967295 (the pool refuses a zero period; uint32 seconds)',
        );
        expectBadInput(
            await env.run(setPoolParams, env.owner, ['min_payout=0.0000000001', 'yes']),
            'min_payout: "0.0000000001" is not an amount of TON (e.g. 1.5)',
        );
        expectRefused(
            await env.run(setPoolParams, env.operator, ['commission_bps=100', 'yes']),
            `this needs the owner wallet ${env.owner.address}, but the connected wallet is ${env.operator.address}`,
        );
        expect(plain(await pool.getParams())).toEqual(plain(before));
        expectOk(await env.run(setPoolParams, env.owner, ['commission_bps=0', 'yes']));
        expect((await pool.getParams()).commissionBps).toBe(0);
    });
});
