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
import { Blockchain, createShardAccount } from '@ton/sandbox';
import { createHash } from 'crypto';
import { compileContract } from '../func/compile';
import { applyPrices, PriceSet } from '../chain/prices';
import { computeFees, forwardFees, gasUsed } from '../chain/transactions';
import { parsePayoutExcesses, PoolLimits, PoolPayout, PoolWorker } from '../../wrappers/PoolPayout';

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
    const code = await compileContract('PoolPayout');
    const earningsCode = await compileContract('EarningsAddress');
    const blockchain = await Blockchain.create();
    applyPrices(blockchain, prices);
    const [owner, operator, registry, cocoon] = await Promise.all(['owner', 'operator', 'registry', 'cocoon'].map((n) => blockchain.treasury(n)));
    const batch = Math.min(PoolLimits.payoutsPerTx, workers);
    const wallets = await blockchain.createWallets(batch);
    const ledger: PoolWorker[] = Array.from({ length: workers }, (_, i) => ({
        index: i,
        payout: i < wallets.length ? wallets[i].address : new Address(0, createHash('sha256').update(`bench-${i}`).digest()),
        active: true,
    }));
    const pool = blockchain.openContract(
        PoolPayout.createFromConfig(
            { earningsCode, owner: owner.address, operator: operator.address, registry: registry.address, commissionBps: 1000, minPayout: toNano('0.01'), periodCap: toNano('1000000'), periodLength: 86400, workers: ledger },
            code,
        ),
    );
    await blockchain.setShardAccount(pool.address, createShardAccount({ address: pool.address, code, data: pool.init!.data, balance: toNano('10') }));
    await pool.sendCocoonPayout(cocoon.getSender(), { value: toNano('10000') });

    const entries = Array.from({ length: batch }, (_, i) => ({ workerIndex: i, cumulative: toNano('1') + BigInt(i) }));
    const value = await pool.getBatchValue(entries.length);
    const r = await pool.sendPayoutBatch(operator.getSender(), { value, queryId: 1n, entries });
    const requestTx = r.transactions.find((t) => t.inMessage?.info.type === 'external-in' || (t.inMessage?.info.type === 'internal' && t.inMessage.info.dest.equals(operator.address)))!;
    const poolTxs = r.transactions.filter((t) => t.inMessage?.info.type === 'internal' && t.inMessage.info.dest.equals(pool.address));
    const first = poolTxs[0];
    const reportTx = r.transactions.find((t) => t.inMessage?.info.type === 'internal' && t.inMessage.info.src.equals(pool.address) && t.inMessage.info.dest.equals(operator.address));
    const report = parsePayoutExcesses(reportTx!.inMessage!.body);
    if (poolTxs.length !== 1 || report.report.paidCount !== batch) {
        throw new Error(`bench: expected one transaction paying ${batch}, got ${poolTxs.length} paying ${report.report.paidCount}`);
    }
    const payouts = report.report.paidCount;
    const gas = gasUsed(first);
    const long = Array.from({ length: Math.min(2 * PoolLimits.payoutsPerTx, workers) }, (_, i) => ({ workerIndex: i, cumulative: toNano('2') + BigInt(i) }));
    const r2 = await pool.sendPayoutBatch(operator.getSender(), { value: await pool.getBatchValue(long.length), queryId: 2n, entries: long });
    const firstOfLong = r2.transactions.find((t) => t.inMessage?.info.type === 'internal' && t.inMessage.info.dest.equals(pool.address) && t.inMessage.info.src.equals(operator.address))!;
    const payoutsPerContinuingTx = firstOfLong.outMessages.values().filter((m) => m.info.type === 'internal' && !m.info.dest.equals(pool.address) && !m.info.dest.equals(operator.address)).length;
    const requestFwdFee = forwardFees(requestTx);
    const poolComputeFee = computeFees(first);
    const poolFwdFees = forwardFees(first);
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
