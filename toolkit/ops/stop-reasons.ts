/**
 * Why a payout batch stopped: the last field of the pool's batch report (wrappers/PoolConstants.ts
 * StopReason, docs/payout.md), named the same way wherever the scripts print one.
 */
import { StopReason, StopReasonCode } from '../../wrappers/PoolConstants';

export const STOP_REASON_NAMES: Record<StopReasonCode, string> = {
    [StopReason.done]: 'done',
    [StopReason.noWorkerMoney]: 'no_worker_money',
    [StopReason.periodCap]: 'period_cap',
    [StopReason.paused]: 'paused',
    [StopReason.operatorChanged]: 'operator_changed',
    [StopReason.belowFloor]: 'below_floor',
};

/** `stop reason 6 (below_floor)`. */
export function stopReasonText(code: StopReasonCode): string {
    return `stop reason ${code} (${STOP_REASON_NAMES[code]})`;
}
