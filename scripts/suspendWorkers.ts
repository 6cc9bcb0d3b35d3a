/**
 * Suspends active workers, from the operator wallet.
 * npx blueprint run suspendWorkers --testnet --mnemonic workers=3,7   (or file=suspend.txt)
 * docs/OPERATIONS.md explains every argument.
 */
import { suspendWorkers } from '../toolkit/ops/workers';
import { runScript } from '../toolkit/ops/entry';
import { OpsProvider } from '../toolkit/ops/provider';

export async function run(provider: OpsProvider, args: string[]) {
    await runScript(provider, args, suspendWorkers);
}
