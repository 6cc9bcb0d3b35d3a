/**
 * What a script takes, declared once: each argument's kind (how its text is checked, offline), its
 * one-line help and, for a required one, the question asked when it is missing and a terminal can
 * answer. The same declaration drives `help`, the offline validation that runs before blueprint
 * connects to anything (cli/preflight.ts), and the typed input the script's logic receives.
 */
import { Address } from '@ton/core';
import { parseAddress, parseIndexList, parseInteger, parseTon } from '../args';
import { BadInput } from '../errors';
import { EntitlementRow, readEntitlementsFile } from '../entitlements';
import { readIndexFile, WORKER_INDEX_MAX } from '../indices';

/** How one argument's text becomes a value; throws BadInput naming the key. */
export interface Kind<T> {
    parse(text: string, key: string): T;
    /** The value's shape for `help`, e.g. `ADDRESS`, `TON`, `0..5000`. */
    shape: string;
}

export interface Arg<T, R extends boolean = boolean> {
    kind: Kind<T>;
    required: R;
    help: string;
    /** Asked when a required argument is missing and a terminal can answer. */
    question?: string;
}

export type Args = Record<string, Arg<unknown>>;

export type InputOf<A extends Args> = {
    [K in keyof A]: A[K] extends Arg<infer T, true> ? T : A[K] extends Arg<infer T, boolean> ? T | undefined : never;
};

export const required = <T>(kind: Kind<T>, help: string, question: string): Arg<T, true> => ({
    kind,
    required: true,
    help,
    question,
});
export const optional = <T>(kind: Kind<T>, help: string): Arg<T, false> => ({ kind, required: false, help });

export const kinds = {
    address: (): Kind<Address> => ({ shape: 'ADDRESS', parse: (t, k) => parseAddress(k, t) }),
    ton: (o: { positive?: boolean } = {}): Kind<bigint> => ({
        shape: 'TON',
        parse: (t, k) => {
            const v = parseTon(k, t);
            if (o.positive && v === 0n) throw new BadInput(`${k}: must be more than 0`);
            return v;
        },
    }),
    /** A TON amount or the word `all`. */
    tonOrAll: (): Kind<bigint | 'all'> => ({
        shape: 'TON|all',
        parse: (t, k) => (t.trim() === 'all' ? 'all' : kinds.ton({ positive: true }).parse(t, k)),
    }),
    integer: (min: number, max: number, bound?: string): Kind<number> => ({
        shape: `${min}..${max}`,
        parse: (t, k) => {
            const v = parseInteger(k, t, 0, Number.MAX_SAFE_INTEGER);
            if (v < min || v > max)
                throw new BadInput(`${k}: ${v} is outside ${min}..${max}${bound ? ` (${bound})` : ''}`);
            return v;
        },
    }),
    worker: (): Kind<number> => kinds.integer(0, WORKER_INDEX_MAX),
    choice: <C extends string>(choices: readonly C[]): Kind<C> => ({
        shape: choices.join('|'),
        parse: (t, k) => {
            if (!(choices as readonly string[]).includes(t.trim()))
                throw new BadInput(`${k}: "${t}" is not one of ${choices.join(', ')}`);
            return t.trim() as C;
        },
    }),
    /** `3,5,10-12`. */
    indexList: (): Kind<number[]> => ({ shape: 'LIST', parse: (t, k) => parseIndexList(k, t, WORKER_INDEX_MAX) }),
    /** A file of worker indices (commas or new lines, `#` comments), read and checked now. */
    indexFile: (): Kind<{ path: string; indices: number[] }> => ({
        shape: 'PATH',
        parse: (t) => ({ path: t, indices: readIndexFile(t) }),
    }),
    /** A CSV or JSON file of cumulative entitlements, read and checked now. */
    entitlements: (): Kind<{ path: string; rows: EntitlementRow[] }> => ({
        shape: 'PATH.csv|.json',
        parse: (t) => ({ path: t, rows: readEntitlementsFile(t) }),
    }),
    path: (): Kind<string> => ({ shape: 'PATH', parse: (t) => t }),
};

/** `workers=` or `file=`: exactly one of the two, for the operator's bulk scripts. */
export const workerSelection = {
    workers: optional(kinds.indexList(), 'worker indices, e.g. 0,3,10-19'),
    file: optional(kinds.indexFile(), 'or a file of worker indices (commas or new lines, # comments)'),
};

export function selectedWorkers(input: { workers?: number[]; file?: { indices: number[] } }): number[] {
    if ((input.workers === undefined) === (input.file === undefined))
        throw new BadInput('give the workers as workers=3,5,10-12 or as file=PATH (one of the two)');
    return input.workers ?? input.file!.indices;
}

/**
 * The given values parsed (offline), and the keys of required arguments that are missing.
 * An empty value (`file=`) counts as missing.
 */
export function parseGiven<A extends Args>(
    args: A,
    values: Map<string, string>,
): { input: Partial<InputOf<A>>; missing: string[] } {
    const input: Record<string, unknown> = {};
    const missing: string[] = [];
    for (const [key, arg] of Object.entries(args)) {
        const text = values.get(key);
        if (text === undefined || text.trim().length === 0) {
            if (text !== undefined && !arg.required) throw new BadInput(`${key}: a value is required after "${key}="`);
            if (arg.required) missing.push(key);
            continue;
        }
        input[key] = arg.kind.parse(text.trim(), key);
    }
    return { input: input as Partial<InputOf<A>>, missing };
}
