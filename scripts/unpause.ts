/**
 * Resumes payouts and registrations, from the owner wallet.
 * npx blueprint run unpause --testnet --tonconnect [target=pool|registry|both]
 * docs/OPERATIONS.md explains every argument.
 */
import { unpause } from '../toolkit/ops/owner';
import { runScript } from '../toolkit/ops/entry';
import { OpsProvider } from '../toolkit/ops/provider';

export async function run(provider: OpsProvider, args: string[]) {
    await runScript(provider, args, unpause);
}
