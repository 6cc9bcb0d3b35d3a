/**
 * Withdraws the pool's accrued commission to the owner, from the owner wallet.
 * npx blueprint run withdrawCommission --testnet --tonconnect amount=all
 * docs/OPERATIONS.md explains every argument.
 */
import { withdrawCommission } from '../toolkit/ops/owner';
import { runScript } from '../toolkit/ops/entry';
import { OpsProvider } from '../toolkit/ops/provider';

export async function run(provider: OpsProvider, args: string[]) {
    await runScript(provider, args, withdrawCommission);
}
