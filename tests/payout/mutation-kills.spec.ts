/**
 * PoolPayout behaviour that mutation testing (audits/MUTATION.md) found no test pinned down: each
 * test here kills a mutant that survived the rest of the suite, at the boundary the mutant moved.
 */
import { beginCell, toNano } from '@ton/core';
import { internal } from '@ton/sandbox';
import { exitCode } from '../../toolkit/chain/transactions';
import { PRICE_SETS } from '../../toolkit/chain/prices';
import { poolPayoutBody, PoolLimits, StopReason } from '../../wrappers/PoolPayout';
import { expectPoolInvariants } from '../helpers/invariants';
import { sendBatch } from '../helpers/pool-batch';
import { POOL_PERIOD_LENGTH, PoolFixture, setupPool } from '../helpers/pool-fixture';
import { missingWallet } from '../helpers/recipients';

const TON = toNano('1');

describe.each(PRICE_SETS)('PoolPayout mutation kills (%s prices)', (prices) => {
    let f: PoolFixture;
    beforeAll(async () => {
        f = await setupPool({
            prices,
            workers: 4,
            ledger: () => [{ index: 2, payout: missingWallet(), active: true, paid: 2n * TON, bounces: PoolLimits.bouncesMax - 1 }],
        });
    });
    beforeEach(async () => {
        await f.blockchain.loadFrom(f.snapshot);
    });

    // A batch stops at an entry the period cap refuses although the worker money left is exactly
    // its amount: the report must say period_cap (raising the cap would pay it), not
    // no_worker_money; one nanoton more than the worker money is no_worker_money. Nothing is paid.
    // (Kills `amount > owed - spent` -> `amount >= owed - spent` in skip_entry.)
    it('[FIN-530] an entry the cap refuses with worker money exactly its amount stops as period_cap; one nanoton more as no_worker_money', async () => {
        const owed = (await f.pool.getTotals()).owed;
        await f.pool.sendSetParams(f.owner.getSender(), { value: TON, commissionBps: 1000, minPayout: 1n, periodCap: owed - 1n, periodLength: POOL_PERIOD_LENGTH });
        const exact = await sendBatch(f, [{ workerIndex: 0, cumulative: owed }]);
        expect(exact.payouts).toEqual([]);
        expect(exact.report!.stopReason).toBe(StopReason.periodCap);
        const over = await sendBatch(f, [{ workerIndex: 0, cumulative: owed + 1n }]);
        expect(over.payouts).toEqual([]);
        expect(over.report!.stopReason).toBe(StopReason.noWorkerMoney);
        await expectPoolInvariants(f.blockchain, f.pool, { paid: new Map([[0, 0n]]) });
    });

    // A worker whose payouts keep bouncing: its bounce count rises to BOUNCES_MAX (65,535) and
    // stays there, and every bounced amount is still credited back (the counter never overflows its
    // 16 bits and never blocks the credit). The worker is held from its third bounce on (issue 9), so
    // the two bounces are the network's copies of two 1-TON payouts it was paid before.
    it('[MSG-530] the bounce count saturates at 65535 while every bounced payout is still credited back', async () => {
        let paid = 2n * TON;
        for (const expected of [PoolLimits.bouncesMax, PoolLimits.bouncesMax]) {
            const body = beginCell().storeUint(0xffffffff, 32).storeSlice(poolPayoutBody({ queryId: 1n, workerIndex: 2, amount: TON }).beginParse()).endCell();
            const r = await f.blockchain.sendMessage(internal({ from: missingWallet(), to: f.pool.address, value: TON, bounced: true, bounce: false, body }));
            expect(exitCode(r.transactions[0])).toBe(0);
            paid -= TON;
            expect(await f.pool.getWorker(2)).toMatchObject({ paid, bounces: expected, active: true, held: true });
        }
        const totals = await f.pool.getTotals();
        expect([totals.paid, totals.returned]).toEqual([2n * TON, 2n * TON]);
        await expectPoolInvariants(f.blockchain, f.pool, { paid: new Map([[2, 0n]]) });
    });
});
