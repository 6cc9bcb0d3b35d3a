/**
 * Replaces the pool's code with the local build (storage is kept), from the owner wallet; updates the deployment file.
 * npx blueprint run upgradePool --testnet --tonconnect
 * docs/OPERATIONS.md explains every argument.
 */
import { upgradePool } from '../toolkit/ops/upgrade';
import { runScript } from '../toolkit/ops/entry';
import { OpsProvider } from '../toolkit/ops/provider';

export async function run(provider: OpsProvider, args: string[]) {
    await runScript(provider, args, upgradePool);
}
