/**
 * Operator ops: approve_worker, reject_worker, suspend_worker, reinstate_worker, set_weight, resync_worker.
 * Each status transition is allowed from exactly one status; every other role is refused.
 */
import { Address, Cell } from '@ton/core';
import { cellStats } from '../../toolkit/chain/fees';
import { RegistryError, WorkerStatus } from '../../wrappers/RegistryConstants';
import {
    approveWorkerBody,
    RegistryHandler,
    reinstateWorkerBody,
    rejectWorkerBody,
    resyncWorkerBody,
    setWeightBody,
    suspendWorkerBody,
} from '../../wrappers/WorkerRegistry';
import { RegistryFixture, setupRegistry } from '../helpers/registry-fixture';
import { expectAccepted } from '../helpers/registry-expect';
import { expectRejected } from '../helpers/rejections';
import { stateOf } from '../../audits/harness/state';
import { MEMBERS, RECORDS, standardWorkers, W } from './workers';

let f: RegistryFixture;
const QID = 5n;

beforeAll(async () => {
    f = await setupRegistry({ members: MEMBERS, workers: standardWorkers });
});
beforeEach(async () => {
    await f.blockchain.loadFrom(f.snapshot);
});

const before = () => stateOf(f.blockchain, f.registry.address);
const plenty = (h: RegistryHandler, syncs = 1) => f.fees.required(h, syncs) * 2n;

describe('approve_worker', () => {
    // Approval makes a worker payable: the pool must hear it (active=true) and the record must say so.
    it('[MSG-106] approve moves a pending worker to active, marks it synced and syncs active=true', async () => {
        const value = plenty('approveWorker');
        const b = await before();
        const r = await f.registry.sendApproveWorker(f.operator.getSender(), {
            value,
            workerIndex: W.pending,
            queryId: QID,
        });
        await expectAccepted(f, r, {
            handler: 'approveWorker',
            from: f.operator.address,
            msgValue: value,
            queryId: QID,
            before: b,
            syncs: [{ workerIndex: W.pending, payout: f.members[W.pending].address, active: true }],
        });
        expect(await f.registry.getWorker(W.pending)).toMatchObject({ status: WorkerStatus.active, synced: true });
        expect(await f.registry.getCounts()).toMatchObject({ pending: 0, active: 2 });
    });

    it('[POOL-103] approve of a worker that is not pending is rejected with not_pending', async () => {
        for (const i of [W.active, W.suspended, W.exitedCooling]) {
            const b = await before();
            const r = await f.registry.sendApproveWorker(f.operator.getSender(), {
                value: plenty('approveWorker'),
                workerIndex: i,
            });
            await expectRejected(f.blockchain, r, {
                from: f.operator.address,
                to: f.registry.address,
                exitCode: RegistryError.notPending,
                before: b,
            });
        }
    });

    it('[STO-106] approve of an index that was never assigned is rejected with no_such_worker', async () => {
        const b = await before();
        const r = await f.registry.sendApproveWorker(f.operator.getSender(), {
            value: plenty('approveWorker'),
            workerIndex: RECORDS,
        });
        await expectRejected(f.blockchain, r, {
            from: f.operator.address,
            to: f.registry.address,
            exitCode: RegistryError.noSuchWorker,
            before: b,
        });
    });
});

describe('reject_worker', () => {
    // The operator refuses a pending worker (e.g. one of many registrations holding capacity):
    // the member must get its whole stake back (fees are the operator's), the record and member
    // entry must leave the state (its cells given back), no worker_sync (the pool never knew it).
    it('[POOL-109] reject_worker deletes a pending record and its member entry, returns the whole stake as worker_rejected and the rest to the operator', async () => {
        const value = f.fees.required('rejectWorker', 0, 1) * 2n;
        const b = await before();
        const { stake } = (await f.registry.getWorker(W.pending))!;
        const counts = await f.registry.getCounts();
        const r = await f.registry.sendRejectWorker(f.operator.getSender(), {
            value,
            workerIndex: W.pending,
            queryId: QID,
        });
        await expectAccepted(f, r, {
            handler: 'rejectWorker',
            from: f.operator.address,
            msgValue: value,
            queryId: QID,
            before: b,
            kept: -stake,
            rejected: { member: f.members[W.pending].address, workerIndex: W.pending, stake },
        });
        expect(await f.registry.getWorker(W.pending)).toBeNull();
        expect(await f.registry.getMemberWorkers(f.members[W.pending].address)).toEqual([]);
        expect(await f.registry.getCounts()).toEqual({
            ...counts,
            pending: counts.pending - 1,
            totalStake: counts.totalStake - stake,
        });
        const cells = (c: Cell) => Number(cellStats(c).cells);
        // record leaf + its fork, member-index leaf + its fork
        expect(cells(b.data) - cells((await stateOf(f.blockchain, f.registry.address)).data)).toBe(4);
    });

    it('[POOL-109] reject_worker of a worker that is not pending is rejected with not_pending', async () => {
        for (const i of [W.active, W.suspended, W.exitedDue, W.exitedCooling, W.exitedUnsynced]) {
            const b = await before();
            const r = await f.registry.sendRejectWorker(f.operator.getSender(), {
                value: f.fees.required('rejectWorker', 0, 1) * 2n,
                workerIndex: i,
            });
            await expectRejected(f.blockchain, r, {
                from: f.operator.address,
                to: f.registry.address,
                exitCode: RegistryError.notPending,
                before: b,
            });
        }
    });

    // A rejected index is gone: a second reject (a retried operator message) finds nothing.
    it('[POOL-109] reject_worker of a rejected, withdrawn or never-assigned index is rejected with no_such_worker', async () => {
        await f.registry.sendRejectWorker(f.operator.getSender(), {
            value: f.fees.required('rejectWorker', 0, 1) * 2n,
            workerIndex: W.pending,
        });
        for (const i of [W.pending, W.withdrawn, RECORDS, 0xffffffff]) {
            const b = await before();
            const r = await f.registry.sendRejectWorker(f.operator.getSender(), {
                value: f.fees.required('rejectWorker', 0, 1) * 2n,
                workerIndex: i,
            });
            await expectRejected(f.blockchain, r, {
                from: f.operator.address,
                to: f.registry.address,
                exitCode: RegistryError.noSuchWorker,
                before: b,
            });
        }
    });
});

describe('suspend_worker and reinstate_worker', () => {
    it('[MSG-106] suspend moves an active worker to suspended and syncs active=false', async () => {
        const value = plenty('suspendWorker');
        const b = await before();
        const r = await f.registry.sendSuspendWorker(f.operator.getSender(), {
            value,
            workerIndex: W.active,
            queryId: QID,
        });
        await expectAccepted(f, r, {
            handler: 'suspendWorker',
            from: f.operator.address,
            msgValue: value,
            queryId: QID,
            before: b,
            syncs: [{ workerIndex: W.active, payout: f.members[W.active].address, active: false }],
        });
        expect(await f.registry.getWorker(W.active)).toMatchObject({ status: WorkerStatus.suspended });
        expect(await f.registry.getCounts()).toMatchObject({ active: 0, suspended: 2 });
    });

    it('[POOL-103] suspend of a worker that is not active is rejected with not_active', async () => {
        for (const i of [W.pending, W.suspended, W.exitedCooling]) {
            const b = await before();
            const r = await f.registry.sendSuspendWorker(f.operator.getSender(), {
                value: plenty('suspendWorker'),
                workerIndex: i,
            });
            await expectRejected(f.blockchain, r, {
                from: f.operator.address,
                to: f.registry.address,
                exitCode: RegistryError.notActive,
                before: b,
            });
        }
    });

    it('[MSG-106] reinstate moves a suspended worker back to active and syncs active=true', async () => {
        const value = plenty('reinstateWorker');
        const b = await before();
        const r = await f.registry.sendReinstateWorker(f.operator.getSender(), {
            value,
            workerIndex: W.suspended,
            queryId: QID,
        });
        await expectAccepted(f, r, {
            handler: 'reinstateWorker',
            from: f.operator.address,
            msgValue: value,
            queryId: QID,
            before: b,
            syncs: [{ workerIndex: W.suspended, payout: f.members[W.suspended].address, active: true }],
        });
        expect(await f.registry.getCounts()).toMatchObject({ active: 2, suspended: 0 });
    });

    it('[POOL-103] reinstate of a worker that is not suspended is rejected with not_suspended', async () => {
        for (const i of [W.pending, W.active, W.exitedCooling]) {
            const b = await before();
            const r = await f.registry.sendReinstateWorker(f.operator.getSender(), {
                value: plenty('reinstateWorker'),
                workerIndex: i,
            });
            await expectRejected(f.blockchain, r, {
                from: f.operator.address,
                to: f.registry.address,
                exitCode: RegistryError.notSuspended,
                before: b,
            });
        }
    });
});

describe('set_weight', () => {
    // Weight is the operator's capacity score; the pool does not pay by it, so no sync.
    it('[STO-102] set_weight stores the weight, sends no worker_sync and returns the rest', async () => {
        const value = plenty('setWeight', 0);
        const b = await before();
        const r = await f.registry.sendSetWeight(f.operator.getSender(), {
            value,
            workerIndex: W.active,
            weight: 0xffffffff,
            queryId: QID,
        });
        await expectAccepted(f, r, {
            handler: 'setWeight',
            from: f.operator.address,
            msgValue: value,
            queryId: QID,
            before: b,
        });
        expect((await f.registry.getWorker(W.active))!.weight).toBe(0xffffffff);
    });

    it('[POOL-103] set_weight of a withdrawn worker is rejected with no_such_worker: its record left', async () => {
        const b = await before();
        const r = await f.registry.sendSetWeight(f.operator.getSender(), {
            value: plenty('setWeight', 0),
            workerIndex: W.withdrawn,
            weight: 1,
        });
        await expectRejected(f.blockchain, r, {
            from: f.operator.address,
            to: f.registry.address,
            exitCode: RegistryError.noSuchWorker,
            before: b,
        });
    });
});

describe('resync_worker', () => {
    // Re-sends the current state (e.g. after a bounced sync): same fields as the last change.
    it('[TON-101] resync re-sends the current payout and payable flag and changes no state', async () => {
        for (const [i, active] of [
            [W.active, true],
            [W.suspended, false],
            [W.exitedCooling, true],
        ] as const) {
            const value = plenty('resyncWorker');
            const b = await before();
            const r = await f.registry.sendResyncWorker(f.operator.getSender(), {
                value,
                workerIndex: i,
                queryId: QID,
            });
            await expectAccepted(f, r, {
                handler: 'resyncWorker',
                from: f.operator.address,
                msgValue: value,
                queryId: QID,
                before: b,
                syncs: [{ workerIndex: i, payout: f.members[i].address, active }],
            });
            expect((await stateOf(f.blockchain, f.registry.address)).data.equals(b.data)).toBe(true);
        }
    });

    // Fault: the worker_sync of a withdrawal bounced (pool down), so the pool still believes the worker
    // payable, and its record is gone. Property: resync of a departed index still tells the pool
    // "not payable" (zero payout address 0:0…0), changes no state; an index never assigned is 313.
    it('[TON-101] resync of an index whose record left sends withdrawn (active=false) with the zero payout; a never-assigned index is rejected with no_such_worker', async () => {
        const value = plenty('resyncWorker');
        const b = await before();
        const r = await f.registry.sendResyncWorker(f.operator.getSender(), {
            value,
            workerIndex: W.withdrawn,
            queryId: QID,
        });
        await expectAccepted(f, r, {
            handler: 'resyncWorker',
            from: f.operator.address,
            msgValue: value,
            queryId: QID,
            before: b,
            syncs: [
                { workerIndex: W.withdrawn, payout: new Address(0, Buffer.alloc(32)), active: false, withdrawn: true },
            ],
        });
        expect((await stateOf(f.blockchain, f.registry.address)).data.equals(b.data)).toBe(true);
        for (const i of [RECORDS, 0xffffffff]) {
            const b2 = await before();
            const never = await f.registry.sendResyncWorker(f.operator.getSender(), { value, workerIndex: i });
            await expectRejected(f.blockchain, never, {
                from: f.operator.address,
                to: f.registry.address,
                exitCode: RegistryError.noSuchWorker,
                before: b2,
            });
        }
    });

    it('[POOL-106] resync of a worker the pool never heard of is rejected with never_synced', async () => {
        for (const i of [W.pending, W.exitedUnsynced]) {
            const b = await before();
            const r = await f.registry.sendResyncWorker(f.operator.getSender(), {
                value: plenty('resyncWorker'),
                workerIndex: i,
            });
            await expectRejected(f.blockchain, r, {
                from: f.operator.address,
                to: f.registry.address,
                exitCode: RegistryError.neverSynced,
                before: b,
            });
        }
    });
});

describe('operator access', () => {
    const ops = [
        { name: 'approve_worker', body: () => approveWorkerBody({ workerIndex: W.pending }) },
        { name: 'reject_worker', body: () => rejectWorkerBody({ workerIndex: W.pending }) },
        { name: 'suspend_worker', body: () => suspendWorkerBody({ workerIndex: W.active }) },
        { name: 'reinstate_worker', body: () => reinstateWorkerBody({ workerIndex: W.suspended }) },
        { name: 'set_weight', body: () => setWeightBody({ workerIndex: W.active, weight: 7 }) },
        { name: 'resync_worker', body: () => resyncWorkerBody({ workerIndex: W.active }) },
    ];
    // A member approving itself, or the owner acting as operator, must fail: the operator role is one address.
    it('[ACC-101] every operator op from the owner, a member or a stranger is rejected with not_operator and changes nothing', async () => {
        for (const op of ops) {
            for (const who of [f.owner, f.members[W.pending], f.members[W.active], f.stranger]) {
                const b = await before();
                const r = await f.registry.sendRaw(who.getSender(), {
                    value: plenty('approveWorker'),
                    body: op.body(),
                });
                await expectRejected(f.blockchain, r, {
                    from: who.address,
                    to: f.registry.address,
                    exitCode: RegistryError.notOperator,
                    before: b,
                });
            }
        }
    });
});
