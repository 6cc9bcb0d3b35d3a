/**
 * The pool's revenue booking, mirrored from contracts/pool/revenue.fc so the operator settles exactly
 * what the pool holds for workers. For every revenue message the contract books
 * `net = value - receipt fee` (the compute fee of gas::revenue at the live config; nothing when
 * net <= 0), takes `commission = floor(net * commission_bps / 10000)` (muldiv) and leaves
 * `net - commission` to the workers. The floor applies per message, so an epoch's distributable
 * amount is the sum over its messages, not the commission of their sum (which can differ by one
 * nanoton per message).
 */
import { SettlementError } from './errors';
import { checkAmount } from './validate';

/** Commission rates are in basis points: 10,000 = 100 %. */
export const BPS_DENOMINATOR = 10_000n;

export interface RevenueSplit {
    /** What the pool books as revenue: value - receipt fee, or 0. */
    booked: bigint;
    commission: bigint;
    distributable: bigint;
}

export interface RevenueBooking {
    commissionBps: bigint | number;
    /** The pool's receipt fee per revenue message (FeeSchedule.compute(PoolGas.revenue)); default 0. */
    receiptFee?: bigint;
}

function checkBps(bps: bigint | number): bigint {
    const b = typeof bps === 'bigint' ? bps : Number.isSafeInteger(bps) ? BigInt(bps) : -1n;
    if (b < 0n || b > BPS_DENOMINATOR)
        throw new SettlementError('bad-commission', `commission ${String(bps)} bps is not in 0..10000`);
    return b;
}

/** Booked revenue, commission and worker part of one revenue message, rounded as the contract does. */
export function splitRevenue(value: bigint, booking: RevenueBooking): RevenueSplit {
    checkAmount('revenue', value);
    const bps = checkBps(booking.commissionBps);
    const fee = checkAmount('receipt fee', booking.receiptFee ?? 0n);
    const booked = value > fee ? value - fee : 0n;
    const commission = (booked * bps) / BPS_DENOMINATOR;
    return { booked, commission, distributable: booked - commission };
}

/** Sum of `splitRevenue` over an epoch's revenue messages. */
export function splitEpochRevenue(values: readonly bigint[], booking: RevenueBooking): RevenueSplit {
    const total: RevenueSplit = { booked: 0n, commission: 0n, distributable: 0n };
    for (const v of values) {
        const s = splitRevenue(v, booking);
        total.booked += s.booked;
        total.commission += s.commission;
        total.distributable += s.distributable;
    }
    return total;
}

/** The part of the pool's totals getter that says how much worker money it booked. */
export interface BookedTotals {
    revenue: bigint;
    commissionAccrued: bigint;
}

/**
 * Worker revenue the pool booked between two reads of its totals (get_pool_totals):
 * the growth of revenue - commissionAccrued. Settling exactly this each epoch keeps the operator's
 * ledger equal to what the pool holds, whatever the receipt fee and rounding were.
 */
export function bookedWorkerRevenue(before: BookedTotals, after: BookedTotals): bigint {
    const d = after.revenue - after.commissionAccrued - (before.revenue - before.commissionAccrued);
    if (after.revenue < before.revenue || after.commissionAccrued < before.commissionAccrued || d < 0n) {
        throw new SettlementError(
            'negative-amount',
            `pool totals went backwards: ${before.revenue}/${before.commissionAccrued} -> ${after.revenue}/${after.commissionAccrued}`,
        );
    }
    return d;
}
