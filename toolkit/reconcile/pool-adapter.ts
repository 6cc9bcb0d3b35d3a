/**
 * PoolPayout behind the reconciler's interfaces (wrappers/PoolPayout.ts is the one place that knows
 * the contract's formats):
 * - `poolPayoutCodec`: pool_payout bodies, their bounced copies and what a bounce credits back (at
 *   the fee schedule of the chain read: a bounce handled before a change of gas prices is credited
 *   at the prices of its own time);
 * - `poolGetterReader`: the pool's getters (get_worker, get_pool_totals) on any opened contract
 *   (sandbox or TonClient): one call per worker;
 * - `poolStateReader`: the same answers from one read of the pool's storage, for large pools
 *   (10,000 getter calls take minutes in the sandbox and hit rate limits on toncenter);
 * - `poolAttributedCodec`: the attributed books' messages (attributed_revenue authenticated as the pool
 *   does, attributed_payout, its bounce, the commission rate) and their fees;
 * - `attributedGetterReader` / `attributedStateReader`: the attributed getters (get_attributed_totals,
 *   get_attributed_owed), or the same from one read of the storage.
 */
import { Address, Cell } from '@ton/core';
import { Blockchain } from '@ton/sandbox';
import { FeeSchedule } from '../chain/fees';
import { earningsAddressOf } from '../../wrappers/EarningsAddress';
import {
    attributedBounceCredit,
    attributedReceiptFee,
    AttributedTotals,
    bounceCredit,
    parseAttributedPayout,
    parseBouncedAttributedPayout,
    parseBouncedPoolPayout,
    parsePoolPayout,
    parsePoolPayoutData,
    PoolOp,
    PoolTotals as PoolGetterTotals,
    PoolWorkerState,
} from '../../wrappers/PoolPayout';
import { BOUNCED_PREFIX, SharedOp } from '../../wrappers/shared';
import { AttributedCodec, AttributedReader, PayoutCodec, PoolReader, PoolTotals, WorkerLedger } from './types';

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

function totalsOf(t: {
    revenue: bigint;
    commissionAccrued: bigint;
    paid: bigint;
    returned: bigint;
    storageCharged: bigint;
}): PoolTotals {
    return {
        revenue: t.revenue,
        commissionAccrued: t.commissionAccrued,
        paid: t.paid,
        returned: t.returned,
        storageCharged: t.storageCharged,
    };
}

export function poolGetterReader(pool: PoolGetters): PoolReader {
    return {
        async workerLedger(workerIndex) {
            const w = await pool.getWorker(workerIndex);
            return {
                workerIndex,
                known: w.known,
                active: w.active,
                withdrawn: w.withdrawn,
                paid: w.paid,
                bounces: w.bounces,
            };
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
        ledger.set(w.index, {
            workerIndex: w.index,
            known: true,
            active: w.active,
            withdrawn: !!w.withdrawn,
            paid: w.paid ?? 0n,
            bounces: w.bounces ?? 0,
        });
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

/**
 * The attributed messages of the pool at `pool` whose earnings addresses derive from `earningsCode`
 * (get_earnings_code), priced at the fee schedule of the chain read, as `poolPayoutCodec`.
 */
export function poolAttributedCodec(fees: FeeSchedule, pool: Address, earningsCode: Cell): AttributedCodec {
    const addresses = new Map<number, Address>();
    const earningsAddress = (workerIndex: number) => {
        let a = addresses.get(workerIndex);
        if (!a) addresses.set(workerIndex, (a = earningsAddressOf({ pool, workerIndex }, earningsCode)));
        return a;
    };
    return {
        parseRevenue(body) {
            if (!startsWith(body, SharedOp.attributedRevenue)) return undefined;
            // attributed_revenue#53d8636a query_id:uint64 worker_index:uint32; shorter is plain revenue
            if (body.bits.length < 32 + 64 + 32) return {};
            const s = body.beginParse().skip(32 + 64);
            return { workerIndex: s.loadUint(32) };
        },
        isEarningsAddress: (from, workerIndex) => from.workChain === 0 && from.equals(earningsAddress(workerIndex)),
        parsePayout(body) {
            if (!startsWith(body, PoolOp.attributedPayout)) return undefined;
            const m = parseAttributedPayout(body);
            return { workerIndex: m.workerIndex, amount: m.amount };
        },
        parseBounced(body) {
            if (!startsWith(body, BOUNCED_PREFIX, PoolOp.attributedPayout)) return undefined;
            const m = parseBouncedAttributedPayout(body);
            return { workerIndex: m.workerIndex, amount: m.amount };
        },
        parseCommissionChange(body) {
            if (!startsWith(body, PoolOp.setParams)) return undefined;
            return body
                .beginParse()
                .skip(32 + 64)
                .loadUint(16);
        },
        commissionAtDeploy: (data) => parsePoolPayoutData(data).commissionBps,
        receiptFee: () => attributedReceiptFee(fees),
        bounceCreditOf: (amount, value) => attributedBounceCredit(fees, amount, value),
    };
}

/** The attributed getters the reader needs: what `openContract(PoolPayout)` gives in the sandbox and on TonClient. */
export interface AttributedGetters {
    getAttributedTotals(): Promise<AttributedTotals>;
    getAttributedOwed(workerIndex: number): Promise<bigint>;
}

export function attributedGetterReader(pool: AttributedGetters): AttributedReader {
    return {
        totals: () => pool.getAttributedTotals(),
        async owed(indexes) {
            const out = new Map<number, bigint>();
            for (const i of indexes) out.set(i, await pool.getAttributedOwed(i));
            return out;
        },
    };
}

/** The attributed books of one snapshot of the pool's storage (totals as get_attributed_totals computes them). */
export function attributedStateReader(data: Cell): AttributedReader {
    const { attributed: a, owed, owedEntries } = parsePoolPayoutData(data);
    return {
        totals: async () => ({ ...a, owed: a.revenue - a.commission - a.paid + a.returned, entries: owedEntries }),
        owed: async (indexes) => new Map(indexes.map((i) => [i, owed.get(i) ?? 0n])),
        owedIndexes: async () => [...owed.keys()],
    };
}

/** The pool's storage cell in a sandbox. */
export async function sandboxPoolData(blockchain: Blockchain, pool: Address): Promise<Cell> {
    const state = (await blockchain.getContract(pool)).accountState;
    if (state?.type !== 'active' || !state.state.data) throw new Error(`pool ${pool} is not active in the sandbox`);
    return state.state.data;
}
