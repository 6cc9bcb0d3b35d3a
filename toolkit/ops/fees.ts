/**
 * The fee schedule in force on the chain the script talks to. Value checks on the contracts use the
 * live config, so the scripts do too: a fee change on the network changes what they attach, with no
 * constant to update. The provider may supply the config (the sandbox's); on testnet/mainnet it is read
 * from the config contract (its data's first ref is the config dictionary).
 */
import { Address, Cell } from '@ton/core';
import { FeeSchedule } from '../chain/fees';
import { OpsError } from './errors';
import { OpsProvider } from './provider';

export const CONFIG_CONTRACT = Address.parse('-1:5555555555555555555555555555555555555555555555555555555555555555');

export async function liveFees(p: OpsProvider): Promise<FeeSchedule> {
    if (p.chainConfig) return new FeeSchedule(await p.chainConfig());
    const state = await p.getContractState(CONFIG_CONTRACT);
    if (state.state.type !== 'active' || !state.state.data)
        throw new OpsError('cannot read the blockchain config (config contract not active)');
    return new FeeSchedule(Cell.fromBoc(state.state.data)[0].refs[0]);
}
