/**
 * `npm run stress`: runs the whole pool in the sandbox under every fault class, prints the summary
 * table, writes reports/stress.json and reports/stress.md, and exits 1 when a payment was doubled,
 * reconciliation differs by a nanoton or an invariant broke (2 on a bad command line).
 */
import { usageFailure } from '../../toolkit/cli/flags';
import { parseArgs, USAGE, UsageError } from './options';
import { Progress } from './progress';
import { failures, summaryTable, writeReports } from './report';
import { runStress } from './scenario';

/** Compiled code kept between runs, keyed by its sources (harness/stress/codes.ts); temp/ is not versioned. */
const CODE_CACHE = 'temp/stress-codes';

async function main(): Promise<number> {
    let parsed;
    try {
        parsed = parseArgs(process.argv.slice(2));
    } catch (e) {
        if (!(e instanceof UsageError)) throw e;
        return usageFailure('stress', e);
    }
    if (parsed.help) {
        process.stdout.write(USAGE);
        return 0;
    }
    const o = parsed.options;
    const progress = new Progress(process.stderr);
    progress.note(
        `stress: ${o.workers.toLocaleString('en-US')} workers, ${o.epochs} epochs, strategies ${o.strategies.join(', ')}, ` +
            `bounce rate ${o.bounceRate}, duplicate rate ${o.duplicateRate}, seed ${o.seed}, prices ${o.prices}`,
    );
    const report = await runStress(o, { progress, codeCache: CODE_CACHE });
    progress.finish();
    writeReports(report, o);
    process.stdout.write(`\n${summaryTable(report)}\n\nReports: ${o.jsonPath}, ${o.mdPath}\n`);
    const failed = failures(report);
    if (failed.length > 0) {
        process.stdout.write(`\nFAILED:\n${failed.map((f) => `  - ${f}`).join('\n')}\n`);
        return 1;
    }
    process.stdout.write('\nEvery payment exactly once; reconciliation exact to the nanoton.\n');
    return 0;
}

main().then(
    (code) => process.exit(code),
    (e: unknown) => {
        // func-js rethrows with ~100 KB of minified source attached: show the message only.
        const text =
            e instanceof Error ? `${e.message}\n${(e.stack ?? '').split('\n').slice(1, 8).join('\n')}` : String(e);
        process.stderr.write(`stress: ${text.slice(0, 4000)}\n`);
        process.exit(3);
    },
);
