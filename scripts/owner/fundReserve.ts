/**
 * Adds to the pool's reserve; any wallet may run it. Run from the any wallet:
 *     npx blueprint run owner/fundReserve --testnet --tonconnect amount=1
 * `help` lists the arguments; docs/OPERATIONS.md explains them (scripts/README.md: the conventions).
 */
import { fundReserve } from '../../toolkit/ops/owner';

export const { run } = fundReserve;
