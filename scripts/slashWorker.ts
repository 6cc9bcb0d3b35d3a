/**
 * Slashes part or all of a worker's stake to the pool as worker revenue, from the owner wallet.
 * npx blueprint run slashWorker --testnet --tonconnect worker=3 amount=0.5
 * docs/OPERATIONS.md explains every argument.
 */
import { slashWorker } from '../toolkit/ops/slash';
import { runScript } from '../toolkit/ops/entry';
import { OpsProvider } from '../toolkit/ops/provider';

export async function run(provider: OpsProvider, args: string[]) {
    await runScript(provider, args, slashWorker);
}
