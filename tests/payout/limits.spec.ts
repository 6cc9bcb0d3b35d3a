/**
 * The pool's limits and layout constants (contracts/pool/params.fc) as the wrapper mirrors them
 * (PoolLimits): a drifted mirror would make the toolkit pack requests the contract misreads or
 * attach less value than get_batch_value asks. Ops, errors and gas are compared by tests/common/mirror.spec.ts.
 */
import { camelCase, funcConstants } from '../helpers/func-constants';
import { PoolGas, PoolLimits } from '../../wrappers/PoolPayout';

describe('PoolPayout limits mirror', () => {
    // Every layout and limit constant of params.fc equals PoolLimits under its camelCase name, and
    // the derived ones agree with the values they are derived from.
    it('[GAS-209] PoolLimits equals the layout and limit constants of contracts/pool/params.fc', () => {
        const consts = funcConstants('contracts/pool/params.fc');
        const mirrored = Object.entries(PoolLimits).map(([k, v]) => [k, BigInt(v)] as const);
        const fromFunc = [...consts]
            .filter(([name]) => !name.startsWith('stop::') && name !== 'BLOCKED' && name !== 'PAID_MASK')
            .map(([name, v]) => [camelCase(name.toLowerCase()), v] as const);
        expect(Object.fromEntries(fromFunc)).toEqual(Object.fromEntries(mirrored));
        expect(PoolLimits.pageSize).toBe(PoolLimits.leafSize * PoolLimits.leavesPerPage);
        expect(PoolLimits.leafHotBits).toBe(PoolLimits.leafSize * PoolLimits.slotBits);
        expect(PoolLimits.entriesPerChunkMin).toBeLessThanOrEqual(Math.floor(PoolLimits.chunkGasBudget / PoolGas.payoutEntry));
        expect(consts.get('BLOCKED')).toBe(1n << BigInt(PoolLimits.paidBits));
    });
});
