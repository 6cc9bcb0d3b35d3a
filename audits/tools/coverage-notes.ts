/**
 * The reasons of audits/coverage-notes.json, matched to the uncovered ranges of `npm run coverage`.
 *
 * A note names one place: the contract, the compiled procedure the range is in (as COVERAGE.md's
 * function column shows it), the range's instructions exactly, optionally the three asm lines
 * before it, and how many ranges it explains (`ranges`: an inline function has one range per copy).
 * It also names the FunC line(s) the ranges come from (`sources`: a file and a piece of code that
 * occurs on exactly one line of it; two when one note covers the same instructions from two places;
 * none only for code the compiler generates, like the get-method dispatcher), shown in COVERAGE.md
 * as file:line. Asm line numbers are never used: they shift with every code change.
 *
 * Nothing re-attaches silently: when a FunC change makes a note match more or fewer ranges than it
 * says, or its source text is no longer on exactly one line, every range it matches is shown as
 * unexplained and the run fails, so the reason is reviewed against the new code.
 */

export interface Note {
    contract: string;
    /** The procedure, as COVERAGE.md's function column names it. */
    function: string;
    /** The range's instructions, exactly as COVERAGE.md shows them, joined with '; '. */
    match: string;
    /** When `match` is too common within the function: the three asm lines just before the range, joined with '; '. */
    before?: string;
    /** How many uncovered ranges this note explains (copies of one inline function). */
    ranges: number;
    /** The FunC lines the ranges come from: each `code` occurs on exactly one line of its `file`. */
    sources: { file: string; code: string }[];
    why: string;
}

export interface UncoveredRange {
    contract: string;
    function: string;
    /** Instructions joined with '; '. */
    text: string;
    /** The three asm lines before the range (any status), trimmed, joined with '; '. */
    before: string;
}

export interface Explained {
    note?: Note;
    /** file:line of the note's sources. */
    source?: string;
    /** Why the note was not applied (count mismatch, stale source); undefined when it was or when none matched. */
    problem?: string;
}

function matches(n: Note, r: UncoveredRange): boolean {
    return (
        n.contract === r.contract &&
        n.function === r.function &&
        n.match === r.text &&
        (n.before === undefined || n.before === r.before)
    );
}

/** The line `code` is on in `text` (1-based), or why it cannot be named. */
export function sourceLine(text: string | undefined, code: string): number | string {
    if (text === undefined) return 'file not found';
    const lines = text.split('\n').flatMap((l, i) => (l.includes(code) ? [i + 1] : []));
    if (lines.length === 1) return lines[0];
    return lines.length === 0 ? 'code not found' : `code on ${lines.length} lines`;
}

/**
 * Explains each range by the note that matches it. `read(file)` gives a FunC file's text (undefined
 * when missing). `problems` lists every note that did not hold: each range it matched is left unexplained.
 */
export function explain(
    ranges: UncoveredRange[],
    notes: Note[],
    read: (file: string) => string | undefined,
): { explained: Explained[]; problems: string[] } {
    const problems: string[] = [];
    const valid = new Map<Note, string>();
    for (const n of notes) {
        const matched = ranges.filter((r) => matches(n, r)).length;
        const label = `${n.contract} ${n.function} \`${n.match.slice(0, 60)}\``;
        const lines = n.sources.map((src) => ({ src, line: sourceLine(read(src.file), src.code) }));
        const stale = lines.find((l) => typeof l.line === 'string');
        if (matched !== n.ranges) problems.push(`${label}: the note explains ${n.ranges} range(s), ${matched} match`);
        else if (stale) problems.push(`${label}: source ${stale.src.file} "${stale.src.code}": ${stale.line}`);
        else
            valid.set(
                n,
                lines.map((l) => `${l.src.file.replace(/^contracts\//, '')}:${l.line}`).join(', ') || '(generated)',
            );
    }
    const explained = ranges.map((r): Explained => {
        const found = notes.filter((n) => matches(n, r));
        if (found.length > 1) {
            problems.push(
                `${r.contract} ${r.function} \`${r.text.slice(0, 60)}\`: ${found.length} notes match one range`,
            );
            return { problem: `${found.length} notes match` };
        }
        if (found.length === 0) return {};
        const source = valid.get(found[0]);
        return source ? { note: found[0], source } : { problem: 'its note no longer holds (see the failures above)' };
    });
    return { explained, problems };
}
