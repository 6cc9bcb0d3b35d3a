/**
 * Replaces the operator on both contracts at once and updates the deployment file. Run from the owner wallet:
 *     npx blueprint run owner/rotateOperator --testnet --tonconnect operator=<addr>
 * `help` lists the arguments; docs/OPERATIONS.md explains them (scripts/README.md: the conventions).
 */
import { rotateOperator } from '../../toolkit/ops/owner';

export const { run } = rotateOperator;
