/**
 * Sets the weight (GPU capacity score) of workers, from the operator wallet.
 * npx blueprint run setWeights --testnet --mnemonic workers=0-9 weight=100   (or file=workers.txt)
 * docs/OPERATIONS.md explains every argument.
 */
import { setWeights } from '../toolkit/ops/weights';
import { runScript } from '../toolkit/ops/entry';
import { OpsProvider } from '../toolkit/ops/provider';

export async function run(provider: OpsProvider, args: string[]) {
    await runScript(provider, args, setWeights);
}
