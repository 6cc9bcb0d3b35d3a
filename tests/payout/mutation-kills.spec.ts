/**
 * PoolPayout behaviour that mutation testing (audits/MUTATION.md) found no test pinned down: each
 * test here kills a mutant that survived the rest of the suite, at the boundary the mutant moved.
 */
import { beginCell, toNano } from '@ton/core';
import { internal } from '@ton/sandbox';
import { exitCode, gasUsed } from '../../toolkit/chain/transactions';
import { PRICE_SETS } from '../../toolkit/chain/prices';
import { PoolGas, PoolOp, poolPayoutBody, PoolLimits, revenueReceiptFee, StopReason } from '../../wrappers/PoolPayout';
import { expectPoolInvariants } from '../helpers/invariants';
import { sendBatch } from '../helpers/pool-batch';
import { POOL_PERIOD_LENGTH, PoolFixture, setupPool } from '../../audits/harness/pool-fixture';
import { missingWallet } from '../helpers/recipients';
import { stateOf } from '../../audits/harness/state';

const TON = toNano('1');

describe.each(PRICE_SETS)('PoolPayout mutation kills (%s prices)', (prices) => {
    let f: PoolFixture;
    beforeAll(async () => {
        f = await setupPool({
            prices,
            workers: 4,
            ledger: () => [
                { index: 2, payout: missingWallet(), active: true, paid: 2n * TON, bounces: PoolLimits.bouncesMax - 1 },
            ],
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
        await f.pool.sendSetParams(f.owner.getSender(), {
            value: TON,
            commissionBps: 1000,
            minPayout: 1n,
            periodCap: owed - 1n,
            periodLength: POOL_PERIOD_LENGTH,
        });
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
    // the two bounces are the network's copies of two 1-TON payouts it was paid before, each bringing
    // back 1 TON plus the fee of gas::bounce (the pool's handling), so each credits exactly 1 TON.
    // Plain transfers worth one nanoton less than, exactly and one nanoton more than the receipt fee
    // (revenue_receipt_fee: the compute of gas::revenue). Must hold: net -1 and net 0 book nothing and
    // write nothing, so both leave the data bit-for-bit as it was and cost the same gas; net 1 books
    // exactly one nanoton of revenue. (Kills `net > 0` -> `net >= 0` in book_net_revenue, which stored
    // unchanged data at net 0: the same state, more gas than the reserve's receipt fee had been paid for.)
    it('[FIN-531] a transfer of exactly the receipt fee books nothing and writes nothing: the gas of one nanoton less; one more books one nanoton', async () => {
        const fee = revenueReceiptFee(f.fees());
        const run = async (value: bigint) => {
            const before = await stateOf(f.blockchain, f.pool.address);
            const revenue = (await f.pool.getTotals()).revenue;
            const r = await f.blockchain.sendMessage(
                internal({
                    from: f.stranger.address,
                    to: f.pool.address,
                    value,
                    bounce: false,
                    body: beginCell().endCell(),
                }),
            );
            const tx = r.transactions[0];
            expect(exitCode(tx)).toBe(0);
            expect(tx.outMessagesCount).toBe(0);
            const after = await stateOf(f.blockchain, f.pool.address);
            return {
                gas: gasUsed(tx),
                same: after.data.equals(before.data),
                booked: (await f.pool.getTotals()).revenue - revenue,
            };
        };
        const below = await run(fee - 1n);
        const exact = await run(fee);
        const above = await run(fee + 1n);
        expect({ same: below.same, booked: below.booked }).toEqual({ same: true, booked: 0n });
        expect({ same: exact.same, booked: exact.booked, gas: exact.gas }).toEqual({
            same: true,
            booked: 0n,
            gas: below.gas,
        });
        expect({ same: above.same, booked: above.booked }).toEqual({ same: false, booked: 1n });
        expect(above.gas > exact.gas && above.gas <= BigInt(PoolGas.revenue)).toBe(true);
    });

    it('[MSG-530] the bounce count saturates at 65535 while every bounced payout is still credited back', async () => {
        const value = TON + f.fees().compute(PoolGas.bounce);
        let paid = 2n * TON;
        for (const expected of [PoolLimits.bouncesMax, PoolLimits.bouncesMax]) {
            const body = beginCell()
                .storeUint(0xffffffff, 32)
                .storeSlice(poolPayoutBody({ queryId: 1n, workerIndex: 2, amount: TON }).beginParse())
                .endCell();
            const r = await f.blockchain.sendMessage(
                internal({ from: missingWallet(), to: f.pool.address, value, bounced: true, bounce: false, body }),
            );
            expect(exitCode(r.transactions[0])).toBe(0);
            paid -= TON;
            expect(await f.pool.getWorker(2)).toMatchObject({ paid, bounces: expected, active: true, held: true });
        }
        const totals = await f.pool.getTotals();
        expect([totals.paid, totals.returned]).toEqual([2n * TON, 2n * TON]);
        await expectPoolInvariants(f.blockchain, f.pool, { paid: new Map([[2, 0n]]) });
    });

    // A bounced body cut inside its Coins field (the network keeps only the first 256 bits of a
    // bounced body; a forged bounce can be any length): for every declared length L of 1..15 bytes,
    // a field one bit short of 4 + 8L is ignored with exit 0 (its value, less the fees, stays in the reserve
    // and no other figure moves), while the whole
    // field, here 1 TON written with L = 15 bytes, brought back with the fee of gas::bounce, is credited back. (Kills the length check reading
    // `preload_uint(3)` instead of the 4-bit length in on_bounce: the handler would then throw 9.)
    it('[MSG-531] a bounced payout body cut anywhere inside its amount is ignored without a throw; the whole field is credited', async () => {
        const bounced = (coins: (b: ReturnType<typeof beginCell>) => void, value = TON) => {
            const b = beginCell()
                .storeUint(0xffffffff, 32)
                .storeUint(PoolOp.poolPayout, 32)
                .storeUint(1n, 64)
                .storeUint(2, 32);
            coins(b);
            return f.blockchain.sendMessage(
                internal({
                    from: missingWallet(),
                    to: f.pool.address,
                    value,
                    bounced: true,
                    bounce: false,
                    body: b.endCell(),
                }),
            );
        };
        const state = async () => {
            const w = await f.pool.getWorker(2);
            return { ...w, payout: w.payout?.toRawString() };
        };
        const worker = await f.pool.getWorker(2);
        const before = await state();
        const totals = await f.pool.getTotals();
        let kept = 0n;
        for (let len = 1; len <= 15; len++) {
            const r = await bounced((b) =>
                b.storeUint(len, 4).storeUint((1n << BigInt(8 * len - 1)) - 1n, 8 * len - 1),
            );
            expect([len, exitCode(r.transactions[0]), r.transactions[0].outMessagesCount]).toEqual([len, 0, 0]);
            kept += TON - r.transactions[0].totalFees.coins;
        }
        expect(await state()).toEqual(before);
        // the cut bounces' value, less their fees, stays in the reserve; no other figure moves
        expect(await f.pool.getTotals()).toEqual({
            ...totals,
            balance: totals.balance + kept,
            reserve: totals.reserve + kept,
        });
        const whole = await bounced(
            (b) => b.storeUint(15, 4).storeUint(TON, 8 * 15),
            TON + f.fees().compute(PoolGas.bounce),
        );
        expect(exitCode(whole.transactions[0])).toBe(0);
        expect(await f.pool.getWorker(2)).toMatchObject({ paid: worker.paid - TON, bounces: PoolLimits.bouncesMax });
        expect((await f.pool.getTotals()).returned).toBe(totals.returned + TON);
        await expectPoolInvariants(f.blockchain, f.pool, { paid: new Map([[2, TON]]) });
    });
});
