/**
 * Step 2 of an ownership transfer, from the new owner's wallet; updates the deployment file.
 * npx blueprint run acceptOwnership --testnet --tonconnect
 * docs/OPERATIONS.md explains every argument.
 */
import { acceptOwnership } from '../toolkit/ops/owner';
import { runScript } from '../toolkit/ops/entry';
import { OpsProvider } from '../toolkit/ops/provider';

export async function run(provider: OpsProvider, args: string[]) {
    await runScript(provider, args, acceptOwnership);
}
