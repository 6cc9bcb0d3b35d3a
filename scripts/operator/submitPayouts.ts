/**
 * Pays a file of cumulative entitlements in payout batches. Run from the operator wallet:
 *     npx blueprint run operator/submitPayouts --testnet --mnemonic file=epoch-1.csv
 * `help` lists the arguments; docs/OPERATIONS.md explains them (scripts/README.md: the conventions).
 */
import { submitPayouts } from '../../toolkit/ops/payouts';

export const { run } = submitPayouts;
