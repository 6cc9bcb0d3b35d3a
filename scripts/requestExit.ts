/**
 * Requests a worker's exit (the stake stays locked for the cooldown), from the member's wallet.
 * npx blueprint run requestExit --testnet --tonconnect worker=3
 * docs/OPERATIONS.md explains every argument.
 */
import { requestExit } from '../toolkit/ops/exit';
import { runScript } from '../toolkit/ops/entry';
import { OpsProvider } from '../toolkit/ops/provider';

export async function run(provider: OpsProvider, args: string[]) {
    await runScript(provider, args, requestExit);
}
