/**
 * The baseline: a ledger-less FunC send loop (contracts/bench/send_loop.fc) sending the same
 * number of payout-shaped messages as the pool's full batch, measured in the same sandbox.
 */
import { Address, beginCell, Cell, contractAddress, toNano } from '@ton/core';
import { Blockchain, createShardAccount } from '@ton/sandbox';
import { readFileSync } from 'fs';
import { join } from 'path';
import { compileFuncSources } from '../../toolkit/func/compile';
import { gasUsed } from '../../toolkit/chain/transactions';

const SOURCE = join(__dirname, '..', '..', 'contracts', 'bench', 'send_loop.fc');

export async function sendLoopCode(): Promise<Cell> {
    return (
        await compileFuncSources('send_loop.fc', { targets: [SOURCE], sources: (p: string) => readFileSync(p, 'utf8') })
    ).code;
}

/** Compute gas per message of the send loop sending `count` messages to `to`. */
export async function baselineGasPerMessage(
    blockchain: Blockchain,
    to: Address,
    count: number,
): Promise<{ gas: bigint; perMessage: number }> {
    const code = await sendLoopCode();
    const data = beginCell().storeAddress(to).endCell();
    const address = contractAddress(0, { code, data });
    await blockchain.setShardAccount(address, createShardAccount({ address, code, data, balance: toNano('1000') }));
    const sender = await blockchain.treasury('bench-baseline');
    const r = await sender.send({
        to: address,
        value: toNano('10'),
        body: beginCell().storeUint(count, 8).storeCoins(toNano('1')).endCell(),
    });
    const tx = r.transactions.find((t) => t.inMessage?.info.dest?.toString() === address.toString())!;
    const gas = gasUsed(tx);
    return { gas, perMessage: Number(gas) / count };
}
