/**
 * Member ops: register_worker, change_payout, request_exit, withdraw_stake. Every success checks
 * the stored record through the getters and every outgoing message; every rejection checks the
 * exit code, that only the bounce left, and that the state cell did not change.
 */
import { Address, beginCell, Builder } from '@ton/core';
import { cellStats } from '../../toolkit/chain/fees';
import { RegistryError, RegistryOp, WorkerStatus } from '../../wrappers/RegistryConstants';
import { changePayoutBody } from '../../wrappers/WorkerRegistry';
import {
    COOLDOWN,
    MIN_STAKE,
    RegistryFixture,
    setupRegistry,
    START_TIME,
    workerRecord,
} from '../helpers/registry-fixture';
import { expectAccepted } from '../helpers/registry-expect';
import { expectRejected } from '../helpers/rejections';
import { plain } from '../helpers/plain';
import { stateOf } from '../../audits/harness/state';
import { FREE_MEMBER, LIVE, MEMBERS, RECORDS, STAKE, standardWorkers, W } from './workers';

let f: RegistryFixture;
const QID = 77n;

beforeAll(async () => {
    f = await setupRegistry({ members: MEMBERS, workers: standardWorkers });
});
beforeEach(async () => {
    await f.blockchain.loadFrom(f.snapshot);
});

const member = (i: number) => f.members[i];
const before = () => stateOf(f.blockchain, f.registry.address);
/** Comfortably above the handler's minimum (the minimum itself is tested in fees.spec.ts). */
const plenty = (h: Parameters<RegistryFixture['fees']['required']>[0], syncs = 1) => f.fees.required(h, syncs) * 2n;

/** Raw addresses the registry must refuse as payout (anything but a basechain addr_std). */
function badAddresses(): { label: string; bits: (b: ReturnType<typeof beginCell>) => void }[] {
    const id = 0x1234n;
    return [
        { label: 'masterchain addr_std', bits: (b) => b.storeUint(0b100, 3).storeInt(-1, 8).storeUint(id, 256) },
        { label: 'workchain 1 addr_std', bits: (b) => b.storeUint(0b100, 3).storeInt(1, 8).storeUint(id, 256) },
        {
            label: 'addr_std with anycast',
            bits: (b) => b.storeUint(0b101, 3).storeUint(0, 5).storeInt(0, 8).storeUint(id, 256),
        },
        { label: 'addr_none', bits: (b) => b.storeUint(0, 2) },
        { label: 'addr_extern', bits: (b) => b.storeUint(0b01, 2).storeUint(8, 9).storeUint(0xff, 8) },
        { label: 'addr_var', bits: (b) => b.storeUint(0b110, 3).storeUint(256, 9).storeInt(0, 32).storeUint(id, 256) },
    ];
}

describe('register_worker', () => {
    // A member registers a worker: the record must hold exactly what was sent, the stake must stay
    // in the registry (balance grows by the stake only) and the rest of the value must come back.
    it('[STO-101] register stores member, payout, pending status, stake, zero weight and the time, and returns the rest', async () => {
        const m = member(FREE_MEMBER);
        const payout = f.stranger.address;
        const stake = MIN_STAKE + 5n;
        const value = stake + plenty('registerWorker', 0);
        const b = await before();
        const r = await f.registry.sendRegisterWorker(m.getSender(), { value, stake, payout, queryId: QID });
        await expectAccepted(f, r, {
            handler: 'registerWorker',
            from: m.address,
            msgValue: value,
            queryId: QID,
            before: b,
            kept: stake,
        });
        const index = RECORDS;
        expect(plain(await f.registry.getWorker(index))).toEqual(
            plain(workerRecord(m.address, { payout, stake, registeredAt: START_TIME })),
        );
        expect(await f.registry.getMemberWorkers(m.address)).toEqual([index]);
        const counts = await f.registry.getCounts();
        expect(counts).toMatchObject({ nextIndex: index + 1, pending: 2, active: 1, suspended: 1, exited: 3 });
    });

    // The sum of stakes the registry reports must grow by exactly the new stake.
    it('[FIN-105] total_stake grows by exactly the registered stake', async () => {
        const m = member(FREE_MEMBER);
        const prior = (await f.registry.getCounts()).totalStake;
        await f.registry.sendRegisterWorker(m.getSender(), {
            value: MIN_STAKE + plenty('registerWorker', 0),
            stake: MIN_STAKE,
            payout: m.address,
        });
        expect((await f.registry.getCounts()).totalStake).toBe(prior + MIN_STAKE);
    });

    // A stake below the owner's minimum must be refused; the minimum itself is enough.
    it('[FIN-102] a stake of min_stake - 1 is rejected with stake_too_small and min_stake is accepted', async () => {
        const m = member(FREE_MEMBER);
        const b = await before();
        const low = await f.registry.sendRegisterWorker(m.getSender(), {
            value: MIN_STAKE + plenty('registerWorker', 0),
            stake: MIN_STAKE - 1n,
            payout: m.address,
        });
        await expectRejected(f.blockchain, low, {
            from: m.address,
            to: f.registry.address,
            exitCode: RegistryError.stakeTooSmall,
            before: b,
        });
        const value = MIN_STAKE + plenty('registerWorker', 0);
        const b2 = await before();
        const ok = await f.registry.sendRegisterWorker(m.getSender(), {
            value,
            stake: MIN_STAKE,
            payout: m.address,
            queryId: QID,
        });
        await expectAccepted(f, ok, {
            handler: 'registerWorker',
            from: m.address,
            msgValue: value,
            queryId: QID,
            before: b2,
            kept: MIN_STAKE,
        });
        expect(await f.registry.getWorker(RECORDS)).toMatchObject({ status: WorkerStatus.pending, stake: MIN_STAKE });
    });

    // The stake must be covered by the value on top of the fees: a member cannot register "on credit".
    it('[FIN-106] value covering the fees but not the whole stake is rejected with insufficient_value', async () => {
        const m = member(FREE_MEMBER);
        const b = await before();
        const value = MIN_STAKE + f.fees.required('registerWorker', 0) - 1n;
        const r = await f.registry.sendRegisterWorker(m.getSender(), { value, stake: MIN_STAKE, payout: m.address });
        await expectRejected(f.blockchain, r, {
            from: m.address,
            to: f.registry.address,
            exitCode: RegistryError.insufficientValue,
            before: b,
        });
    });

    // One wallet, one worker by default: a second registration must fail until the owner raises the
    // limit. Each refusal is 310 exactly with the state the same cell (the member still holds one
    // worker, counts and next_index unchanged); the registration the raised limit allows stores the
    // record in full, returns the exact rest and keeps the stake.
    it('[POOL-101] a second registration by the same member is rejected with member_limit until the owner raises max_per_member', async () => {
        const m = member(W.active);
        const value = MIN_STAKE + plenty('registerWorker', 0);
        const counts = await f.registry.getCounts();
        const b = await before();
        const r = await f.registry.sendRegisterWorker(m.getSender(), { value, stake: MIN_STAKE, payout: m.address });
        await expectRejected(f.blockchain, r, {
            from: m.address,
            to: f.registry.address,
            exitCode: RegistryError.memberLimit,
            before: b,
        });
        expect(await f.registry.getMemberWorkers(m.address)).toEqual([W.active]);
        expect(await f.registry.getCounts()).toEqual(counts);

        const params = await f.registry.getParams();
        const paramsValue = plenty('setParams', 0);
        const bp = await before();
        const raise = await f.registry.sendSetParams(f.owner.getSender(), {
            value: paramsValue,
            params: { ...params, maxPerMember: 2 },
            queryId: QID,
        });
        await expectAccepted(f, raise, {
            handler: 'setParams',
            from: f.owner.address,
            msgValue: paramsValue,
            queryId: QID,
            before: bp,
        });
        expect((await f.registry.getParams()).maxPerMember).toBe(2);

        const b1 = await before();
        const ok = await f.registry.sendRegisterWorker(m.getSender(), {
            value,
            stake: MIN_STAKE,
            payout: m.address,
            queryId: QID,
        });
        await expectAccepted(f, ok, {
            handler: 'registerWorker',
            from: m.address,
            msgValue: value,
            queryId: QID,
            before: b1,
            kept: MIN_STAKE,
        });
        expect(plain(await f.registry.getWorker(RECORDS))).toEqual(plain(workerRecord(m.address)));
        expect(await f.registry.getMemberWorkers(m.address)).toEqual([W.active, RECORDS]);
        expect(await f.registry.getCounts()).toEqual({
            ...counts,
            nextIndex: RECORDS + 1,
            pending: counts.pending + 1,
            totalStake: counts.totalStake + MIN_STAKE,
        });

        const b2 = await before();
        const third = await f.registry.sendRegisterWorker(m.getSender(), {
            value,
            stake: MIN_STAKE,
            payout: m.address,
        });
        await expectRejected(f.blockchain, third, {
            from: m.address,
            to: f.registry.address,
            exitCode: RegistryError.memberLimit,
            before: b2,
        });
        expect(await f.registry.getMemberWorkers(m.address)).toEqual([W.active, RECORDS]);
    });

    // Registration pause: new members are refused while paused, and accepted again once unpaused.
    it('[POOL-102] registration while paused is rejected with registration_paused and works again after unpausing', async () => {
        const m = member(FREE_MEMBER);
        await f.registry.sendSetPaused(f.owner.getSender(), { value: plenty('setPaused', 0), paused: true });
        const value = MIN_STAKE + plenty('registerWorker', 0);
        const b = await before();
        const r = await f.registry.sendRegisterWorker(m.getSender(), { value, stake: MIN_STAKE, payout: m.address });
        await expectRejected(f.blockchain, r, {
            from: m.address,
            to: f.registry.address,
            exitCode: RegistryError.registrationPaused,
            before: b,
        });
        await f.registry.sendSetPaused(f.owner.getSender(), { value: plenty('setPaused', 0), paused: false });
        const b2 = await before();
        const ok = await f.registry.sendRegisterWorker(m.getSender(), {
            value,
            stake: MIN_STAKE,
            payout: m.address,
            queryId: QID,
        });
        await expectAccepted(f, ok, {
            handler: 'registerWorker',
            from: m.address,
            msgValue: value,
            queryId: QID,
            before: b2,
            kept: MIN_STAKE,
        });
        expect(await f.registry.getWorker(RECORDS)).toMatchObject({ status: WorkerStatus.pending, stake: MIN_STAKE });
    });

    // The owner's capacity cap counts live records: the last free slot is taken, the next one refused.
    it('[STO-103] with capacity = live records + 1 the next registration succeeds and the one after is rejected with capacity_reached', async () => {
        const params = await f.registry.getParams();
        const c = await f.registry.getCounts();
        expect(c.pending + c.active + c.suspended + c.exited).toBe(LIVE);
        await f.registry.sendSetParams(f.owner.getSender(), {
            value: plenty('setParams', 0),
            params: { ...params, capacity: LIVE + 1 },
        });
        const value = MIN_STAKE + plenty('registerWorker', 0);
        const b0 = await before();
        const ok = await f.registry.sendRegisterWorker(member(FREE_MEMBER).getSender(), {
            value,
            stake: MIN_STAKE,
            payout: f.stranger.address,
            queryId: QID,
        });
        await expectAccepted(f, ok, {
            handler: 'registerWorker',
            from: member(FREE_MEMBER).address,
            msgValue: value,
            queryId: QID,
            before: b0,
            kept: MIN_STAKE,
        });
        expect(await f.registry.getCounts()).toMatchObject({
            nextIndex: RECORDS + 1,
            pending: c.pending + 1,
            totalStake: c.totalStake + MIN_STAKE,
        });
        expect((await f.registry.getWorker(RECORDS))!.payout.toRawString()).toBe(f.stranger.address.toRawString());
        const b = await before();
        const r = await f.registry.sendRegisterWorker(f.stranger.getSender(), {
            value,
            stake: MIN_STAKE,
            payout: f.stranger.address,
        });
        await expectRejected(f.blockchain, r, {
            from: f.stranger.address,
            to: f.registry.address,
            exitCode: RegistryError.capacityReached,
            before: b,
        });
    });

    // A payout the pool cannot pay to (another workchain, anycast, none, external, var) is refused at the door.
    it('[MSG-103] register with a payout that is not a basechain addr_std is rejected with not_basechain_address for each address kind', async () => {
        const m = member(FREE_MEMBER);
        for (const bad of badAddresses()) {
            const body = beginCell().storeUint(RegistryOp.registerWorker, 32).storeUint(QID, 64).storeCoins(MIN_STAKE);
            bad.bits(body);
            const b = await before();
            const r = await f.registry.sendRaw(m.getSender(), {
                value: MIN_STAKE + plenty('registerWorker', 0),
                body: body.endCell(),
            });
            await expectRejected(f.blockchain, r, {
                from: m.address,
                to: f.registry.address,
                exitCode: RegistryError.notBasechainAddress,
                before: b,
            });
        }
    });

    // The member index and the pool speak basechain account ids: a masterchain wallet cannot register.
    it('[MSG-104] a member wallet on the masterchain is rejected with member_not_basechain', async () => {
        const mc = await f.blockchain.treasury('masterchain-member', { workchain: -1 });
        const b = await before();
        const r = await f.registry.sendRegisterWorker(mc.getSender(), {
            value: MIN_STAKE + plenty('registerWorker', 0),
            stake: MIN_STAKE,
            payout: f.stranger.address,
        });
        await expectRejected(f.blockchain, r, {
            from: mc.address,
            to: f.registry.address,
            exitCode: RegistryError.memberNotBasechain,
            before: b,
        });
    });
});

describe('change_payout', () => {
    // The pool pays the new address from now on: it must hear the change, with the worker still payable.
    it('[MSG-106] changing the payout of an active worker stores it and syncs the pool with active=true', async () => {
        const m = member(W.active);
        const payout = f.stranger.address;
        const value = plenty('changePayout');
        const b = await before();
        const r = await f.registry.sendChangePayout(m.getSender(), {
            value,
            workerIndex: W.active,
            payout,
            queryId: QID,
        });
        await expectAccepted(f, r, {
            handler: 'changePayout',
            from: m.address,
            msgValue: value,
            queryId: QID,
            before: b,
            syncs: [{ workerIndex: W.active, payout, active: true }],
        });
        expect((await f.registry.getWorker(W.active))!.payout.equals(payout)).toBe(true);
    });

    // A suspended worker is known to the pool but not payable: the sync carries the new address and active=false.
    it('[MSG-106] changing the payout of a suspended worker syncs active=false', async () => {
        const m = member(W.suspended);
        const value = plenty('changePayout');
        const b = await before();
        const r = await f.registry.sendChangePayout(m.getSender(), {
            value,
            workerIndex: W.suspended,
            payout: f.stranger.address,
            queryId: QID,
        });
        await expectAccepted(f, r, {
            handler: 'changePayout',
            from: m.address,
            msgValue: value,
            queryId: QID,
            before: b,
            syncs: [{ workerIndex: W.suspended, payout: f.stranger.address, active: false }],
        });
    });

    // During the cooldown the pool still settles the worker, so an address change must reach it (active=true).
    it('[POOL-104] changing the payout of an exited worker in its cooldown syncs active=true', async () => {
        const m = member(W.exitedCooling);
        const value = plenty('changePayout');
        const b = await before();
        const r = await f.registry.sendChangePayout(m.getSender(), {
            value,
            workerIndex: W.exitedCooling,
            payout: f.stranger.address,
            queryId: QID,
        });
        await expectAccepted(f, r, {
            handler: 'changePayout',
            from: m.address,
            msgValue: value,
            queryId: QID,
            before: b,
            syncs: [{ workerIndex: W.exitedCooling, payout: f.stranger.address, active: true }],
        });
    });

    // The pool never heard of a pending worker: no sync, and the member pays no sync value.
    it('[POOL-106] changing the payout of a pending worker sends no worker_sync', async () => {
        const m = member(W.pending);
        const value = plenty('changePayout', 0);
        const b = await before();
        const r = await f.registry.sendChangePayout(m.getSender(), {
            value,
            workerIndex: W.pending,
            payout: f.stranger.address,
            queryId: QID,
        });
        await expectAccepted(f, r, {
            handler: 'changePayout',
            from: m.address,
            msgValue: value,
            queryId: QID,
            before: b,
        });
        expect((await f.registry.getWorker(W.pending))!.payout.equals(f.stranger.address)).toBe(true);
    });

    // A stolen operator key (or the owner, or anyone) must not be able to redirect a member's earnings.
    it('[ACC-103] change_payout from the operator, the owner, another member or a stranger is rejected with not_member', async () => {
        for (const who of [f.operator, f.owner, member(W.pending), f.stranger]) {
            const b = await before();
            const r = await f.registry.sendChangePayout(who.getSender(), {
                value: plenty('changePayout'),
                workerIndex: W.active,
                payout: who.address,
            });
            await expectRejected(f.blockchain, r, {
                from: who.address,
                to: f.registry.address,
                exitCode: RegistryError.notMember,
                before: b,
            });
        }
    });

    // After withdrawal the record is final.
    it('[POOL-103] changing the payout of a withdrawn worker is rejected with no_such_worker: its record left', async () => {
        const m = member(W.withdrawn);
        const b = await before();
        const r = await f.registry.sendChangePayout(m.getSender(), {
            value: plenty('changePayout'),
            workerIndex: W.withdrawn,
            payout: m.address,
        });
        await expectRejected(f.blockchain, r, {
            from: m.address,
            to: f.registry.address,
            exitCode: RegistryError.noSuchWorker,
            before: b,
        });
    });

    it('[MSG-103] change_payout to a non-basechain address is rejected with not_basechain_address for each address kind', async () => {
        const m = member(W.active);
        for (const bad of badAddresses()) {
            const body = beginCell().storeUint(RegistryOp.changePayout, 32).storeUint(QID, 64).storeUint(W.active, 32);
            bad.bits(body);
            const b = await before();
            const r = await f.registry.sendRaw(m.getSender(), { value: plenty('changePayout'), body: body.endCell() });
            await expectRejected(f.blockchain, r, {
                from: m.address,
                to: f.registry.address,
                exitCode: RegistryError.notBasechainAddress,
                before: b,
            });
        }
    });

    it('[STO-106] change_payout of an index that was never assigned is rejected with no_such_worker', async () => {
        const m = member(W.active);
        const b = await before();
        const r = await f.registry.sendRaw(m.getSender(), {
            value: plenty('changePayout'),
            body: changePayoutBody({ workerIndex: RECORDS, payout: m.address }),
        });
        await expectRejected(f.blockchain, r, {
            from: m.address,
            to: f.registry.address,
            exitCode: RegistryError.noSuchWorker,
            before: b,
        });
    });
});

describe('request_exit', () => {
    // An active worker leaving stays payable during the cooldown (final settlement window).
    it('[POOL-104] request_exit of an active worker marks it exited at now and syncs active=true', async () => {
        const m = member(W.active);
        const value = plenty('requestExit');
        const b = await before();
        f.blockchain.now = START_TIME + 100;
        const r = await f.registry.sendRequestExit(m.getSender(), { value, workerIndex: W.active, queryId: QID });
        await expectAccepted(f, r, {
            handler: 'requestExit',
            from: m.address,
            msgValue: value,
            queryId: QID,
            before: b,
            syncs: [{ workerIndex: W.active, payout: m.address, active: true }],
        });
        expect(await f.registry.getWorker(W.active)).toMatchObject({
            status: WorkerStatus.exited,
            exitRequestedAt: START_TIME + 100,
            stake: STAKE + 1n,
        });
        expect(await f.registry.getCounts()).toMatchObject({ pending: 1, active: 0, suspended: 1, exited: 4 });
    });

    // Per the pool interface a suspended worker that exits is settled during its cooldown too.
    it('[POOL-104] request_exit of a suspended worker syncs active=true for the cooldown', async () => {
        const m = member(W.suspended);
        const value = plenty('requestExit');
        const b = await before();
        const r = await f.registry.sendRequestExit(m.getSender(), { value, workerIndex: W.suspended, queryId: QID });
        await expectAccepted(f, r, {
            handler: 'requestExit',
            from: m.address,
            msgValue: value,
            queryId: QID,
            before: b,
            syncs: [{ workerIndex: W.suspended, payout: m.address, active: true }],
        });
        expect(await f.registry.getCounts()).toMatchObject({ suspended: 0, exited: 4 });
    });

    it('[POOL-106] request_exit of a pending worker sends no worker_sync', async () => {
        const m = member(W.pending);
        const value = plenty('requestExit', 0);
        const b = await before();
        const r = await f.registry.sendRequestExit(m.getSender(), { value, workerIndex: W.pending, queryId: QID });
        await expectAccepted(f, r, {
            handler: 'requestExit',
            from: m.address,
            msgValue: value,
            queryId: QID,
            before: b,
        });
        expect(await f.registry.getCounts()).toMatchObject({ pending: 0, exited: 4 });
    });

    // Exiting twice would restart the cooldown and double-count: refused.
    it('[POOL-103] request_exit of an exited worker is rejected with already_exited', async () => {
        const m = member(W.exitedCooling);
        const b = await before();
        const r = await f.registry.sendRequestExit(m.getSender(), {
            value: plenty('requestExit'),
            workerIndex: W.exitedCooling,
        });
        await expectRejected(f.blockchain, r, {
            from: m.address,
            to: f.registry.address,
            exitCode: RegistryError.alreadyExited,
            before: b,
        });
    });

    it('[ACC-103] request_exit from anyone but the member is rejected with not_member', async () => {
        for (const who of [f.operator, f.owner, member(W.pending), f.stranger]) {
            const b = await before();
            const r = await f.registry.sendRequestExit(who.getSender(), {
                value: plenty('requestExit'),
                workerIndex: W.active,
            });
            await expectRejected(f.blockchain, r, {
                from: who.address,
                to: f.registry.address,
                exitCode: RegistryError.notMember,
                before: b,
            });
        }
    });
});

describe('withdraw_stake', () => {
    // After the cooldown the member gets exactly its stake plus the unspent value, the pool hears
    // "not payable", the registry's balance drops by the stake alone, and the record is deleted.
    it('[FIN-103] withdraw after the cooldown returns the stake with stake_withdrawn and syncs withdrawn (active=false)', async () => {
        const m = member(W.exitedDue);
        const value = plenty('withdrawStake');
        const b = await before();
        const stake = (await f.registry.getWorker(W.exitedDue))!.stake;
        const total = (await f.registry.getCounts()).totalStake;
        const r = await f.registry.sendWithdrawStake(m.getSender(), { value, workerIndex: W.exitedDue, queryId: QID });
        await expectAccepted(f, r, {
            handler: 'withdrawStake',
            from: m.address,
            msgValue: value,
            queryId: QID,
            before: b,
            kept: -stake,
            syncs: [{ workerIndex: W.exitedDue, payout: m.address, active: false, withdrawn: true }],
            stakeWithdrawnFor: W.exitedDue,
        });
        expect(await f.registry.getWorker(W.exitedDue)).toBeNull();
        expect((await f.registry.getCounts()).totalStake).toBe(total - stake);
        expect(await f.registry.getMemberWorkers(m.address)).toEqual([]);
    });

    // Capacity burn (issue 9, finding 2): records used to stay after withdrawal and capacity counted
    // indices, so one recycled stake filled the registry for good. Property: with capacity = the live
    // records the registry is full (311); a withdrawal gives the record's 4 cells and its slot back,
    // the member holds nothing, the next registration takes the slot at a new index (never a reused
    // one), and the one after is refused again.
    it('[STO-104] after withdrawing, the record and its cells are gone, the member holds no worker and its slot is free again at capacity', async () => {
        const setCapacity = await f.registry.sendSetParams(f.owner.getSender(), {
            value: plenty('setParams', 0),
            params: { ...(await f.registry.getParams()), capacity: LIVE },
        });
        expect(setCapacity.transactions).toHaveTransaction({
            from: f.owner.address,
            to: f.registry.address,
            success: true,
            exitCode: 0,
        });
        const register = (who: number) =>
            f.registry.sendRegisterWorker(member(who).getSender(), {
                value: MIN_STAKE + plenty('registerWorker', 0),
                stake: MIN_STAKE,
                payout: member(who).address,
            });
        const full = await before();
        await expectRejected(f.blockchain, await register(FREE_MEMBER), {
            from: member(FREE_MEMBER).address,
            to: f.registry.address,
            exitCode: RegistryError.capacityReached,
            before: full,
        });

        const m = member(W.exitedDue);
        await f.registry.sendWithdrawStake(m.getSender(), { value: plenty('withdrawStake'), workerIndex: W.exitedDue });
        const cells = async () => Number(cellStats((await before()).data).cells);
        expect(Number(cellStats(full.data).cells) - (await cells())).toBe(4);
        expect(await f.registry.getMemberWorkers(m.address)).toEqual([]);
        expect(await f.registry.getCounts()).toMatchObject({ nextIndex: RECORDS, exited: 2 });

        const r = await register(FREE_MEMBER);
        expect(r.transactions).toHaveTransaction({
            from: member(FREE_MEMBER).address,
            to: f.registry.address,
            success: true,
            exitCode: 0,
        });
        expect(await f.registry.getMemberWorkers(member(FREE_MEMBER).address)).toEqual([RECORDS]);
        expect(await f.registry.getCounts()).toMatchObject({ nextIndex: RECORDS + 1, pending: 2 });
        const again = await before();
        await expectRejected(f.blockchain, await register(W.exitedDue), {
            from: m.address,
            to: f.registry.address,
            exitCode: RegistryError.capacityReached,
            before: again,
        });
    });

    it('[POOL-106] withdrawing the stake of a never-approved worker sends no worker_sync', async () => {
        const m = member(W.exitedUnsynced);
        const value = plenty('withdrawStake', 0);
        const b = await before();
        const stake = (await f.registry.getWorker(W.exitedUnsynced))!.stake;
        const r = await f.registry.sendWithdrawStake(m.getSender(), {
            value,
            workerIndex: W.exitedUnsynced,
            queryId: QID,
        });
        await expectAccepted(f, r, {
            handler: 'withdrawStake',
            from: m.address,
            msgValue: value,
            queryId: QID,
            before: b,
            kept: -stake,
            stakeWithdrawnFor: W.exitedUnsynced,
        });
    });

    // The cooldown is the pool's settlement window: one second early is refused, the exact second is not.
    it('[FIN-103] withdraw one second before exit + cooldown is rejected with cooldown_active and succeeds at exit + cooldown', async () => {
        const m = member(W.exitedCooling);
        f.blockchain.now = START_TIME + COOLDOWN - 1;
        const b = await before();
        const early = await f.registry.sendWithdrawStake(m.getSender(), {
            value: plenty('withdrawStake'),
            workerIndex: W.exitedCooling,
        });
        await expectRejected(f.blockchain, early, {
            from: m.address,
            to: f.registry.address,
            exitCode: RegistryError.cooldownActive,
            before: b,
        });
        f.blockchain.now = START_TIME + COOLDOWN;
        const stake = (await f.registry.getWorker(W.exitedCooling))!.stake;
        const value = plenty('withdrawStake');
        const b2 = await before();
        const ok = await f.registry.sendWithdrawStake(m.getSender(), {
            value,
            workerIndex: W.exitedCooling,
            queryId: QID,
        });
        await expectAccepted(f, ok, {
            handler: 'withdrawStake',
            from: m.address,
            msgValue: value,
            queryId: QID,
            before: b2,
            kept: -stake,
            syncs: [{ workerIndex: W.exitedCooling, payout: m.address, active: false, withdrawn: true }],
            stakeWithdrawnFor: W.exitedCooling,
        });
        expect(await f.registry.getWorker(W.exitedCooling)).toBeNull();
    });

    // A stake is returned once: a replayed withdrawal finds it gone.
    it('[FIN-103] a second withdraw of the same worker is rejected with no_such_worker: the record left with the stake', async () => {
        const m = member(W.exitedDue);
        await f.registry.sendWithdrawStake(m.getSender(), { value: plenty('withdrawStake'), workerIndex: W.exitedDue });
        const b = await before();
        const again = await f.registry.sendWithdrawStake(m.getSender(), {
            value: plenty('withdrawStake'),
            workerIndex: W.exitedDue,
        });
        await expectRejected(f.blockchain, again, {
            from: m.address,
            to: f.registry.address,
            exitCode: RegistryError.noSuchWorker,
            before: b,
        });
    });

    it('[POOL-103] withdraw of a worker that has not exited is rejected with not_exited', async () => {
        const m = member(W.active);
        const b = await before();
        const r = await f.registry.sendWithdrawStake(m.getSender(), {
            value: plenty('withdrawStake'),
            workerIndex: W.active,
        });
        await expectRejected(f.blockchain, r, {
            from: m.address,
            to: f.registry.address,
            exitCode: RegistryError.notExited,
            before: b,
        });
    });

    // Nobody but the member may take the stake (it would go to the sender).
    it('[ACC-103] withdraw from anyone but the member is rejected with not_member', async () => {
        for (const who of [f.operator, f.owner, member(W.active), f.stranger]) {
            const b = await before();
            const r = await f.registry.sendWithdrawStake(who.getSender(), {
                value: plenty('withdrawStake'),
                workerIndex: W.exitedDue,
            });
            await expectRejected(f.blockchain, r, {
                from: who.address,
                to: f.registry.address,
                exitCode: RegistryError.notMember,
                before: b,
            });
        }
    });
});

describe('payout address of the pool or the registry itself', () => {
    /** A basechain address one bit away from `a` (last bit of the account id flipped). */
    const oneBitOff = (a: Address) => {
        const hash = Buffer.from(a.hash);
        hash[31] ^= 1;
        return new Address(0, hash);
    };
    /** The TL-B body built field by field: payout is the 267-bit addr_std$10 anycast:0 workchain:0 id:256. */
    const rawPayout = (b: Builder, a: Address) => b.storeUint(0b100, 3).storeInt(a.workChain, 8).storeBuffer(a.hash);
    const registerRaw = (payout: Address) =>
        rawPayout(
            beginCell()
                .storeUint(RegistryOp.registerWorker, 32)
                .storeUint(0xffffffffffffffffn, 64)
                .storeCoins(MIN_STAKE),
            payout,
        ).endCell();
    const changeRaw = (index: number, payout: Address) =>
        rawPayout(
            beginCell().storeUint(RegistryOp.changePayout, 32).storeUint(0xffffffffffffffffn, 64).storeUint(index, 32),
            payout,
        ).endCell();
    const refused = () => [
        { payout: f.pool.address, exitCode: RegistryError.payoutIsPool },
        { payout: f.registry.address, exitCode: RegistryError.payoutIsRegistry },
    ];

    // Attack: a member names the pool as its payout address, so the pool pays itself (the payout is
    // booked as new revenue: commission taken twice, the worker marked paid, the member gets nothing),
    // or names the registry, so every payout bounces at the reserve's cost. Property: refused with
    // 325 / 326, nothing sent, state unchanged; an address one bit away is accepted.
    it('[POOL-108] register with the pool or the registry itself as payout is rejected with payout_is_pool / payout_is_registry; one bit off is accepted', async () => {
        const m = member(FREE_MEMBER);
        const value = MIN_STAKE + plenty('registerWorker', 0);
        for (const { payout, exitCode } of refused()) {
            const b = await before();
            const r = await f.registry.sendRaw(m.getSender(), { value, body: registerRaw(payout) });
            await expectRejected(f.blockchain, r, { from: m.address, to: f.registry.address, exitCode, before: b });
        }
        for (const { payout } of refused()) {
            await f.blockchain.loadFrom(f.snapshot);
            const r = await f.registry.sendRaw(m.getSender(), { value, body: registerRaw(oneBitOff(payout)) });
            expect(r.transactions).toHaveTransaction({
                from: m.address,
                to: f.registry.address,
                success: true,
                exitCode: 0,
            });
            expect((await f.registry.getWorker(RECORDS))!.payout.equals(oneBitOff(payout))).toBe(true);
        }
    });

    // Same attack through change_payout, in every state that may still change its payout (pending:
    // no sync; active, suspended, exited in cooldown: with a sync the pool would act on).
    it('[POOL-108] change_payout to the pool or the registry itself is rejected with payout_is_pool / payout_is_registry in every live state; one bit off is accepted', async () => {
        for (const i of [W.pending, W.active, W.suspended, W.exitedCooling, W.exitedUnsynced]) {
            const m = member(i);
            for (const { payout, exitCode } of refused()) {
                const b = await before();
                const r = await f.registry.sendRaw(m.getSender(), {
                    value: plenty('changePayout'),
                    body: changeRaw(i, payout),
                });
                await expectRejected(f.blockchain, r, { from: m.address, to: f.registry.address, exitCode, before: b });
                const ok = await f.registry.sendRaw(m.getSender(), {
                    value: plenty('changePayout'),
                    body: changeRaw(i, oneBitOff(payout)),
                });
                expect(ok.transactions).toHaveTransaction({
                    from: m.address,
                    to: f.registry.address,
                    success: true,
                    exitCode: 0,
                });
                expect((await f.registry.getWorker(i))!.payout.equals(oneBitOff(payout))).toBe(true);
                await f.blockchain.loadFrom(f.snapshot);
            }
        }
    });

    // The refused pool is the one the registry syncs now: after the owner moves the registry to a
    // new pool, that pool is refused and the old one (no longer paying) is an ordinary address.
    it('[POOL-108] after set_params moves the pool, the new pool is refused with payout_is_pool and the old one is accepted', async () => {
        const newPool = f.stranger.address;
        await f.registry.sendSetParams(f.owner.getSender(), {
            value: f.fees.required('setParams', 0) * 2n,
            params: { ...(await f.registry.getParams()), pool: newPool },
        });
        expect((await f.registry.getParams()).pool.equals(newPool)).toBe(true);
        const m = member(W.active);
        const b = await before();
        const r = await f.registry.sendRaw(m.getSender(), {
            value: plenty('changePayout'),
            body: changeRaw(W.active, newPool),
        });
        await expectRejected(f.blockchain, r, {
            from: m.address,
            to: f.registry.address,
            exitCode: RegistryError.payoutIsPool,
            before: b,
        });
        const old = await f.registry.sendRaw(m.getSender(), {
            value: plenty('changePayout'),
            body: changeRaw(W.active, f.pool.address),
        });
        expect(old.transactions).toHaveTransaction({
            from: m.address,
            to: f.registry.address,
            success: true,
            exitCode: 0,
        });
    });
});
