/**
 * The bench's attributed rows (harness/bench/attributed-bench.ts, `npm run bench`) at the bench's
 * 10,000 workers, every worker owed, under both price sets: each figure is what the transactions
 * charged, to the nanoton, and each gas figure is held against the named constant that prices it
 * (PoolGas, EarningsGas), since those constants are what get_pay_owed_value and the receipt fee charge.
 */
import { Blockchain } from '@ton/sandbox';
import { FeeSchedule } from '../../toolkit/chain/fees';
import { applyPrices, PRICE_SETS } from '../../toolkit/chain/prices';
import { computeFees, forwardFees, gasUsed } from '../../toolkit/chain/transactions';
import {
    AttributedBenchResult,
    attributedFigures,
    BENCH_COCOON_PAYOUT,
    runAttributedBench,
} from '../../harness/bench/attributed-bench';
import { BENCH_WORKERS } from '../../harness/bench/pool-bench';
import { EarningsGas } from '../../wrappers/EarningsAddress';
import { attributedReceiptFee, payOwedValue, PoolGas, PoolLimits } from '../../wrappers/PoolPayout';

let runs: AttributedBenchResult[];
/** The fee schedule of a price set. */
const feesAt = async (prices: (typeof PRICE_SETS)[number]) => {
    const b = await Blockchain.create();
    applyPrices(b, prices);
    return new FeeSchedule(b.config);
};

beforeAll(async () => {
    runs = [];
    for (const prices of PRICE_SETS) runs.push(await runAttributedBench(prices, BENCH_WORKERS));
});

describe.each(PRICE_SETS)('bench: attributed payouts (%s prices)', (prices) => {
    const run = () => runs.find((r) => r.prices === prices)!;

    // Property: a pay_owed of one worker and the dense one of PAYOUTS_PER_TX workers (continued by
    // self-messages) pay every listed worker, stay within pay_owed_chunk per transaction plus
    // pay_owed_entry per worker, and what they charge per paid worker is exactly the request's forward
    // fee plus the pool's compute and forward fees, which get_pay_owed_value covers.
    it('[GAS-664] pay_owed per paid worker, single and dense (amortised), within the named gas constants, its fees to the nanoton', async () => {
        const { single, dense } = run();
        const fees = await feesAt(prices);
        expect(single.paid).toBe(1);
        expect(dense.paid).toBe(PoolLimits.payoutsPerTx);
        expect(single.gas).toBeLessThanOrEqual(BigInt(PoolGas.payOwedChunk + PoolGas.payOwedEntry));
        expect(dense.poolTxs.length).toBeGreaterThan(1);
        expect(dense.gas).toBeLessThanOrEqual(
            BigInt(dense.poolTxs.length * PoolGas.payOwedChunk + dense.paid * PoolGas.payOwedEntry),
        );
        for (const c of [single, dense]) {
            expect(c.gas).toBe(c.poolTxs.reduce((s, t) => s + gasUsed(t), 0n));
            expect(c.poolComputeFee).toBe(c.poolTxs.reduce((s, t) => s + computeFees(t), 0n));
            expect(c.poolFwdFees).toBe(c.poolTxs.reduce((s, t) => s + forwardFees(t), 0n));
            expect(c.feePerPaidWorkerNanoton).toBe(Number(c.requestFwdFee + c.poolComputeFee + c.poolFwdFees) / c.paid);
            expect(c.value).toBe(payOwedValue(fees, c.paid));
            expect(c.poolComputeFee + c.poolFwdFees).toBeLessThanOrEqual(c.value);
        }
    });

    // Property: one Cocoon payout to an earnings address costs the worker's revenue exactly the
    // earnings contract's compute, storage and forward fee plus the pool's receipt fee
    // (get_compute_fee(gas::attributed_revenue)); the forward stays within gas::forward.
    it('[GAS-664] a Cocoon payout costs the forward and the receipt fee, to the nanoton; the forward stays within gas::forward', async () => {
        const c = run().cocoonPayout;
        const fees = await feesAt(prices);
        expect(c.value).toBe(BENCH_COCOON_PAYOUT);
        expect(c.forwardGas).toBeLessThanOrEqual(BigInt(EarningsGas.forward));
        expect(c.poolReceiptFee).toBe(attributedReceiptFee(fees));
        expect(c.costNanoton).toBe(c.forwardComputeFee + c.forwardStorageFee + c.forwardFwdFee + c.poolReceiptFee);
        expect(c.booked).toBe(c.value - c.costNanoton);
    });

    // The bench's owed dict holds 10,000 keys; a credit to a key below 8,192 (worker 253) rewrites a
    // deeper path than key 9,999, the one GAS-660 measures. Must hold: it stays within
    // gas::attributed_revenue, the receipt fee the pool keeps (bounded on the deepest 32-bit path, GAS-665).
    it('[GAS-664] the attributed credit of worker 253 in a 10,000-entry owed dict stays within gas::attributed_revenue', () => {
        const c = run().cocoonPayout;
        expect(c.creditGas).toBeLessThanOrEqual(BigInt(PoolGas.attributedRevenue));
    });
});

// Property: the bench JSON's attributed figures are the runs' measurements, gas identical under both
// price sets (gas does not depend on prices), fees per price set.
it('[GAS-664] the bench JSON figures are the runs measured, gas the same under both price sets', () => {
    const [sandbox, mainnet] = PRICE_SETS.map((p) => runs.find((r) => r.prices === p)!);
    expect([
        mainnet.single.gas,
        mainnet.dense.gas,
        mainnet.cocoonPayout.forwardGas,
        mainnet.cocoonPayout.creditGas,
    ]).toEqual([
        sandbox.single.gas,
        sandbox.dense.gas,
        sandbox.cocoonPayout.forwardGas,
        sandbox.cocoonPayout.creditGas,
    ]);
    const f = attributedFigures(runs);
    expect(f).toMatchObject({
        payOwedDenseWorkers: PoolLimits.payoutsPerTx,
        payOwedDenseTransactions: sandbox.dense.poolTxs.length,
        gasPerPaidWorker: Math.round(Number(sandbox.dense.gas) / PoolLimits.payoutsPerTx),
        feePerPaidWorkerNanoton: {
            sandbox: Math.round(sandbox.dense.feePerPaidWorkerNanoton),
            mainnet2026: Math.round(mainnet.dense.feePerPaidWorkerNanoton),
        },
        payOwedSingleGas: Number(sandbox.single.gas),
        payOwedSingleFeeNanoton: {
            sandbox: Math.round(sandbox.single.feePerPaidWorkerNanoton),
            mainnet2026: Math.round(mainnet.single.feePerPaidWorkerNanoton),
        },
        forwardGas: Number(sandbox.cocoonPayout.forwardGas),
        creditGas: Number(sandbox.cocoonPayout.creditGas),
        costPerCocoonPayoutNanoton: {
            sandbox: Number(sandbox.cocoonPayout.costNanoton),
            mainnet2026: Number(mainnet.cocoonPayout.costNanoton),
        },
        bounds: {
            payOwedEntry: PoolGas.payOwedEntry,
            payOwedChunk: PoolGas.payOwedChunk,
            forward: EarningsGas.forward,
            attributedRevenue: PoolGas.attributedRevenue,
        },
    });
});
