/**
 * Approves pending workers (and reinstates suspended ones), from the operator wallet.
 * npx blueprint run approveWorkers --testnet --mnemonic workers=0,1,5-9   (or file=approve.txt)
 * docs/OPERATIONS.md explains every argument.
 */
import { approveWorkers } from '../toolkit/ops/workers';
import { runScript } from '../toolkit/ops/entry';
import { OpsProvider } from '../toolkit/ops/provider';

export async function run(provider: OpsProvider, args: string[]) {
    await runScript(provider, args, approveWorkers);
}
