/**
 * Pauses payouts (pool) and registrations (registry), from the owner wallet.
 * npx blueprint run pause --testnet --tonconnect [target=pool|registry|both]
 * docs/OPERATIONS.md explains every argument.
 */
import { pause } from '../toolkit/ops/owner';
import { runScript } from '../toolkit/ops/entry';
import { OpsProvider } from '../toolkit/ops/provider';

export async function run(provider: OpsProvider, args: string[]) {
    await runScript(provider, args, pause);
}
