/**
 * The parts of the registry's TypeScript mirror that the shared mirror check (tests/common) does
 * not cover: limits and statuses (params.fc). A client with a stale hard cap or status number
 * would build requests the contract refuses or misread records.
 */
import { RegistryLimits, WorkerStatus } from '../../wrappers/RegistryConstants';
import { funcConstants } from '../helpers/func-constants';

describe('RegistryConstants', () => {
    it('[BLD-101] RegistryLimits and WorkerStatus equal registry:: and status:: constants in params.fc', () => {
        const c = funcConstants('contracts/registry/params.fc');
        expect({
            maxCapacity: c.get('registry::max_capacity'),
            maxPerMemberLimit: c.get('registry::max_per_member_limit'),
            maxCooldown: c.get('registry::max_cooldown'),
        }).toEqual({
            maxCapacity: BigInt(RegistryLimits.maxCapacity),
            maxPerMemberLimit: BigInt(RegistryLimits.maxPerMemberLimit),
            maxCooldown: BigInt(RegistryLimits.maxCooldown),
        });
        const statuses = Object.fromEntries([...c].filter(([k]) => k.startsWith('status::')).map(([k, v]) => [k.slice(8), v]));
        expect(statuses).toEqual(Object.fromEntries(Object.entries(WorkerStatus).map(([k, v]) => [k, BigInt(v)])));
    });
});
