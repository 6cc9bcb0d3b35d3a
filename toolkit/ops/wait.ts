/**
 * Waiting for the chain. A wallet's send returns when the external message is accepted, long before
 * the contracts have processed it; the scripts poll a getter until the effect they caused is visible
 * (on the sandbox it already is, so the first poll succeeds).
 */
import { OpsError } from './errors';
import { OpsProvider } from './provider';

export const DEFAULT_POLL_INTERVAL_MS = 3_000;
export const DEFAULT_POLL_ATTEMPTS = 40;

export async function waitUntil(p: OpsProvider, what: string, done: () => Promise<boolean>, attempts = DEFAULT_POLL_ATTEMPTS): Promise<void> {
    const interval = p.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
    for (let i = 0; i < attempts; i++) {
        if (await done()) return;
        if (interval > 0) await new Promise((r) => setTimeout(r, interval));
    }
    throw new OpsError(`timed out waiting for ${what} after ${attempts} checks; check the wallet's and the contract's transactions in the explorer`);
}
