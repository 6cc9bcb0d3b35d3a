/**
 * The costliest refusing recipient for bounce scenarios: a deployed contract that burns all the gas
 * its message bought and fails (tests/payout/fixtures/burner.fc), so the payout bounces back with the
 * least value a bounce can carry.
 */
import { compileFuncSources } from '../../toolkit/func/compile';
import { Address, beginCell, Cell } from '@ton/core';
import { Blockchain, createShardAccount } from '@ton/sandbox';
import { readFileSync } from 'fs';
import { join } from 'path';
import { fillerAddress } from '../../audits/harness/pool-fixture';

const BURNER_SOURCE = join(__dirname, '..', 'payout', 'fixtures', 'burner.fc');

let burnerCode: Cell | undefined;
async function gasBurnerCode(): Promise<Cell> {
    if (burnerCode) return burnerCode;
    burnerCode = (
        await compileFuncSources('burner.fc', {
            targets: [BURNER_SOURCE],
            sources: (p: string) => readFileSync(p, 'utf8'),
        })
    ).code;
    return burnerCode;
}

/** Installs the gas burner at fillerAddress(seed), funded for its storage, and returns its address. */
export async function gasBurner(blockchain: Blockchain, seed = 'burner'): Promise<Address> {
    const address = fillerAddress(seed);
    const code = await gasBurnerCode();
    await blockchain.setShardAccount(
        address,
        createShardAccount({ address, code, data: beginCell().endCell(), balance: 1_000_000_000n }),
    );
    return address;
}
