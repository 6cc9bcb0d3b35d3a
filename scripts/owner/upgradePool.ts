/**
 * Replaces the pool's code with the local build, keeping its storage. Run from the owner wallet:
 *     npx blueprint run owner/upgradePool --testnet --tonconnect
 * `help` lists the arguments; docs/OPERATIONS.md explains them (scripts/README.md: the conventions).
 */
import { upgradePool } from '../../toolkit/ops/upgrade';

export const { run } = upgradePool;
