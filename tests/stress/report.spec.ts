import { mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { divRound, percentile } from '../../harness/stress/measure';
import { Progress } from '../../harness/stress/progress';
import { failures, StressReport, summaryTable, toMarkdown, writeReports } from '../../harness/stress/report';

const report = (over: Partial<StressReport> = {}): StressReport => ({
    seed: 1,
    prices: 'sandbox',
    workers: 1000,
    registeredByTransaction: 64,
    epochs: 3,
    payouts: 3000,
    transactions: 6500,
    doublePayments: 0,
    reconciliationDiffNanoton: '0',
    bounced: 60,
    retried: 4,
    duplicatesRejected: 9,
    maxTxGas: 812345,
    gasPerPayout: { p50: 2400, p95: 2600, max: 2900 },
    feePerPayoutNanoton: 1234567,
    payoutsPerSecond: 210.5,
    peakRssMiB: 512.3,
    wallSeconds: 40.2,
    perStrategy: { 'round-robin': { gini: 0.25, starved: 0, epochs: 1 } },
    faults: {
        duplicateRequests: 1,
        retriedRequests: 1,
        interleavedPairs: 1,
        bouncedMissingWallet: 1,
        bouncedFrozenAccount: 1,
        bouncedThrowingContract: 1,
        payoutAddressChanges: 2,
        suspensions: 2,
        pausesWithPayoutsInFlight: 1,
        lowValueRequests: 1,
        underfundedRequests: 1,
        operatorRotations: 1,
        staleOperatorRequests: 1,
        voucherReplays: 1,
        cocoonExcessesToPool: 1,
        owedDuplicates: 1,
        owedRetries: 1,
        owedInterleavedPairs: 1,
        owedPausesInFlight: 1,
        owedLowValue: 1,
        attributedBouncedMissingWallet: 1,
        attributedBouncedFrozenAccount: 1,
        attributedBouncedThrowingContract: 1,
    },
    attributed: {
        workers: 300,
        vouchers: 900,
        vouchersPaid: 890,
        credits: 890,
        payOwedRequests: 40,
        payouts: 700,
        bounced: 9,
        doublePayments: 0,
        wrongAmounts: 0,
        reconciliationDiffNanoton: '0',
        gasPerPayout: { p50: 12000, p95: 13000, max: 20000 },
        cocoonPaidNanoton: '9',
        forwardedNanoton: '8',
        earningsFeesNanoton: '1',
        earningsHeldNanoton: '0',
        revenueNanoton: '7',
        commissionNanoton: '1',
        paidNanoton: '6',
        returnedNanoton: '0',
        owedNanoton: '0',
    },
    stepChecks: 1200,
    totals: {
        revenueNanoton: '5',
        commissionNanoton: '1',
        entitledNanoton: '4',
        paidNanoton: '4',
        returnedNanoton: '0',
        owedNanoton: '0',
    },
    invariants: [{ name: 'solvency', held: true, detail: 'checked after 30 sends' }],
    differences: [],
    phases: [{ name: 'setup', seconds: 1.5, transactions: 100 }],
    ...over,
});

describe('stress report', () => {
    // The harness's verdict: a report with one doubled payment, one nanoton of reconciliation
    // difference or one broken invariant must fail (the CLI then exits 1).
    it('[DUP-357] the verdict fails on any double payment, any nanoton of difference or any broken invariant', () => {
        expect(failures(report())).toEqual([]);
        expect(failures(report({ doublePayments: 2 }))).toEqual(['2 double payment(s)']);
        expect(failures(report({ reconciliationDiffNanoton: '-1' }))).toEqual(['reconciliation differs by -1 nanoton']);
        // the attributed books have the same verdict
        expect(failures(report({ attributed: { ...report().attributed, doublePayments: 1 } }))).toEqual([
            '1 attributed double payment(s)',
        ]);
        expect(failures(report({ attributed: { ...report().attributed, reconciliationDiffNanoton: '1' } }))).toEqual([
            'attributed reconciliation differs by 1 nanoton',
        ]);
        expect(failures(report({ invariants: [{ name: 'solvency', held: false, detail: 'x' }] }))).toEqual([
            'invariant broken: solvency: x',
        ]);
    });

    it('writes the JSON with every required field and a Markdown report with the summary table', () => {
        const dir = mkdtempSync(join(tmpdir(), 'stress-'));
        const paths = { jsonPath: join(dir, 'a/stress.json'), mdPath: join(dir, 'b/stress.md') };
        writeReports(report(), paths);
        const json = JSON.parse(readFileSync(paths.jsonPath, 'utf8'));
        for (const k of [
            'workers',
            'epochs',
            'payouts',
            'transactions',
            'doublePayments',
            'reconciliationDiffNanoton',
            'bounced',
            'retried',
            'duplicatesRejected',
            'maxTxGas',
            'gasPerPayout',
            'feePerPayoutNanoton',
            'payoutsPerSecond',
            'peakRssMiB',
            'perStrategy',
            'attributed',
            'stepChecks',
        ]) {
            expect(json).toHaveProperty(k);
        }
        expect(json.gasPerPayout).toEqual({ p50: 2400, p95: 2600, max: 2900 });
        expect(json.perStrategy['round-robin']).toEqual({ gini: 0.25, starved: 0, epochs: 1 });
        const md = readFileSync(paths.mdPath, 'utf8');
        expect(md).toContain(summaryTable(report()));
        expect(md).toContain('**Verdict: every payment exactly once; reconciliation exact to the nanoton.**');
        expect(toMarkdown(report({ doublePayments: 1 }))).toContain('**Verdict: FAILED** — 1 double payment(s)');
    });

    it('takes nearest-rank percentiles and rounds averages half up', () => {
        const xs = [5n, 1n, 4n, 2n, 3n];
        expect([percentile(xs, 50), percentile(xs, 95), percentile(xs, 100), percentile([], 50)]).toEqual([
            3n,
            5n,
            5n,
            0n,
        ]);
        expect([divRound(5n, 2), divRound(4n, 3), divRound(7n, 0)]).toEqual([3n, 1n, 0n]);
    });

    it('draws a bar on a terminal and plain decile lines elsewhere', () => {
        let t = 0;
        const tty: string[] = [];
        const bar = new Progress({ write: (s: string) => tty.push(s), isTTY: true }, () => t);
        bar.phase('payouts', 10);
        t = 1000;
        bar.tick(5);
        bar.finish();
        expect(tty.join('')).toContain('[##############--------------]  50% 5/10 1.0s');
        const lines: string[] = [];
        const plain = new Progress({ write: (s: string) => lines.push(s) }, () => t);
        plain.phase('payouts', 100);
        for (let i = 0; i < 100; i++) plain.tick();
        plain.finish();
        expect(lines).toHaveLength(11);
        expect(lines.every((l) => !l.includes('\r'))).toBe(true);
    });
});
