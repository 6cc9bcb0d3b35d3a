/**
 * Full runs file by file: `npm run mutate -- --file <path>` runs every mutant of the matching
 * files; its results are kept per file in reports/mutation-files.json (a newer run of a file
 * replaces the older one) and rendered into audits/MUTATION.md between the mutation-files
 * markers, with what has not been run said as plainly as what has.
 */
import { existsSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { ContractTarget, Mutant } from './generator';
import {
    count,
    countCells,
    Counts,
    COUNT_COLUMNS,
    markdownTable,
    mins,
    MutationNote,
    MutationReport,
    noteFor,
    pct,
    reviewLines,
    spliceBetween,
} from './report';
import { MutantResult } from './runner';

export const FILES_REPORT = 'reports/mutation-files.json';

/** One --file run: what it ran on and what it cost, and the files whose results it holds. */
export interface FileRun {
    command: string;
    commit: string;
    inputsHash: string;
    date: string;
    workers: number;
    timeoutMs: number;
    elapsedMs: number;
    testMs: number;
    testCpuMs: number;
    /** The files this run covered (every mutant of each, unless the run is partial). */
    files: string[];
    /**
     * false: the run was stopped (or is still going) before every mutant had an outcome; its files
     * hold the mutants it finished. Absent in runs recorded before the field: those are complete.
     */
    complete?: boolean;
}

export interface FilesReport {
    runs: FileRun[];
    /** file -> index in runs of the run that holds its results. */
    files: Record<string, number>;
    mutants: MutantResult[];
}

export function loadFilesReport(root: string): FilesReport {
    const p = join(root, FILES_REPORT);
    return existsSync(p) ? (JSON.parse(readFileSync(p, 'utf8')) as FilesReport) : { runs: [], files: {}, mutants: [] };
}

/**
 * `prev` with the results of a complete run of `files` (every mutant generated for them) in place
 * of any earlier results for those files; runs left holding no file are dropped.
 */
export function recordFileRun(
    prev: FilesReport,
    report: MutationReport,
    files: string[],
    command: string,
): FilesReport {
    const covered = new Set(files);
    const stray = report.mutants.filter((m) => !covered.has(m.file));
    if (stray.length > 0) throw new Error(`the run has mutants outside its files: ${stray[0].id}`);
    const run: FileRun = {
        command,
        commit: report.commit,
        inputsHash: report.inputsHash,
        date: report.date,
        workers: report.workers,
        timeoutMs: report.timeoutMs,
        elapsedMs: report.elapsedMs,
        testMs: report.testMs,
        testCpuMs: report.testCpuMs,
        files: [...files].sort(),
        complete: report.complete !== false,
    };
    const keep = prev.runs
        .map((r, i) => ({ r, i, files: r.files.filter((f) => !covered.has(f) && prev.files[f] === i) }))
        .filter((x) => x.files.length > 0);
    const runs = [...keep.map((x) => ({ ...x.r, files: x.files })), run];
    const out: FilesReport = { runs, files: {}, mutants: [] };
    keep.forEach((x, j) => x.files.forEach((f) => (out.files[f] = j)));
    for (const f of run.files) out.files[f] = runs.length - 1;
    out.mutants = [...prev.mutants.filter((m) => !covered.has(m.file) && m.file in out.files), ...report.mutants].sort(
        (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.id.localeCompare(b.id),
    );
    return out;
}

export function saveFilesReport(root: string, r: FilesReport) {
    writeFileSync(join(root, FILES_REPORT), JSON.stringify(r, null, 2) + '\n');
}

/** Counts, plus the hand review of survivors and timed-out mutants (audits/mutation-notes.json). */
interface Reviewed extends Counts {
    /** Survivors and timeouts reviewed as equivalent, and those a test added since kills. */
    reviewedEquivalent: number;
    killedSince: number;
    unreviewed: number;
    /** (killed + killedSince) / (killed + survived + timeout - reviewedEquivalent). */
    killRateReviewed: number | null;
}

function reviewed(rs: MutantResult[], notes: MutationNote[]): Reviewed {
    const c = count(rs);
    const open = rs.filter((m) => m.status === 'survived' || m.status === 'timeout');
    const verdict = (m: MutantResult) => noteFor(notes, m)?.verdict;
    const reviewedEquivalent = open.filter((m) => verdict(m) === 'equivalent').length;
    const killedSince = open.filter((m) => verdict(m) === 'killed').length;
    const judged = c.killed + c.survived + c.timeout - reviewedEquivalent;
    return {
        ...c,
        reviewedEquivalent,
        killedSince,
        unreviewed: open.length - reviewedEquivalent - killedSince,
        killRateReviewed: judged === 0 ? null : (c.killed + killedSince) / judged,
    };
}

const hours = (ms: number) => (ms < 3_600_000 ? `${Math.round(ms / 60000)} min` : `${(ms / 3_600_000).toFixed(1)} h`);

/**
 * Mean wall time per mutant (ms) of the recorded one-worker runs, per contract (runs whose mutants
 * all belong to that contract) and over every such run (key ''); a partial run counts what it held.
 */
export function wallPerMutant(r: FilesReport): Map<string, number> {
    const sums = new Map<string, { ms: number; n: number }>();
    const add = (k: string, ms: number, n: number) => {
        const s = sums.get(k) ?? { ms: 0, n: 0 };
        sums.set(k, { ms: s.ms + ms, n: s.n + n });
    };
    r.runs.forEach((run, i) => {
        if (run.workers !== 1) return;
        // what the run judged itself: results carried from earlier runs (--resume) cost it nothing
        const held = r.mutants.filter((m) => m.file in r.files && r.runs[r.files[m.file]] === run && !m.carried);
        // a run's time is for all its files; count it only while it still holds all of them
        if (held.length === 0 || !run.files.every((f) => r.files[f] === i)) return;
        const cs = new Set(held.flatMap((m) => m.contracts));
        if (cs.size === 1) add([...cs][0], run.elapsedMs, held.length);
        add('', run.elapsedMs, held.length);
    });
    return new Map([...sums].map(([k, s]) => [k, s.ms / s.n]));
}

function table(title: string, rows: [string, Reviewed][]): string[] {
    return markdownTable(
        [title, ...COUNT_COLUMNS, 'killed % (run)', 'reviewed equivalent', 'killed since', 'killed % (after review)'],
        rows.map(([k, c]) => [
            k,
            ...countCells(c),
            pct(c.killRate),
            c.reviewedEquivalent,
            c.killedSince,
            pct(c.killRateReviewed),
        ]),
    );
}

/**
 * What names a mutant across edits elsewhere: its file, operator and hash (the id's last part),
 * not its line, which moves whenever a line above it is added or removed.
 */
export function mutantKey(m: Pick<MutantResult, 'id' | 'file' | 'operator'>): string {
    return `${m.file}:${m.operator}:${m.id.slice(m.id.lastIndexOf(':') + 1)}`;
}

/**
 * The recorded mutants at the lines they have now: a record whose mutant is still generated takes
 * the current id and line; one that is not keeps its own (its file is then stale).
 */
export function relocate(recorded: MutantResult[], current: Mutant[]): MutantResult[] {
    const now = new Map(current.map((m) => [mutantKey(m), m]));
    return recorded.map((m) => {
        const c = now.get(mutantKey(m));
        return c === undefined ? m : { ...m, id: c.id, line: c.line };
    });
}

/**
 * What a `--resume` run of `files` need not run again: the recorded results of those files whose
 * mutant is still generated (by mutantKey), at their current ids, each marked with the run that
 * judged it. A result carried before keeps its first run.
 */
export function carriedResults(prev: FilesReport, files: string[], current: Mutant[]): MutantResult[] {
    const wanted = new Set(files);
    const now = new Set(current.map(mutantKey));
    return relocate(
        prev.mutants.filter((m) => wanted.has(m.file) && now.has(mutantKey(m))),
        current,
    ).map((m) => {
        const run = prev.runs[prev.files[m.file]];
        return { ...m, carried: m.carried ?? { commit: run.commit, date: run.date } };
    });
}

/**
 * The generated section: which files of which contract have had a full run (and which have not),
 * the runs and their wall time, per-file and per-contract figures, and every survivor with its review.
 * `current` is the mutant list generated from the sources now: a file whose recorded mutants
 * (by mutantKey: lines that merely moved do not count) differ from it changed since its run, and
 * is shown as stale.
 */
export function renderFileRuns(
    recorded: FilesReport,
    contracts: ContractTarget[],
    current: Mutant[],
    notes: MutationNote[],
): string {
    const r: FilesReport = { ...recorded, mutants: relocate(recorded.mutants, current) };
    const lines: string[] = [];
    const keys = (ms: Pick<MutantResult, 'id' | 'file' | 'operator'>[]) => ms.map(mutantKey).sort().join('\n');
    const fileOf = (c: ContractTarget) =>
        [...new Set(current.filter((m) => m.file.startsWith(c.dir + '/')).map((m) => m.file))].sort();
    const currentOf = (f: string) => current.filter((m) => m.file === f);
    const recordedOf = (f: string) => r.mutants.filter((m) => m.file === f);
    const isPartial = (f: string) => f in r.files && r.runs[r.files[f]].complete === false;
    // stale: a complete file's mutants are no longer exactly those generated now, a partial one's no longer among them
    const stale = new Set(
        Object.keys(r.files).filter((f) => {
            const now = new Set(currentOf(f).map(mutantKey));
            return isPartial(f)
                ? !recordedOf(f).every((m) => now.has(mutantKey(m)))
                : keys(recordedOf(f)) !== keys(currentOf(f));
        }),
    );
    const partialNote = (f: string) => `partial: ${recordedOf(f).length} of ${currentOf(f).length} mutants`;
    const rates = wallPerMutant(r);
    lines.push(
        'What has had a full run (every mutant of the file), by contract; the mutants are generated from the sources as they are now.',
        'A partial file is one whose run was stopped before every mutant had an outcome (its figures below cover the mutants it finished).',
        'The estimate for what is not run is the mutants its records lack (what `--resume` runs) times the mean wall time per mutant of the runs of that contract recorded here',
        '(1 worker; survivors, which run every spec up to the time limit, make the real figure vary).',
        '',
    );
    lines.push('| contract | files run | mutants run | not run |', '|---|---:|---:|---|');
    const estimates: string[] = [];
    for (const c of contracts) {
        const files = fileOf(c);
        const run = files.filter((f) => f in r.files && !stale.has(f) && !isPartial(f));
        const n = (fs: string[]) => current.filter((m) => fs.includes(m.file)).length;
        const notRun = files.filter((f) => !run.includes(f));
        const note = (f: string) =>
            stale.has(f) ? ' (stale: changed since its run)' : isPartial(f) ? ` (${partialNote(f)})` : '';
        lines.push(
            `| ${c.name} | ${run.length} of ${files.length} | ${n(run)} of ${n(files)} | ${notRun.length === 0 ? 'none: fully run' : notRun.map((f) => `${f.slice(c.dir.length + 1)}${note(f)}`).join(', ')} |`,
        );
        if (notRun.length === 0) continue;
        // what `--resume` would run: the mutants generated now that the file's record does not hold
        const left = (f: string) => {
            const held = new Set(recordedOf(f).map(mutantKey));
            return currentOf(f).filter((m) => !held.has(mutantKey(m))).length;
        };
        const total = notRun.reduce((a, f) => a + left(f), 0);
        const rate = rates.get(c.name) ?? rates.get('');
        const est = (k: number) => (rate === undefined ? '—' : `~${hours(k * rate)}`);
        estimates.push(
            `| ${c.name} | ${notRun.map((f) => `${f.slice(c.dir.length + 1)} ${left(f)}`).join(', ')} | ${total} | ${rate === undefined ? 'no run measured' : `${(rate / 1000).toFixed(0)} s${rates.has(c.name) ? '' : ' (all runs; none of this contract yet)'}`} | ${est(total)} |`,
        );
    }
    if (estimates.length > 0) {
        lines.push(
            '',
            '| contract | mutants left, by file | mutants left | wall time per mutant | estimate, 1 worker |',
            '|---|---|---:|---:|---:|',
            ...estimates,
        );
    }
    if (r.runs.length === 0) {
        lines.push('', 'No file has had a full run yet.');
        return lines.join('\n');
    }
    lines.push('', 'The runs (the wall time includes building every mutant):', '');
    lines.push(
        '| command | commit | finished | workers | wall clock | test runs (CPU) | files | mutants |',
        '|---|---|---|---:|---:|---:|---|---:|',
    );
    for (const [i, run] of r.runs.entries()) {
        const ms = r.mutants.filter((m) => r.files[m.file] === i);
        const carried = ms.filter((m) => m.carried).length;
        const held = `${ms.length}${carried > 0 ? ` (${carried} carried from earlier runs)` : ''}`;
        lines.push(
            `| \`${run.command}\` | \`${run.commit}\` | ${run.complete === false ? `**stopped** (last result ${run.date.slice(0, 16).replace('T', ' ')} UTC)` : `${run.date.slice(0, 16).replace('T', ' ')} UTC`} | ${run.workers} | ${mins(run.elapsedMs)} | ${mins(run.testMs)} (${mins(run.testCpuMs)}) | ${run.files.length} | ${held}${run.complete === false ? ' (partial)' : ''} |`,
        );
    }
    const fresh = r.mutants.filter((m) => !stale.has(m.file));
    const byContract = contracts
        .map((c) => [c, fresh.filter((m) => m.contracts.includes(c.name))] as const)
        .filter(([, ms]) => ms.length > 0)
        .map(([c, ms]) => {
            const complete = fileOf(c).every((f) => f in r.files && !stale.has(f) && !isPartial(f));
            const fs = [...new Set(ms.map((m) => m.file))];
            const p = fs.filter(isPartial).length;
            return [
                `${c.name} (${complete ? 'every file' : `${fs.length} of ${fileOf(c).length} files${p > 0 ? `, ${p} partial` : ''}`})`,
                reviewed(ms, notes),
            ] as [string, Reviewed];
        });
    const files = [...new Set(fresh.map((m) => m.file))].sort();
    lines.push(
        '',
        ...table('contract (files run)', byContract),
        '',
        ...table(
            'file',
            files.map((f) => [
                isPartial(f) ? `${f} (${partialNote(f)})` : f,
                reviewed(
                    fresh.filter((m) => m.file === f),
                    notes,
                ),
            ]),
        ),
        '',
        '#### Survivors and timed-out mutants of these runs, each reviewed by hand',
        '',
    );
    lines.push(
        ...reviewLines(
            fresh.filter((m) => m.status === 'survived' || m.status === 'timeout'),
            notes,
        ),
    );
    const errors = fresh.filter((m) => m.status === 'error');
    if (errors.length > 0) {
        lines.push('', '#### Not judged (counted neither killed nor survived)', '');
        for (const m of errors) lines.push(`- \`${m.id}\`: ${m.detail ?? ''}`);
    }
    return lines.join('\n');
}

export const FILES_BEGIN = '<!-- mutation-files:begin (generated by npm run mutate -- --file, do not edit) -->';
export const FILES_END = '<!-- mutation-files:end -->';

export function spliceFileRuns(doc: string, section: string): string {
    return spliceBetween(doc, FILES_BEGIN, FILES_END, section);
}
