/**
 * The reserve check and the stop-reason names the scripts print (toolkit/ops/reserve.ts,
 * toolkit/ops/stop-reasons.ts), at the boundary: floor - 1 is refused, the floor passes.
 */
import { toNano } from '@ton/core';
import { OpsError } from '../../toolkit/ops/errors';
import { belowFloorHint, requireReserveAtFloor } from '../../toolkit/ops/reserve';
import { STOP_REASON_NAMES, stopReasonText } from '../../toolkit/ops/stop-reasons';
import { StopReason } from '../../wrappers/PoolConstants';

const floor = toNano('0.32');

describe('reserve and stop reasons', () => {
    it('[FIN-408] every stop reason of the pool has its name, and 6 is below_floor', () => {
        expect(Object.values(StopReason).map((c) => stopReasonText(c))).toEqual([
            'stop reason 0 (done)',
            'stop reason 1 (no_worker_money)',
            'stop reason 2 (period_cap)',
            'stop reason 3 (paused)',
            'stop reason 5 (operator_changed)',
            'stop reason 6 (below_floor)',
        ]);
        expect(Object.keys(STOP_REASON_NAMES).map(Number)).toEqual(Object.values(StopReason));
    });

    it('[FIN-408] the reserve at its floor passes; one nanoton under it (or a negative reserve) is refused with the top-up', () => {
        expect(() => requireReserveAtFloor({ reserve: floor, floor })).not.toThrow();
        expect(belowFloorHint({ reserve: floor, floor })).toBe('');
        expect(() => requireReserveAtFloor({ reserve: floor - 1n, floor })).toThrow(OpsError);
        expect(() => requireReserveAtFloor({ reserve: -toNano('0.5'), floor })).toThrow(
            "the pool's reserve is -0.5 TON, under its floor of 0.32 TON: every batch would stop with stop reason 6 (below_floor), pay nothing and cost its fees; top it up by at least 0.82 TON (owner/fundReserve, from any wallet) and run again; nothing was sent",
        );
        expect(belowFloorHint({ reserve: floor - 1n, floor })).toBe(
            '; the reserve is under its floor, so the batch stopped with stop reason 6 (below_floor): top it up by at least 0.000000001 TON (owner/fundReserve)',
        );
    });
});
