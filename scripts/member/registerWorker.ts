/**
 * Registers a worker with its stake, pending approval. Run from the member wallet:
 *     npx blueprint run member/registerWorker --testnet --tonconnect stake=10 payout=<addr>
 * `help` lists the arguments; docs/OPERATIONS.md explains them (scripts/README.md: the conventions).
 */
import { registerWorker } from '../../toolkit/ops/workers';

export const { run } = registerWorker;
