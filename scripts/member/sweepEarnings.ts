/**
 * Deploys a worker's earnings address if needed and forwards what waits there to the pool (a sweep
 * with get_sweep_value, carrying the StateInit while undeployed). Run from any wallet:
 *     npx blueprint run member/sweepEarnings --testnet --tonconnect worker=3
 * `help` lists the arguments; docs/OPERATIONS.md explains them (scripts/README.md: the conventions).
 */
import { sweepEarnings } from '../../toolkit/ops/earnings';

export const { run } = sweepEarnings;
