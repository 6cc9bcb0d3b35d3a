/**
 * The narrow slice of blueprint's NetworkProvider the operations scripts use. Blueprint's provider
 * satisfies it as is (checked at compile time below); tests pass a sandbox-backed implementation.
 * `api()` is what the reconcile script turns into a ChainSource: a @ton/ton TonClient on
 * testnet/mainnet, a @ton/sandbox Blockchain in tests.
 */
import type { NetworkProvider } from '@ton/blueprint';
import type { BatchSender } from './batch';

export type OpsProvider = Pick<
    NetworkProvider,
    'network' | 'sender' | 'open' | 'ui' | 'isContractDeployed' | 'getContractState' | 'waitForDeploy' | 'waitForLastTransaction'
> & {
    api(): unknown;
    /** Delay between two polls while waiting for the chain; 0 in the sandbox. */
    readonly pollIntervalMs?: number;
    /** Whether questions can be answered; default: stdin is a terminal. */
    readonly interactive?: boolean;
    /** Where the `json` result goes; default: the process's stdout. */
    emit?(text: string): void;
    /** A wallet that sends many messages per transaction; default: derived from --mnemonic (batch.ts). */
    batchSender?(): BatchSender | undefined;
};

/** Blueprint's provider is an OpsProvider: a compile-time check, used by nothing at run time. */
export const acceptsBlueprintProvider: (p: NetworkProvider) => OpsProvider = (p) => p;
