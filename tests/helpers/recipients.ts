/**
 * Recipients that refuse money, for bounce scenarios: a missing wallet (never deployed), a frozen
 * account and a contract that throws on every message.
 */
import { compileFuncSources } from '../../toolkit/func/compile';
import { Address, beginCell, Cell } from '@ton/core';
import { Blockchain, createShardAccount } from '@ton/sandbox';
import { readFileSync } from 'fs';
import { join } from 'path';
import { fillerAddress } from '../../audits/harness/pool-fixture';

const THROWING_SOURCE = join(__dirname, '..', 'payout', 'fixtures', 'throwing.fc');

let throwingCode: Cell | undefined;
export async function throwingContractCode(): Promise<Cell> {
    if (throwingCode) return throwingCode;
    throwingCode = (
        await compileFuncSources('throwing.fc', {
            targets: [THROWING_SOURCE],
            sources: (p: string) => readFileSync(p, 'utf8'),
        })
    ).code;
    return throwingCode;
}

/** An address nobody deployed: a bounceable message to it bounces. */
export function missingWallet(seed = 'missing'): Address {
    return fillerAddress(seed);
}

/** A frozen account with no balance: a bounceable message to it bounces. */
export async function frozenAccount(blockchain: Blockchain, seed = 'frozen'): Promise<Address> {
    const address = fillerAddress(seed);
    const account = createShardAccount({
        address,
        code: beginCell().endCell(),
        data: beginCell().endCell(),
        balance: 0n,
    });
    account.account!.storage.state = { type: 'frozen', stateHash: 1n };
    await blockchain.setShardAccount(address, account);
    return address;
}

/** A deployed contract that throws 333 on every message. */
export async function throwingContract(blockchain: Blockchain, seed = 'throwing'): Promise<Address> {
    const address = fillerAddress(seed);
    const code = await throwingContractCode();
    await blockchain.setShardAccount(
        address,
        createShardAccount({ address, code, data: beginCell().endCell(), balance: 1_000_000_000n }),
    );
    return address;
}
