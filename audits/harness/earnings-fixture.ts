/**
 * Deployed EarningsAddress contracts for the earnings specs: a chain at a fixed time under one
 * price set, a pool (a treasury stand-in by default, so a test sees exactly what arrives), a Cocoon
 * proxy stand-in, and worker 7's earnings contract deployed by a sweep with its StateInit (balance
 * 0 afterwards), snapshotted: tests `loadFrom(fixture.snapshot)` in beforeEach.
 */
import { compileContract } from '../../toolkit/func/compile';
import { Address, Cell } from '@ton/core';
import { Blockchain, BlockchainSnapshot, SandboxContract, TreasuryContract } from '@ton/sandbox';
import { FeeSchedule } from '../../toolkit/chain/fees';
import { applyPrices, PriceSet } from '../../toolkit/chain/prices';
import { EarningsAddress, sweepValue } from '../../wrappers/EarningsAddress';

export const EARNINGS_START_TIME = 1_800_000_000;
export const EARNINGS_WORKER = 7;

let cachedCode: Cell | undefined;
export async function earningsCode(): Promise<Cell> {
    cachedCode ??= await compileContract('EarningsAddress');
    return cachedCode;
}

export interface EarningsFixture {
    blockchain: Blockchain;
    code: Cell;
    /** What the earnings contract forwards to (a treasury unless `pool` was given). */
    pool: Address;
    poolTreasury: SandboxContract<TreasuryContract> | undefined;
    earnings: SandboxContract<EarningsAddress>;
    cocoon: SandboxContract<TreasuryContract>;
    stranger: SandboxContract<TreasuryContract>;
    fees: () => FeeSchedule;
    /** Opens worker `workerIndex`'s earnings contract of the fixture's pool (not deployed). */
    earningsOf: (workerIndex: number) => SandboxContract<EarningsAddress>;
    snapshot: BlockchainSnapshot;
}

export interface EarningsFixtureOptions {
    prices?: PriceSet;
    /** Forward to this address instead of a treasury (e.g. one nobody deployed). */
    pool?: Address;
    /** Leave worker 7's contract undeployed. */
    undeployed?: boolean;
}

export async function setupEarnings(opts: EarningsFixtureOptions = {}): Promise<EarningsFixture> {
    const blockchain = await Blockchain.create();
    applyPrices(blockchain, opts.prices ?? 'sandbox');
    blockchain.now = EARNINGS_START_TIME;
    const [cocoon, stranger] = await Promise.all(['cocoon-proxy', 'stranger'].map((n) => blockchain.treasury(n)));
    const poolTreasury = opts.pool ? undefined : await blockchain.treasury('pool');
    const pool = opts.pool ?? poolTreasury!.address;
    const code = await earningsCode();
    const earningsOf = (workerIndex: number) =>
        blockchain.openContract(EarningsAddress.createFromConfig({ pool, workerIndex }, code));
    const earnings = earningsOf(EARNINGS_WORKER);
    const fees = () => new FeeSchedule(blockchain.config);
    if (!opts.undeployed) {
        const deployer = await blockchain.treasury('deployer');
        await earnings.sendDeploy(deployer.getSender(), { value: sweepValue(fees()) });
        const state = await blockchain.getContract(earnings.address);
        if (state.accountState?.type !== 'active' || state.balance !== 0n)
            throw new Error(`setupEarnings: deploy left ${state.accountState?.type} with ${state.balance}`);
    }
    return {
        blockchain,
        code,
        pool,
        poolTreasury,
        earnings,
        cocoon,
        stranger,
        fees,
        earningsOf,
        snapshot: blockchain.snapshot(),
    };
}
