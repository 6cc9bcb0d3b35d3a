/**
 * `npm run readme [-- --check]`: the README's measured figures, generated between markers from the
 * committed measurements, so the prose cannot drift from them:
 *
 * - `<!-- figures:bench -->` … `<!-- /figures:bench -->`: docs/figures/bench.json (`npm run bench -- --json`);
 * - `<!-- figures:gas-breakdown -->` … `<!-- /figures:gas-breakdown -->`: docs/figures/gas-breakdown.json (`npm run bench:breakdown -- --json`);
 * - `<!-- figures:stress -->` … `<!-- /figures:stress -->`: docs/figures/stress-*.json (`npm run stress -- --json`);
 * - `<!-- figures:checklist-items -->N<!-- /figures:checklist-items -->`: the item count of audits/checklist.
 *
 * Without `--check` it rewrites README.md; with it, it exits 1 and names every block that differs.
 */
import { readdirSync, readFileSync, writeFileSync } from 'fs';
import { join, resolve } from 'path';
import { loadChecklist } from './checklist';
import { readCommandLine } from '../../toolkit/cli/flags';
import type { AttributedFigures } from '../../harness/bench/attributed-bench';
import { CATEGORY_LABELS, CATEGORY_NAMES, GasBreakdown } from '../../harness/bench/gas-breakdown';

export interface BenchFigures {
    payoutsPerTx: number;
    payoutsPerContinuingTx: number;
    gasPerPayout: number;
    baselineGasPerMessage: number;
    feePerPayoutNanoton: { sandbox: number; mainnet2026: number };
    workers: number;
    batchGas: number;
    targets: { payoutsPerTx: number; gasPerPayout: number; feePerPayoutMainnet2026: number };
    /** The cost of attributed money on the same ledger (harness/bench/attributed-bench.ts); its fee breakdown is not rendered. */
    attributed: RenderedAttributedFigures;
}

export interface StressFigures {
    workers: number;
    epochs: number;
    prices: string;
    payouts: number;
    transactions: number;
    doublePayments: number;
    reconciliationDiffNanoton: string;
    maxTxGas: number;
    gasPerPayout: { p50: number; p95: number; max: number };
    peakRssMiB: number;
    wallSeconds: number;
    /** CPU seconds of the run, and the commit it ran (absent from runs recorded before they were). */
    cpuSeconds?: number;
    commit?: string;
    /** The mixed pool's attributed side (absent from runs recorded before it existed). */
    attributed?: {
        workers: number;
        vouchers: number;
        payouts: number;
        doublePayments: number;
        reconciliationDiffNanoton: string;
    };
}

const n = (v: number) => v.toLocaleString('en-US');
const pct = (measured: number, target: number) =>
    `${(((measured - target) / target) * 100).toFixed(1).replace(/\.0$/, '')}%`;

export function benchTable(b: BenchFigures): string {
    const t = b.targets;
    const verdict = (ok: boolean, measured: number, target: number, bound: string) =>
        ok ? bound : `${bound} — **missed by ${pct(measured, target)}**`;
    return [
        `PoolPayout, \`npm run bench\` (${n(b.workers)}-worker ledger, a dense batch sorted by worker index; docs/figures/bench.json):`,
        '',
        '| metric | measured | target |',
        '|---|---:|---:|',
        `| \`payoutsPerTx\` | ${n(b.payoutsPerTx)} | ${verdict(b.payoutsPerTx >= t.payoutsPerTx, b.payoutsPerTx, t.payoutsPerTx, `≥ ${n(t.payoutsPerTx)}`)} |`,
        `| \`payoutsPerContinuingTx\` (the first transaction of a dense batch of ${n(2 * b.payoutsPerTx)}: whole leaf groups of 12 only, then it continues) | ${n(b.payoutsPerContinuingTx)} | — |`,
        `| \`gasPerPayout\` | ${n(b.gasPerPayout)} | ${verdict(b.gasPerPayout <= t.gasPerPayout, b.gasPerPayout, t.gasPerPayout, `≤ ${n(t.gasPerPayout)}`)} |`,
        `| \`baselineGasPerMessage\` (ledger-less FunC send loop, same run) | ${n(b.baselineGasPerMessage)} | — |`,
        `| \`feePerPayoutNanoton.sandbox\` | ${n(b.feePerPayoutNanoton.sandbox)} | — |`,
        `| \`feePerPayoutNanoton.mainnet2026\` | ${n(b.feePerPayoutNanoton.mainnet2026)} | ${verdict(b.feePerPayoutNanoton.mainnet2026 <= t.feePerPayoutMainnet2026, b.feePerPayoutNanoton.mainnet2026, t.feePerPayoutMainnet2026, `≤ ${n(t.feePerPayoutMainnet2026)}`)} |`,
        `| gas of that one transaction | ${n(b.batchGas)} | < 1,000,000 |`,
        '',
        attributedTable(b.attributed),
    ].join('\n');
}

export type RenderedAttributedFigures = Omit<AttributedFigures, 'breakdown'>;

/** The attributed rows: each gas figure beside the named constant it must stay within. */
export function attributedTable(a: RenderedAttributedFigures): string {
    const within = (measured: number, bound: number, name: string) =>
        measured <= bound ? `≤ ${n(bound)} (${name})` : `≤ ${n(bound)} (${name}) — **over by ${pct(measured, bound)}**`;
    const amortisedBound =
        a.bounds.payOwedEntry + Math.ceil((a.payOwedDenseTransactions * a.bounds.payOwedChunk) / a.payOwedDenseWorkers);
    return [
        `Attributed money on the same ledger, every worker owed: \`pay_owed\` of one worker and of ${n(a.payOwedDenseWorkers)} dense workers (${a.payOwedDenseTransactions} transactions), and one Cocoon payout of ${a.cocoonPayoutTon} TON to an earnings address (its forward and the pool's credit):`,
        '',
        '| metric | measured | bound |',
        '|---|---:|---:|',
        `| \`attributed.gasPerPaidWorker\` (dense pay_owed, amortised over its transactions) | ${n(a.gasPerPaidWorker)} | ${within(a.gasPerPaidWorker, amortisedBound, 'pay_owed_entry + chunks × pay_owed_chunk / n')} |`,
        `| \`attributed.feePerPaidWorkerNanoton.sandbox\` | ${n(a.feePerPaidWorkerNanoton.sandbox)} | — |`,
        `| \`attributed.feePerPaidWorkerNanoton.mainnet2026\` | ${n(a.feePerPaidWorkerNanoton.mainnet2026)} | — |`,
        `| \`attributed.payOwedSingleGas\` (a member paying itself) | ${n(a.payOwedSingleGas)} | ${within(a.payOwedSingleGas, a.bounds.payOwedChunk + a.bounds.payOwedEntry, 'pay_owed_chunk + pay_owed_entry')} |`,
        `| \`attributed.payOwedSingleFeeNanoton.sandbox\` | ${n(a.payOwedSingleFeeNanoton.sandbox)} | — |`,
        `| \`attributed.payOwedSingleFeeNanoton.mainnet2026\` | ${n(a.payOwedSingleFeeNanoton.mainnet2026)} | — |`,
        `| \`attributed.forwardGas\` (earnings contract, per Cocoon payout) | ${n(a.forwardGas)} | ${within(a.forwardGas, a.bounds.forward, 'gas::forward')} |`,
        `| \`attributed.creditGas\` (pool's attributed credit, per Cocoon payout) | ${n(a.creditGas)} | ${within(a.creditGas, a.bounds.attributedRevenue, 'gas::attributed_revenue')} |`,
        `| \`attributed.costPerCocoonPayoutNanoton.sandbox\` (Cocoon's payout − booked revenue) | ${n(a.costPerCocoonPayoutNanoton.sandbox)} | — |`,
        `| \`attributed.costPerCocoonPayoutNanoton.mainnet2026\` | ${n(a.costPerCocoonPayoutNanoton.mainnet2026)} | — |`,
    ].join('\n');
}

/** Where a payout's gas goes: the entry loop by category (gas and instructions per entry), per leaf, per page and transaction. */
export function breakdownTable(b: GasBreakdown): string {
    const g = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 1 });
    const instructions = CATEGORY_NAMES.reduce((s, c) => s + b.entryInstructions[c], 0);
    return [
        `Where a payout's gas goes (\`npm run bench:breakdown\`: the TVM's per-instruction gas log of a dense batch of ${n(b.sampleEntries)} entries over the same ${n(b.workers)}-worker ledger; the last two rows from the ${n(b.payouts)}-payout batch of ${n(b.batchGas)} gas; docs/figures/gas-breakdown.json):`,
        '',
        '| part | gas per payout | instructions per entry |',
        '|---|---:|---:|',
        ...CATEGORY_NAMES.map(
            (c) => `| entry loop: ${CATEGORY_LABELS[c]} | ${g(b.entry[c])} | ${g(b.entryInstructions[c])} |`,
        ),
        `| **entry loop** | **${g(b.entryTotal)}** | **${g(instructions)}** |`,
        `| per leaf group of up to 12 (the group header, the leaf's load, its payout accounts from its 4 cold cells, the rewritten leaf cell), amortised | ${g(b.perLeafPerPayout)} | — |`,
        `| per page of 48 (dictionary read and write, page cell) and the transaction's fixed part (storage, reserve, report), amortised | ${g(b.pageAndTransactionPerPayout)} | — |`,
        `| **total** | **${g(b.gasPerPayout)}** | — |`,
    ].join('\n');
}

export function stressTable(runs: { file: string; r: StressFigures }[]): string {
    const out = [
        'Stress harness (`npm run stress`, every fault class on; docs/figures/stress-*.json, measured on a shared 2-core machine — your `reports/stress.json` has yours):',
        '',
        '| run | attributed workers | Cocoon vouchers | payouts (operator / attributed) | transactions | double payments (operator / attributed) | unreconciled (operator / attributed) | max gas in one tx | gas per payout p50 / p95 | wall (CPU) | peak RSS | commit |',
        '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ];
    for (const { r } of [...runs].sort((a, b) => a.r.workers - b.r.workers)) {
        const a = r.attributed;
        out.push(
            `| ${n(r.workers)} workers × ${r.epochs} epochs (${r.prices}) | ${a ? n(a.workers) : '—'} | ${a ? n(a.vouchers) : '—'} | ${n(r.payouts)} / ${a ? n(a.payouts) : '—'} | ${n(r.transactions)} | ` +
                `${r.doublePayments} / ${a ? a.doublePayments : '—'} | ${r.reconciliationDiffNanoton} / ${a ? a.reconciliationDiffNanoton : '—'} nanoton | ${n(r.maxTxGas)} | ` +
                `${n(r.gasPerPayout.p50)} / ${n(r.gasPerPayout.p95)} | ${n(Math.round(r.wallSeconds))} s${r.cpuSeconds === undefined ? '' : ` (${n(Math.round(r.cpuSeconds))} s)`} | ` +
                `${n(Math.round(r.peakRssMiB))} MiB | ${r.commit === undefined ? '—' : `\`${r.commit.slice(0, 7)}${r.commit.endsWith('+dirty') ? '+dirty' : ''}\``} |`,
        );
    }
    return out.join('\n');
}

export interface FigureSources {
    bench: BenchFigures;
    breakdown: GasBreakdown;
    stress: { file: string; r: StressFigures }[];
    checklistItems: number;
}

export function loadSources(root: string): FigureSources {
    const dir = join(root, 'docs', 'figures');
    const stress = readdirSync(dir)
        .filter((f) => /^stress-\d+\.json$/.test(f))
        .sort()
        .map((file) => ({ file, r: JSON.parse(readFileSync(join(dir, file), 'utf8')) as StressFigures }));
    return {
        bench: JSON.parse(readFileSync(join(dir, 'bench.json'), 'utf8')) as BenchFigures,
        breakdown: JSON.parse(readFileSync(join(dir, 'gas-breakdown.json'), 'utf8')) as GasBreakdown,
        stress,
        checklistItems: loadChecklist(join(root, 'audits', 'checklist')).items.length,
    };
}

/** Replace each marked block of `text` with its generated content; reports the blocks that changed. */
export function applyFigures(text: string, s: FigureSources): { text: string; changed: string[]; missing: string[] } {
    const blocks: [string, string, boolean][] = [
        ['bench', benchTable(s.bench), true],
        ['gas-breakdown', breakdownTable(s.breakdown), true],
        ['stress', stressTable(s.stress), true],
        ['checklist-items', String(s.checklistItems), false],
    ];
    const changed: string[] = [];
    const missing: string[] = [];
    let out = text;
    for (const [name, content, block] of blocks) {
        const re = new RegExp(`(<!-- figures:${name} -->)([\\s\\S]*?)(<!-- /figures:${name} -->)`, 'g');
        const body = block ? `\n${content}\n` : content;
        let found = false;
        out = out.replace(re, (_m, open: string, old: string, close: string) => {
            found = true;
            if (old !== body && !changed.includes(name)) changed.push(name);
            return `${open}${body}${close}`;
        });
        if (!found) missing.push(name);
    }
    return { text: out, changed, missing };
}

const USAGE = `Usage: npm run readme -- [--check]

Regenerates the README's measured figures from docs/figures/*.json and the checklist.

Flags:
  --check   change nothing; exit 1 when README.md differs from what the figures give
  --help    this text
`;

function main(): number {
    const cl = readCommandLine('readme', USAGE, process.argv.slice(2), { check: 'boolean' });
    if (!cl.ok) return cl.exitCode;
    const root = resolve(__dirname, '..', '..');
    const file = join(root, 'README.md');
    const { text, changed, missing } = applyFigures(readFileSync(file, 'utf8'), loadSources(root));
    if (missing.length > 0) {
        console.error(`readme: README.md has no <!-- figures:${missing.join(' -->, <!-- figures:')} --> block`);
        return 1;
    }
    if (cl.flags.switches.has('check')) {
        if (changed.length === 0) return 0;
        console.error(
            `readme: README.md figures differ from docs/figures and the checklist: ${changed.join(', ')}; run \`npm run readme\``,
        );
        return 1;
    }
    writeFileSync(file, text);
    console.log(changed.length ? `readme: regenerated ${changed.join(', ')}` : 'readme: figures already current');
    return 0;
}

if (require.main === module) process.exitCode = main();
