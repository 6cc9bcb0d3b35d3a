/**
 * Step 1 of an ownership transfer of both contracts, from the owner wallet.
 * npx blueprint run proposeOwner --testnet --tonconnect new_owner=<addr>
 * docs/OPERATIONS.md explains every argument.
 */
import { proposeOwner } from '../toolkit/ops/owner';
import { runScript } from '../toolkit/ops/entry';
import { OpsProvider } from '../toolkit/ops/provider';

export async function run(provider: OpsProvider, args: string[]) {
    await runScript(provider, args, proposeOwner);
}
