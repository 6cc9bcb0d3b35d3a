/**
 * The narrow slice of blueprint's NetworkProvider the operations scripts use. Blueprint's provider
 * satisfies it as is (checked at compile time below); tests pass a sandbox-backed implementation that
 * also supplies the optional hooks (the chain's config, clock and history), so no operations code
 * needs to know which chain it runs on. `api()` is blueprint's client: a @ton/ton TonClient on
 * testnet/mainnet.
 */
import type { Cell } from '@ton/core';
import type { NetworkProvider } from '@ton/blueprint';
import type { ChainSource } from '../reconcile';
import type { SandboxSourceOptions } from '../reconcile/sandbox-source';
import type { BatchSender } from './batch';

/** What a ChainSource needs besides the chain: the pool, its storage reader and message codec. */
export type ChainSourceOptions = Omit<SandboxSourceOptions, 'blockchain'>;

export type OpsProvider = Pick<
    NetworkProvider,
    | 'network'
    | 'sender'
    | 'open'
    | 'ui'
    | 'isContractDeployed'
    | 'getContractState'
    | 'waitForDeploy'
    | 'waitForLastTransaction'
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
    /** The blockchain config dictionary; default: read from the config contract (fees.ts). */
    chainConfig?(): Promise<Cell>;
    /** The chain's clock in unix seconds; default: the wall clock, which testnet and mainnet follow (clock.ts). */
    now?(): number;
    /** The pool's history for reconcile; default: toncenter through blueprint's TonClient (reconcile.ts). */
    chainSource?(options: ChainSourceOptions): Promise<ChainSource>;
};

/** Blueprint's provider is an OpsProvider: a compile-time check, used by nothing at run time. */
export const acceptsBlueprintProvider: (p: NetworkProvider) => OpsProvider = (p) => p;
