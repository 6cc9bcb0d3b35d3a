/**
 * Addresses as strings, recursively, so records and parsed bodies compare with toEqual (Address
 * objects carry lazily filled caches that make two equal addresses structurally different).
 */
import { Address } from '@ton/core';

export type Plain<T> = T extends Address ? string : T extends object ? { [K in keyof T]: Plain<T[K]> } : T;

export function plain<T>(v: T): Plain<T> {
    if (v instanceof Address) return v.toString() as Plain<T>;
    if (Array.isArray(v)) return v.map(plain) as Plain<T>;
    if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)])) as Plain<T>;
    }
    return v as Plain<T>;
}
