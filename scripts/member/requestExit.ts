/**
 * Requests the exit of a worker (the stake stays locked for the cooldown). Run from the member wallet:
 *     npx blueprint run member/requestExit --testnet --tonconnect worker=3
 * `help` lists the arguments; docs/OPERATIONS.md explains them (scripts/README.md: the conventions).
 */
import { requestExit } from '../../toolkit/ops/exit';

export const { run } = requestExit;
