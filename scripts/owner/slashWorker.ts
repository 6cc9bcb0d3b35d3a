/**
 * Slashes a worker's stake to the pool as worker revenue. Run from the owner wallet:
 *     npx blueprint run owner/slashWorker --testnet --tonconnect worker=3 amount=0.5
 * `help` lists the arguments; docs/OPERATIONS.md explains them (scripts/README.md: the conventions).
 */
import { slashWorker } from '../../toolkit/ops/slash';

export const { run } = slashWorker;
