/**
 * Mutation results -> reports/mutation.json (machine-readable, every mutant) and audits/MUTATION.md
 * (tables per contract, file and operator; every survivor with its diff and its hand review from
 * audits/mutation-notes.json).
 */
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { MutantResult, Status } from './runner';

/** A hand review of a surviving (or timed-out) mutant, matched by file and changed line. */
export interface MutationNote {
    file: string;
    before: string;
    after: string;
    /** equivalent: no test can tell it from the original; killed: a test added for it. */
    verdict: 'equivalent' | 'killed';
    /** equivalent: why. killed: the test title that kills it. */
    reason: string;
}

export const NOTES_FILE = 'audits/mutation-notes.json';

export function loadNotes(root: string): MutationNote[] {
    const p = join(root, NOTES_FILE);
    return existsSync(p) ? (JSON.parse(readFileSync(p, 'utf8')) as MutationNote[]) : [];
}

export function noteFor(
    notes: MutationNote[],
    m: Pick<MutantResult, 'file' | 'before' | 'after'>,
): MutationNote | undefined {
    return notes.find((n) => n.file === m.file && n.before === m.before && n.after === m.after);
}

export interface Counts {
    generated: number;
    dropped: number;
    compiled: number;
    equivalent: number;
    duplicate: number;
    killed: number;
    survived: number;
    timeout: number;
    error: number;
    /** killed / (killed + survived + timeout): the share of compiled, non-equivalent, distinct mutants killed. */
    killRate: number | null;
}

export function count(rs: MutantResult[]): Counts {
    const n = (s: Status) => rs.filter((r) => r.status === s).length;
    const killed = n('killed');
    const judged = killed + n('survived') + n('timeout');
    return {
        generated: rs.length,
        dropped: n('dropped'),
        compiled: rs.length - n('dropped'),
        equivalent: n('equivalent'),
        duplicate: n('duplicate'),
        killed,
        survived: n('survived'),
        timeout: n('timeout'),
        error: n('error'),
        killRate: judged === 0 ? null : killed / judged,
    };
}

function groupBy(rs: MutantResult[], key: (r: MutantResult) => string[]): Record<string, Counts> {
    const groups = new Map<string, MutantResult[]>();
    for (const r of rs) for (const k of key(r)) groups.set(k, [...(groups.get(k) ?? []), r]);
    return Object.fromEntries(
        [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, count(v)]),
    );
}

export interface MutationReport {
    kind: 'full' | 'sample';
    commit: string;
    /** sha256 of every contract source and test file the run depended on. */
    inputsHash: string;
    date: string;
    /** What the run was narrowed to (--file, --only, --spec), when it was. */
    narrowing?: { files: string[]; only: string[]; specs: string[] };
    seed?: number;
    sampleSize?: number;
    /**
     * false while the run is going (the report is rewritten after every mutant, so a run stopped
     * early keeps what it finished): `mutants` then holds the `planned` ones judged so far.
     * Absent in reports written before the field: those are complete.
     */
    complete?: boolean;
    planned?: number;
    target: number;
    workers: number;
    timeoutMs: number;
    elapsedMs: number;
    /** Sums over mutants of their test runs' wall and CPU time, ms (CPU: what idle cores would need). */
    testMs: number;
    testCpuMs: number;
    totals: Counts;
    perContract: Record<string, Counts>;
    perFile: Record<string, Counts>;
    perOperator: Record<string, Counts>;
    /** Latest measured duration of each spec (ms), and how many mutants each spec killed in this run. */
    specDurations: Record<string, number>;
    specKills: Record<string, number>;
    mutants: MutantResult[];
}

export function buildReport(
    rs: MutantResult[],
    meta: Omit<
        MutationReport,
        'totals' | 'perContract' | 'perFile' | 'perOperator' | 'mutants' | 'testMs' | 'testCpuMs'
    >,
): MutationReport {
    return {
        ...meta,
        // a carried result's test time was spent by the run that judged it
        testMs: rs.reduce((a, r) => a + (r.carried ? 0 : (r.ms ?? 0)), 0),
        testCpuMs: rs.reduce((a, r) => a + (r.carried ? 0 : (r.cpuMs ?? 0)), 0),
        totals: count(rs),
        perContract: groupBy(rs, (r) => r.contracts),
        perFile: groupBy(rs, (r) => [r.file]),
        perOperator: groupBy(rs, (r) => [r.operator]),
        mutants: rs,
    };
}

export const pct = (x: number | null) => (x === null ? '—' : `${(100 * x).toFixed(1)}%`);
export const mins = (ms: number) => `${(ms / 60000).toFixed(1)} min`;

/** The count columns of every results table (this file's and files.ts'). */
export const COUNT_COLUMNS = [
    'generated',
    'dropped',
    'compiled',
    'equivalent',
    'duplicate',
    'killed',
    'survived',
    'timed out',
    'error',
];

export function countCells(c: Counts): (string | number)[] {
    return [c.generated, c.dropped, c.compiled, c.equivalent, c.duplicate, c.killed, c.survived, c.timeout, c.error];
}

/** A markdown table: the first column left-aligned, the others (figures) right-aligned. */
export function markdownTable(columns: string[], rows: (string | number)[][]): string[] {
    const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
    return [
        line(columns),
        `|---|${columns
            .slice(1)
            .map(() => '---:|')
            .join('')}`,
        ...rows.map(line),
    ];
}

function table(title: string, groups: Record<string, Counts>): string[] {
    return markdownTable(
        [title, ...COUNT_COLUMNS, 'killed %'],
        Object.entries(groups).map(([k, c]) => [k, ...countCells(c), pct(c.killRate)]),
    );
}

/** Each survivor and timed-out mutant with its diff and its review (or that it has none yet). */
export function reviewLines(open: MutantResult[], notes: MutationNote[]): string[] {
    if (open.length === 0) return ['None.'];
    return open.flatMap((m) => {
        const n = noteFor(notes, m);
        return [
            `- \`${m.id}\` (${m.status}${m.ms !== undefined ? `, ${(m.ms / 1000).toFixed(0)} s` : ''})`,
            '  ```diff',
            `  - ${m.before}`,
            `  + ${m.after}`,
            '  ```',
            n === undefined
                ? '  **Not reviewed yet.**'
                : n.verdict === 'equivalent'
                  ? `  Equivalent: ${n.reason}`
                  : `  Killed since by \`${n.reason}\`.`,
        ];
    });
}

/** `doc` with the text between the `begin` and `end` markers replaced. */
export function spliceBetween(doc: string, begin: string, end: string, text: string): string {
    const a = doc.indexOf(begin);
    const b = doc.indexOf(end);
    if (a < 0 || b < a) throw new Error(`audits/MUTATION.md: markers ${begin} … ${end} not found`);
    return doc.slice(0, a + begin.length) + '\n' + text + '\n' + doc.slice(b);
}

/** The generated part of audits/MUTATION.md (between the markers), from a full report. */
export function renderResults(r: MutationReport, notes: MutationNote[]): string {
    const lines: string[] = [];
    lines.push(
        `Run of ${r.date} on commit \`${r.commit}\`${r.kind === 'sample' ? ` (sample of ${r.sampleSize}, seed ${r.seed})` : ''}: ` +
            `${r.workers} worker${r.workers === 1 ? '' : 's'}, ${mins(r.elapsedMs)} wall clock, ${mins(r.testMs)} of test runs (${mins(r.testCpuMs)} of CPU), time limit ${r.timeoutMs / 1000} s per mutant.`,
        '',
        `Killed ${pct(r.totals.killRate)} of the ${r.totals.killed + r.totals.survived + r.totals.timeout} compiled, non-equivalent, distinct mutants (target ${pct(r.target)}).`,
        '',
        ...table('contract', r.perContract),
        '',
        ...table('operator', r.perOperator),
        '',
        ...table('file', r.perFile),
        '',
        '### Survivors and timed-out mutants, each reviewed by hand',
        '',
    );
    lines.push(
        ...reviewLines(
            r.mutants.filter((m) => m.status === 'survived' || m.status === 'timeout'),
            notes,
        ),
    );
    return lines.join('\n');
}

export const BEGIN = '<!-- mutation-results:begin (generated by npm run mutate, do not edit) -->';
export const END = '<!-- mutation-results:end -->';

export function spliceResults(doc: string, results: string): string {
    return spliceBetween(doc, BEGIN, END, results);
}
