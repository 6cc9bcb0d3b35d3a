/**
 * Owner ops: set_operator, set_params, slash_stake, set_paused, and the two-step ownership
 * transfer (transfer_ownership by the owner, claim_ownership by the nominee).
 */
import { beginCell } from '@ton/core';
import { RegistryError, RegistryLimits, RegistryOp, WorkerStatus } from '../../wrappers/RegistryConstants';
import {
    RegistryHandler,
    setOperatorBody,
    setParamsBody,
    setPausedBody,
    slashStakeBody,
    transferOwnershipBody,
} from '../../wrappers/WorkerRegistry';
import { defaultParams, RegistryFixture, setupRegistry } from '../helpers/registry-fixture';
import { expectAccepted } from '../helpers/registry-expect';
import { expectRejected } from '../helpers/rejections';
import { plain } from '../helpers/plain';
import { stateOf } from '../../audits/harness/state';
import { LIVE, MEMBERS, standardWorkers, W } from './workers';

let f: RegistryFixture;
const QID = 9n;

beforeAll(async () => {
    f = await setupRegistry({ members: MEMBERS, workers: standardWorkers });
});
beforeEach(async () => {
    await f.blockchain.loadFrom(f.snapshot);
});

const before = () => stateOf(f.blockchain, f.registry.address);
const plenty = (h: RegistryHandler, syncs = 0, others = 0) => f.fees.required(h, syncs, others) * 2n;

describe('set_operator', () => {
    // Rotating a leaked operator key: the old key loses the role at once, the new one has it.
    it('[ACC-106] set_operator replaces the operator: the old one is refused with 301, the new one approves', async () => {
        const value = plenty('setOperator');
        const b = await before();
        const r = await f.registry.sendSetOperator(f.owner.getSender(), {
            value,
            operator: f.stranger.address,
            queryId: QID,
        });
        await expectAccepted(f, r, {
            handler: 'setOperator',
            from: f.owner.address,
            msgValue: value,
            queryId: QID,
            before: b,
        });
        expect((await f.registry.getRoles()).operator.equals(f.stranger.address)).toBe(true);
        const b2 = await before();
        const old = await f.registry.sendApproveWorker(f.operator.getSender(), {
            value: f.fees.required('approveWorker', 1),
            workerIndex: W.pending,
        });
        await expectRejected(f.blockchain, old, {
            from: f.operator.address,
            to: f.registry.address,
            exitCode: RegistryError.notOperator,
            before: b2,
        });
        const approveValue = f.fees.required('approveWorker', 1);
        const b3 = await before();
        const now = await f.registry.sendApproveWorker(f.stranger.getSender(), {
            value: approveValue,
            workerIndex: W.pending,
            queryId: QID,
        });
        await expectAccepted(f, now, {
            handler: 'approveWorker',
            from: f.stranger.address,
            msgValue: approveValue,
            queryId: QID,
            before: b3,
            syncs: [{ workerIndex: W.pending, payout: f.members[W.pending].address, active: true }],
        });
        expect((await f.registry.getWorker(W.pending))!.status).toBe(WorkerStatus.active);
    });

    it('[MSG-103] set_operator to a masterchain address is rejected with not_basechain_address', async () => {
        const body = beginCell()
            .storeUint(RegistryOp.setOperator, 32)
            .storeUint(0, 64)
            .storeUint(0b100, 3)
            .storeInt(-1, 8)
            .storeUint(1n, 256)
            .endCell();
        const b = await before();
        const r = await f.registry.sendRaw(f.owner.getSender(), { value: plenty('setOperator'), body });
        await expectRejected(f.blockchain, r, {
            from: f.owner.address,
            to: f.registry.address,
            exitCode: RegistryError.notBasechainAddress,
            before: b,
        });
    });
});

describe('set_params', () => {
    it('[STO-107] set_params stores min stake, cooldown, pool, capacity and max_per_member', async () => {
        const params = defaultParams(f.stranger.address, {
            minStake: 1n,
            cooldown: RegistryLimits.maxCooldown,
            capacity: RegistryLimits.maxCapacity,
            maxPerMember: RegistryLimits.maxPerMemberLimit,
        });
        const value = plenty('setParams');
        const b = await before();
        const r = await f.registry.sendSetParams(f.owner.getSender(), { value, params, queryId: QID });
        await expectAccepted(f, r, {
            handler: 'setParams',
            from: f.owner.address,
            msgValue: value,
            queryId: QID,
            before: b,
        });
        expect(plain(await f.registry.getParams())).toEqual(plain({ ...params, paused: false }));
    });

    // Bounds that protect members: the cooldown cannot trap stakes for longer than 30 days, the cap
    // cannot exceed what the account can hold nor drop below the live records (the index count
    // does not matter: departed records gave their cells back), max_per_member 1..16.
    it('[POOL-107] set_params out of bounds is rejected with bad_params: cooldown, capacity above the hard cap or below the live records, max_per_member 0 or 17', async () => {
        const ok = defaultParams(f.pool.address);
        const bad = [
            { ...ok, cooldown: RegistryLimits.maxCooldown + 1 },
            { ...ok, capacity: RegistryLimits.maxCapacity + 1 },
            { ...ok, capacity: LIVE - 1 },
            { ...ok, maxPerMember: 0 },
            { ...ok, maxPerMember: RegistryLimits.maxPerMemberLimit + 1 },
        ];
        for (const params of bad) {
            const b = await before();
            const r = await f.registry.sendSetParams(f.owner.getSender(), { value: plenty('setParams'), params });
            await expectRejected(f.blockchain, r, {
                from: f.owner.address,
                to: f.registry.address,
                exitCode: RegistryError.badParams,
                before: b,
            });
        }
        const edgeValue = plenty('setParams');
        const be = await before();
        const edge = await f.registry.sendSetParams(f.owner.getSender(), {
            value: edgeValue,
            params: { ...ok, capacity: LIVE },
            queryId: QID,
        });
        await expectAccepted(f, edge, {
            handler: 'setParams',
            from: f.owner.address,
            msgValue: edgeValue,
            queryId: QID,
            before: be,
        });
        expect((await f.registry.getParams()).capacity).toBe(LIVE);
    });

    // Pointing the registry at a new pool: later syncs go there, and resync re-announces old workers to it.
    it('[POOL-107] after a pool change, syncs go to the new pool and resync re-announces a worker there', async () => {
        await f.registry.sendSetParams(f.owner.getSender(), {
            value: plenty('setParams'),
            params: defaultParams(f.stranger.address),
        });
        const value = f.fees.required('resyncWorker', 1) * 2n;
        const b = await before();
        const r = await f.registry.sendResyncWorker(f.operator.getSender(), {
            value,
            workerIndex: W.active,
            queryId: QID,
        });
        await expectAccepted(f, r, {
            handler: 'resyncWorker',
            from: f.operator.address,
            msgValue: value,
            queryId: QID,
            before: b,
            syncs: [{ workerIndex: W.active, payout: f.members[W.active].address, active: true }],
        });
        expect(r.transactions).toHaveTransaction({ from: f.registry.address, to: f.stranger.address });
    });
});

describe('slash_stake', () => {
    // Slashing an active worker: the pool first hears it is suspended, then receives the amount as
    // slashed_stake; the registry keeps the rest of the stake and loses exactly the amount.
    it('[FIN-104] slashing part of an active stake suspends the worker, syncs active=false and sends the amount as slashed_stake', async () => {
        const stake = (await f.registry.getWorker(W.active))!.stake;
        const amount = stake / 3n;
        const value = plenty('slashStake', 1, 1);
        const total = (await f.registry.getCounts()).totalStake;
        const b = await before();
        const r = await f.registry.sendSlashStake(f.owner.getSender(), {
            value,
            workerIndex: W.active,
            amount,
            queryId: QID,
        });
        await expectAccepted(f, r, {
            handler: 'slashStake',
            from: f.owner.address,
            msgValue: value,
            queryId: QID,
            before: b,
            kept: -amount,
            syncs: [{ workerIndex: W.active, payout: f.members[W.active].address, active: false }],
            slashed: { workerIndex: W.active, amount },
        });
        expect(await f.registry.getWorker(W.active)).toMatchObject({
            status: WorkerStatus.suspended,
            stake: stake - amount,
        });
        expect(await f.registry.getCounts()).toMatchObject({ active: 0, suspended: 2, totalStake: total - amount });
    });

    // A worker that is not active keeps its status; the whole stake may go.
    it('[FIN-104] slashing the whole stake of an exited worker in cooldown keeps its status and sends no worker_sync', async () => {
        const stake = (await f.registry.getWorker(W.exitedCooling))!.stake;
        const value = plenty('slashStake', 0, 1);
        const b = await before();
        const r = await f.registry.sendSlashStake(f.owner.getSender(), {
            value,
            workerIndex: W.exitedCooling,
            amount: stake,
            queryId: QID,
        });
        await expectAccepted(f, r, {
            handler: 'slashStake',
            from: f.owner.address,
            msgValue: value,
            queryId: QID,
            before: b,
            kept: -stake,
            slashed: { workerIndex: W.exitedCooling, amount: stake },
        });
        expect(await f.registry.getWorker(W.exitedCooling)).toMatchObject({ status: WorkerStatus.exited, stake: 0n });
    });

    it('[FIN-104] slashing zero, or one nanoton more than the stake, is rejected with bad_slash_amount', async () => {
        const stake = (await f.registry.getWorker(W.active))!.stake;
        for (const amount of [0n, stake + 1n]) {
            const b = await before();
            const r = await f.registry.sendSlashStake(f.owner.getSender(), {
                value: plenty('slashStake', 1, 1),
                workerIndex: W.active,
                amount,
            });
            await expectRejected(f.blockchain, r, {
                from: f.owner.address,
                to: f.registry.address,
                exitCode: RegistryError.badSlashAmount,
                before: b,
            });
        }
        // a withdrawn worker has no record (and no stake) left to slash
        const b = await before();
        const gone = await f.registry.sendSlashStake(f.owner.getSender(), {
            value: plenty('slashStake', 1, 1),
            workerIndex: W.withdrawn,
            amount: 1n,
        });
        await expectRejected(f.blockchain, gone, {
            from: f.owner.address,
            to: f.registry.address,
            exitCode: RegistryError.noSuchWorker,
            before: b,
        });
    });
});

describe('set_paused', () => {
    // Pausing registration must not freeze members: exits and withdrawals still work.
    it('[POOL-102] set_paused stores the flag, and a paused registry still lets members exit and withdraw', async () => {
        const value = plenty('setPaused');
        const b = await before();
        const r = await f.registry.sendSetPaused(f.owner.getSender(), { value, paused: true, queryId: QID });
        await expectAccepted(f, r, {
            handler: 'setPaused',
            from: f.owner.address,
            msgValue: value,
            queryId: QID,
            before: b,
        });
        expect((await f.registry.getParams()).paused).toBe(true);
        const stake = (await f.registry.getWorker(W.exitedDue))!.stake;
        const wValue = f.fees.required('withdrawStake', 1);
        const bw = await before();
        const w = await f.registry.sendWithdrawStake(f.members[W.exitedDue].getSender(), {
            value: wValue,
            workerIndex: W.exitedDue,
            queryId: QID,
        });
        await expectAccepted(f, w, {
            handler: 'withdrawStake',
            from: f.members[W.exitedDue].address,
            msgValue: wValue,
            queryId: QID,
            before: bw,
            kept: -stake,
            syncs: [
                { workerIndex: W.exitedDue, payout: f.members[W.exitedDue].address, active: false, withdrawn: true },
            ],
            stakeWithdrawnFor: W.exitedDue,
        });
        expect(await f.registry.getWorker(W.exitedDue)).toBeNull();
        const eValue = f.fees.required('requestExit', 1);
        const be = await before();
        const e = await f.registry.sendRequestExit(f.members[W.active].getSender(), {
            value: eValue,
            workerIndex: W.active,
            queryId: QID,
        });
        await expectAccepted(f, e, {
            handler: 'requestExit',
            from: f.members[W.active].address,
            msgValue: eValue,
            queryId: QID,
            before: be,
            syncs: [{ workerIndex: W.active, payout: f.members[W.active].address, active: true }],
        });
        expect((await f.registry.getWorker(W.active))!.status).toBe(WorkerStatus.exited);
    });
});

describe('ownership transfer', () => {
    // Two steps: a typo'd new owner cannot lock the registry, because nothing changes until the
    // nominee itself accepts; the old owner keeps full control meanwhile.
    it('[ACC-104] transfer_ownership only nominates; the owner keeps the role until the nominee accepts', async () => {
        const value = plenty('transferOwnership');
        const b = await before();
        const r = await f.registry.sendTransferOwnership(f.owner.getSender(), {
            value,
            newOwner: f.stranger.address,
            queryId: QID,
        });
        await expectAccepted(f, r, {
            handler: 'transferOwnership',
            from: f.owner.address,
            msgValue: value,
            queryId: QID,
            before: b,
        });
        let roles = await f.registry.getRoles();
        expect(roles.owner.equals(f.owner.address)).toBe(true);
        expect(roles.pendingOwner!.equals(f.stranger.address)).toBe(true);
        const still = await f.registry.sendSetPaused(f.owner.getSender(), { value: plenty('setPaused'), paused: true });
        expect(still.transactions).toHaveTransaction({ from: f.owner.address, to: f.registry.address, success: true });

        const accValue = plenty('claimOwnership');
        const b2 = await before();
        const acc = await f.registry.sendClaimOwnership(f.stranger.getSender(), { value: accValue, queryId: QID });
        await expectAccepted(f, acc, {
            handler: 'claimOwnership',
            from: f.stranger.address,
            msgValue: accValue,
            queryId: QID,
            before: b2,
        });
        roles = await f.registry.getRoles();
        expect(roles.owner.equals(f.stranger.address)).toBe(true);
        expect(roles.pendingOwner).toBeNull();
        const b3 = await before();
        const old = await f.registry.sendSetPaused(f.owner.getSender(), { value: plenty('setPaused'), paused: false });
        await expectRejected(f.blockchain, old, {
            from: f.owner.address,
            to: f.registry.address,
            exitCode: RegistryError.notOwner,
            before: b3,
        });
    });

    it('[ACC-104] claim_ownership from anyone but the nominee (or with no nominee) is rejected with not_pending_owner', async () => {
        let b = await before();
        const none = await f.registry.sendClaimOwnership(f.stranger.getSender(), { value: plenty('claimOwnership') });
        await expectRejected(f.blockchain, none, {
            from: f.stranger.address,
            to: f.registry.address,
            exitCode: RegistryError.notPendingOwner,
            before: b,
        });
        await f.registry.sendTransferOwnership(f.owner.getSender(), {
            value: plenty('transferOwnership'),
            newOwner: f.stranger.address,
        });
        for (const who of [f.owner, f.operator, f.members[W.active]]) {
            b = await before();
            const r = await f.registry.sendClaimOwnership(who.getSender(), { value: plenty('claimOwnership') });
            await expectRejected(f.blockchain, r, {
                from: who.address,
                to: f.registry.address,
                exitCode: RegistryError.notPendingOwner,
                before: b,
            });
        }
    });

    // A nomination is not a blank cheque: the owner may re-nominate, and the first nominee loses the right to accept.
    it('[ACC-104] a second transfer_ownership replaces the nominee; the first nominee is rejected with not_pending_owner', async () => {
        await f.registry.sendTransferOwnership(f.owner.getSender(), {
            value: plenty('transferOwnership'),
            newOwner: f.stranger.address,
        });
        await f.registry.sendTransferOwnership(f.owner.getSender(), {
            value: plenty('transferOwnership'),
            newOwner: f.operator.address,
        });
        const b = await before();
        const r = await f.registry.sendClaimOwnership(f.stranger.getSender(), { value: plenty('claimOwnership') });
        await expectRejected(f.blockchain, r, {
            from: f.stranger.address,
            to: f.registry.address,
            exitCode: RegistryError.notPendingOwner,
            before: b,
        });
    });
});

describe('owner access', () => {
    const ops = [
        { name: 'set_operator', body: () => setOperatorBody({ operator: f.stranger.address }) },
        { name: 'set_params', body: () => setParamsBody({ params: defaultParams(f.stranger.address) }) },
        { name: 'slash_stake', body: () => slashStakeBody({ workerIndex: W.active, amount: 1n }) },
        { name: 'set_paused', body: () => setPausedBody({ paused: true }) },
        { name: 'transfer_ownership', body: () => transferOwnershipBody({ newOwner: f.stranger.address }) },
    ];
    // A stolen operator key must not reach owner powers (new pool address, slashing, new operator).
    it('[ACC-102] every owner op from the operator, a member or a stranger is rejected with not_owner and changes nothing', async () => {
        for (const op of ops) {
            for (const who of [f.operator, f.members[W.active], f.stranger]) {
                const b = await before();
                const r = await f.registry.sendRaw(who.getSender(), {
                    value: plenty('slashStake', 1, 1),
                    body: op.body(),
                });
                await expectRejected(f.blockchain, r, {
                    from: who.address,
                    to: f.registry.address,
                    exitCode: RegistryError.notOwner,
                    before: b,
                });
            }
        }
    });

    // The minimally different positive of the table above: the same bodies from the owner are
    // accepted with every outgoing message exact, and each does what it says (and nothing is refused
    // for a reason other than the sender).
    it('[ACC-102] the same owner ops from the owner succeed', async () => {
        const stake = (await f.registry.getWorker(W.active))!.stake;
        const effects: Record<string, { handler: RegistryHandler; extra?: object; check: () => Promise<void> }> = {
            set_operator: {
                handler: 'setOperator',
                check: async () =>
                    expect((await f.registry.getRoles()).operator.toRawString()).toBe(f.stranger.address.toRawString()),
            },
            set_params: {
                handler: 'setParams',
                check: async () =>
                    expect(plain(await f.registry.getParams())).toEqual(
                        plain({ ...defaultParams(f.stranger.address), paused: false }),
                    ),
            },
            slash_stake: {
                handler: 'slashStake',
                extra: {
                    kept: -1n,
                    syncs: [{ workerIndex: W.active, payout: f.members[W.active].address, active: false }],
                    slashed: { workerIndex: W.active, amount: 1n },
                },
                check: async () =>
                    expect(await f.registry.getWorker(W.active)).toMatchObject({
                        status: WorkerStatus.suspended,
                        stake: stake - 1n,
                    }),
            },
            set_paused: {
                handler: 'setPaused',
                check: async () => expect((await f.registry.getParams()).paused).toBe(true),
            },
            transfer_ownership: {
                handler: 'transferOwnership',
                check: async () => {
                    const roles = await f.registry.getRoles();
                    expect({ owner: roles.owner.toRawString(), pending: roles.pendingOwner?.toRawString() }).toEqual({
                        owner: f.owner.address.toRawString(),
                        pending: f.stranger.address.toRawString(),
                    });
                },
            },
        };
        expect(Object.keys(effects)).toEqual(ops.map((o) => o.name));
        for (const op of ops) {
            await f.blockchain.loadFrom(f.snapshot);
            const value = plenty('slashStake', 1, 1);
            const b = await before();
            const r = await f.registry.sendRaw(f.owner.getSender(), { value, body: op.body() });
            const e = effects[op.name];
            await expectAccepted(f, r, {
                handler: e.handler,
                from: f.owner.address,
                msgValue: value,
                queryId: 0n,
                before: b,
                ...e.extra,
            });
            await e.check();
        }
    });
});
