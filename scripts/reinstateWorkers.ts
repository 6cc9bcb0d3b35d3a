/**
 * Reinstates suspended workers, from the operator wallet.
 * npx blueprint run reinstateWorkers --testnet --mnemonic workers=3,7   (or file=reinstate.txt)
 * docs/OPERATIONS.md explains every argument.
 */
import { reinstateWorkers } from '../toolkit/ops/workers';
import { runScript } from '../toolkit/ops/entry';
import { OpsProvider } from '../toolkit/ops/provider';

export async function run(provider: OpsProvider, args: string[]) {
    await runScript(provider, args, reinstateWorkers);
}
