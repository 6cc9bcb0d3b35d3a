/**
 * Changes the registry's parameters (only the keys given), from the owner wallet.
 * npx blueprint run setRegistryParams --testnet --tonconnect min_stake=2 cooldown=604800 capacity=5000 max_per_member=2
 * docs/OPERATIONS.md explains every argument.
 */
import { setRegistryParams } from '../toolkit/ops/params';
import { runScript } from '../toolkit/ops/entry';
import { OpsProvider } from '../toolkit/ops/provider';

export async function run(provider: OpsProvider, args: string[]) {
    await runScript(provider, args, setRegistryParams);
}
