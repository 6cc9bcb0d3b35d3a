/**
 * Changes the pool's parameters (only the keys given). Run from the owner wallet:
 *     npx blueprint run owner/setPoolParams --testnet --tonconnect commission_bps=400 period_cap=500
 * `help` lists the arguments; docs/OPERATIONS.md explains them (scripts/README.md: the conventions).
 */
import { setPoolParams } from '../../toolkit/ops/params';

export const { run } = setPoolParams;
