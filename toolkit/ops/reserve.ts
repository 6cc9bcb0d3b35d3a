/**
 * The pool's reserve against its floor (get_reserve: reserve = balance − owed − commission held,
 * floor = a year of storage at the live prices). Under the floor every batch stops with stop reason
 * 6 at its first transaction, paying nothing while its fees are spent, so submitPayouts refuses
 * before sending and says how much fundReserve must add.
 */
import { formatTon } from './args';
import { OpsError } from './errors';
import { stopReasonText } from './stop-reasons';
import { StopReason } from '../../wrappers/PoolConstants';

export interface ReserveState {
    reserve: bigint;
    floor: bigint;
}

/** One line for the summary: `reserve:  1.2 TON (floor 0.32 TON)`. */
export function reserveLine(r: ReserveState): string {
    return `reserve:  ${formatTon(r.reserve)} (floor ${formatTon(r.floor)}, a year of storage)`;
}

/** The PartlyDone hint when a batch stopped while the reserve is under its floor ('' otherwise). */
export function belowFloorHint(r: ReserveState): string {
    return r.reserve < r.floor
        ? `; the reserve is under its floor, so the batch stopped with ${stopReasonText(StopReason.belowFloor)}: top it up by at least ${formatTon(r.floor - r.reserve)} (owner/fundReserve)`
        : '';
}

/** Throws the refusal when the reserve is under its floor. */
export function requireReserveAtFloor(r: ReserveState): void {
    if (r.reserve >= r.floor) return;
    throw new OpsError(
        `the pool's reserve is ${formatTon(r.reserve)}, under its floor of ${formatTon(r.floor)}: every batch would stop with ${stopReasonText(StopReason.belowFloor)}, ` +
            `pay nothing and cost its fees; top it up by at least ${formatTon(r.floor - r.reserve)} (owner/fundReserve, from any wallet) and run again; nothing was sent`,
    );
}
