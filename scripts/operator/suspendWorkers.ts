/**
 * Suspends active workers: the pool stops paying them. Run from the operator wallet:
 *     npx blueprint run operator/suspendWorkers --testnet --mnemonic workers=12,40
 * `help` lists the arguments; docs/OPERATIONS.md explains them (scripts/README.md: the conventions).
 */
import { suspendWorkers } from '../../toolkit/ops/workers';

export const { run } = suspendWorkers;
