/**
 * Changes a worker's payout address, from the member's wallet.
 * npx blueprint run changePayoutAddress --testnet --tonconnect worker=3 payout=<addr>
 * docs/OPERATIONS.md explains every argument.
 */
import { changePayoutAddress } from '../toolkit/ops/workers';
import { runScript } from '../toolkit/ops/entry';
import { OpsProvider } from '../toolkit/ops/provider';

export async function run(provider: OpsProvider, args: string[]) {
    await runScript(provider, args, changePayoutAddress);
}
