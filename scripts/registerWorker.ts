/**
 * Registers a worker with a stake, from the member's wallet.
 * npx blueprint run registerWorker --testnet --tonconnect stake=10 payout=<addr>
 * docs/OPERATIONS.md explains every argument.
 */
import { registerWorker } from '../toolkit/ops/workers';
import { runScript } from '../toolkit/ops/entry';
import { OpsProvider } from '../toolkit/ops/provider';

export async function run(provider: OpsProvider, args: string[]) {
    await runScript(provider, args, registerWorker);
}
