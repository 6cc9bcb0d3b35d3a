/**
 * Storage over time: five years without a transaction. The storage fee is taken from the reserve
 * (computed from the config and the account's size), worker money and commission are untouched,
 * the pool stays solvent and still pays. The ledger's size per worker is bounded.
 */
import { toNano } from '@ton/core';
import { Blockchain } from '@ton/sandbox';
import { PRICE_SETS } from '../../toolkit/chain/prices';
import { storageFees } from '../../toolkit/chain/transactions';
import { PoolLimits } from '../../wrappers/PoolPayout';
import { expectPoolInvariants } from '../helpers/invariants';
import { sendBatch } from '../helpers/pool-batch';
import { PoolFixture, setupPool } from '../helpers/pool-fixture';

const FIVE_YEARS = 5 * 365 * 24 * 3600;
const TON = toNano('1');

describe.each(PRICE_SETS)('PoolPayout storage (%s prices)', (prices) => {
    let f: PoolFixture;
    let blockchain: Blockchain;
    beforeAll(async () => {
        f = await setupPool({ prices, workers: 1000, recipients: 4 });
    });
    beforeEach(async () => {
        await f.blockchain.loadFrom(f.snapshot);
        blockchain = f.blockchain;
    });

    // Five idle years: the next message pays exactly the config's storage price for the account's
    // cells and bits over that time, out of the reserve; owed and commission held are unchanged
    // and the pool is still solvent and pays the next batch.
    it('[STO-202] after a 5-year storage jump the reserve pays the exact storage fee and the books are intact', async () => {
        const before = await f.pool.getTotals();
        const account = (await blockchain.getContract(f.pool.address)).account.account!;
        const used = account.storageStats.used;
        const lastPaid = account.storageStats.lastPaid;
        blockchain.now = lastPaid + FIVE_YEARS;
        const r = await f.pool.sendTopUpReserve(f.owner.getSender(), { value: TON });
        const tx = r.transactions[1];
        expect(storageFees(tx)).toBe(f.fees().storageFor(used.bits, used.cells, FIVE_YEARS));
        const after = await f.pool.getTotals();
        expect({ owed: after.owed, held: after.commissionHeld }).toEqual({ owed: before.owed, held: before.commissionHeld });
        expect(after.reserve >= 0n).toBe(true);
        const run = await sendBatch(f, [{ workerIndex: 0, cumulative: TON }]);
        expect(run.payouts.length).toBe(1);
        await expectPoolInvariants(blockchain, f.pool, { paid: new Map([[0, TON]]) });
    });

    // Size: a 1,000-worker ledger costs a bounded number of cells per worker (pages of 48 workers:
    // 1 page + 4 leaves + 16 cold cells, plus the dict's edges), so the 65,536-cell account limit
    // holds up to about 100,000 workers (65,536 / 0.6).
    it('[STO-203] the ledger costs under 0.6 cell per worker', async () => {
        const used = (await blockchain.getContract(f.pool.address)).account.account!.storageStats.used;
        const pages = Math.ceil(1000 / PoolLimits.pageSize);
        expect(Number(used.cells)).toBeLessThan(1000 * 0.6);
        expect(Number(used.cells)).toBeGreaterThanOrEqual(pages);
    });
});
