/// <reference lib="dom" />
/**
 * `npm run audit:html`: the self-contained HTML report an auditor clicks through. Built from a
 * scratch repository (the fixture checklist and results, a threat model and coverage summary, the
 * committed bench and stress figures), rendered in headless Chromium (Debian's `chromium`, driven by
 * puppeteer-core), checked through the DOM, and photographed to reports/audit-report.png.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import puppeteer, { Browser } from 'puppeteer-core';
import { loadInputs, parseThreats, renderHtml } from '../../audits/tools/html-report';
import { RunRecord } from '../../audits/tools/run-record';

const ROOT = join(__dirname, '..', '..');
const FIXTURES = join(__dirname, 'fixtures');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const HEAD = 'c0ffee0000000000000000000000000000000000';

function scratchRepo(): string {
    const root = mkdtempSync(join(tmpdir(), 'audit-html-'));
    mkdirSync(join(root, 'audits'));
    cpSync(join(FIXTURES, 'checklist'), join(root, 'audits', 'checklist'), { recursive: true });
    const hashes = { PoolPayout: 'aa'.repeat(32), WorkerRegistry: 'bb'.repeat(32) };
    writeFileSync(
        join(root, 'audits', 'code-hashes.json'),
        JSON.stringify({
            contracts: Object.fromEntries(Object.entries(hashes).map(([k, codeHash]) => [k, { codeHash }])),
        }),
    );
    writeFileSync(
        join(root, 'audits', 'THREAT_MODEL.md'),
        '# Threat model\n\n## Attacks and mitigations\n\n### Stolen owner key\nWithdrawals check the owner (ACC-901), the maths rounds down (FIN-901).\n\n### Upgrades\nNone (UPG-901).\n\n## What is not defended\nNothing here.\n',
    );
    writeFileSync(
        join(root, 'audits', 'COVERAGE.md'),
        '| contract | instructions | covered | uncovered | coverage |\n|---|---:|---:|---:|---:|\n| WorkerRegistry | 4907 | 4823 | 84 | 98.29% |\n| PoolPayout | 2830 | 2776 | 54 | 98.09% |\n',
    );
    cpSync(join(ROOT, 'docs', 'figures'), join(root, 'docs', 'figures'), { recursive: true });
    mkdirSync(join(root, 'tests', 'x'), { recursive: true });
    const spec = Array.from({ length: 11 }, (_, k) => `// line ${k + 1}`).concat([
        "    it('[ACC-901] withdraw from a stranger is rejected', async () => {",
    ]);
    writeFileSync(join(root, 'tests', 'x', 'a.spec.ts'), spec.join('\n') + '\n');
    mkdirSync(join(root, 'reports'));
    const json = readFileSync(join(FIXTURES, 'jest-results.json'), 'utf8').replaceAll('"/repo/', `"${root}/`);
    writeFileSync(join(root, 'reports', 'jest-results.json'), json);
    const record: RunRecord = {
        startTime: JSON.parse(json).startTime,
        commit: HEAD,
        dirty: false,
        codeHashes: hashes,
        narrowedBy: [],
    };
    writeFileSync(join(root, 'reports', 'jest-results.run.json'), JSON.stringify(record));
    return root;
}

describe('audit:html', () => {
    let root: string;
    let browser: Browser | undefined;
    beforeAll(async () => {
        root = scratchRepo();
        browser = await puppeteer.launch({
            executablePath: CHROMIUM,
            headless: true,
            args: ['--no-sandbox', '--disable-gpu'],
        });
    });
    afterAll(async () => {
        await browser?.close();
        rmSync(root, { recursive: true, force: true });
    });

    // The threat model's ranges (FIN-300…306) stand for every id in between.
    it('[DOC-524] threats are read with the ids each cites, ranges expanded', () => {
        expect(
            parseThreats('## Attacks\n### A\nsee FIN-300…302 and ACC-1\n### B\nUPG-500.\n## Other\nDOC-999\n'),
        ).toEqual([
            { title: 'A', ids: ['FIN-300', 'FIN-301', 'FIN-302'] },
            { title: 'B', ids: ['UPG-500'] },
        ]);
    });

    // The page must stand alone (an auditor may open it from a mail attachment) and carry, in a real
    // browser's DOM: the verdict and tested commit, the matrix, per-item anchors with their tests'
    // file:line links and source lines, threat → item links, coverage and figure charts.
    it('[DOC-524] the HTML report renders in headless Chromium with matrix, items, threats, coverage and charts', async () => {
        const html = renderHtml(loadInputs(root, { repo: { head: HEAD, dirty: false } }));
        expect(html).not.toMatch(/<script|<link|\bsrc=|https?:\/\//);
        const file = join(root, 'reports', 'audit.html');
        writeFileSync(file, html);
        const page = await browser!.newPage();
        await page.setViewport({ width: 1200, height: 900 });
        await page.goto(`file://${file}`);
        const dom = await page.evaluate(() => {
            const text = (sel: string) => document.querySelector(sel)?.textContent ?? null;
            const row = document.getElementById('ACC-901');
            return {
                verdict: text('#verdict'),
                commit: text('#commit'),
                totals: text('#totals'),
                charts: document.querySelectorAll('svg.chart').length,
                anchors: ['ACC-901', 'FIN-901', 'UPG-901'].map(
                    (id) => document.getElementById(id)?.querySelector('.verdict')?.textContent,
                ),
                links: Array.from(row?.querySelectorAll('a.test-link') ?? []).map((a) => a.getAttribute('href')),
                snippet: row?.querySelector('.snippet')?.textContent,
                threatLinks: Array.from(document.querySelectorAll('#threat-1 a')).map((a) => a.getAttribute('href')),
                threatOfItem: row?.lastElementChild?.textContent,
                coverage: document.querySelector('svg[aria-label^="Instructions covered"]')?.textContent ?? '',
                stress: Array.from(document.querySelectorAll('svg[aria-label^="Stress:"]')).map((s) =>
                    s.getAttribute('aria-label'),
                ),
            };
        });
        const stress = JSON.parse(readFileSync(join(ROOT, 'docs', 'figures', 'stress-1000.json'), 'utf8')) as {
            transactions: number;
        };
        expect(dom).toEqual({
            verdict: 'PASS',
            commit: HEAD,
            totals: '3 items: 2 proven by passing tests, 1 not applicable, 0 failing',
            charts: expect.any(Number),
            anchors: ['PASS', 'PASS', 'N/A'],
            links: ['../tests/x/a.spec.ts#L12', '../tests/x/a.spec.ts'],
            snippet: "it('[ACC-901] withdraw from a stranger is rejected', async () => {",
            threatLinks: ['#ACC-901', '#FIN-901'],
            threatOfItem: 'Stolen owner key',
            coverage: expect.stringContaining('WorkerRegistry (98.29%)'),
            // one chart per committed stress run (docs/figures/stress-*.json)
            stress: [
                expect.stringContaining(
                    'Stress: 1,000 workers × 3 epochs (sandbox): 0 double payments, 0 nanoton unreconciled',
                ),
                expect.stringContaining(
                    'Stress: 10,000 workers × 3 epochs (sandbox): 0 double payments, 0 nanoton unreconciled',
                ),
            ],
        });
        // matrix, coverage, three bench charts, one per stress run
        expect(dom.charts).toBe(5 + dom.stress.length);
        expect(html).toContain(`${stress.transactions.toLocaleString('en-US')}</text>`);
        mkdirSync(join(ROOT, 'reports'), { recursive: true });
        await page.screenshot({ path: join(ROOT, 'reports', 'audit-report.png'), fullPage: true });
        await page.close();
    });

    it('[DOC-524] audit:html refuses the results audit:check refuses', () => {
        writeFileSync(join(root, 'tests', 'x', 'b.spec.ts'), '');
        try {
            expect(() => loadInputs(root, { repo: { head: HEAD, dirty: false } })).toThrow(
                'partial run: 1 of 2 spec files did not run (tests/x/b.spec.ts)',
            );
        } finally {
            rmSync(join(root, 'tests', 'x', 'b.spec.ts'));
        }
    });
});
