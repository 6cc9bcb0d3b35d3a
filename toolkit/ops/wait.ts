/**
 * Waiting for the chain. A wallet's send returns when the external message is accepted, long before
 * the contracts have processed it; the scripts poll a getter until the effect they caused is visible
 * (on the sandbox it already is, so the first poll succeeds), with a progress line every 10 polls.
 */
import { PartlyDone } from './errors';
import { OpsProvider } from './provider';

export const DEFAULT_POLL_INTERVAL_MS = 3_000;
export const DEFAULT_POLL_ATTEMPTS = 40;
/** A progress line every this many polls (30 s at the default interval). */
export const PROGRESS_EVERY = 10;

export interface WaitOptions {
    attempts?: number;
    /** The progress line, written every PROGRESS_EVERY polls. */
    progress?: () => string;
}

export async function waitUntil(
    p: OpsProvider,
    what: string,
    done: () => Promise<boolean>,
    o: WaitOptions = {},
): Promise<void> {
    const interval = p.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
    const attempts = o.attempts ?? DEFAULT_POLL_ATTEMPTS;
    for (let i = 0; i < attempts; i++) {
        if (await done()) return;
        if (i > 0 && i % PROGRESS_EVERY === 0)
            p.ui().write(o.progress ? o.progress() : `waiting for ${what} (${Math.round((i * interval) / 1000)} s)`);
        if (interval > 0) await new Promise((r) => setTimeout(r, interval));
    }
    throw new PartlyDone(
        `sent, but timed out waiting for ${what} after ${attempts} checks; check the wallet's and the contract's transactions in the explorer, then run the script again (it skips what is done)`,
    );
}
