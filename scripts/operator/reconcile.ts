/**
 * Compares the operator's ledger with what the chain did, to the nanoton. Run from the operator wallet:
 *     npx blueprint run operator/reconcile --testnet --mnemonic ledger=epoch-1.csv
 * `help` lists the arguments; docs/OPERATIONS.md explains them (scripts/README.md: the conventions).
 */
import { reconcile } from '../../toolkit/ops/reconcile';

export const { run } = reconcile;
