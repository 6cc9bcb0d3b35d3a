/**
 * Changes the pool's parameters (only the keys given), from the owner wallet.
 * npx blueprint run setPoolParams --testnet --tonconnect commission_bps=400 min_payout=0.1 period_cap=500 period_length=86400
 * docs/OPERATIONS.md explains every argument.
 */
import { setPoolParams } from '../toolkit/ops/params';
import { runScript } from '../toolkit/ops/entry';
import { OpsProvider } from '../toolkit/ops/provider';

export async function run(provider: OpsProvider, args: string[]) {
    await runScript(provider, args, setPoolParams);
}
