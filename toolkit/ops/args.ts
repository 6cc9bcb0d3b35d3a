/**
 * Script arguments. `npx blueprint run <script> --testnet --mnemonic key=value ...`: blueprint keeps
 * its own `--flags` and hands every other word to the script. A script's words are `key=value` pairs
 * and bare flags (`yes`); a missing value is asked for through blueprint's UI, an unknown key is an
 * error (a typo must never silently fall back to a default).
 */
import { Address, fromNano, toNano } from '@ton/core';
import { OpsError } from './errors';
import { OpsProvider } from './provider';

/** The pool pays, and the registry records, basechain addresses only. */
export const BASECHAIN = 0;

export function parseArgs(argv: string[]): ScriptArgs {
    const values = new Map<string, string>();
    const flags = new Set<string>();
    for (const word of argv) {
        const eq = word.indexOf('=');
        if (eq === 0) throw new OpsError(`argument "${word}" has no key before "="`);
        const key = eq < 0 ? word : word.slice(0, eq);
        if (values.has(key) || flags.has(key)) throw new OpsError(`argument "${key}" is given twice`);
        if (eq < 0) flags.add(key);
        else values.set(key, word.slice(eq + 1));
    }
    return new ScriptArgs(values, flags);
}

export function parseAddress(what: string, text: string): Address {
    let address: Address;
    try {
        address = Address.parse(text.trim());
    } catch {
        throw new OpsError(`${what}: "${text}" is not a TON address`);
    }
    return requireBasechain(what, address);
}

export function requireBasechain(what: string, address: Address): Address {
    if (address.workChain !== BASECHAIN) {
        throw new OpsError(
            `${what}: ${address.toRawString()} is on workchain ${address.workChain}; only basechain (workchain 0) addresses are accepted`,
        );
    }
    return address;
}

/** A TON amount written in TON (`1.5`), as nanoton. */
export function parseTon(what: string, text: string): bigint {
    if (!/^\d+(\.\d{1,9})?$/.test(text.trim())) throw new OpsError(`${what}: "${text}" is not an amount of TON (e.g. 1.5)`);
    return toNano(text.trim());
}

export function parseInteger(what: string, text: string, min: number, max: number): number {
    if (!/^\d+$/.test(text.trim())) throw new OpsError(`${what}: "${text}" is not a whole number`);
    const n = Number(text.trim());
    if (n < min || n > max) throw new OpsError(`${what}: ${n} is outside ${min}..${max}`);
    return n;
}

/** `3,5,10-12` -> [3, 5, 10, 11, 12]; duplicates are an error. */
export function parseIndexList(what: string, text: string, max: number): number[] {
    const out: number[] = [];
    for (const part of text.split(',').map((p) => p.trim()).filter((p) => p.length > 0)) {
        const range = /^(\d+)-(\d+)$/.exec(part);
        if (range) {
            const from = parseInteger(what, range[1], 0, max);
            const to = parseInteger(what, range[2], 0, max);
            if (to < from) throw new OpsError(`${what}: range "${part}" runs backwards`);
            for (let i = from; i <= to; i++) out.push(i);
        } else {
            out.push(parseInteger(what, part, 0, max));
        }
    }
    if (out.length === 0) throw new OpsError(`${what}: no worker index given`);
    const seen = new Set<number>();
    for (const i of out) {
        if (seen.has(i)) throw new OpsError(`${what}: worker ${i} is listed twice`);
        seen.add(i);
    }
    return out;
}

export function formatTon(nano: bigint): string {
    return `${fromNano(nano)} TON`;
}

export class ScriptArgs {
    private readonly used = new Set<string>();

    constructor(
        private readonly values: Map<string, string>,
        private readonly flags: Set<string>,
    ) {}

    /** A bare flag such as `yes`. */
    flag(key: string): boolean {
        this.used.add(key);
        if (this.values.has(key)) throw new OpsError(`argument "${key}" is a flag and takes no value`);
        return this.flags.has(key);
    }

    optional(key: string): string | undefined {
        this.used.add(key);
        if (this.flags.has(key)) throw new OpsError(`argument "${key}" needs a value: ${key}=...`);
        return this.values.get(key);
    }

    async string(p: OpsProvider, key: string, question: string): Promise<string> {
        const given = this.optional(key);
        const text = given ?? (await p.ui().input(`${question} (${key})`));
        if (text.trim().length === 0) throw new OpsError(`${key}: a value is required`);
        return text.trim();
    }

    async address(p: OpsProvider, key: string, question: string, fallback?: Address): Promise<Address> {
        const given = this.optional(key);
        if (given !== undefined) return parseAddress(key, given);
        return requireBasechain(key, await p.ui().inputAddress(`${question} (${key})`, fallback));
    }

    async ton(p: OpsProvider, key: string, question: string): Promise<bigint> {
        return parseTon(key, await this.string(p, key, `${question}, in TON`));
    }

    async integer(p: OpsProvider, key: string, question: string, min: number, max: number): Promise<number> {
        return parseInteger(key, await this.string(p, key, question), min, max);
    }

    /** Call after reading every argument the script knows: anything left over is a typo. */
    finish(): void {
        const unknown = [...this.values.keys(), ...this.flags].filter((k) => !this.used.has(k));
        if (unknown.length > 0) {
            throw new OpsError(`unknown argument${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')} (known: ${[...this.used].join(', ')})`);
        }
    }
}
