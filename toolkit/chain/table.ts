/** Plain-text tables for reports: the one formatter every benchmark, gas report and summary uses. */
export type Cellish = string | number | bigint;

export function formatTable(header: string[], rows: Cellish[][]): string {
    const text = [header, ...rows.map((r) => r.map(formatCell))];
    const widths = header.map((_, i) => Math.max(...text.map((r) => (r[i] ?? '').length)));
    const line = (r: string[]) =>
        '| ' + r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ') + ' |';
    const rule = '|' + widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : '-'.repeat(w + 1) + ':')).join('|') + '|';
    return [line(text[0]), rule, ...text.slice(1).map(line)].join('\n');
}

export function formatCell(c: Cellish): string {
    if (typeof c === 'string') return c;
    return c.toLocaleString('en-US');
}
