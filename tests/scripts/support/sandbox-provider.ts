/**
 * An OpsProvider over @ton/sandbox: the scripts run exactly as under `npx blueprint run`, but their
 * wallet is a sandbox treasury, their questions are answered by a ScriptedUI and every message they
 * send is recorded with the transactions it caused.
 */
import { Address, Cell, Contract, ContractState, OpenedContract, SenderArguments } from '@ton/core';
import { Blockchain, BlockchainTransaction } from '@ton/sandbox';
import type { NetworkProvider, SenderWithSendResult } from '@ton/blueprint';
import { ChainSource, SandboxChainSource } from '../../../toolkit/reconcile';
import { BatchSender } from '../../../toolkit/ops/batch';
import { ChainSourceOptions, OpsProvider } from '../../../toolkit/ops/provider';
import { ScriptedUI } from './scripted-ui';

export interface SentMessage {
    from: Address;
    args: SenderArguments;
    transactions: BlockchainTransaction[];
}

type Network = ReturnType<NetworkProvider['network']>;

/** A sandbox wallet: a TreasuryContract, or a real wallet contract (support/w5.ts). */
export interface SandboxWallet {
    address: Address;
    send(args: SenderArguments): Promise<{ transactions: BlockchainTransaction[] }>;
    /** The wallet's own batching, when it has one (W5: 255 messages per transaction). */
    batch?(sent: SentMessage[]): BatchSender;
}

export interface ProviderOptions {
    /** A terminal answers questions (the ScriptedUI); false plays `npx blueprint run ... </dev/null`. */
    interactive?: boolean;
    /** Messages are signed and recorded but not delivered until the test calls `deliver` (in flight). */
    hold?: SenderArguments[];
    /** getContractState fails as toncenter does with no network (an axios ENOTFOUND). */
    offline?: boolean;
}

export class SandboxProvider implements OpsProvider {
    readonly pollIntervalMs = 0;
    /** What a `json` run printed on stdout. */
    readonly emitted: string[] = [];

    constructor(
        readonly blockchain: Blockchain,
        readonly wallet: SandboxWallet,
        readonly scriptedUi: ScriptedUI,
        readonly sent: SentMessage[],
        private readonly options: ProviderOptions = {},
        private readonly networkName: Network = 'testnet',
    ) {}

    get interactive(): boolean {
        return this.options.interactive ?? true;
    }

    batchSender(): BatchSender | undefined {
        return this.wallet.batch?.(this.sent);
    }

    emit(text: string): void {
        this.emitted.push(text);
    }

    network(): Network {
        return this.networkName;
    }

    sender(): SenderWithSendResult {
        const wallet = this.wallet;
        return {
            address: wallet.address,
            send: async (args: SenderArguments) => {
                if (this.options.hold) {
                    this.options.hold.push(args);
                    this.sent.push({ from: wallet.address, args, transactions: [] });
                    return;
                }
                const result = await wallet.send(args);
                this.sent.push({ from: wallet.address, args, transactions: result.transactions });
            },
        };
    }

    open<T extends Contract>(contract: T): OpenedContract<T> {
        return this.blockchain.openContract(contract) as unknown as OpenedContract<T>;
    }

    ui(): ScriptedUI {
        return this.scriptedUi;
    }

    api(): Blockchain {
        return this.blockchain;
    }

    async chainConfig(): Promise<Cell> {
        return this.blockchain.config;
    }

    /** The sandbox's clock once a test set it, the wall clock (as the sandbox's own) before. */
    now(): number {
        return this.blockchain.now ?? Math.floor(Date.now() / 1000);
    }

    /** The pool's history as the sandbox kept it. */
    async chainSource(options: ChainSourceOptions): Promise<ChainSource> {
        const source = new SandboxChainSource({ ...options, blockchain: this.blockchain });
        await source.sync();
        return source;
    }

    async isContractDeployed(address: Address): Promise<boolean> {
        return (await this.getContractState(address)).state.type === 'active';
    }

    async getContractState(address: Address): Promise<ContractState> {
        if (this.options.offline)
            throw Object.assign(new Error('getaddrinfo ENOTFOUND testnet.toncenter.com'), {
                code: 'ENOTFOUND',
                isAxiosError: true,
            });
        return this.blockchain.provider(address).getState();
    }

    async waitForDeploy(address: Address): Promise<void> {
        if (!(await this.isContractDeployed(address)))
            throw new Error("Contract was not deployed. Check your wallet's transactions");
    }

    async waitForLastTransaction(): Promise<void> {}

    /** The code at `address`, for tests that tamper with a deployment. */
    async codeAt(address: Address): Promise<Cell | null> {
        const s = await this.getContractState(address);
        return s.state.type === 'active' && s.state.code ? Cell.fromBoc(s.state.code)[0] : null;
    }
}
