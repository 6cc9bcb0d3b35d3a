/**
 * `npm run audit:html [-- --out FILE]`: one self-contained HTML file (no scripts, no external
 * resources) an auditor can open and click through: threat → checklist item → test file and line
 * at the tested commit, the category matrix, each item's verdict, TVM coverage, and the stress and
 * bench figures as inline SVG charts. Reads what audit:check reads (refusing the same results it
 * refuses) plus audits/THREAT_MODEL.md, audits/COVERAGE.md and docs/figures/*.json. Writes
 * reports/audit.html by default.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import { dirname, join, resolve } from 'path';
import { EXIT, refusals } from './audit-check';
import { AuditResult, checkAudit } from './check';
import { CATEGORIES, loadChecklist } from './checklist';
import { BenchFigures, StressFigures } from './readme-figures';
import { loadJestResults, RESULTS_HINT } from './results';
import { git, recordPathFor, RunRecord } from './run-record';
import { readCommandLine, usageFailure, UsageError } from '../../toolkit/cli/flags';

export interface Threat {
    title: string;
    ids: string[];
}

/** The attack sections of the threat model (`### ` headings) with the checklist ids each cites (ranges `A-300…306` expanded). */
export function parseThreats(md: string): Threat[] {
    const out: Threat[] = [];
    for (const section of md.split(/^### /m).slice(1)) {
        const title = section.split('\n')[0].trim();
        const body = section.split(/^## /m)[0];
        const ids = new Set<string>();
        for (const m of body.matchAll(/\b([A-Z]{3,4})-(\d{3})(?:…(\d{3}))?/g)) {
            const from = Number(m[2]);
            const to = m[3] ? Number(m[3]) : from;
            for (let k = from; k <= to; k++) ids.add(`${m[1]}-${String(k).padStart(3, '0')}`);
        }
        out.push({ title, ids: [...ids] });
    }
    return out;
}

export interface CoverageRow {
    contract: string;
    instructions: number;
    covered: number;
    percent: number;
}

/** The summary table of audits/COVERAGE.md. */
export function parseCoverage(md: string): CoverageRow[] {
    return [...md.matchAll(/^\| (\w+) \| (\d+) \| (\d+) \| \d+ \| ([\d.]+)% \|$/gm)].map((m) => ({
        contract: m[1],
        instructions: Number(m[2]),
        covered: Number(m[3]),
        percent: Number(m[4]),
    }));
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const n = (v: number) => v.toLocaleString('en-US');

/** A horizontal bar chart as inline SVG: one bar per row, an optional target line per row. */
export function barChart(title: string, rows: { label: string; value: number; target?: number }[], unit = ''): string {
    const max = Math.max(1, ...rows.flatMap((r) => [r.value, r.target ?? 0])) * 1.1;
    const w = 560;
    const left = 220;
    const h = 26 * rows.length + 34;
    const x = (v: number) => left + ((w - left - 80) * v) / max;
    const bars = rows
        .map((r, i) => {
            const y = 28 + i * 26;
            const target =
                r.target === undefined
                    ? ''
                    : `<line class="target" x1="${x(r.target)}" x2="${x(r.target)}" y1="${y - 2}" y2="${y + 20}"><title>target ${n(r.target)}${unit}</title></line>`;
            return `<text x="${left - 6}" y="${y + 14}" text-anchor="end">${esc(r.label)}</text><rect class="bar" x="${left}" y="${y}" width="${Math.max(1, x(r.value) - left)}" height="18"><title>${esc(r.label)}: ${n(r.value)}${unit}</title></rect><text x="${x(r.value) + 4}" y="${y + 14}">${n(r.value)}${unit}</text>${target}`;
        })
        .join('');
    return `<svg class="chart" role="img" aria-label="${esc(title)}" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}"><text class="chart-title" x="0" y="16">${esc(title)}</text>${bars}</svg>`;
}

/** A stacked bar per category: proven, not applicable, failing. */
export function matrixChart(result: AuditResult): string {
    const rows = result.totals.filter((t) => t.items > 0);
    const w = 560;
    const left = 60;
    const max = Math.max(...rows.map((t) => t.items));
    const h = 22 * rows.length + 30;
    const scale = (v: number) => ((w - left - 50) * v) / max;
    const body = rows
        .map((t, i) => {
            const y = 24 + i * 22;
            const p = scale(t.passed);
            const na = scale(t.notApplicable);
            const f = scale(t.failed);
            return (
                `<text x="${left - 6}" y="${y + 13}" text-anchor="end">${t.category}</text>` +
                `<rect class="pass" x="${left}" y="${y}" width="${p}" height="16"><title>${t.category}: ${t.passed} proven</title></rect>` +
                `<rect class="na" x="${left + p}" y="${y}" width="${na}" height="16"><title>${t.category}: ${t.notApplicable} not applicable</title></rect>` +
                `<rect class="fail" x="${left + p + na}" y="${y}" width="${f}" height="16"><title>${t.category}: ${t.failed} failing</title></rect>` +
                `<text x="${left + p + na + f + 4}" y="${y + 13}">${t.items}</text>`
            );
        })
        .join('');
    return `<svg class="chart" role="img" aria-label="items per category" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}"><text class="chart-title" x="0" y="14">Items per category (proven / not applicable / failing)</text>${body}</svg>`;
}

export interface HtmlInputs {
    result: AuditResult;
    record: RunRecord;
    threats: Threat[];
    coverage: CoverageRow[];
    bench?: BenchFigures;
    stress: StressFigures[];
    /** The text of a test file's line, for the snippet beside each link. */
    lineOf: (file: string, line: number) => string | undefined;
}

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1100px;color:#1d2433}
h1{font-size:24px}h2{margin-top:32px;border-bottom:1px solid #ccd;padding-bottom:4px}table{border-collapse:collapse;width:100%}
td,th{border:1px solid #d6d9e0;padding:4px 6px;vertical-align:top;text-align:left}th{background:#f0f2f6}
.pass{fill:#2e7d32;color:#2e7d32}.na{fill:#9e9e9e;color:#616161}.fail{fill:#c62828;color:#c62828}.bar{fill:#3f6fb5}
.target{stroke:#c62828;stroke-width:2;stroke-dasharray:3 2}.chart{display:block;margin:12px 0;font-size:12px}.chart-title{font-weight:600;font-size:13px}
code{background:#f3f4f7;padding:0 3px}.snippet{color:#555;font-family:monospace;font-size:12px;white-space:pre-wrap}
.verdict{font-weight:700}.meta td:first-child{width:220px;font-weight:600}`;

export function renderHtml(i: HtmlInputs): string {
    const { result, record } = i;
    const items = result.items;
    const count = (v: string) => items.filter((r) => r.verdict === v).length;
    const threatsOf = new Map<string, string[]>();
    i.threats.forEach((t, k) =>
        t.ids.forEach((id) =>
            threatsOf.set(id, [...(threatsOf.get(id) ?? []), `<a href="#threat-${k + 1}">${esc(t.title)}</a>`]),
        ),
    );
    const known = new Set(items.map((r) => r.item.id));
    const verdict = result.problems.length === 0 ? 'PASS' : 'FAIL';
    const out: string[] = [];
    out.push(
        `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Audit report ${esc(record.commit.slice(0, 12))}</title><style>${STYLE}</style></head><body>`,
    );
    out.push(
        `<h1>Audit report: <span class="verdict ${verdict === 'PASS' ? 'pass' : 'fail'}" id="verdict">${verdict}</span></h1>`,
    );
    out.push('<table class="meta">');
    out.push(
        `<tr><td>commit tested</td><td><code id="commit">${esc(record.commit)}</code>${record.dirty ? ' (with uncommitted changes)' : ''}</td></tr>`,
    );
    out.push(`<tr><td>test run started</td><td>${new Date(record.startTime).toISOString()}</td></tr>`);
    for (const [name, hash] of Object.entries(record.codeHashes))
        out.push(`<tr><td>${esc(name)} code hash</td><td><code>${esc(hash)}</code></td></tr>`);
    out.push(
        `<tr><td>items</td><td id="totals">${items.length} items: ${count('pass')} proven by passing tests, ${count('n/a')} not applicable, ${count('fail')} failing</td></tr></table>`,
    );
    if (result.problems.length > 0)
        out.push(
            '<h2>Problems</h2><ul id="problems">' + result.problems.map((p) => `<li>${esc(p)}</li>`).join('') + '</ul>',
        );

    out.push('<h2 id="matrix">Matrix</h2>', matrixChart(result));
    out.push('<table><tr><th>category</th><th>items</th><th>proven</th><th>not applicable</th><th>failing</th></tr>');
    for (const t of result.totals.filter((x) => x.items > 0)) {
        out.push(
            `<tr><td><a href="#cat-${t.category}">${t.category}: ${esc(CATEGORIES[t.category])}</a></td><td>${t.items}</td><td>${t.passed}</td><td>${t.notApplicable}</td><td>${t.failed}</td></tr>`,
        );
    }
    out.push('</table>');

    out.push(
        '<h2 id="threats">Threats → items</h2><table><tr><th>threat (audits/THREAT_MODEL.md)</th><th>checklist items</th></tr>',
    );
    i.threats.forEach((t, k) => {
        const links = t.ids
            .map((id) =>
                known.has(id) ? `<a href="#${id}">${id}</a>` : `<span class="fail">${id} (no such item)</span>`,
            )
            .join(', ');
        out.push(`<tr id="threat-${k + 1}"><td>${esc(t.title)}</td><td>${links}</td></tr>`);
    });
    out.push('</table>');

    out.push('<h2 id="items">Items</h2>');
    for (const [cat, label] of Object.entries(CATEGORIES)) {
        const rows = items.filter((r) => r.item.category === cat);
        if (rows.length === 0) continue;
        out.push(
            `<h3 id="cat-${cat}">${cat}: ${esc(label)}</h3><table><tr><th>id</th><th>property</th><th>verdict</th><th>proven by (file:line at ${esc(record.commit.slice(0, 12))})</th><th>threats</th></tr>`,
        );
        for (const r of rows) {
            const proof =
                r.verdict === 'n/a'
                    ? `N/A: ${esc(r.item.notApplicable ?? '')}`
                    : r.tests
                          .map((t) => {
                              const where = t.at
                                  .map((a) => {
                                      const text = a.line ? i.lineOf(a.file, a.line) : undefined;
                                      const href = `../${a.file}${a.line ? `#L${a.line}` : ''}`;
                                      return `<a class="test-link" href="${esc(href)}">${esc(a.file)}${a.line ? `:${a.line}` : ''}</a>${text ? `<div class="snippet">${esc(text.trim())}</div>` : ''}`;
                                  })
                                  .join('');
                              const cls = t.status === 'passed' ? 'pass' : 'fail';
                              return `<div><span class="${cls}">${t.status === 'passed' ? 'pass' : esc(t.status.toUpperCase())}</span> <code>${esc(t.title)}</code> ${where}</div>`;
                          })
                          .join('');
            const cls = r.verdict === 'pass' ? 'pass' : r.verdict === 'n/a' ? 'na' : 'fail';
            out.push(
                `<tr id="${r.item.id}"><td><a href="#${r.item.id}">${r.item.id}</a></td><td>${esc(r.item.property)}<br><small>impact: ${esc(r.item.impact)}</small></td><td class="verdict ${cls}">${r.verdict.toUpperCase()}</td><td>${proof}</td><td>${(threatsOf.get(r.item.id) ?? []).join('<br>')}</td></tr>`,
            );
        }
        out.push('</table>');
    }

    out.push('<h2 id="coverage">TVM instruction coverage</h2>');
    if (i.coverage.length > 0) {
        out.push(
            barChart(
                "Instructions covered (of each contract's total)",
                i.coverage.map((c) => ({
                    label: `${c.contract} (${c.percent}%)`,
                    value: c.covered,
                    target: c.instructions,
                })),
            ),
        );
        out.push(
            '<p>From audits/COVERAGE.md (<code>npm run coverage</code>), where every uncovered range has its reason.</p>',
        );
    } else out.push('<p>No audits/COVERAGE.md.</p>');

    out.push('<h2 id="figures">Stress and bench figures</h2>');
    if (i.bench) {
        const b = i.bench;
        out.push(
            barChart(`Bench: gas per payout (${n(b.workers)}-worker ledger; dashed: target)`, [
                { label: 'PoolPayout batch', value: b.gasPerPayout, target: b.targets.gasPerPayout },
                { label: 'send-loop baseline', value: b.baselineGasPerMessage },
            ]),
            barChart('Bench: payouts per transaction (dashed: target)', [
                { label: 'largest one-transaction batch', value: b.payoutsPerTx, target: b.targets.payoutsPerTx },
                {
                    label: 'long dense batch, per transaction',
                    value: b.payoutsPerContinuingTx,
                    target: b.targets.payoutsPerTx,
                },
            ]),
            barChart('Bench: fee per payout, mainnet 2026 prices (nanoton; dashed: target)', [
                {
                    label: 'fee per payout',
                    value: b.feePerPayoutNanoton.mainnet2026,
                    target: b.targets.feePerPayoutMainnet2026,
                },
            ]),
        );
    }
    for (const s of i.stress) {
        out.push(
            barChart(
                `Stress: ${n(s.workers)} workers × ${s.epochs} epochs (${s.prices}): ${s.doublePayments} double payments, ${s.reconciliationDiffNanoton} nanoton unreconciled`,
                [
                    { label: 'payouts', value: s.payouts },
                    { label: 'transactions', value: s.transactions },
                    { label: 'gas per payout p50', value: s.gasPerPayout.p50 },
                    { label: 'gas per payout p95', value: s.gasPerPayout.p95 },
                ],
            ),
        );
    }
    out.push('</body></html>');
    return out.join('\n') + '\n';
}

/** Everything renderHtml needs, read from a repository root; throws (with the reasons) on results audit:check refuses. */
export function loadInputs(
    root: string,
    opts: { allowDirty?: boolean; repo?: { head: string; dirty: boolean } } = {},
): HtmlInputs {
    const resultsFile = join(root, 'reports', 'jest-results.json');
    const run = loadJestResults(resultsFile, root);
    const recordFile = recordPathFor(resultsFile);
    if (!existsSync(recordFile)) throw new Error(`${recordFile} not found: ${RESULTS_HINT}`);
    const record = JSON.parse(readFileSync(recordFile, 'utf8')) as RunRecord;
    const repo = opts.repo ?? {
        head: git(root, ['rev-parse', 'HEAD']) || 'unknown',
        dirty: git(root, ['status', '--porcelain', '--untracked-files=no']).length > 0,
    };
    const refused = refusals(root, run, record, repo, opts.allowDirty ?? false);
    if (refused.length > 0) throw new Error(`the test results are refused:\n  - ${refused.join('\n  - ')}`);
    const result = checkAudit(loadChecklist(join(root, 'audits', 'checklist')), run, { everyCategory: false });
    const read = (p: string) => (existsSync(join(root, p)) ? readFileSync(join(root, p), 'utf8') : '');
    const figures = join(root, 'docs', 'figures');
    const stressFiles = existsSync(figures)
        ? ['stress-1000.json', 'stress-10000.json'].filter((f) => existsSync(join(figures, f)))
        : [];
    const files = new Map<string, string[]>();
    return {
        result,
        record,
        threats: parseThreats(read('audits/THREAT_MODEL.md')),
        coverage: parseCoverage(read('audits/COVERAGE.md')),
        bench: existsSync(join(figures, 'bench.json'))
            ? (JSON.parse(readFileSync(join(figures, 'bench.json'), 'utf8')) as BenchFigures)
            : undefined,
        stress: stressFiles.map((f) => JSON.parse(readFileSync(join(figures, f), 'utf8')) as StressFigures),
        lineOf: (file, line) => {
            if (!files.has(file))
                files.set(file, existsSync(join(root, file)) ? readFileSync(join(root, file), 'utf8').split('\n') : []);
            return files.get(file)![line - 1];
        },
    };
}

const USAGE = `Usage: npm run audit:html -- [flags]

Writes one self-contained HTML audit report from the results audit:check accepts.

Flags:
  --out FILE       where to write it (default reports/audit.html)
  --allow-dirty    accept results of a run on a tree with uncommitted changes
  --help           this text
`;

function main(): number {
    const root = resolve(__dirname, '..', '..');
    const cl = readCommandLine('audit:html', USAGE, process.argv.slice(2), { out: 'string', 'allow-dirty': 'boolean' });
    if (!cl.ok) return cl.exitCode;
    const outArg = cl.flags.values.get('out');
    if (outArg !== undefined && outArg.trim() === '')
        return usageFailure('audit:html', new UsageError('--out needs a file path'));
    const out = outArg !== undefined ? resolve(outArg) : join(root, 'reports', 'audit.html');
    let inputs: HtmlInputs;
    try {
        inputs = loadInputs(root, { allowDirty: cl.flags.switches.has('allow-dirty') });
    } catch (e) {
        console.error(`audit:html: ${(e as Error).message}`);
        return EXIT.refused;
    }
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, renderHtml(inputs));
    console.log(`audit:html: wrote ${out} (${inputs.result.items.length} items, commit ${inputs.record.commit})`);
    return 0;
}

if (require.main === module) process.exitCode = main();
