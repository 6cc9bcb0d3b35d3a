/**
 * Files of cumulative entitlements (what each worker has earned in total, ever): the input of
 * submitPayouts and the operator's ledger that reconcile compares with the chain.
 *
 * CSV (read with csv-parse, so quoted cells work): a header `worker_index,cumulative_nanoton`, then
 * one row per worker; blank lines and lines starting with `#` are skipped. JSON (checked by a zod schema): an array of `{ "worker_index": 3, "cumulative_nanoton": "1500000000" }`
 * (the amount as a string or a safe integer). Every error names the file and the line.
 */
import { readFileSync } from 'fs';
import { extname } from 'path';
import { parse as parseCsv } from 'csv-parse/sync';
import { z } from 'zod';
import { BadInput } from './errors';
import { WORKER_INDEX_MAX } from './indices';

export const CSV_HEADER = 'worker_index,cumulative_nanoton';

export interface EntitlementRow {
    workerIndex: number;
    cumulative: bigint;
    /** 1-based line of the row in its file. */
    line: number;
}

export function readEntitlementsFile(path: string): EntitlementRow[] {
    let text: string;
    try {
        text = readFileSync(path, 'utf8');
    } catch {
        throw new BadInput(`${path}: cannot read the file`);
    }
    const ext = extname(path).toLowerCase();
    if (ext === '.csv') return parseEntitlementsCsv(path, text);
    if (ext === '.json') return parseEntitlementsJson(path, text);
    throw new BadInput(`${path}: expected a .csv or .json file of cumulative entitlements`);
}

export function parseEntitlementsCsv(name: string, text: string): EntitlementRow[] {
    let records: { record: string[]; info: { lines: number } }[];
    try {
        records = parseCsv(text, {
            comment: '#',
            skip_empty_lines: true,
            trim: true,
            relax_column_count: true,
            info: true,
        }) as unknown as { record: string[]; info: { lines: number } }[];
    } catch (e) {
        const err = e as { lines?: number; message: string };
        throw new BadInput(`${name}:${err.lines ?? 1}: not valid CSV (${err.message})`);
    }
    if (records.length === 0) throw new BadInput(`${name}: the file is empty (expected the header ${CSV_HEADER})`);
    const [head, ...body] = records;
    if (head.record.join(',').replace(/\s/g, '') !== CSV_HEADER) {
        throw new BadInput(
            `${name}:${head.info.lines}: expected the header "${CSV_HEADER}", got "${head.record.join(',')}"`,
        );
    }
    const rows = body.map(({ record, info }): EntitlementRow => {
        const at = `${name}:${info.lines}`;
        if (record.length !== 2)
            throw new BadInput(
                `${at}: expected 2 columns (${CSV_HEADER}), got ${record.length}: "${record.join(',')}"`,
            );
        return { workerIndex: workerIndex(at, record[0]), cumulative: nanoton(at, record[1]), line: info.lines };
    });
    return checked(name, rows);
}

const scalar = z.union([z.string(), z.number()]);
const entitlementsSchema = z.array(z.strictObject({ worker_index: scalar, cumulative_nanoton: scalar }));

export function parseEntitlementsJson(name: string, text: string): EntitlementRow[] {
    let data: unknown;
    try {
        data = JSON.parse(text);
    } catch (e) {
        const line = text.slice(0, syntaxErrorAt(text, String((e as Error).message))).split('\n').length;
        throw new BadInput(`${name}:${line}: not valid JSON (${(e as Error).message})`);
    }
    const lines = entryLines(text, Array.isArray(data) ? data.length : 0);
    const parsed = entitlementsSchema.safeParse(data);
    if (!parsed.success) throw new BadInput(schemaError(name, parsed.error.issues, lines));
    const rows = parsed.data.map((e, i): EntitlementRow => {
        const at = `${name}:${lines[i]}`;
        return {
            workerIndex: workerIndex(at, jsonScalar(at, 'worker_index', e.worker_index)),
            cumulative: nanoton(at, jsonScalar(at, 'cumulative_nanoton', e.cumulative_nanoton)),
            line: lines[i],
        };
    });
    return checked(name, rows);
}

/** The schema's first complaint, at the first entry that has one, as one line with the entry's line. */
function schemaError(name: string, issues: z.core.$ZodIssue[], lines: number[]): string {
    const top = issues.find((x) => x.path.length === 0);
    if (top !== undefined) return `${name}:1: expected an array of {"worker_index", "cumulative_nanoton"}`;
    const entry = Math.min(...issues.map((x) => Number(x.path[0])));
    const mine = issues.filter((x) => Number(x.path[0]) === entry);
    const at = `${name}:${lines[entry]}: entry ${entry + 1}`;
    const extra = mine.find((x) => x.code === 'unrecognized_keys');
    if (extra !== undefined && extra.code === 'unrecognized_keys') return `${at} has unknown field "${extra.keys[0]}"`;
    const field = mine.find((x) => x.path.length > 1);
    if (field !== undefined) return `${at}: ${String(field.path[1])} is missing or not a number`;
    return `${at} is not an object`;
}

/**
 * Where JSON.parse gave up. V8 names the position in most messages; for "Unexpected token" it does
 * not, so find the shortest prefix that fails the same way (a prefix of valid JSON never does).
 */
function syntaxErrorAt(text: string, message: string): number {
    const pos = /at position (\d+)/.exec(message);
    if (pos) return Number(pos[1]);
    const broken = (n: number): boolean => {
        try {
            JSON.parse(text.slice(0, n));
            return false;
        } catch (e) {
            return /Unexpected token/.test(String((e as Error).message));
        }
    };
    let lo = 0;
    let hi = text.length;
    while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (broken(mid + 1)) hi = mid;
        else lo = mid + 1;
    }
    return lo;
}

function jsonScalar(at: string, field: string, v: unknown): string {
    if (typeof v === 'string') return v;
    if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v);
    if (typeof v === 'number')
        throw new BadInput(`${at}: ${field} ${v} is not a safe integer; write large amounts as strings`);
    throw new BadInput(`${at}: ${field} is missing or not a number`);
}

/** The line where each top-level array element starts (a string-aware scan of the JSON text). */
function entryLines(text: string, count: number): number[] {
    const lines: number[] = [];
    let depth = 0;
    let line = 1;
    let inString = false;
    for (let i = 0; i < text.length && lines.length < count; i++) {
        const c = text[i];
        if (c === '\n') line++;
        if (inString) {
            if (c === '\\') i++;
            else if (c === '"') inString = false;
            continue;
        }
        if (c === '"') inString = true;
        if (depth === 1 && !/[\s,\]]/.test(c)) {
            lines.push(line);
            if (c === '"') continue;
        }
        if (c === '[' || c === '{') depth++;
        else if (c === ']' || c === '}') depth--;
    }
    while (lines.length < count) lines.push(line);
    return lines;
}

function workerIndex(at: string, text: string): number {
    if (!/^\d+$/.test(text) || Number(text) > WORKER_INDEX_MAX)
        throw new BadInput(`${at}: worker_index "${text}" is not a worker index (0..${WORKER_INDEX_MAX})`);
    return Number(text);
}

function nanoton(at: string, text: string): bigint {
    if (!/^\d+$/.test(text)) throw new BadInput(`${at}: cumulative_nanoton "${text}" is not a whole number of nanoton`);
    return BigInt(text);
}

function checked(name: string, rows: EntitlementRow[]): EntitlementRow[] {
    if (rows.length === 0) throw new BadInput(`${name}: no entitlements in the file`);
    const first = new Map<number, number>();
    for (const r of rows) {
        const seen = first.get(r.workerIndex);
        if (seen !== undefined)
            throw new BadInput(`${name}:${r.line}: worker ${r.workerIndex} is listed twice (first on line ${seen})`);
        first.set(r.workerIndex, r.line);
    }
    return rows;
}

export function formatEntitlementsCsv(rows: { workerIndex: number; cumulative: bigint }[]): string {
    return [CSV_HEADER, ...rows.map((r) => `${r.workerIndex},${r.cumulative}`)].join('\n') + '\n';
}
