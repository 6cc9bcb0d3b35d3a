/**
 * PoolPayout behind the reconciler's interfaces (wrappers/PoolPayout.ts is the one place that knows
 * the contract's formats):
 * - `poolPayoutCodec`: pool_payout bodies, their bounced copies and what a bounce credits back (at
 *   the fee schedule of the chain read: a bounce handled before a change of gas prices is credited
 *   at the prices of its own time);
 * - `poolGetterReader`: the pool's getters (get_worker, get_pool_totals) on any opened contract
 *   (sandbox or TonClient): one call per worker;
 * - `poolStateReader`: the same answers from one read of the pool's storage, for large pools
 *   (10,000 getter calls take minutes in the sandbox and hit rate limits on toncenter).
 */
import { Address, Cell } from '@ton/core';
import { Blockchain } from '@ton/sandbox';
import { FeeSchedule } from '../chain/fees';
import {
    bounceCredit,
    parseBouncedPoolPayout,
    parsePoolPayout,
    parsePoolPayoutData,
    PoolOp,
    PoolTotals as PoolGetterTotals,
    PoolWorkerState,
} from '../../wrappers/PoolPayout';
import { BOUNCED_PREFIX } from '../../wrappers/shared';
import { PayoutCodec, PoolReader, PoolTotals, WorkerLedger } from './types';

function startsWith(body: Cell, ...ops: number[]): boolean {
    if (body.bits.length < 32 * ops.length) return false;
    const s = body.beginParse();
    return ops.every((op) => s.loadUint(32) === op);
}

export const poolPayoutCodec = (fees: FeeSchedule): PayoutCodec => ({
    parsePayout(body) {
        if (!startsWith(body, PoolOp.poolPayout)) return undefined;
        const m = parsePoolPayout(body);
        return { workerIndex: m.workerIndex, queryId: m.queryId, amount: m.amount };
    },
    parseBounced(body) {
        if (!startsWith(body, BOUNCED_PREFIX, PoolOp.poolPayout)) return undefined;
        const m = parseBouncedPoolPayout(body);
        return { workerIndex: m.workerIndex, queryId: m.queryId, amount: m.amount };
    },
    creditOf: (amount, value) => bounceCredit(fees, amount, value),
});

/** The getters the reader needs: what `openContract(PoolPayout)` gives in the sandbox and on TonClient. */
export interface PoolGetters {
    getWorker(workerIndex: number): Promise<PoolWorkerState>;
    getTotals(): Promise<PoolGetterTotals>;
}

function totalsOf(t: { revenue: bigint; commissionAccrued: bigint; paid: bigint; returned: bigint; storageCharged: bigint }): PoolTotals {
    return { revenue: t.revenue, commissionAccrued: t.commissionAccrued, paid: t.paid, returned: t.returned, storageCharged: t.storageCharged };
}

export function poolGetterReader(pool: PoolGetters): PoolReader {
    return {
        async workerLedger(workerIndex) {
            const w = await pool.getWorker(workerIndex);
            return { workerIndex, known: w.known, active: w.active, paid: w.paid, bounces: w.bounces };
        },
        async totals() {
            return totalsOf(await pool.getTotals());
        },
    };
}

/** A reader over one snapshot of the pool's storage cell (parsed once). */
export function poolStateReader(data: Cell): PoolReader {
    const state = parsePoolPayoutData(data);
    const ledger = new Map<number, WorkerLedger>();
    for (const w of state.workers) {
        ledger.set(w.index, { workerIndex: w.index, known: true, active: w.active, paid: w.paid ?? 0n, bounces: w.bounces ?? 0 });
    }
    return {
        async workerLedger(workerIndex) {
            return ledger.get(workerIndex) ?? { workerIndex, known: false, active: false, paid: 0n, bounces: 0 };
        },
        async totals() {
            return totalsOf(state.totals);
        },
    };
}

/** The pool's storage cell in a sandbox. */
export async function sandboxPoolData(blockchain: Blockchain, pool: Address): Promise<Cell> {
    const state = (await blockchain.getContract(pool)).accountState;
    if (state?.type !== 'active' || !state.state.data) throw new Error(`pool ${pool} is not active in the sandbox`);
    return state.state.data;
}
