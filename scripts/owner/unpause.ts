/**
 * Lets payout batches and registrations run again. Run from the owner wallet:
 *     npx blueprint run owner/unpause --testnet --tonconnect target=both
 * `help` lists the arguments; docs/OPERATIONS.md explains them (scripts/README.md: the conventions).
 */
import { unpause } from '../../toolkit/ops/owner';

export const { run } = unpause;
