/**
 * The wrapper's codecs: every request builder round-trips through parseRegistryRequest (which
 * reads exactly as the contract does and refuses trailing data), and the storage codec
 * round-trips a registry with a record in every state. A codec that drifted from the TL-B would
 * make the toolkit misread what it sent or what the chain holds.
 */
import { beginCell, toNano } from '@ton/core';
import { RegistryOp } from '../../wrappers/RegistryConstants';
import { parsePendingOwner, pendingOwnerCell } from '../../wrappers/shared';
import * as R from '../../wrappers/WorkerRegistry';
import { defaultParams } from '../helpers/registry-fixture';
import { plain } from '../helpers/plain';
import { syntheticAddress } from './population';
import { standardWorkers } from './workers';

const a = syntheticAddress(1, 'wrapper');
const b = syntheticAddress(2, 'wrapper');

describe('WorkerRegistry wrapper codecs', () => {
    it('[BLD-102] every request body round-trips through parseRegistryRequest; a trailing bit or an unknown op is refused', () => {
        const q = { queryId: 0xfedcba9876543210n };
        const requests: R.RegistryRequest[] = [
            { kind: 'registerWorker', ...q, stake: toNano('12.5'), payout: a },
            { kind: 'changePayout', ...q, workerIndex: 7, payout: b },
            { kind: 'requestExit', ...q, workerIndex: 1 },
            { kind: 'withdrawStake', ...q, workerIndex: 2 },
            { kind: 'approveWorker', ...q, workerIndex: 3 },
            { kind: 'rejectWorker', ...q, workerIndex: 0xfffffffe },
            { kind: 'suspendWorker', ...q, workerIndex: 4 },
            { kind: 'reinstateWorker', ...q, workerIndex: 5 },
            { kind: 'resyncWorker', ...q, workerIndex: 0xffffffff },
            { kind: 'setWeight', ...q, workerIndex: 6, weight: 123456 },
            { kind: 'setOperator', ...q, operator: a },
            {
                kind: 'setParams',
                ...q,
                params: defaultParams(b, { minStake: 1n, cooldown: 60, capacity: 100, maxPerMember: 3 }),
            },
            { kind: 'slashStake', ...q, workerIndex: 8, amount: 99n },
            { kind: 'setPaused', ...q, paused: true },
            { kind: 'transferOwnership', ...q, newOwner: b },
            { kind: 'claimOwnership', ...q },
        ];
        const build: {
            [K in R.RegistryRequest['kind']]: (
                r: Extract<R.RegistryRequest, { kind: K }>,
            ) => ReturnType<typeof R.claimOwnershipBody>;
        } = {
            registerWorker: R.registerWorkerBody,
            changePayout: R.changePayoutBody,
            requestExit: R.requestExitBody,
            withdrawStake: R.withdrawStakeBody,
            approveWorker: R.approveWorkerBody,
            rejectWorker: R.rejectWorkerBody,
            suspendWorker: R.suspendWorkerBody,
            reinstateWorker: R.reinstateWorkerBody,
            resyncWorker: R.resyncWorkerBody,
            setWeight: R.setWeightBody,
            setOperator: R.setOperatorBody,
            setParams: R.setParamsBody,
            slashStake: R.slashStakeBody,
            setPaused: R.setPausedBody,
            transferOwnership: R.transferOwnershipBody,
            claimOwnership: R.claimOwnershipBody,
        };
        expect(new Set(requests.map((r) => r.kind)).size).toBe(Object.keys(RegistryOp).length - 2); // all but stake_withdrawn and worker_rejected
        for (const r of requests) {
            const body = (build[r.kind] as (x: R.RegistryRequest) => ReturnType<typeof R.claimOwnershipBody>)(r);
            expect(body.beginParse().loadUint(32)).toBe(RegistryOp[r.kind]);
            expect(plain(R.parseRegistryRequest(body))).toEqual(plain(r));
            expect(() =>
                R.parseRegistryRequest(beginCell().storeSlice(body.beginParse()).storeBit(0).endCell()),
            ).toThrow();
        }
        for (const outbound of [RegistryOp.stakeWithdrawn, RegistryOp.workerRejected]) {
            expect(() =>
                R.parseRegistryRequest(beginCell().storeUint(outbound, 32).storeUint(0, 64).storeUint(0, 32).endCell()),
            ).toThrow(/unknown op/);
        }
    });

    it('[BLD-102] the storage codec round-trips records in every state, the derived counters and the member index', () => {
        const members = Array.from({ length: 8 }, (_, i) => syntheticAddress(i, 'codec'));
        const workers = standardWorkers({ members });
        const config: R.WorkerRegistryConfig = {
            owner: a,
            operator: b,
            pendingOwner: a,
            params: defaultParams(b),
            paused: true,
            workers,
            bouncedSyncs: 3,
            bouncedSlashes: 4,
        };
        const data = R.parseWorkerRegistryData(R.workerRegistryConfigToCell(config));
        const live = workers.flatMap((w, i) => (w === null ? [] : [[w, i] as const]));
        expect(plain([...data.workers.entries()])).toEqual(plain(live.map(([w, i]) => [i, w])));
        expect(data).toMatchObject({
            ...R.countWorkers(workers),
            nextIndex: workers.length,
            paused: true,
            bouncedSyncs: 3,
            bouncedSlashes: 4,
        });
        expect(
            plain({ owner: data.owner, operator: data.operator, pendingOwner: data.pendingOwner, params: data.params }),
        ).toEqual(plain({ owner: a, operator: b, pendingOwner: a, params: config.params }));
        // an index whose record left is in neither dictionary; every live worker is listed under its member
        expect(data.workers.has(5)).toBe(false);
        expect(data.members.size).toBe(live.length);
        for (const [w, i] of live) expect(data.members.get(R.memberKey(w.member))).toEqual([i]);
    });

    // Both contracts keep pending_owner:(Maybe ^MsgAddressInt) (shared.ts). Must hold: nothing is
    // null both ways, the nominee round-trips, and a ref with a bit past the address is refused
    // rather than read as a nominee.
    it('[BLD-102] the pending owner is a Maybe ^MsgAddressInt: none, a nominee, and a ref with a trailing bit refused', () => {
        expect(pendingOwnerCell(null)).toBeNull();
        expect(parsePendingOwner(null)).toBeNull();
        expect(parsePendingOwner(pendingOwnerCell(a))!.equals(a)).toBe(true);
        expect(pendingOwnerCell(a)!.bits.length).toBe(267);
        const trailing = beginCell().storeAddress(a).storeBit(1).endCell();
        expect(() => parsePendingOwner(trailing)).toThrow();
    });
});
