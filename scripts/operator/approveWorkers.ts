/**
 * Approves pending workers (and reinstates suspended ones). Run from the operator wallet:
 *     npx blueprint run operator/approveWorkers --testnet --mnemonic workers=0,1,5-9
 * `help` lists the arguments; docs/OPERATIONS.md explains them (scripts/README.md: the conventions).
 */
import { approveWorkers } from '../../toolkit/ops/workers';

export const { run } = approveWorkers;
