/**
 * `npm run bench -- [--json FILE] [--workers N] [--help]` (flags: ./options.ts): measures
 * PoolPayout's largest one-transaction batch with a 10,000-worker ledger under the sandbox and the mainnet 2026 prices, and a
 * ledger-less send loop as the baseline, prints a table and optionally writes JSON:
 * { payoutsPerTx, payoutsPerContinuingTx, gasPerPayout, baselineGasPerMessage, feePerPayoutNanoton: { sandbox, mainnet2026 }, ... }.
 */
import { mkdirSync, writeFileSync } from 'fs';
import { dirname } from 'path';
import { PRICE_SETS } from '../chain/prices';
import { formatTable } from '../chain/table';
import { baselineGasPerMessage } from './baseline';
import { usageFailure, UsageError } from '../cli/flags';
import { parseBenchArgs, USAGE } from './options';
import { PoolBenchResult, runPoolBench } from './pool-bench';

export const TARGETS = { payoutsPerTx: 200, gasPerPayout: 2500, feePerPayoutMainnet2026: 250_000 } as const;

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
    const result = {
        payoutsPerTx: sandbox.payoutsPerTx,
        payoutsPerContinuingTx: sandbox.payoutsPerContinuingTx,
        gasPerPayout: Math.round(sandbox.gasPerPayout),
        baselineGasPerMessage: Math.round(baseline.perMessage),
        feePerPayoutNanoton: { sandbox: Math.round(sandbox.feePerPayoutNanoton), mainnet2026: Math.round(mainnet.feePerPayoutNanoton) },
        workers: args.workers,
        batchGas: Number(sandbox.gas),
        targets: TARGETS,
        breakdown: Object.fromEntries(
            runs.map((r) => [r.prices, { requestFwdFee: Number(r.requestFwdFee), poolComputeFee: Number(r.poolComputeFee), poolFwdFees: Number(r.poolFwdFees) }]),
        ),
    };
    const ok = (v: boolean) => (v ? 'met' : 'MISSED');
    process.stdout.write(
        `PoolPayout benchmark: ${args.workers.toLocaleString('en-US')}-worker ledger, one transaction of a dense sorted batch\n` +
            formatTable(
                ['metric', 'value', 'target', ''],
                [
                    ['payoutsPerTx', result.payoutsPerTx, `>= ${TARGETS.payoutsPerTx}`, ok(result.payoutsPerTx >= TARGETS.payoutsPerTx)],
                    ['payoutsPerContinuingTx (long dense batch)', result.payoutsPerContinuingTx, '-', ''],
                    ['gasPerPayout', result.gasPerPayout, `<= ${TARGETS.gasPerPayout}`, ok(result.gasPerPayout <= TARGETS.gasPerPayout)],
                    ['baselineGasPerMessage (send loop)', result.baselineGasPerMessage, '-', ''],
                    ['feePerPayoutNanoton.sandbox', result.feePerPayoutNanoton.sandbox, '-', ''],
                    ['feePerPayoutNanoton.mainnet2026', result.feePerPayoutNanoton.mainnet2026, `<= ${TARGETS.feePerPayoutMainnet2026}`, ok(result.feePerPayoutNanoton.mainnet2026 <= TARGETS.feePerPayoutMainnet2026)],
                ],
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
