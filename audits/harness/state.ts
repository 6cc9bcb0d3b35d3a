/** Account state snapshots for "nothing changed" assertions. */
import { Address, Cell } from '@ton/core';
import { Blockchain } from '@ton/sandbox';

export interface ContractState {
    data: Cell;
    balance: bigint;
}

export async function stateOf(blockchain: Blockchain, address: Address): Promise<ContractState> {
    const contract = await blockchain.getContract(address);
    const state = contract.accountState;
    if (state?.type !== 'active' || !state.state.data) throw new Error(`stateOf: ${address} is not active`);
    return { data: state.state.data, balance: contract.balance };
}
