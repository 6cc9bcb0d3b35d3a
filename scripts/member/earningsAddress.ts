/**
 * Prints a worker's earnings address (the owner_address of its Cocoon node) and its worker.conf line;
 * sends nothing, and needs no network for the address. Run from any terminal (no wallet needed):
 *     npx blueprint run member/earningsAddress --testnet --deeplink worker=3
 * `help` lists the arguments; docs/OPERATIONS.md explains them (scripts/README.md: the conventions).
 */
import { earningsAddress } from '../../toolkit/ops/earnings';

export const { run } = earningsAddress;
