/**
 * Takes an exited worker's stake back after the cooldown. Run from the member wallet:
 *     npx blueprint run member/withdrawStake --testnet --tonconnect worker=3
 * `help` lists the arguments; docs/OPERATIONS.md explains them (scripts/README.md: the conventions).
 */
import { withdrawStake } from '../../toolkit/ops/exit';

export const { run } = withdrawStake;
