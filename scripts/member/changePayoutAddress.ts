/**
 * Changes a worker's payout address. Run from the member wallet:
 *     npx blueprint run member/changePayoutAddress --testnet --tonconnect worker=3 payout=<addr>
 * `help` lists the arguments; docs/OPERATIONS.md explains them (scripts/README.md: the conventions).
 */
import { changePayoutAddress } from '../../toolkit/ops/workers';

export const { run } = changePayoutAddress;
