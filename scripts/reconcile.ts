/**
 * Compares the operator's ledger file with the chain; prints every difference, exit code 1 if any.
 * npx blueprint run reconcile --testnet --mnemonic ledger=ledger.csv
 * docs/OPERATIONS.md explains every argument.
 */
import { reconcile } from '../toolkit/ops/reconcile';
import { runScript } from '../toolkit/ops/entry';
import { OpsProvider } from '../toolkit/ops/provider';

export async function run(provider: OpsProvider, args: string[]) {
    await runScript(provider, args, reconcile);
}
