/**
 * Withdraws the pool's commission (never worker money) to the owner. Run from the owner wallet:
 *     npx blueprint run owner/withdrawCommission --testnet --tonconnect amount=all
 * `help` lists the arguments; docs/OPERATIONS.md explains them (scripts/README.md: the conventions).
 */
import { withdrawCommission } from '../../toolkit/ops/owner';

export const { run } = withdrawCommission;
