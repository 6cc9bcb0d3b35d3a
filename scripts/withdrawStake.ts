/**
 * Withdraws an exited worker's stake after the cooldown, from the member's wallet.
 * npx blueprint run withdrawStake --testnet --tonconnect worker=3
 * docs/OPERATIONS.md explains every argument.
 */
import { withdrawStake } from '../toolkit/ops/exit';
import { runScript } from '../toolkit/ops/entry';
import { OpsProvider } from '../toolkit/ops/provider';

export async function run(provider: OpsProvider, args: string[]) {
    await runScript(provider, args, withdrawStake);
}
