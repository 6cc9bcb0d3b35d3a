/**
 * PoolPayout's limits and required value for the batcher, from wrappers/PoolPayout.ts: at most
 * PoolLimits.batchEntriesMax entries per request (the contract refuses more with 408), cumulative
 * amounts up to the ledger's uint64, and the value get_batch_value asks for, computed from the live
 * config (the contract refuses less with 407; the unspent part comes back with the batch report).
 */
import { FeeSchedule } from '../chain/fees';
import { batchValue, MAX_CUMULATIVE, PoolLimits } from '../../wrappers/PoolPayout';
import { BatchLimits, RequiredValue } from './types';

export const POOL_BATCH_LIMITS: BatchLimits = {
    maxEntriesPerRequest: PoolLimits.batchEntriesMax,
    maxCumulative: MAX_CUMULATIVE,
};

export interface PoolValueOptions {
    /**
     * Added to the contract's minimum: covers a price rise between planning and delivery (the
     * unspent value is returned). Default 0: exactly the minimum at the prices of `fees`.
     */
    margin?: bigint;
}

/** The value the pool requires for a request, at the prices of `fees` (e.g. new FeeSchedule(blockchain.config)). */
export function poolRequiredValue(fees: FeeSchedule, opts: PoolValueOptions = {}): RequiredValue {
    const margin = opts.margin ?? 0n;
    if (margin < 0n) throw new Error(`poolRequiredValue: margin ${margin} is negative`);
    return (entries) => batchValue(fees, entries.length) + margin;
}
