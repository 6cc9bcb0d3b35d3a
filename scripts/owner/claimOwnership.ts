/**
 * Completes the ownership transfer, from the proposed wallet (step 2 of 2). Run from the new owner's wallet:
 *     npx blueprint run owner/claimOwnership --testnet --tonconnect
 * `help` lists the arguments; docs/OPERATIONS.md explains them (scripts/README.md: the conventions).
 */
import { claimOwnership } from '../../toolkit/ops/owner';

export const { run } = claimOwnership;
