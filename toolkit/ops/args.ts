/**
 * The value parsers behind every script argument (cli/spec.ts declares which argument uses which):
 * addresses (basechain only), TON amounts, whole numbers, worker index lists. Each refuses with a
 * one-line BadInput naming the argument, before any network use.
 */
import { Address, fromNano, toNano } from '@ton/core';
import { BadInput } from './errors';

/** The pool pays, and the registry records, basechain addresses only. */
export const BASECHAIN = 0;

export function parseAddress(what: string, text: string): Address {
    let address: Address;
    try {
        address = Address.parse(text.trim());
    } catch {
        throw new BadInput(`${what}: "${text}" is not a TON address`);
    }
    return requireBasechain(what, address);
}

export function requireBasechain(what: string, address: Address): Address {
    if (address.workChain !== BASECHAIN) {
        throw new BadInput(
            `${what}: ${address.toRawString()} is on workchain ${address.workChain}; only basechain (workchain 0) addresses are accepted`,
        );
    }
    return address;
}

/** A TON amount written in TON (`1.5`), as nanoton. */
export function parseTon(what: string, text: string): bigint {
    if (!/^\d+(\.\d{1,9})?$/.test(text.trim()))
        throw new BadInput(`${what}: "${text}" is not an amount of TON (e.g. 1.5)`);
    return toNano(text.trim());
}

export function parseInteger(what: string, text: string, min: number, max: number): number {
    if (!/^\d+$/.test(text.trim())) throw new BadInput(`${what}: "${text}" is not a whole number`);
    const n = Number(text.trim());
    if (n < min || n > max) throw new BadInput(`${what}: ${n} is outside ${min}..${max}`);
    return n;
}

/** `3,5,10-12` -> [3, 5, 10, 11, 12]; duplicates are an error. */
export function parseIndexList(what: string, text: string, max: number): number[] {
    const out: number[] = [];
    for (const part of text
        .split(',')
        .map((p) => p.trim())
        .filter((p) => p.length > 0)) {
        const range = /^(\d+)-(\d+)$/.exec(part);
        if (range) {
            const from = parseInteger(what, range[1], 0, max);
            const to = parseInteger(what, range[2], 0, max);
            if (to < from) throw new BadInput(`${what}: range "${part}" runs backwards`);
            for (let i = from; i <= to; i++) out.push(i);
        } else {
            out.push(parseInteger(what, part, 0, max));
        }
    }
    if (out.length === 0) throw new BadInput(`${what}: no worker index given`);
    const seen = new Set<number>();
    for (const i of out) {
        if (seen.has(i)) throw new BadInput(`${what}: worker ${i} is listed twice`);
        seen.add(i);
    }
    return out;
}

export function formatTon(nano: bigint): string {
    return `${fromNano(nano)} TON`;
}
