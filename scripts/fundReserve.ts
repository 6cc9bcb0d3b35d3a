/**
 * Tops up the pool's reserve (storage and the pool's own costs; never worker money), from any wallet.
 * npx blueprint run fundReserve --testnet --tonconnect amount=2
 * docs/OPERATIONS.md explains every argument.
 */
import { fundReserve } from '../toolkit/ops/owner';
import { runScript } from '../toolkit/ops/entry';
import { OpsProvider } from '../toolkit/ops/provider';

export async function run(provider: OpsProvider, args: string[]) {
    await runScript(provider, args, fundReserve);
}
