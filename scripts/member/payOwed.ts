/**
 * Pays listed workers their attributed owed (what their earnings addresses forwarded to the pool).
 * Anyone may run it: it names no amount, and each worker is paid to the payout address its member chose:
 *     npx blueprint run member/payOwed --testnet --tonconnect workers=3,5
 * `help` lists the arguments; docs/OPERATIONS.md explains them (scripts/README.md: the conventions).
 */
import { payOwed } from '../../toolkit/ops/attributed';

export const { run } = payOwed;
