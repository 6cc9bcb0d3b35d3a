/**
 * Input checks shared by the settlement functions. Amounts are nanoton as `bigint`; worker indexes
 * are the registry's `uint32`. A JavaScript `number` amount (possibly fractional or beyond 2^53) is
 * refused instead of being silently converted.
 */
import { SettlementError } from './errors';

export const MAX_WORKER_INDEX = 0xffff_ffff;

export function checkAmount(what: string, v: unknown): bigint {
    if (typeof v !== 'bigint')
        throw new SettlementError('not-an-integer', `${what} must be a bigint, got ${typeof v} ${String(v)}`);
    if (v < 0n) throw new SettlementError('negative-amount', `${what} is negative: ${v}`);
    return v;
}

export function checkWorkerIndex(v: unknown): number {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > MAX_WORKER_INDEX) {
        throw new SettlementError('bad-worker-index', `worker index ${String(v)} is not a uint32`);
    }
    return v;
}
