/**
 * `npm run bench [-- --json FILE] [-- --workers N]`: measures PoolPayout's largest one-transaction
 * batch with a 10,000-worker ledger under the sandbox and the mainnet 2026 prices, and a
 * ledger-less send loop as the baseline, prints a table and optionally writes JSON:
 * { payoutsPerTx, payoutsPerContinuingTx, gasPerPayout, baselineGasPerMessage, feePerPayoutNanoton: { sandbox, mainnet2026 }, ... }.
 */
import { mkdirSync, writeFileSync } from 'fs';
import { dirname } from 'path';
import { PRICE_SETS } from '../chain/prices';
import { formatTable } from '../chain/table';
import { baselineGasPerMessage } from './baseline';
import { BENCH_WORKERS, PoolBenchResult, runPoolBench } from './pool-bench';

export const TARGETS = { payoutsPerTx: 200, gasPerPayout: 2500, feePerPayoutMainnet2026: 250_000 } as const;

const USAGE = 'usage: npm run bench -- [--json FILE] [--workers N]\n';

function parse(argv: string[]): { json?: string; workers: number } {
    const out: { json?: string; workers: number } = { workers: BENCH_WORKERS };
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        if (a === '--json' && argv[i + 1]) out.json = argv[++i];
        else if (a === '--workers' && /^\d+$/.test(argv[i + 1] ?? '')) out.workers = Number(argv[++i]);
        else throw new Error(`bench: unknown argument ${a}\n${USAGE}`);
    }
    return out;
}

async function main(): Promise<number> {
    const args = parse(process.argv.slice(2));
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
        process.stderr.write(`${e instanceof Error ? e.message.slice(0, 2000) : String(e).slice(0, 2000)}\n`);
        process.exit(1);
    },
);
