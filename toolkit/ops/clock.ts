/**
 * The chain's clock, for checks that depend on time (a stake's cooldown): the sandbox's own `now`
 * when it has one (tests move it), otherwise the wall clock, which testnet and mainnet follow.
 */
import { Blockchain } from '@ton/sandbox';
import { OpsProvider } from './provider';

export function chainNow(p: OpsProvider): number {
    const api = p.api();
    if (api instanceof Blockchain && api.now !== undefined) return api.now;
    return Math.floor(Date.now() / 1000);
}

/** A unix time as an ISO date, seconds precision. */
export function formatTime(unix: number): string {
    return new Date(unix * 1000).toISOString().replace('.000Z', 'Z');
}
