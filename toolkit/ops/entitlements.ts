/**
 * Files of cumulative entitlements (what each worker has earned in total, ever): the input of
 * submitPayouts and the operator's ledger that reconcile compares with the chain.
 *
 * CSV: a header `worker_index,cumulative_nanoton`, then one row per worker; blank lines and lines
 * starting with `#` are skipped. JSON: an array of `{ "worker_index": 3, "cumulative_nanoton": "1500000000" }`
 * (the amount as a string or a safe integer). Every error names the file and the line.
 */
import { readFileSync } from 'fs';
import { extname } from 'path';
import { OpsError } from './errors';

export const CSV_HEADER = 'worker_index,cumulative_nanoton';
const MAX_WORKER_INDEX = 0xffffffff;

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
        throw new OpsError(`${path}: cannot read the file`);
    }
    const ext = extname(path).toLowerCase();
    if (ext === '.csv') return parseEntitlementsCsv(path, text);
    if (ext === '.json') return parseEntitlementsJson(path, text);
    throw new OpsError(`${path}: expected a .csv or .json file of cumulative entitlements`);
}

export function parseEntitlementsCsv(name: string, text: string): EntitlementRow[] {
    const lines = text.split(/\r?\n/);
    const header = lines.findIndex((l) => l.trim().length > 0 && !l.trim().startsWith('#'));
    if (header < 0) throw new OpsError(`${name}: the file is empty (expected the header ${CSV_HEADER})`);
    if (lines[header].replace(/\s/g, '') !== CSV_HEADER) {
        throw new OpsError(`${name}:${header + 1}: expected the header "${CSV_HEADER}", got "${lines[header].trim()}"`);
    }
    const rows: EntitlementRow[] = [];
    for (let i = header + 1; i < lines.length; i++) {
        const raw = lines[i].trim();
        if (raw.length === 0 || raw.startsWith('#')) continue;
        const at = `${name}:${i + 1}`;
        const cells = raw.split(',').map((c) => c.trim());
        if (cells.length !== 2) throw new OpsError(`${at}: expected 2 columns (${CSV_HEADER}), got ${cells.length}: "${raw}"`);
        rows.push({ workerIndex: workerIndex(at, cells[0]), cumulative: nanoton(at, cells[1]), line: i + 1 });
    }
    return checked(name, rows);
}

export function parseEntitlementsJson(name: string, text: string): EntitlementRow[] {
    let data: unknown;
    try {
        data = JSON.parse(text);
    } catch (e) {
        const line = text.slice(0, syntaxErrorAt(text, String((e as Error).message))).split('\n').length;
        throw new OpsError(`${name}:${line}: not valid JSON (${(e as Error).message})`);
    }
    if (!Array.isArray(data)) throw new OpsError(`${name}:1: expected an array of {"worker_index", "cumulative_nanoton"}`);
    const lines = entryLines(text, data.length);
    const rows = data.map((entry: unknown, i: number): EntitlementRow => {
        const at = `${name}:${lines[i]}`;
        if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw new OpsError(`${at}: entry ${i + 1} is not an object`);
        const e = entry as Record<string, unknown>;
        const extra = Object.keys(e).filter((k) => k !== 'worker_index' && k !== 'cumulative_nanoton');
        if (extra.length > 0) throw new OpsError(`${at}: entry ${i + 1} has unknown field "${extra[0]}"`);
        return { workerIndex: workerIndex(at, jsonScalar(at, 'worker_index', e.worker_index)), cumulative: nanoton(at, jsonScalar(at, 'cumulative_nanoton', e.cumulative_nanoton)), line: lines[i] };
    });
    return checked(name, rows);
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
    if (typeof v === 'number') throw new OpsError(`${at}: ${field} ${v} is not a safe integer; write large amounts as strings`);
    throw new OpsError(`${at}: ${field} is missing or not a number`);
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
    if (!/^\d+$/.test(text) || Number(text) > MAX_WORKER_INDEX) throw new OpsError(`${at}: worker_index "${text}" is not a worker index (0..${MAX_WORKER_INDEX})`);
    return Number(text);
}

function nanoton(at: string, text: string): bigint {
    if (!/^\d+$/.test(text)) throw new OpsError(`${at}: cumulative_nanoton "${text}" is not a whole number of nanoton`);
    return BigInt(text);
}

function checked(name: string, rows: EntitlementRow[]): EntitlementRow[] {
    if (rows.length === 0) throw new OpsError(`${name}: no entitlements in the file`);
    const first = new Map<number, number>();
    for (const r of rows) {
        const seen = first.get(r.workerIndex);
        if (seen !== undefined) throw new OpsError(`${name}:${r.line}: worker ${r.workerIndex} is listed twice (first on line ${seen})`);
        first.set(r.workerIndex, r.line);
    }
    return rows;
}

export function formatEntitlementsCsv(rows: { workerIndex: number; cumulative: bigint }[]): string {
    return [CSV_HEADER, ...rows.map((r) => `${r.workerIndex},${r.cumulative}`)].join('\n') + '\n';
}
