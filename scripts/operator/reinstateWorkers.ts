/**
 * Reinstates suspended workers. Run from the operator wallet:
 *     npx blueprint run operator/reinstateWorkers --testnet --mnemonic workers=12,40
 * `help` lists the arguments; docs/OPERATIONS.md explains them (scripts/README.md: the conventions).
 */
import { reinstateWorkers } from '../../toolkit/ops/workers';

export const { run } = reinstateWorkers;
