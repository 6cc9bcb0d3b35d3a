/**
 * Changes the registry's parameters (only the keys given). Run from the owner wallet:
 *     npx blueprint run owner/setRegistryParams --testnet --tonconnect min_stake=2 cooldown=604800
 * `help` lists the arguments; docs/OPERATIONS.md explains them (scripts/README.md: the conventions).
 */
import { setRegistryParams } from '../../toolkit/ops/params';

export const { run } = setRegistryParams;
