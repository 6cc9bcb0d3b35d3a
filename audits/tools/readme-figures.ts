/**
 * `npm run readme [-- --check]`: the README's measured figures, generated between markers from the
 * committed measurements, so the prose cannot drift from them:
 *
 * - `<!-- figures:bench -->` … `<!-- /figures:bench -->`: docs/figures/bench.json (`npm run bench -- --json`);
 * - `<!-- figures:gas-breakdown -->` … `<!-- /figures:gas-breakdown -->`: docs/figures/gas-breakdown.json (`npm run bench:breakdown -- --json`);
 * - `<!-- figures:stress -->` … `<!-- /figures:stress -->`: docs/figures/stress-*.json (`npm run stress -- --json`);
 * - `<!-- figures:handler-gas -->` (README), `<!-- figures:handler-gas-pool -->` (docs/payout.md) and
 *   `<!-- figures:handler-gas-registry -->` (docs/registry.md): docs/figures/handler-gas.json
 *   (`npm run bench:handlers -- --json`), each row beside the bound its gas spec asserts;
 * - `<!-- figures:checklist-items -->N<!-- /figures:checklist-items -->`: the item count of audits/checklist.
 *
 * Without `--check` it rewrites README.md and those docs; with it, it exits 1 and names every block that differs.
 */
import { readdirSync, readFileSync, writeFileSync } from 'fs';
import { join, resolve } from 'path';
import { loadChecklist } from './checklist';
import { readCommandLine } from '../../toolkit/cli/flags';
import type { AttributedFigures } from '../../harness/bench/attributed-bench';
import type { HandlerGasFigures, HandlerGasRow } from '../../harness/bench/handler-gas';
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

/** A row's scenario without its size ("10000 workers, new page" -> "new page"; "pause, 10,000 workers" -> "pause"). */
export const scenarioOf = (r: HandlerGasRow) =>
    r.scenario.replace(/^[\d,]+ workers(, )?/, '').replace(/(, )?[\d,]+ workers$/, '');
/** The size a row was measured at (from its scenario). */
export const sizeOf = (r: HandlerGasRow) => {
    const m = /([\d,]+) workers$/.exec(r.scenario) ?? /^([\d,]+) workers/.exec(r.scenario);
    return Number((m?.[1] ?? 'NaN').replace(/,/g, ''));
};

/** The one row of `rows` with this handler and scenario (size left out), or an error naming it. */
function pick(rows: readonly HandlerGasRow[], handler: string, scenario: string, size?: number): HandlerGasRow {
    const hit = rows.filter(
        (r) => r.handler === handler && scenarioOf(r) === scenario && (size === undefined || sizeOf(r) === size),
    );
    if (hit.length !== 1)
        throw new Error(
            `handler-gas.json: ${hit.length} rows for ${handler} "${scenario}"${size === undefined ? '' : ` at ${size}`} (expected 1); re-run \`npm run bench:handlers -- --json docs/figures/handler-gas.json\``,
        );
    return hit[0];
}
const handlerRows = (rows: readonly HandlerGasRow[], handler: string, size?: number) => {
    const hit = rows.filter((r) => r.handler === handler && (size === undefined || sizeOf(r) === size));
    if (hit.length === 0)
        throw new Error(`handler-gas.json: no ${handler} rows${size === undefined ? '' : ` at ${size}`}`);
    return hit;
};
const worstOf = (rows: readonly HandlerGasRow[]) => rows.reduce((a, b) => (b.gas > a.gas ? b : a));
/** The entry count in a scenario's brackets ("sparse, one per page (56)" -> 56). */
const countOf = (r: HandlerGasRow) => Number(/\((\d+)\)$/.exec(scenarioOf(r))?.[1] ?? 'NaN');

/** The README's summary: the worst scenario of each handler at 10,000 workers. */
export function handlerGasSummary(h: HandlerGasFigures): string {
    const reg = (handler: string) => worstOf(handlerRows(h.registry, handler, 10_000));
    const pool = (handler: string, scenario: string) => pick(h.pool, handler, scenario);
    const approve = ['approveWorker', 'suspendWorker', 'reinstateWorker'].map(reg);
    const worstApprove = worstOf(approve);
    const sync = worstOf(handlerRows(h.pool, 'worker_sync'));
    const sparse = h.pool.find((r) => r.handler === 'pay_owed' && scenarioOf(r).startsWith('sparse'));
    const dense = h.pool.find((r) => r.handler === 'payout_batch' && scenarioOf(r).startsWith('dense'));
    if (!sparse || !dense) throw new Error('handler-gas.json: no sparse pay_owed or dense payout_batch row');
    const line = (contract: string, label: string, gas: string, bound: number) =>
        `| ${contract} | ${label} | ${gas} | ${n(bound)} |`;
    return [
        `Gas per handler at ${n(h.poolWorkers)} workers (worst scenario; bounds are the named constants in`,
        '`contracts/*/gas.fc` the gas specs assert; `npm run bench:handlers`, docs/figures/handler-gas.json;',
        'full tables at 10 / 1,000 / 10,000 workers in the docs):',
        '',
        '| contract | handler | gas | bound |',
        '|---|---|---:|---:|',
        line('WorkerRegistry', 'register_worker', n(reg('registerWorker').gas), reg('registerWorker').bound),
        line('WorkerRegistry', 'withdraw_stake (worst)', n(reg('withdrawStake').gas), reg('withdrawStake').bound),
        line(
            'WorkerRegistry',
            'approve / suspend / reinstate',
            `≤ ${n(worstApprove.gas)}`,
            Math.max(...approve.map((r) => r.bound)),
        ),
        line(
            'PoolPayout',
            `revenue (Cocoon payout; an unknown op ${n(pool('revenue', 'unknown op').gas)})`,
            n(pool('revenue', '').gas),
            pool('revenue', '').bound,
        ),
        line('PoolPayout', 'worker_sync', n(sync.gas), sync.bound),
        line('PoolPayout', 'bounce', n(pool('bounce', '').gas), pool('bounce', '').bound),
        line(
            'PoolPayout',
            'attributed credit (earnings address → owed)',
            n(pool('attributed_revenue', 'existing entry').gas),
            pool('attributed_revenue', 'existing entry').bound,
        ),
        line('PoolPayout', `pay_owed, ${countOf(sparse)} workers one per page`, n(sparse.gas), sparse.bound),
        line(
            'PoolPayout',
            'bounced attributed payout',
            n(pool('attributed bounce', '').gas),
            pool('attributed bounce', '').bound,
        ),
        line(
            'PoolPayout',
            `batch of ${countOf(dense)} dense entries (one transaction: < 1,000,000)`,
            n(dense.gas),
            dense.bound,
        ),
    ].join('\n');
}

/** docs/payout.md's table: every PoolPayout row of the gas spec at 10,000 workers, grouped by handler. */
export function handlerGasPoolTable(h: HandlerGasFigures): string {
    const p = (handler: string, scenario: string) => pick(h.pool, handler, scenario);
    const g = (handler: string, scenario: string) => n(p(handler, scenario).gas);
    const rows = (handler: string) => handlerRows(h.pool, handler);
    const byPrefix = (handler: string, prefix: string) => {
        const r = rows(handler).find((x) => scenarioOf(x).startsWith(prefix));
        if (!r) throw new Error(`handler-gas.json: no ${handler} "${prefix}…" row`);
        return r;
    };
    const sparseOwed = byPrefix('pay_owed', 'sparse');
    const denseOwed = byPrefix('pay_owed', 'dense');
    const withdrawnDense = byPrefix('pay_owed', 'withdrawn, dense');
    const sparseBatch = byPrefix('payout_batch', 'sparse');
    const denseBatch = byPrefix('payout_batch', 'dense');
    const ownerOps = [
        'set_params',
        'set_operator',
        'set_paused',
        'transfer_ownership',
        'claim_ownership',
        'upgrade_code',
    ].map((op) => p(op, ''));
    const sync = ['new page', 'existing worker', 'withdrawal', 'withdrawn worker, ignored'];
    return [
        `Measured by \`tests/payout/gas.spec.ts\` on a ${n(h.poolWorkers)}-worker ledger (\`npm run bench:handlers\`, docs/figures/handler-gas.json, commit \`${h.commit.slice(0, 7)}\`); each bound is the one the spec asserts, from \`contracts/pool/gas.fc\`:`,
        '',
        '| handler | gas | bound |',
        '|---|---:|---:|',
        `| revenue | ${g('revenue', '')} (Cocoon payout), ${g('revenue', 'text comment')} (comment), ${g('revenue', 'plain transfer')} (plain transfer); ${g('revenue', 'unknown op')} (unknown op, through the request dispatch) | \`gas::revenue\` ${n(p('revenue', '').bound)} |`,
        `| attributed credit (existing / new owed entry; forged) | ${g('attributed_revenue', 'existing entry')} / ${g('attributed_revenue', 'new entry')}; ${g('attributed_revenue', 'forged')} | \`gas::attributed_revenue\` ${n(p('attributed_revenue', 'existing entry').bound)} |`,
        `| pay_owed, one worker; a withdrawn one | ${g('pay_owed', 'one entry (1)')}; ${g('pay_owed', 'withdrawn, one entry (1)')} | \`pay_owed_chunk + pay_owed_entry\` ${n(p('pay_owed', 'one entry (1)').bound)} |`,
        `| pay_owed, ${countOf(sparseOwed)} workers one per page / ${countOf(denseOwed)} dense / ${countOf(withdrawnDense)} withdrawn dense | ${n(sparseOwed.gas)} / ${n(denseOwed.gas)} / ${n(withdrawnDense.gas)} | ${n(sparseOwed.bound)} |`,
        `| bounced attributed payout | ${g('attributed bounce', '')} | \`gas::attributed_bounce\` ${n(p('attributed bounce', '').bound)} |`,
        `| worker_sync (${sync.join(' / ')}) | ${sync.map((s) => g('worker_sync', s)).join(' / ')} | \`gas::pool_worker_sync\` ${n(p('worker_sync', sync[0]).bound)} |`,
        `| worker_sync (withdrawal with the zero address / legacy worker_sync_v1) | ${g('worker_sync', 'withdrawal with the zero address')} / ${g('worker_sync', 'legacy worker_sync_v1')} | \`gas::pool_worker_sync\` ${n(p('worker_sync', sync[0]).bound)} |`,
        `| batch, one entry (the reserve floor included) | ${g('payout_batch', 'one entry (1)')} | \`payout_chunk + payout_entry\` ${n(p('payout_batch', 'one entry (1)').bound)} |`,
        `| batch, ${countOf(sparseBatch)} entries one per page (worst layout) | ${n(sparseBatch.gas)} | ${n(sparseBatch.bound)} |`,
        `| batch, ${countOf(denseBatch)} dense entries | ${n(denseBatch.gas)} (${n(Math.round(denseBatch.gas / countOf(denseBatch)))} per entry) | ${n(denseBatch.bound)} |`,
        `| bounce (credited and counted) | ${g('bounce', '')} | \`gas::bounce\` ${n(p('bounce', '').bound)} |`,
        `| withdraw_commission (storage charge, attributed books and floor included) | ${g('withdraw_commission', '')} | \`gas::withdraw_commission\` ${n(p('withdraw_commission', '').bound)} |`,
        `| other owner ops (${ownerOps.map((r) => r.handler).join(', ')}) | ${n(Math.min(...ownerOps.map((r) => r.gas)))} – ${n(Math.max(...ownerOps.map((r) => r.gas)))} | \`gas::owner_op\` ${n(Math.max(...ownerOps.map((r) => r.bound)))} |`,
    ].join('\n');
}

/** docs/registry.md's table: every WorkerRegistry row of the gas spec, one column per size. */
export function handlerGasRegistryTable(h: HandlerGasFigures): string {
    const sizes = [...new Set(h.registry.map(sizeOf))].sort((a, b) => a - b);
    const keys: [string, string][] = [];
    // in the spec's case order: the largest size runs every case
    const largest = sizes[sizes.length - 1];
    for (const r of [...h.registry.filter((x) => sizeOf(x) === largest), ...h.registry])
        if (!keys.some(([hd, sc]) => hd === r.handler && sc === scenarioOf(r))) keys.push([r.handler, scenarioOf(r)]);
    return [
        `Measured by \`tests/registry/gas.spec.ts\` (\`npm run bench:handlers\`, docs/figures/handler-gas.json, commit \`${h.commit.slice(0, 7)}\`):`,
        '',
        `| handler | scenario | ${sizes.map(n).join(' | ')} | bound (gas.fc) |`,
        `|---|---|${sizes.map(() => '--:|').join('')}--:|`,
        ...keys.map(([handler, scenario]) => {
            const at = sizes.map((size) =>
                h.registry.find((r) => r.handler === handler && scenarioOf(r) === scenario && sizeOf(r) === size),
            );
            const bound = Math.max(...at.filter((r) => r !== undefined).map((r) => r!.bound));
            return `| ${handler} | ${scenario} | ${at.map((r) => (r ? n(r.gas) : '—')).join(' | ')} | ${n(bound)} |`;
        }),
    ].join('\n');
}

export interface FigureSources {
    bench: BenchFigures;
    breakdown: GasBreakdown;
    stress: { file: string; r: StressFigures }[];
    handlerGas: HandlerGasFigures;
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
        handlerGas: JSON.parse(readFileSync(join(dir, 'handler-gas.json'), 'utf8')) as HandlerGasFigures,
        checklistItems: loadChecklist(join(root, 'audits', 'checklist')).items.length,
    };
}

/** The files `npm run readme` generates into, and the blocks each must hold. */
export const FIGURE_FILES: Record<string, readonly string[]> = {
    'README.md': ['bench', 'gas-breakdown', 'stress', 'handler-gas', 'checklist-items'],
    'docs/payout.md': ['handler-gas-pool'],
    'docs/registry.md': ['handler-gas-registry'],
};

/**
 * Replace each marked block of `text` (the blocks `names` lists; README.md's by default) with its
 * generated content; reports the blocks that changed and those `text` lacks.
 */
export function applyFigures(
    text: string,
    s: FigureSources,
    names: readonly string[] = FIGURE_FILES['README.md'],
): { text: string; changed: string[]; missing: string[] } {
    const all: [string, () => string, boolean][] = [
        ['bench', () => benchTable(s.bench), true],
        ['gas-breakdown', () => breakdownTable(s.breakdown), true],
        ['stress', () => stressTable(s.stress), true],
        ['handler-gas', () => handlerGasSummary(s.handlerGas), true],
        ['handler-gas-pool', () => handlerGasPoolTable(s.handlerGas), true],
        ['handler-gas-registry', () => handlerGasRegistryTable(s.handlerGas), true],
        ['checklist-items', () => String(s.checklistItems), false],
    ];
    const blocks = all
        .filter(([name]) => names.includes(name))
        .map(([name, content, block]): [string, string, boolean] => [name, content(), block]);
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

Regenerates the measured figures of README.md, docs/payout.md and docs/registry.md from
docs/figures/*.json and the checklist.

Flags:
  --check   change nothing; exit 1 when a file differs from what the figures give
  --help    this text
`;

function main(): number {
    const cl = readCommandLine('readme', USAGE, process.argv.slice(2), { check: 'boolean' });
    if (!cl.ok) return cl.exitCode;
    const root = resolve(__dirname, '..', '..');
    const sources = loadSources(root);
    const check = cl.flags.switches.has('check');
    let status = 0;
    for (const [name, blocks] of Object.entries(FIGURE_FILES)) {
        const file = join(root, name);
        const { text, changed, missing } = applyFigures(readFileSync(file, 'utf8'), sources, blocks);
        if (missing.length > 0) {
            console.error(`readme: ${name} has no <!-- figures:${missing.join(' -->, <!-- figures:')} --> block`);
            status = 1;
            continue;
        }
        if (check) {
            if (changed.length === 0) continue;
            console.error(
                `readme: ${name} figures differ from docs/figures and the checklist: ${changed.join(', ')}; run \`npm run readme\``,
            );
            status = 1;
            continue;
        }
        writeFileSync(file, text);
        console.log(
            changed.length
                ? `readme: ${name}: regenerated ${changed.join(', ')}`
                : `readme: ${name}: figures already current`,
        );
    }
    return status;
}

if (require.main === module) process.exitCode = main();
