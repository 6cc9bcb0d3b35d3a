/**
 * Pays a CSV or JSON file of cumulative entitlements in batches, from the operator wallet. Safe to re-run.
 * npx blueprint run submitPayouts --testnet --mnemonic file=epoch-12.csv
 * docs/OPERATIONS.md explains every argument.
 */
import { submitPayouts } from '../toolkit/ops/payouts';
import { runScript } from '../toolkit/ops/entry';
import { OpsProvider } from '../toolkit/ops/provider';

export async function run(provider: OpsProvider, args: string[]) {
    await runScript(provider, args, submitPayouts);
}
