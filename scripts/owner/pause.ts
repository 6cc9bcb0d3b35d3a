/**
 * Pauses payout batches (pool) and registrations (registry). Run from the owner wallet:
 *     npx blueprint run owner/pause --testnet --tonconnect target=pool
 * `help` lists the arguments; docs/OPERATIONS.md explains them (scripts/README.md: the conventions).
 */
import { pause } from '../../toolkit/ops/owner';

export const { run } = pause;
