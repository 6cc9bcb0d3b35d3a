/**
 * Replaces the operator of both contracts, from the owner wallet; updates the deployment file.
 * npx blueprint run rotateOperator --testnet --tonconnect operator=<addr>
 * docs/OPERATIONS.md explains every argument.
 */
import { rotateOperator } from '../toolkit/ops/owner';
import { runScript } from '../toolkit/ops/entry';
import { OpsProvider } from '../toolkit/ops/provider';

export async function run(provider: OpsProvider, args: string[]) {
    await runScript(provider, args, rotateOperator);
}
