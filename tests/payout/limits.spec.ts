/**
 * The pool's limits and layout constants (contracts/pool/params.fc), reserve floor sizes
 * (reserve.fc) and stop reasons as the wrapper mirrors them (PoolLimits, PoolReserve, StopReason):
 * a drifted mirror would make the toolkit pack requests the contract misreads, attach less value
 * than get_batch_value asks, or misname why a batch stopped. Ops, errors and gas are compared by
 * tests/common/mirror.spec.ts.
 */
import { camel, funcConstants } from '../../audits/tools/func-sources';
import { PoolGas, PoolLimits, PoolReserve, StopReason } from '../../wrappers/PoolPayout';

describe('PoolPayout limits mirror', () => {
    // Every layout and limit constant of params.fc equals PoolLimits under its camelCase name, and
    // the derived ones agree with the values they are derived from.
    it('[GAS-209] PoolLimits equals the layout and limit constants of contracts/pool/params.fc', () => {
        const consts = funcConstants('contracts/pool/params.fc');
        const mirrored = Object.entries(PoolLimits).map(([k, v]) => [k, BigInt(v)] as const);
        const fromFunc = [...consts]
            .filter(([name]) => !name.startsWith('stop::') && name !== 'BLOCKED' && name !== 'PAID_MASK')
            .map(([name, v]) => [camel(name.toLowerCase()), v] as const);
        expect(Object.fromEntries(fromFunc)).toEqual(Object.fromEntries(mirrored));
        expect(PoolLimits.pageSize).toBe(PoolLimits.leafSize * PoolLimits.leavesPerPage);
        expect(PoolLimits.leafHotBits).toBe(PoolLimits.leafSize * PoolLimits.slotBits);
        expect(PoolLimits.entriesPerChunkMin).toBeLessThanOrEqual(
            Math.floor(PoolLimits.chunkGasBudget / PoolGas.payoutEntry),
        );
        expect(consts.get('BLOCKED')).toBe(1n << BigInt(PoolLimits.paidBits));
    });

    // The floor's size bound and the stop codes of the excesses report are read by the toolkit
    // (reserve checks, stop-reason names): each must be the contract's value under its name.
    it('[GAS-209] PoolReserve equals reserve.fc and StopReason the stop:: codes that leave the contract', () => {
        const reserve = funcConstants('contracts/pool/reserve.fc');
        expect(
            Object.fromEntries(
                [...reserve].map(([name, v]) => [camel(name.replace(/^(RESERVE|POOL)_/, '').toLowerCase()), v]),
            ),
        ).toEqual(Object.fromEntries(Object.entries(PoolReserve).map(([k, v]) => [k, BigInt(v)])));
        const stops = [...funcConstants('contracts/pool/params.fc')].filter(([name]) => name.startsWith('stop::'));
        expect(
            Object.fromEntries(
                stops
                    .filter(([name]) => name !== 'stop::running' && name !== 'stop::more')
                    .map(([name, v]) => [camel(name.slice(6)), v]),
            ),
        ).toEqual(Object.fromEntries(Object.entries(StopReason).map(([k, v]) => [k, BigInt(v)])));
        expect(stops.map(([name]) => name)).toEqual(expect.arrayContaining(['stop::running', 'stop::more']));
    });
});
