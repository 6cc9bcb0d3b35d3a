/**
 * Sets the registry's weight of workers. Run from the operator wallet:
 *     npx blueprint run operator/setWeights --testnet --mnemonic workers=0-9 weight=100
 * `help` lists the arguments; docs/OPERATIONS.md explains them (scripts/README.md: the conventions).
 */
import { setWeights } from '../../toolkit/ops/weights';

export const { run } = setWeights;
