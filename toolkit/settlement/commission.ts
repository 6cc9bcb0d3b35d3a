/**
 * The pool's commission, mirrored from the contract so the operator settles exactly what the pool
 * holds for workers. The contract takes `floor(value * commission_bps / 10000)` of every revenue
 * message it receives and books the rest as worker revenue; the floor therefore applies per message,
 * and the distributable amount of an epoch is the sum over its revenue messages, not the commission
 * of their sum (which can differ by up to one nanoton per message).
 */
import { SettlementError } from './errors';
import { checkAmount } from './validate';

/** Commission rates are in basis points: 10,000 = 100 %. */
export const BPS_DENOMINATOR = 10_000n;

export interface RevenueSplit {
    commission: bigint;
    distributable: bigint;
}

function checkBps(bps: bigint | number): bigint {
    const b = typeof bps === 'bigint' ? bps : Number.isSafeInteger(bps) ? BigInt(bps) : -1n;
    if (b < 0n || b > BPS_DENOMINATOR) throw new SettlementError('bad-commission', `commission ${String(bps)} bps is not in 0..10000`);
    return b;
}

/** Commission and worker part of one revenue message, rounded as the contract does. */
export function splitRevenue(value: bigint, commissionBps: bigint | number): RevenueSplit {
    checkAmount('revenue', value);
    const commission = (value * checkBps(commissionBps)) / BPS_DENOMINATOR;
    return { commission, distributable: value - commission };
}

/** Sum of `splitRevenue` over an epoch's revenue messages. */
export function splitEpochRevenue(values: readonly bigint[], commissionBps: bigint | number): RevenueSplit {
    let commission = 0n;
    let distributable = 0n;
    for (const v of values) {
        const s = splitRevenue(v, commissionBps);
        commission += s.commission;
        distributable += s.distributable;
    }
    return { commission, distributable };
}
