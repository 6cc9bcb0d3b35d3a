/**
 * An OpsProvider over @ton/sandbox: the scripts run exactly as under `npx blueprint run`, but their
 * wallet is a sandbox treasury, their questions are answered by a ScriptedUI and every message they
 * send is recorded with the transactions it caused.
 */
import { Address, Cell, Contract, ContractState, OpenedContract, SenderArguments } from '@ton/core';
import { Blockchain, BlockchainTransaction, SandboxContract, TreasuryContract } from '@ton/sandbox';
import type { NetworkProvider, SenderWithSendResult } from '@ton/blueprint';
import { OpsProvider } from '../../../toolkit/ops/provider';
import { ScriptedUI } from './scripted-ui';

export interface SentMessage {
    from: Address;
    args: SenderArguments;
    transactions: BlockchainTransaction[];
}

type Network = ReturnType<NetworkProvider['network']>;

export class SandboxProvider implements OpsProvider {
    readonly pollIntervalMs = 0;

    constructor(
        readonly blockchain: Blockchain,
        readonly wallet: SandboxContract<TreasuryContract>,
        readonly scriptedUi: ScriptedUI,
        readonly sent: SentMessage[],
        private readonly networkName: Network = 'testnet',
    ) {}

    network(): Network {
        return this.networkName;
    }

    sender(): SenderWithSendResult {
        const wallet = this.wallet;
        return {
            address: wallet.address,
            send: async (args: SenderArguments) => {
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

    async isContractDeployed(address: Address): Promise<boolean> {
        return (await this.getContractState(address)).state.type === 'active';
    }

    async getContractState(address: Address): Promise<ContractState> {
        return this.blockchain.provider(address).getState();
    }

    async waitForDeploy(address: Address): Promise<void> {
        if (!(await this.isContractDeployed(address))) throw new Error('Contract was not deployed. Check your wallet\'s transactions');
    }

    async waitForLastTransaction(): Promise<void> {}

    /** The code at `address`, for tests that tamper with a deployment. */
    async codeAt(address: Address): Promise<Cell | null> {
        const s = await this.getContractState(address);
        return s.state.type === 'active' && s.state.code ? Cell.fromBoc(s.state.code)[0] : null;
    }
}
