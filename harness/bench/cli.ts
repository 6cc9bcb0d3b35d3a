/**
 * `npm run bench -- [--json FILE] [--workers N] [--help]` (flags: ./options.ts): measures
 * PoolPayout's largest one-transaction batch with a 10,000-worker ledger under the sandbox and the mainnet 2026 prices, and a
 * ledger-less send loop as the baseline, then the cost of attributed money on the same ledger
 * (./attributed-bench.ts: pay_owed per paid worker, one Cocoon payout's forward and credit), prints
 * the tables and optionally writes JSON:
 * { payoutsPerTx, payoutsPerContinuingTx, gasPerPayout, baselineGasPerMessage, feePerPayoutNanoton: { sandbox, mainnet2026 }, ..., attributed: {...} }.
 */
import { mkdirSync, writeFileSync } from 'fs';
import { dirname } from 'path';
import { PRICE_SETS } from '../../toolkit/chain/prices';
import { formatTable } from '../../toolkit/chain/table';
import { baselineGasPerMessage } from './baseline';
import { usageFailure, UsageError } from '../../toolkit/cli/flags';
import { parseBenchArgs, USAGE } from './options';
import { PoolBenchResult, runPoolBench } from './pool-bench';
import { AttributedBenchResult, attributedFigures, AttributedFigures, runAttributedBench } from './attributed-bench';

export const TARGETS = { payoutsPerTx: 200, gasPerPayout: 2500, feePerPayoutMainnet2026: 250_000 } as const;

/** The attributed table's rows: name, measured, the named bound it must stay within (when it has one). */
function attributedRows(a: AttributedFigures): [string, number, number?][] {
    return [
        [
            'payOwed.gasPerPaidWorker (dense, amortised)',
            a.gasPerPaidWorker,
            a.bounds.payOwedEntry +
                Math.ceil((a.payOwedDenseTransactions * a.bounds.payOwedChunk) / a.payOwedDenseWorkers),
        ],
        ['payOwed.feePerPaidWorkerNanoton.sandbox', a.feePerPaidWorkerNanoton.sandbox],
        ['payOwed.feePerPaidWorkerNanoton.mainnet2026', a.feePerPaidWorkerNanoton.mainnet2026],
        ['payOwedSingle.gas (one worker)', a.payOwedSingleGas, a.bounds.payOwedChunk + a.bounds.payOwedEntry],
        ['payOwedSingle.feeNanoton.sandbox', a.payOwedSingleFeeNanoton.sandbox],
        ['payOwedSingle.feeNanoton.mainnet2026', a.payOwedSingleFeeNanoton.mainnet2026],
        ['cocoonPayout.forwardGas (earnings contract)', a.forwardGas, a.bounds.forward],
        ['cocoonPayout.creditGas (pool)', a.creditGas, a.bounds.attributedRevenue],
        ['cocoonPayout.costNanoton.sandbox', a.costPerCocoonPayoutNanoton.sandbox],
        ['cocoonPayout.costNanoton.mainnet2026', a.costPerCocoonPayoutNanoton.mainnet2026],
    ];
}

async function main(): Promise<number> {
    let parsed;
    try {
        parsed = parseBenchArgs(process.argv.slice(2));
    } catch (e) {
        if (!(e instanceof UsageError)) throw e;
        return usageFailure('bench', e);
    }
    if (parsed.help) {
        process.stdout.write(USAGE);
        return 0;
    }
    const args = parsed.options;
    const runs: PoolBenchResult[] = [];
    for (const prices of PRICE_SETS) runs.push(await runPoolBench(prices, args.workers));
    const sandbox = runs.find((r) => r.prices === 'sandbox')!;
    const mainnet = runs.find((r) => r.prices === 'mainnet2026')!;
    const baseline = await baselineGasPerMessage(sandbox.blockchain, sandbox.recipient, sandbox.payoutsPerTx);
    const attributedRuns: AttributedBenchResult[] = [];
    for (const prices of PRICE_SETS) attributedRuns.push(await runAttributedBench(prices, args.workers));
    const attributed = attributedFigures(attributedRuns);
    const result = {
        payoutsPerTx: sandbox.payoutsPerTx,
        payoutsPerContinuingTx: sandbox.payoutsPerContinuingTx,
        gasPerPayout: Math.round(sandbox.gasPerPayout),
        baselineGasPerMessage: Math.round(baseline.perMessage),
        feePerPayoutNanoton: {
            sandbox: Math.round(sandbox.feePerPayoutNanoton),
            mainnet2026: Math.round(mainnet.feePerPayoutNanoton),
        },
        workers: args.workers,
        batchGas: Number(sandbox.gas),
        targets: TARGETS,
        breakdown: Object.fromEntries(
            runs.map((r) => [
                r.prices,
                {
                    requestFwdFee: Number(r.requestFwdFee),
                    poolComputeFee: Number(r.poolComputeFee),
                    poolFwdFees: Number(r.poolFwdFees),
                },
            ]),
        ),
        attributed,
    };
    const ok = (v: boolean) => (v ? 'met' : 'MISSED');
    process.stdout.write(
        `PoolPayout benchmark: ${args.workers.toLocaleString('en-US')}-worker ledger, one transaction of a dense sorted batch\n` +
            formatTable(
                ['metric', 'value', 'target', ''],
                [
                    [
                        'payoutsPerTx',
                        result.payoutsPerTx,
                        `>= ${TARGETS.payoutsPerTx}`,
                        ok(result.payoutsPerTx >= TARGETS.payoutsPerTx),
                    ],
                    ['payoutsPerContinuingTx (long dense batch)', result.payoutsPerContinuingTx, '-', ''],
                    [
                        'gasPerPayout',
                        result.gasPerPayout,
                        `<= ${TARGETS.gasPerPayout}`,
                        ok(result.gasPerPayout <= TARGETS.gasPerPayout),
                    ],
                    ['baselineGasPerMessage (send loop)', result.baselineGasPerMessage, '-', ''],
                    ['feePerPayoutNanoton.sandbox', result.feePerPayoutNanoton.sandbox, '-', ''],
                    [
                        'feePerPayoutNanoton.mainnet2026',
                        result.feePerPayoutNanoton.mainnet2026,
                        `<= ${TARGETS.feePerPayoutMainnet2026}`,
                        ok(result.feePerPayoutNanoton.mainnet2026 <= TARGETS.feePerPayoutMainnet2026),
                    ],
                ],
            ) +
            '\n' +
            `Attributed money on the same ledger, every worker owed (pay_owed of 1 and of ${attributed.payOwedDenseWorkers} dense workers; one Cocoon payout of ${attributed.cocoonPayoutTon} TON to an earnings address)\n` +
            formatTable(
                ['metric', 'value', 'bound', ''],
                attributedRows(attributed).map(([name, value, bound]) => [
                    name,
                    value,
                    bound === undefined ? '-' : `<= ${bound}`,
                    bound === undefined ? '' : ok(value <= bound),
                ]),
            ) +
            '\n',
    );
    if (args.json) {
        mkdirSync(dirname(args.json), { recursive: true });
        writeFileSync(args.json, JSON.stringify(result, null, 2) + '\n');
        process.stdout.write(`wrote ${args.json}\n`);
    }
    return 0;
}

main().then(
    (code) => process.exit(code),
    (e: unknown) => {
        process.stderr.write(`bench: ${e instanceof Error ? e.message.slice(0, 2000) : String(e).slice(0, 2000)}\n`);
        process.exit(1);
    },
);
