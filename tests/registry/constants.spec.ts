/**
 * The parts of the registry's TypeScript mirror that the shared mirror check (tests/common) does
 * not cover: limits (storage.fc) and statuses (worker.fc), and the worker_sync size the fee mirror
 * prices (messages.fc). A client with a stale hard cap or status number would build requests the contract
 * refuses or misread records; a stale sync size would attach less than get_required_value.
 */
import { Address, beginCell } from '@ton/core';
import { RegistryLimits, WorkerStatus } from '../../wrappers/RegistryConstants';
import { storeWorkerSync, WORKER_SYNC_BODY_BITS } from '../../wrappers/shared';
import { funcConstants } from '../../audits/tools/func-sources';

describe('RegistryConstants', () => {
    it('[BLD-101] RegistryLimits and WorkerStatus equal the registry:: constants of storage.fc and the status:: constants of worker.fc', () => {
        const c = new Map([
            ...funcConstants('contracts/registry/storage.fc'),
            ...funcConstants('contracts/registry/worker.fc'),
        ]);
        expect({
            maxCapacity: c.get('registry::capacity_max'),
            maxPerMemberLimit: c.get('registry::per_member_max'),
            maxCooldown: c.get('registry::cooldown_max'),
        }).toEqual({
            maxCapacity: BigInt(RegistryLimits.maxCapacity),
            maxPerMemberLimit: BigInt(RegistryLimits.maxPerMemberLimit),
            maxCooldown: BigInt(RegistryLimits.maxCooldown),
        });
        const statuses = Object.fromEntries(
            [...c].filter(([k]) => k.startsWith('status::')).map(([k, v]) => [k.slice(8), v]),
        );
        expect(statuses).toEqual(Object.fromEntries(Object.entries(WorkerStatus).map(([k, v]) => [k, BigInt(v)])));
    });

    // The registry prices each worker_sync as a one-cell ref of WORKER_SYNC_BODY_BITS: the mirror
    // must be the contract's constant and the size of the body actually sent (basechain payout).
    it("[BLD-101] WORKER_SYNC_BODY_BITS equals messages.fc's and the worker_sync body the wrapper builds", () => {
        const payout = new Address(0, Buffer.alloc(32, 0xab));
        const body = beginCell()
            .store(storeWorkerSync({ queryId: 1n, workerIndex: 7, payout, active: true }))
            .endCell();
        expect({
            func: funcConstants('contracts/registry/messages.fc').get('WORKER_SYNC_BODY_BITS'),
            built: body.bits.length,
            refs: body.refs.length,
        }).toEqual({
            func: BigInt(WORKER_SYNC_BODY_BITS),
            built: WORKER_SYNC_BODY_BITS,
            refs: 0,
        });
    });
});
