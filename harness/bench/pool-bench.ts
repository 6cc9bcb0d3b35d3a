/**
 * The pool benchmark: a PoolPayout with a 10,000-worker ledger pays the largest batch one
 * transaction takes (dense, sorted by worker index, every worker a deployed wallet). Measured:
 * payouts in that transaction, its compute gas per payout, and everything the operator and the
 * pool pay for it per payout (the request's forward fee, the pool's compute and all forward
 * fees of payouts and the report), under one price set. Then a dense batch twice that size, which
 * must continue by self-message: what its first transaction pays is what a long batch pays per
 * transaction (whole leaf groups only, so it can be fewer than the largest single batch).
 */
import { Address, toNano } from '@ton/core';
import { Blockchain } from '@ton/sandbox';
import { PriceSet } from '../../toolkit/chain/prices';
import { parsePayoutExcesses, PoolLimits } from '../../wrappers/PoolPayout';
import { requestCost, setupBenchPool } from './bench-pool';

export const BENCH_WORKERS = 10_000;

export interface PoolBenchResult {
    prices: PriceSet;
    workers: number;
    payoutsPerTx: number;
    /** Payouts in the first transaction of a dense batch of 2 × PAYOUTS_PER_TX entries (it continues). */
    payoutsPerContinuingTx: number;
    gas: bigint;
    gasPerPayout: number;
    requestFwdFee: bigint;
    poolComputeFee: bigint;
    poolFwdFees: bigint;
    feePerPayoutNanoton: number;
    /** The blockchain the batch ran on (the baseline runs beside it). */
    blockchain: Blockchain;
    recipient: Address;
}

export async function runPoolBench(prices: PriceSet, workers = BENCH_WORKERS): Promise<PoolBenchResult> {
    const batch = Math.min(PoolLimits.payoutsPerTx, workers);
    const { blockchain, pool, operator, cocoon, wallets } = await setupBenchPool(prices, workers, batch);
    await pool.sendCocoonPayout(cocoon.getSender(), { value: toNano('10000') });

    const entries = Array.from({ length: batch }, (_, i) => ({ workerIndex: i, cumulative: toNano('1') + BigInt(i) }));
    const value = await pool.getBatchValue(entries.length);
    const r = await pool.sendPayoutBatch(operator.getSender(), { value, queryId: 1n, entries });
    const cost = requestCost(r, pool.address, operator.address);
    const poolTxs = cost.poolTxs;
    const reportTx = r.transactions.find(
        (t) =>
            t.inMessage?.info.type === 'internal' &&
            t.inMessage.info.src.equals(pool.address) &&
            t.inMessage.info.dest.equals(operator.address),
    );
    const report = parsePayoutExcesses(reportTx!.inMessage!.body);
    if (poolTxs.length !== 1 || report.report.paidCount !== batch) {
        throw new Error(
            `bench: expected one transaction paying ${batch}, got ${poolTxs.length} paying ${report.report.paidCount}`,
        );
    }
    const payouts = report.report.paidCount;
    const gas = cost.gas;
    const long = Array.from({ length: Math.min(2 * PoolLimits.payoutsPerTx, workers) }, (_, i) => ({
        workerIndex: i,
        cumulative: toNano('2') + BigInt(i),
    }));
    const r2 = await pool.sendPayoutBatch(operator.getSender(), {
        value: await pool.getBatchValue(long.length),
        queryId: 2n,
        entries: long,
    });
    const firstOfLong = r2.transactions.find(
        (t) =>
            t.inMessage?.info.type === 'internal' &&
            t.inMessage.info.dest.equals(pool.address) &&
            t.inMessage.info.src.equals(operator.address),
    )!;
    const payoutsPerContinuingTx = firstOfLong.outMessages
        .values()
        .filter(
            (m) =>
                m.info.type === 'internal' &&
                !m.info.dest.equals(pool.address) &&
                !m.info.dest.equals(operator.address),
        ).length;
    const { requestFwdFee, poolComputeFee, poolFwdFees } = cost;
    return {
        prices,
        workers,
        payoutsPerTx: payouts,
        payoutsPerContinuingTx,
        gas,
        gasPerPayout: Number(gas) / payouts,
        requestFwdFee,
        poolComputeFee,
        poolFwdFees,
        feePerPayoutNanoton: Number(requestFwdFee + poolComputeFee + poolFwdFees) / payouts,
        blockchain,
        recipient: wallets[0].address,
    };
}
