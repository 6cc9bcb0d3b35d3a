/**
 * Proposes a new owner of both contracts (step 1 of 2). Run from the owner wallet:
 *     npx blueprint run owner/proposeOwner --testnet --tonconnect new_owner=<addr>
 * `help` lists the arguments; docs/OPERATIONS.md explains them (scripts/README.md: the conventions).
 */
import { proposeOwner } from '../../toolkit/ops/owner';

export const { run } = proposeOwner;
