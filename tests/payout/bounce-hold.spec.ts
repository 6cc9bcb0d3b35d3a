/**
 * Bounces never spend member money (finding 3 of issue 9): a bounced payout credits back only what
 * came back less the pool's handling of the bounce (get_compute_fee(gas::bounce)), so the worker
 * whose address refuses bears what that address burned, the bounce's forward fee and its handling,
 * and the reserve pays nothing (a bounce bringing back less than that fee costs the reserve the
 * difference, at most BOUNCES_TO_HOLD times per address); the credit is given back to the period's count;
 * BOUNCES_TO_HOLD bounces at one address hold the worker until worker_sync changes the address.
 * Attack messages (worker_sync, batches) are built with raw beginCell() from the TL-B.
 */
import { toNano } from '@ton/core';
import { Blockchain, BlockchainTransaction } from '@ton/sandbox';
import { computeFees, exitCode, storageFees } from '../../toolkit/chain/transactions';
import { PRICE_SETS } from '../../toolkit/chain/prices';
import { PoolGas, PoolLimits, StopReason } from '../../wrappers/PoolPayout';
import { bounceCredits, expectPoolInvariants } from '../helpers/invariants';
import { readBatch } from '../helpers/pool-batch';
import { PoolFixture, setupPool } from '../../audits/harness/pool-fixture';
import { rawEntriesOf, rawPayoutBatch, rawWorkerSync } from '../../audits/harness/pool-raw';
import { gasBurner } from '../helpers/pool-recipients';
import { missingWallet } from '../helpers/recipients';

const TON = toNano('1');
const CAP = 50n * TON;
const MISSING = 1;
const BURNER = 2;

describe.each(PRICE_SETS)('PoolPayout bounce accounting (%s prices)', (prices) => {
    let f: PoolFixture;
    let blockchain: Blockchain;
    beforeAll(async () => {
        f = await setupPool({
            prices,
            workers: 4,
            recipients: 4,
            ledger: () => [
                { index: MISSING, payout: missingWallet(), active: true },
                { index: BURNER, payout: missingWallet('burner'), active: true },
            ],
            config: { periodCap: CAP },
        });
        await gasBurner(f.blockchain, 'burner');
        f.snapshot = f.blockchain.snapshot();
    });
    beforeEach(async () => {
        await f.blockchain.loadFrom(f.snapshot);
        blockchain = f.blockchain;
    });

    const batch = async (entries: { workerIndex: number; cumulative: bigint }[], queryId = 1n) => {
        const value = await f.pool.getBatchValue(entries.length);
        const result = await f.operator.send({
            to: f.pool.address,
            value,
            body: rawPayoutBatch(queryId, entries.length, rawEntriesOf(entries)),
        });
        return readBatch(f.pool.address, f.operator.address, result);
    };
    const bouncesOf = (txs: readonly BlockchainTransaction[]) =>
        txs.filter(
            (t) =>
                t.inMessage?.info.type === 'internal' &&
                t.inMessage.info.bounced &&
                t.inMessage.info.dest.equals(f.pool.address),
        );

    // Attack: a member points its payout address at a contract that burns all the gas it is given
    // and fails, and the operator (or the toolkit's queue) keeps retrying a 20-TON payout. Must hold,
    // to the nanoton, for each bounce: the credit is the bounced value less get_compute_fee(gas::bounce);
    // the worker's paid keeps what its address burned, the bounce's forward fee and that fee; returned
    // grows by the credit only; the reserve changes by exactly that fee less the bounce's own compute
    // (never negative) and storage rent; balance >= owed + commission held after every transaction;
    // on the third bounce the worker is held and the next retry pays it nothing.
    it('[POOL-208] each bounce from a gas-burning recipient credits back exactly the bounced value less the bounce fee; the reserve pays nothing', async () => {
        const bound = f.fees().compute(PoolGas.bounce);
        const amount = 20n * TON;
        let paid = 0n;
        for (let retry = 1; retry <= PoolLimits.bouncesToHold; retry++) {
            const before = await f.pool.getTotals();
            const run = await batch([{ workerIndex: BURNER, cumulative: amount }], BigInt(retry));
            expect(run.payouts.map((p) => p.amount)).toEqual([amount - paid]);
            const [back] = bouncesOf(run.result.transactions);
            expect(exitCode(back)).toBe(0);
            const value = back.inMessage!.info.type === 'internal' ? back.inMessage!.info.value.coins : 0n;
            expect(value < amount - paid).toBe(true); // the burner kept its gas
            const credit = value - bound;
            expect(bounceCredits(f.pool.address, run.result.transactions, f.fees()).get(BURNER)).toBe(credit);
            paid += amount - paid - credit;
            const w = await f.pool.getWorker(BURNER);
            expect({ retry, paid: w.paid, bounces: w.bounces, held: w.held }).toEqual({
                retry,
                paid,
                bounces: retry,
                held: retry === PoolLimits.bouncesToHold,
            });
            const after = await f.pool.getTotals();
            expect(after.returned - before.returned).toBe(credit);
            const rent = run.poolTxs.concat([back]).reduce((a, t) => a + storageFees(t), 0n);
            expect(after.reserve - before.reserve).toBe(bound - computeFees(back) - rent);
            expect(computeFees(back) <= bound).toBe(true);
            await expectPoolInvariants(blockchain, f.pool, { paid: new Map([[BURNER, paid]]) });
        }
        const held = await batch([{ workerIndex: BURNER, cumulative: amount }], 9n);
        expect(held.payouts).toEqual([]);
        expect(held.report!.report.skippedHeld).toBe(1);
    });

    // Attack: two 20-TON payouts to a refusing address used 40 TON of a 50-TON period cap, so an
    // honest worker's 20-TON payout stopped with stop reason 2. Must hold: each credit goes back to
    // the period's count (period_paid is what left and stayed out) and the honest payout is paid in
    // the same period.
    it('[POOL-209] a bounced amount is given back to the period cap: two refused 20-TON payouts leave room for an honest one', async () => {
        const first = await batch([{ workerIndex: MISSING, cumulative: 20n * TON }], 1n);
        const second = await batch([{ workerIndex: MISSING, cumulative: 20n * TON }], 2n);
        const credit1 = bounceCredits(f.pool.address, first.result.transactions, f.fees()).get(MISSING)!;
        const credit2 = bounceCredits(f.pool.address, second.result.transactions, f.fees()).get(MISSING)!;
        expect(first.payouts.map((p) => p.amount)).toEqual([20n * TON]);
        expect(second.payouts.map((p) => p.amount)).toEqual([credit1]); // what the first bounce gave back
        const sent = 20n * TON + credit1;
        const credits = credit1 + credit2;
        const params = await f.pool.getParams();
        expect(params.periodPaid).toBe(sent - credits);
        const honest = await batch([{ workerIndex: 0, cumulative: 20n * TON }], 3n);
        expect(honest.payouts.map((p) => [p.workerIndex, p.amount])).toEqual([[0, 20n * TON]]);
        expect(honest.report!.stopReason).toBe(StopReason.done);
        expect((await f.pool.getParams()).periodPaid).toBe(sent - credits + 20n * TON);
    });

    // Boundary of bounce_credit: payouts just large enough for the burner to burn its 1,000,000 gas
    // and the bounce to bring back a tenth of the fee of gas::bounce, the fee less one nanoton, or the
    // fee plus one. The pool never accepts a message beyond its value, so a bounce runs on what it
    // brought back. Must hold, to the nanoton: a tenth of the fee cannot pay the handler, which ends
    // out of gas (-14) with nothing changed; the fee less one is handled and credits 0 (never
    // negative: paid stays the whole payout, returned and period_paid do not move) but still counts
    // towards the hold; the fee plus one credits exactly 1 nanoton. In every case the reserve pays
    // nothing: what the bounce brought back covers its compute and the credit.
    it('[POOL-211] a bounce bringing back less than the fee of gas::bounce credits 0 (out of gas below its compute) and never costs the reserve', async () => {
        const fees = f.fees();
        const bound = fees.compute(PoolGas.bounce);
        const burnt = fees.compute(1_000_000) + fees.forward(0, 0);
        for (const [queryId, back, code, credit, bounces] of [
            [1n, bound / 10n, -14, 0n, 0],
            [2n, bound - 1n, 0, 0n, 1],
            [3n, bound + 1n, 0, 1n, 1],
        ] as const) {
            await f.blockchain.loadFrom(f.snapshot);
            const amount = burnt + back;
            const before = await f.pool.getTotals();
            const params0 = await f.pool.getParams();
            const run = await batch([{ workerIndex: BURNER, cumulative: amount }], queryId);
            expect(run.payouts.map((p) => p.amount)).toEqual([amount]);
            const [bounce] = bouncesOf(run.result.transactions);
            expect(bounce.inMessage!.info.type === 'internal' && bounce.inMessage!.info.value.coins).toBe(back);
            expect({ back, code: exitCode(bounce) }).toEqual({ back, code });
            if (code === 0)
                expect(bounceCredits(f.pool.address, run.result.transactions, fees).get(BURNER)).toBe(credit);
            expect(await f.pool.getWorker(BURNER)).toMatchObject({ paid: amount - credit, bounces, held: false });
            const after = await f.pool.getTotals();
            expect(after.returned - before.returned).toBe(credit);
            expect((await f.pool.getParams()).periodPaid - params0.periodPaid).toBe(amount - credit);
            const rent = run.poolTxs.concat([bounce]).reduce((a, t) => a + storageFees(t), 0n);
            const margin = back - credit - computeFees(bounce);
            expect(after.reserve - before.reserve).toBe(margin - rent);
            expect(margin >= 0n).toBe(true);
            await expectPoolInvariants(blockchain, f.pool, { paid: new Map([[BURNER, amount - credit]]) });
        }
    });

    // Attack: an address that keeps refusing (the toolkit's queue would retry it for ever). Must
    // hold: after BOUNCES_TO_HOLD bounces the worker is held (get_worker held, counted skipped_held,
    // nothing sent); a worker_sync with the same address keeps it held; one with a new address
    // resets its bounce count, releases it, and the next batch pays the new address what is owed.
    it('[POOL-210] a worker bouncing BOUNCES_TO_HOLD times in a row is held until worker_sync changes its address', async () => {
        let paid = 0n;
        for (let i = 1; i <= PoolLimits.bouncesToHold; i++) {
            const run = await batch([{ workerIndex: MISSING, cumulative: 5n * TON }], BigInt(i));
            expect(run.payouts.map((p) => p.amount)).toEqual([5n * TON - paid]);
            paid = 5n * TON - bounceCredits(f.pool.address, run.result.transactions, f.fees()).get(MISSING)!;
            expect((await f.pool.getWorker(MISSING)).held).toBe(i === PoolLimits.bouncesToHold);
        }
        expect(await f.pool.getWorker(MISSING)).toMatchObject({
            paid,
            bounces: PoolLimits.bouncesToHold,
            held: true,
            active: true,
        });
        const skipped = await batch([{ workerIndex: MISSING, cumulative: 5n * TON }], 10n);
        expect(skipped.payouts).toEqual([]);
        expect(skipped.report!.report.skippedHeld).toBe(1);

        const same = await f.registry.send({
            to: f.pool.address,
            value: toNano('0.05'),
            body: rawWorkerSync(MISSING, missingWallet(), true),
        });
        expect(exitCode(same.transactions[1])).toBe(0);
        expect(await f.pool.getWorker(MISSING)).toMatchObject({ bounces: PoolLimits.bouncesToHold, held: true });

        const moved = await f.registry.send({
            to: f.pool.address,
            value: toNano('0.05'),
            body: rawWorkerSync(MISSING, f.recipients[3].address, true),
        });
        expect(exitCode(moved.transactions[1])).toBe(0);
        expect(await f.pool.getWorker(MISSING)).toMatchObject({ bounces: 0, held: false, paid });
        const released = await batch([{ workerIndex: MISSING, cumulative: 5n * TON }], 11n);
        expect(released.payouts.map((p) => [p.to.toString(), p.amount])).toEqual([
            [f.recipients[3].address.toString(), 5n * TON - paid],
        ]);
        await expectPoolInvariants(blockchain, f.pool, { paid: new Map([[MISSING, 5n * TON]]) });
    });
});
