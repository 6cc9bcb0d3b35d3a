/**
 * The chain's clock, for checks that depend on time (a stake's cooldown): the provider's when it has
 * one (the sandbox's, which tests move), otherwise the wall clock, which testnet and mainnet follow.
 */
import { OpsProvider } from './provider';

export function chainNow(p: OpsProvider): number {
    return p.now ? p.now() : Math.floor(Date.now() / 1000);
}

/** A unix time as an ISO date, seconds precision. */
export function formatTime(unix: number): string {
    return new Date(unix * 1000).toISOString().replace('.000Z', 'Z');
}
