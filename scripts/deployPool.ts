/**
 * Deploys the WorkerRegistry and the PoolPayout wired to each other and saves deployments/<network>.json.
 * npx blueprint run deployPool --testnet --mnemonic operator=<addr> commission_bps=500 min_payout=0.1 \
 *     period_cap=1000 period_length=86400 min_stake=10 cooldown=604800 reserve=2 registry_balance=1
 * Run from the owner wallet. docs/OPERATIONS.md explains every argument.
 */
import { deployPool } from '../toolkit/ops/deploy';
import { runScript } from '../toolkit/ops/entry';
import { OpsProvider } from '../toolkit/ops/provider';

export async function run(provider: OpsProvider, args: string[]) {
    await runScript(provider, args, deployPool);
}
