/**
 * The cost of attributed money (docs/earnings.md), beside the operator batch's: a pool whose every
 * worker already has an attributed balance (a ledger and owed dict of `workers` entries), under one
 * price set. Measured:
 * - a pay_owed of one worker (a member paying itself), and the largest dense one a caller sends in
 *   one request (PAYOUTS_PER_TX workers, sorted by index, every payout address a deployed wallet),
 *   with its continuations: gas and everything the caller's value pays (the request's forward fee, the
 *   pool's compute and all forward fees of payouts, continuations and the report) per paid worker;
 * - one Cocoon payout to a deployed earnings address with an owed entry: the earnings contract's
 *   forward and the pool's attributed credit (gas), and what the worker's revenue bears between
 *   Cocoon's payout and its booked revenue (value - booked: the forward's compute, storage and
 *   forward fee, and the pool's receipt fee).
 */
import { toNano } from '@ton/core';
import { FeeSchedule } from '../../toolkit/chain/fees';
import { PriceSet } from '../../toolkit/chain/prices';
import { computeFees, forwardFees, gasUsed, storageFees } from '../../toolkit/chain/transactions';
import { EarningsAddress, EarningsGas, sweepValue } from '../../wrappers/EarningsAddress';
import { attributedReceiptFee, parsePayOwedExcesses, PoolGas, PoolLimits } from '../../wrappers/PoolPayout';
import { SharedOp } from '../../wrappers/shared';
import { requestCost, RequestCost, setupBenchPool } from './bench-pool';

/** What each worker's earnings address has forwarded before the run (its attributed owed). */
export const BENCH_OWED = toNano('1');
/** The Cocoon payout measured (only the commission depends on it). */
export const BENCH_COCOON_PAYOUT = toNano('1');

export interface PayOwedCost extends RequestCost {
    /** Workers paid (from the report). */
    paid: number;
    /** get_pay_owed_value of the request: what the caller attached. */
    value: bigint;
    gasPerPaidWorker: number;
    feePerPaidWorkerNanoton: number;
}

export interface CocoonPayoutCost {
    value: bigint;
    /** The earnings contract's transaction: receive and forward. */
    forwardGas: bigint;
    forwardComputeFee: bigint;
    forwardStorageFee: bigint;
    /** The forward fee of its attributed_revenue to the pool. */
    forwardFwdFee: bigint;
    /** The pool's attributed credit. */
    creditGas: bigint;
    /** What the pool keeps of the forward (get_compute_fee(gas::attributed_revenue)). */
    poolReceiptFee: bigint;
    /** Attributed revenue the pool booked for it. */
    booked: bigint;
    /** value - booked: what the worker's revenue bears per Cocoon payout. */
    costNanoton: bigint;
}

export interface AttributedBenchResult {
    prices: PriceSet;
    workers: number;
    single: PayOwedCost;
    dense: PayOwedCost;
    cocoonPayout: CocoonPayoutCost;
}

export async function runAttributedBench(prices: PriceSet, workers: number): Promise<AttributedBenchResult> {
    const dense = Math.min(PoolLimits.payoutsPerTx, workers);
    const owed = new Map(Array.from({ length: workers }, (_, i) => [i, BENCH_OWED] as const));
    const { blockchain, pool, cocoon, earningsCode } = await setupBenchPool(prices, workers, dense, owed);
    const keeper = await blockchain.treasury('keeper');
    const start = blockchain.snapshot();

    const payOwed = async (indexes: number[], queryId: bigint): Promise<PayOwedCost> => {
        const value = await pool.getPayOwedValue(indexes.length);
        const r = await pool.sendPayOwed(keeper.getSender(), { value, queryId, workers: indexes });
        const cost = requestCost(r, pool.address, keeper.address);
        const reportTx = r.transactions.find(
            (t) =>
                t.inMessage?.info.type === 'internal' &&
                t.inMessage.info.src.equals(pool.address) &&
                t.inMessage.info.dest.equals(keeper.address),
        );
        const paid = parsePayOwedExcesses(reportTx!.inMessage!.body).report.paidCount;
        if (paid !== indexes.length) throw new Error(`bench: pay_owed of ${indexes.length} workers paid ${paid}`);
        return {
            ...cost,
            paid,
            value,
            gasPerPaidWorker: Number(cost.gas) / paid,
            feePerPaidWorkerNanoton: Number(cost.requestFwdFee + cost.poolComputeFee + cost.poolFwdFees) / paid,
        };
    };
    const single = await payOwed([0], 1n);
    await blockchain.loadFrom(start);
    const denseCost = await payOwed(
        Array.from({ length: dense }, (_, i) => i),
        2n,
    );
    await blockchain.loadFrom(start);

    // the worker after the dense range: an owed entry, its earnings contract deployed by an empty sweep
    const worker = Math.min(dense, workers - 1);
    const earnings = blockchain.openContract(
        EarningsAddress.createFromConfig({ pool: pool.address, workerIndex: worker }, earningsCode),
    );
    const fees = new FeeSchedule(blockchain.config);
    await earnings.sendDeploy(keeper.getSender(), { value: sweepValue(fees) });
    const revenueBefore = (await pool.getAttributedTotals()).revenue;
    const r = await earnings.sendCocoonPayout(cocoon.getSender(), { value: BENCH_COCOON_PAYOUT, queryId: 3n });
    const forwardTx = r.transactions.find(
        (t) => t.inMessage?.info.type === 'internal' && t.inMessage.info.dest.equals(earnings.address),
    )!;
    const creditTx = r.transactions.find(
        (t) =>
            t.inMessage?.info.type === 'internal' &&
            t.inMessage.info.dest.equals(pool.address) &&
            t.inMessage.body.beginParse().preloadUint(32) === SharedOp.attributedRevenue,
    );
    if (!creditTx) throw new Error('bench: the Cocoon payout was not forwarded to the pool');
    const booked = (await pool.getAttributedTotals()).revenue - revenueBefore;
    return {
        prices,
        workers,
        single,
        dense: denseCost,
        cocoonPayout: {
            value: BENCH_COCOON_PAYOUT,
            forwardGas: gasUsed(forwardTx),
            forwardComputeFee: computeFees(forwardTx),
            forwardStorageFee: storageFees(forwardTx),
            forwardFwdFee: forwardFees(forwardTx),
            creditGas: gasUsed(creditTx),
            poolReceiptFee: attributedReceiptFee(fees),
            booked,
            costNanoton: BENCH_COCOON_PAYOUT - booked,
        },
    };
}

/** Both price sets' runs as the bench JSON's `attributed` figures (read by audits/tools/readme-figures.ts). */
export interface AttributedFigures {
    payOwedDenseWorkers: number;
    payOwedDenseTransactions: number;
    /** Gas of the dense pay_owed over all its transactions, per paid worker. */
    gasPerPaidWorker: number;
    feePerPaidWorkerNanoton: { sandbox: number; mainnet2026: number };
    payOwedSingleGas: number;
    payOwedSingleFeeNanoton: { sandbox: number; mainnet2026: number };
    cocoonPayoutTon: number;
    forwardGas: number;
    creditGas: number;
    costPerCocoonPayoutNanoton: { sandbox: number; mainnet2026: number };
    /** The named gas constants these are measured against (PoolGas, EarningsGas). */
    bounds: { payOwedEntry: number; payOwedChunk: number; forward: number; attributedRevenue: number };
    breakdown: Record<
        PriceSet,
        {
            forwardComputeFee: number;
            forwardFwdFee: number;
            forwardStorageFee: number;
            poolReceiptFee: number;
            denseRequestFwdFee: number;
            densePoolComputeFee: number;
            densePoolFwdFees: number;
        }
    >;
}

export function attributedFigures(runs: readonly AttributedBenchResult[]): AttributedFigures {
    const at = (p: PriceSet) => {
        const r = runs.find((x) => x.prices === p);
        if (!r) throw new Error(`bench: no attributed run at ${p} prices`);
        return r;
    };
    const sandbox = at('sandbox');
    const mainnet = at('mainnet2026');
    const perSet = (f: (r: AttributedBenchResult) => number) => ({
        sandbox: Math.round(f(sandbox)),
        mainnet2026: Math.round(f(mainnet)),
    });
    const singleFee = (r: AttributedBenchResult) =>
        Number(r.single.requestFwdFee + r.single.poolComputeFee + r.single.poolFwdFees);
    return {
        payOwedDenseWorkers: sandbox.dense.paid,
        payOwedDenseTransactions: sandbox.dense.poolTxs.length,
        gasPerPaidWorker: Math.round(sandbox.dense.gasPerPaidWorker),
        feePerPaidWorkerNanoton: perSet((r) => r.dense.feePerPaidWorkerNanoton),
        payOwedSingleGas: Number(sandbox.single.gas),
        payOwedSingleFeeNanoton: perSet(singleFee),
        cocoonPayoutTon: Number(sandbox.cocoonPayout.value) / 1e9,
        forwardGas: Number(sandbox.cocoonPayout.forwardGas),
        creditGas: Number(sandbox.cocoonPayout.creditGas),
        costPerCocoonPayoutNanoton: perSet((r) => Number(r.cocoonPayout.costNanoton)),
        bounds: {
            payOwedEntry: PoolGas.payOwedEntry,
            payOwedChunk: PoolGas.payOwedChunk,
            forward: EarningsGas.forward,
            attributedRevenue: PoolGas.attributedRevenue,
        },
        breakdown: Object.fromEntries(
            runs.map((r) => [
                r.prices,
                {
                    forwardComputeFee: Number(r.cocoonPayout.forwardComputeFee),
                    forwardFwdFee: Number(r.cocoonPayout.forwardFwdFee),
                    forwardStorageFee: Number(r.cocoonPayout.forwardStorageFee),
                    poolReceiptFee: Number(r.cocoonPayout.poolReceiptFee),
                    denseRequestFwdFee: Number(r.dense.requestFwdFee),
                    densePoolComputeFee: Number(r.dense.poolComputeFee),
                    densePoolFwdFees: Number(r.dense.poolFwdFees),
                },
            ]),
        ) as AttributedFigures['breakdown'],
    };
}
