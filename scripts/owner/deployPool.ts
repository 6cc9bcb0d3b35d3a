/**
 * Deploys the WorkerRegistry and the PoolPayout wired to each other and saves deployments/<network>.json. Run from the owner wallet:
 *     npx blueprint run owner/deployPool --testnet --tonconnect operator=<addr> commission_bps=500 min_payout=0.1 period_cap=1000 period_length=86400 min_stake=10 cooldown=604800 reserve=2 registry_balance=1
 * `help` lists the arguments; docs/OPERATIONS.md explains them (scripts/README.md: the conventions).
 */
import { deployPool } from '../../toolkit/ops/deploy';

export const { run } = deployPool;
