/**
 * Attributed revenue at the pool (contracts/pool/attributed.fc, docs/earnings.md): what a worker's
 * earnings address forwards is authenticated by recomputing that address, booked to the worker's
 * own owed to the nanoton, and paid by pay_owed, which anyone may send and which names no amount,
 * to known and active workers only, exactly once. Forgeries are plain revenue; the operator's
 * batches never reach attributed money. Both price sets.
 */
import { Address, beginCell, toNano } from '@ton/core';
import { Blockchain, BlockchainTransaction, internal } from '@ton/sandbox';
import { computeFees, exitCode, forwardFees, gasUsed, storageFees } from '../../toolkit/chain/transactions';
import { PRICE_SETS } from '../../toolkit/chain/prices';
import { earningsAddressOf } from '../../wrappers/EarningsAddress';
import {
    attributedBounceCredit,
    attributedReceiptFee,
    bookedAttributed,
    parseBouncedAttributedPayout,
    payOwedValue,
    PoolError,
    PoolGas,
    PoolLimits,
    setPausedBody,
    StopReason,
    withdrawCommissionBody,
} from '../../wrappers/PoolPayout';
import { storeWorkerSync } from '../../wrappers/shared';
import {
    deployEarnings,
    payEarnings,
    rawAttributedRevenue,
    rawPayOwed,
    readPayOwed,
    sendPayOwed,
} from '../../audits/harness/attributed';
import { sendBatch } from '../helpers/pool-batch';
import { fillerAddress, PoolFixture, poolEarningsCode, setupPool } from '../../audits/harness/pool-fixture';
import { expectPoolInvariants } from '../helpers/invariants';
import { missingWallet } from '../helpers/recipients';
import { expectRejected } from '../helpers/rejections';
import { stateOf } from '../../audits/harness/state';

const TON = toNano('1');
const PAID = 5n * TON;
/** Workers: 0-3 active, 4 suspended (inactive), 5 held (payout address = the pool), 6 pays a missing wallet; 100 unknown. */
const SUSPENDED = 4;
const HELD = 5;
const MISSING = 6;
const UNKNOWN = 100;
const EARNING = [0, 1, 2, 3, SUSPENDED, HELD, MISSING, UNKNOWN];

/** A transaction whose inbound message went to `a`. */
function isTo(t: BlockchainTransaction, a: Address): boolean {
    return t.inMessage?.info.type === 'internal' && t.inMessage.info.dest.equals(a);
}

const noSkips = { skippedUnknown: 0, skippedInactive: 0, skippedHeld: 0, skippedBelowMin: 0 };

describe.each(PRICE_SETS)('PoolPayout attributed revenue (%s prices)', (prices) => {
    let f: PoolFixture;
    let blockchain: Blockchain;
    beforeAll(async () => {
        f = await setupPool({
            prices,
            workers: 7,
            recipients: 4,
            ledger: () => [
                { index: SUSPENDED, payout: fillerAddress(SUSPENDED), active: false },
                { index: MISSING, payout: missingWallet(), active: true },
            ],
        });
        // worker 5's payout address is the pool itself: held (a registry sync records it so)
        await f.pool.sendRevenue(f.registry.getSender(), {
            value: TON,
            bounce: true,
            body: beginCell()
                .store(storeWorkerSync({ queryId: 0n, workerIndex: HELD, payout: f.pool.address, active: true }))
                .endCell(),
        });
        await deployEarnings(f, EARNING);
        f.snapshot = f.blockchain.snapshot();
    });
    beforeEach(async () => {
        await f.blockchain.loadFrom(f.snapshot);
        blockchain = f.blockchain;
    });

    /** What pay_owed sends each worker it pays: owed[i], bounceable, to its payout address. */
    async function owedOf(indexes: number[]) {
        return Promise.all(indexes.map((i) => f.pool.getAttributedOwed(i)));
    }

    // Cocoon pays worker 1's earnings address; its forward reaches the pool. Must hold: the pool
    // books exactly value - get_compute_fee(gas::attributed_revenue) as worker 1's attributed
    // revenue, commission rounded down joins commission held, owed[1] = net - commission, and the
    // operator-settled books do not move by one nanoton.
    it("[POOL-600] an attributed_revenue from worker 1's earnings address is worker 1's, booked to the nanoton", async () => {
        const before = await f.pool.getTotals();
        const credit = await payEarnings(f, 1, PAID);
        expect(exitCode(credit.tx)).toBe(0);
        expect(credit.tx.outMessagesCount).toBe(0);
        expect(gasUsed(credit.tx) <= BigInt(PoolGas.attributedRevenue)).toBe(true);
        const booked = bookedAttributed(f.fees(), credit.value, f.config.commissionBps);
        expect(booked.revenue).toBe(credit.value - f.fees().compute(PoolGas.attributedRevenue));
        expect(await f.pool.getAttributedOwed(1)).toBe(booked.owed);
        expect(await owedOf([0, 2, UNKNOWN])).toEqual([0n, 0n, 0n]);
        expect(await f.pool.getAttributedTotals()).toEqual({
            ...booked,
            paid: 0n,
            returned: 0n,
            owed: booked.owed,
            entries: 1,
        });
        const after = await f.pool.getTotals();
        expect({
            revenue: after.revenue,
            commissionAccrued: after.commissionAccrued,
            paid: after.paid,
            owed: after.owed,
        }).toEqual({
            revenue: before.revenue,
            commissionAccrued: before.commissionAccrued,
            paid: before.paid,
            owed: before.owed,
        });
        expect(after.commissionHeld).toBe(before.commissionHeld + booked.commission);
        expect(after.attributedOwed).toBe(booked.owed);
        // the receipt fee stays in the reserve: the reserve gains it less what the transaction cost
        expect(after.reserve).toBe(
            before.reserve + attributedReceiptFee(f.fees()) - computeFees(credit.tx) - storageFees(credit.tx),
        );
        // a second payout adds to the same entry
        const again = await payEarnings(f, 1, 2n * TON);
        const booked2 = bookedAttributed(f.fees(), again.value, f.config.commissionBps);
        expect(await f.pool.getAttributedOwed(1)).toBe(booked.owed + booked2.owed);
        expect((await f.pool.getAttributedTotals()).entries).toBe(1);
    });

    // Attack: a wallet sends a raw attributed_revenue naming worker 1 (and one naming no worker at
    // all). Must hold: the sender is not worker 1's earnings address, so it is plain revenue net of
    // the same receipt fee, to the nanoton; no attributed book moves; nothing is sent back.
    it('[POOL-601] a forged attributed_revenue from a wallet is plain revenue to the nanoton and credits no worker', async () => {
        const forger = await blockchain.treasury('forger');
        for (const body of [
            rawAttributedRevenue(1),
            beginCell().storeUint(0x53d8636a, 32).storeUint(0, 64).storeUint(1, 31).endCell(),
        ]) {
            const before = await f.pool.getTotals();
            const r = await blockchain.sendMessage(
                internal({ from: forger.address, to: f.pool.address, value: PAID, bounce: true, body }),
            );
            const tx = r.transactions.find((t) => isTo(t, f.pool.address))!;
            expect(exitCode(tx)).toBe(0);
            expect(tx.outMessagesCount).toBe(0);
            const net = PAID - attributedReceiptFee(f.fees());
            const after = await f.pool.getTotals();
            expect(after.revenue).toBe(before.revenue + net);
            expect(after.commissionAccrued).toBe(
                before.commissionAccrued + (net * BigInt(f.config.commissionBps)) / 10000n,
            );
            expect(after.attributedOwed).toBe(0n);
            expect(await f.pool.getAttributedTotals()).toEqual({
                revenue: 0n,
                commission: 0n,
                paid: 0n,
                returned: 0n,
                owed: 0n,
                entries: 0,
            });
            expect(await f.pool.getAttributedOwed(1)).toBe(0n);
        }
        // the earnings address of another pool (same code) is not this pool's worker 1 either
        const other = earningsAddressOf(
            { pool: fillerAddress('other-pool'), workerIndex: 1 },
            await poolEarningsCode(),
        );
        const r = await blockchain.sendMessage(
            internal({ from: other, to: f.pool.address, value: PAID, bounce: true, body: rawAttributedRevenue(1) }),
        );
        expect(exitCode(r.transactions[0])).toBe(0);
        expect(await f.pool.getAttributedOwed(1)).toBe(0n);
    });

    // The earnings address this pool derives is the wrapper's earningsAddressOf for the code the pool
    // was deployed with, and a message from it under another worker's index is plain revenue.
    it('[POOL-601] the pool derives exactly earningsAddressOf(pool, i) from its stored earnings code', async () => {
        expect((await f.pool.getEarningsCode()).equals(await poolEarningsCode())).toBe(true);
        for (const i of [0, 7, 0xffffffff]) {
            expect(
                (await f.pool.getEarningsAddress(i)).equals(
                    earningsAddressOf({ pool: f.pool.address, workerIndex: i }, await poolEarningsCode()),
                ),
            ).toBe(true);
        }
        const from1 = earningsAddressOf({ pool: f.pool.address, workerIndex: 1 }, await poolEarningsCode());
        const r = await blockchain.sendMessage(
            internal({ from: from1, to: f.pool.address, value: PAID, bounce: true, body: rawAttributedRevenue(2) }),
        );
        expect(exitCode(r.transactions[0])).toBe(0);
        expect(await owedOf([1, 2])).toEqual([0n, 0n]);
        const ok = await blockchain.sendMessage(
            internal({ from: from1, to: f.pool.address, value: PAID, bounce: true, body: rawAttributedRevenue(1) }),
        );
        expect(exitCode(ok.transactions[0])).toBe(0);
        expect(await f.pool.getAttributedOwed(1)).toBe(bookedAttributed(f.fees(), PAID, f.config.commissionBps).owed);
    });

    // A pay_owed from a stranger pays every listed known and active worker its owed, once, to its
    // payout address (bounceable attributed_payout), and skips the suspended, held and unknown
    // workers and one with nothing owed, whose balances stay. The caller gets the rest back with the report.
    it('[POOL-602] pay_owed pays known and active workers their owed, skips suspended, held, unknown and nothing-owed workers', async () => {
        for (const i of [0, 1, SUSPENDED, HELD, UNKNOWN]) await payEarnings(f, i, PAID + BigInt(i));
        const owed = new Map(
            await Promise.all(
                [0, 1, SUSPENDED, HELD, UNKNOWN].map(async (i): Promise<[number, bigint]> => [
                    i,
                    await f.pool.getAttributedOwed(i),
                ]),
            ),
        );
        const before = await f.pool.getAttributedTotals();
        const list = [0, 1, 2, SUSPENDED, HELD, UNKNOWN];
        const value = await f.pool.getPayOwedValue(list.length);
        expect(value).toBe(payOwedValue(f.fees(), list.length));
        const run = await sendPayOwed(f, list, { queryId: 9n });
        expect(run.poolTxs.length).toBe(1);
        expect(exitCode(run.poolTxs[0])).toBe(0);
        expect(run.payouts.map((p) => ({ ...p, to: p.to.toString() }))).toEqual([
            {
                to: f.recipients[0].address.toString(),
                workerIndex: 0,
                amount: owed.get(0),
                value: owed.get(0),
                bounce: true,
            },
            {
                to: f.recipients[1].address.toString(),
                workerIndex: 1,
                amount: owed.get(1),
                value: owed.get(1),
                bounce: true,
            },
        ]);
        expect(run.report).toMatchObject({
            queryId: 9n,
            report: {
                paidCount: 2,
                paidAmount: owed.get(0)! + owed.get(1)!,
                skippedUnknown: 1,
                skippedInactive: 1,
                skippedHeld: 1,
                skippedBelowMin: 1,
            },
            stopReason: StopReason.done,
        });
        const tx = run.poolTxs[0];
        expect(run.report!.value).toBe(value - computeFees(tx) - forwardFees(tx));
        expect(await owedOf([0, 1, SUSPENDED, HELD, UNKNOWN])).toEqual([
            0n,
            0n,
            owed.get(SUSPENDED),
            owed.get(HELD),
            owed.get(UNKNOWN),
        ]);
        expect(await f.pool.getAttributedTotals()).toMatchObject({
            paid: owed.get(0)! + owed.get(1)!,
            owed: before.owed - owed.get(0)! - owed.get(1)!,
            entries: 3,
        });
        // the recipients got exactly the amounts
        for (const i of [0, 1]) {
            const got = run.result.transactions.find((t) => isTo(t, f.recipients[i].address));
            expect(got?.inMessage?.info.type === 'internal' && got.inMessage.info.value.coins).toBe(owed.get(i));
        }
    });

    // Suspended money is the member's: once the registry reinstates worker 4, and once worker 100
    // is synced, the next pay_owed pays each exactly what waited.
    it("[POOL-603] a suspended or unknown worker's owed waits and is paid once by the first pay_owed after it is active", async () => {
        await payEarnings(f, SUSPENDED, PAID);
        await payEarnings(f, UNKNOWN, PAID);
        const [s, u] = await owedOf([SUSPENDED, UNKNOWN]);
        const sync = (workerIndex: number, payout: Address) =>
            f.pool.sendRevenue(f.registry.getSender(), {
                value: TON,
                bounce: true,
                body: beginCell()
                    .store(storeWorkerSync({ queryId: 0n, workerIndex, payout, active: true }))
                    .endCell(),
            });
        const payoutS = await blockchain.treasury('reinstated');
        const payoutU = await blockchain.treasury('newcomer');
        await sync(SUSPENDED, payoutS.address);
        await sync(UNKNOWN, payoutU.address);
        const run = await sendPayOwed(f, [SUSPENDED, UNKNOWN]);
        expect(run.payouts.map((p) => [p.to.toString(), p.workerIndex, p.amount])).toEqual([
            [payoutS.address.toString(), SUSPENDED, s],
            [payoutU.address.toString(), UNKNOWN, u],
        ]);
        expect((await sendPayOwed(f, [SUSPENDED, UNKNOWN])).payouts).toEqual([]);
    });

    // Exactly once: a worker listed three times in one request, the same request retried, and two
    // callers racing with the same list are each paid once; later requests report nothing owed.
    it('[POOL-604] duplicated and retried pay_owed pay each worker exactly once', async () => {
        await payEarnings(f, 0, PAID);
        await payEarnings(f, 1, PAID);
        const [o0, o1] = await owedOf([0, 1]);
        const first = await sendPayOwed(f, [0, 1, 0, 0, 1], { queryId: 1n });
        expect(first.payouts.map((p) => [p.workerIndex, p.amount])).toEqual([
            [0, o0],
            [1, o1],
        ]);
        expect(first.report!.report).toEqual({ paidCount: 2, paidAmount: o0 + o1, ...noSkips, skippedBelowMin: 3 });
        const retry = await sendPayOwed(f, [0, 1, 0, 0, 1], { queryId: 1n });
        const other = await sendPayOwed(f, [1, 0], { via: f.operator });
        expect([...retry.payouts, ...other.payouts]).toEqual([]);
        expect(retry.report!.report).toEqual({ paidCount: 0, paidAmount: 0n, ...noSkips, skippedBelowMin: 5 });
        expect(await f.pool.getAttributedTotals()).toMatchObject({ paid: o0 + o1, owed: 0n, entries: 0 });
        await expectPoolInvariants(f.blockchain, f.pool);
    });

    // Fee edge: get_pay_owed_value(n) - 1 is refused with 407 and changes nothing; exactly the value
    // is accepted. Paused: refused with 406, and an empty or over-long list is malformed.
    it('[POOL-605] pay_owed needs get_pay_owed_value(count): one nanoton less is refused and changes nothing', async () => {
        await payEarnings(f, 0, PAID);
        const value = await f.pool.getPayOwedValue(1);
        let before = await stateOf(blockchain, f.pool.address);
        let r = await blockchain.sendMessage(
            internal({
                from: f.stranger.address,
                to: f.pool.address,
                value: value - 1n,
                bounce: true,
                body: rawPayOwed([0]),
            }),
        );
        await expectRejected(blockchain, r, {
            from: f.stranger.address,
            to: f.pool.address,
            exitCode: PoolError.insufficientValue,
            before,
        });
        for (const [body, code] of [
            [rawPayOwed([], 0n, 0), PoolError.emptyBatch],
            [rawPayOwed([0], 0n, PoolLimits.payOwedEntriesMax + 1), PoolError.batchTooLarge],
            [
                beginCell().storeUint(0xf95ec6ee, 32).storeUint(0, 64).storeUint(1, 16).endCell(),
                PoolError.malformedBody,
            ],
        ] as const) {
            before = await stateOf(blockchain, f.pool.address);
            r = await blockchain.sendMessage(
                internal({ from: f.stranger.address, to: f.pool.address, value: 10n * value, bounce: true, body }),
            );
            await expectRejected(blockchain, r, {
                from: f.stranger.address,
                to: f.pool.address,
                exitCode: code,
                before,
            });
        }
        const ok = readPayOwed(
            f.pool.address,
            f.stranger.address,
            await blockchain.sendMessage(
                internal({ from: f.stranger.address, to: f.pool.address, value, bounce: true, body: rawPayOwed([0]) }),
            ),
        );
        expect(ok.payouts.length).toBe(1);
        expect(ok.report!.stopReason).toBe(StopReason.done);
    });

    // The owner's pause stops pay_owed (406 at the request, nothing paid); unpaused, it pays.
    it('[POOL-605] pay_owed is refused with paused while paused and pays once unpaused', async () => {
        await payEarnings(f, 0, PAID);
        await blockchain.sendMessage(
            internal({ from: f.owner.address, to: f.pool.address, value: TON, body: setPausedBody({ paused: true }) }),
        );
        const value = await f.pool.getPayOwedValue(1);
        const before = await stateOf(blockchain, f.pool.address);
        const r = await blockchain.sendMessage(
            internal({ from: f.stranger.address, to: f.pool.address, value, bounce: true, body: rawPayOwed([0]) }),
        );
        await expectRejected(blockchain, r, {
            from: f.stranger.address,
            to: f.pool.address,
            exitCode: PoolError.paused,
            before,
        });
        await blockchain.sendMessage(
            internal({ from: f.owner.address, to: f.pool.address, value: TON, body: setPausedBody({ paused: false }) }),
        );
        expect((await sendPayOwed(f, [0])).payouts.length).toBe(1);
    });

    // Attack: the operator's batch names worker 1, who has attributed money only. Must hold: the
    // batch's limit is the operator-settled owed, so with none of it the batch pays nothing (stop
    // no_worker_money) and owed[1] is untouched; with settled money the batch pays only that.
    it("[POOL-606] the operator's payout_batch never pays attributed money", async () => {
        await payEarnings(f, 1, PAID);
        const owed1 = await f.pool.getAttributedOwed(1);
        const settled = (await f.pool.getTotals()).owed;
        const run = await sendBatch(f, [{ workerIndex: 1, cumulative: settled + owed1 }]);
        expect(run.payouts).toEqual([]);
        expect(run.report!.stopReason).toBe(StopReason.noWorkerMoney);
        const exact = await sendBatch(f, [{ workerIndex: 1, cumulative: settled }]);
        expect(exact.payouts.map((p) => p.amount)).toEqual([settled]);
        expect((await f.pool.getTotals()).owed).toBe(0n);
        const more = await sendBatch(f, [{ workerIndex: 1, cumulative: settled + owed1 }]);
        expect(more.payouts).toEqual([]);
        expect(more.report!.stopReason).toBe(StopReason.noWorkerMoney);
        expect(await f.pool.getAttributedOwed(1)).toBe(owed1);
        expect((await f.pool.getAttributedTotals()).paid).toBe(0n);
        await expectPoolInvariants(f.blockchain, f.pool);
    });

    // One worker with both kinds: the operator's cumulative batch pays the settled share, pay_owed
    // the attributed one; each exactly once, whatever the order and the retries.
    it('[POOL-607] a worker with settled and attributed money is paid each exactly once', async () => {
        await payEarnings(f, 2, PAID);
        const owed2 = await f.pool.getAttributedOwed(2);
        const a = await sendPayOwed(f, [2]);
        const b = await sendBatch(f, [{ workerIndex: 2, cumulative: 3n * TON }]);
        const a2 = await sendPayOwed(f, [2]);
        const b2 = await sendBatch(f, [{ workerIndex: 2, cumulative: 3n * TON }]);
        expect(a.payouts.map((p) => p.amount)).toEqual([owed2]);
        expect(b.payouts.map((p) => p.amount)).toEqual([3n * TON]);
        expect([...a2.payouts, ...b2.payouts]).toEqual([]);
        const received = b.result.transactions
            .concat(a.result.transactions)
            .filter((t) => isTo(t, f.recipients[2].address));
        expect(
            received.map((t) => (t.inMessage!.info.type === 'internal' ? t.inMessage!.info.value.coins : 0n)).sort(),
        ).toEqual([owed2, 3n * TON].sort());
        expect((await f.pool.getWorker(2)).paid).toBe(3n * TON);
        expect(await f.pool.getAttributedTotals()).toMatchObject({ paid: owed2, owed: 0n });
        await expectPoolInvariants(f.blockchain, f.pool);
    });

    // Solvency: the reserve is balance - settled owed - attributed owed - commission held, and the
    // owner may withdraw commission held, attributed commission included, but not one nanoton more.
    it('[POOL-608] solvency counts attributed owed; withdraw_commission may take attributed commission, never owed', async () => {
        await payEarnings(f, 1, PAID);
        const t = await f.pool.getTotals();
        expect(t.reserve).toBe(t.balance - t.owed - t.attributedOwed - t.commissionHeld);
        const { reserve } = await f.pool.getReserve();
        expect(reserve).toBe(t.reserve);
        const value = TON;
        let before = await stateOf(blockchain, f.pool.address);
        let r = await blockchain.sendMessage(
            internal({
                from: f.owner.address,
                to: f.pool.address,
                value,
                bounce: true,
                body: withdrawCommissionBody({ amount: t.commissionHeld + 1n }),
            }),
        );
        await expectRejected(blockchain, r, {
            from: f.owner.address,
            to: f.pool.address,
            exitCode: PoolError.exceedsCommission,
            before,
        });
        r = await blockchain.sendMessage(
            internal({
                from: f.owner.address,
                to: f.pool.address,
                value,
                bounce: true,
                body: withdrawCommissionBody({ amount: t.commissionHeld }),
            }),
        );
        expect(exitCode(r.transactions[1])).toBe(0);
        const after = await f.pool.getTotals();
        expect(after.commissionHeld).toBe(0n);
        expect(after.attributedOwed).toBe(t.attributedOwed);
        expect(after.balance - after.owed - after.attributedOwed >= 0n).toBe(true);
        before = await stateOf(blockchain, f.pool.address);
        r = await blockchain.sendMessage(
            internal({
                from: f.owner.address,
                to: f.pool.address,
                value,
                bounce: true,
                body: withdrawCommissionBody({ amount: 1n }),
            }),
        );
        await expectRejected(blockchain, r, {
            from: f.owner.address,
            to: f.pool.address,
            exitCode: PoolError.exceedsCommission,
            before,
        });
    });

    // Worker 6's payout address is a missing account: its attributed payout bounces. Must hold: the
    // pool credits owed[6] with exactly what came back less the bounce handler's compute (never more
    // than the payout), once, counts the bounce at the address, and the next pay_owed pays the
    // credit again; the third bounce holds the worker, and its owed waits. The operator-settled
    // ledger of worker 6 does not move.
    it('[POOL-610] a bounced attributed payout is credited back once, counted, paid again, and holds the worker at the third bounce', async () => {
        await payEarnings(f, MISSING, PAID);
        let owed = await f.pool.getAttributedOwed(MISSING);
        const settledBefore = await f.pool.getWorker(MISSING);
        let returned = 0n;
        for (let k = 1; k <= PoolLimits.bouncesToHold; k++) {
            const run = await sendPayOwed(f, [MISSING], { queryId: BigInt(k) });
            expect(run.payouts.map((p) => [p.workerIndex, p.amount])).toEqual([[MISSING, owed]]);
            const bounces = run.result.transactions.filter(
                (t) => isTo(t, f.pool.address) && t.inMessage!.info.type === 'internal' && t.inMessage!.info.bounced,
            );
            expect(bounces.length).toBe(1);
            const b = bounces[0];
            expect(exitCode(b)).toBe(0);
            expect(b.outMessagesCount).toBe(0);
            expect(parseBouncedAttributedPayout(b.inMessage!.body)).toEqual({
                queryId: BigInt(k),
                workerIndex: MISSING,
                amount: owed,
            });
            expect(gasUsed(b) <= BigInt(PoolGas.attributedBounce)).toBe(true);
            const bouncedValue = b.inMessage!.info.type === 'internal' ? b.inMessage!.info.value.coins : 0n;
            const credit = attributedBounceCredit(f.fees(), owed, bouncedValue);
            expect(credit).toBe(bouncedValue - f.fees().compute(PoolGas.attributedBounce));
            expect(credit > 0n && credit < owed).toBe(true);
            returned += credit;
            expect(await f.pool.getAttributedOwed(MISSING)).toBe(credit);
            expect((await f.pool.getAttributedTotals()).returned).toBe(returned);
            const w = await f.pool.getWorker(MISSING);
            expect({ bounces: w.bounces, held: w.held, paid: w.paid }).toEqual({
                bounces: k,
                held: k >= PoolLimits.bouncesToHold,
                paid: settledBefore.paid,
            });
            await expectPoolInvariants(f.blockchain, f.pool);
            owed = credit;
        }
        // held: the next pay_owed skips it and its owed waits
        const held = await sendPayOwed(f, [MISSING]);
        expect(held.payouts).toEqual([]);
        expect(held.report!.report.skippedHeld).toBe(1);
        expect(await f.pool.getAttributedOwed(MISSING)).toBe(owed);
    });

    // A bounce the attributed books never paid (amount above attributed paid - returned), one too
    // short to name an amount and one too short for an op change nothing; the value stays in the reserve.
    it('[POOL-610] a bounced attributed_payout the books never paid changes nothing', async () => {
        const bogus = beginCell()
            .storeUint(0xffffffff, 32)
            .storeUint(0x7fe8329d, 32)
            .storeUint(0, 64)
            .storeUint(1, 32)
            .storeCoins(TON)
            .endCell();
        const short = beginCell()
            .storeUint(0xffffffff, 32)
            .storeUint(0x7fe8329d, 32)
            .storeUint(0, 64)
            .storeUint(1, 32)
            .endCell();
        // a bounce shorter than prefix + op: neither bounce handler may throw on it
        const stub = beginCell().storeUint(0xffffffff, 32).storeUint(0x7fe8, 16).endCell();
        for (const body of [bogus, short, stub]) {
            const before = await stateOf(blockchain, f.pool.address);
            const r = await blockchain.sendMessage(
                internal({
                    from: f.recipients[1].address,
                    to: f.pool.address,
                    value: TON,
                    bounced: true,
                    bounce: false,
                    body,
                }),
            );
            expect(exitCode(r.transactions[0])).toBe(0);
            expect(r.transactions[0].outMessagesCount).toBe(0);
            expect((await stateOf(blockchain, f.pool.address)).data.equals(before.data)).toBe(true);
        }
    });

    // Attack: bounced attributed_payout bodies, raw from the TL-B, for every worker state the fixture
    // holds (active, suspended, held, paying a missing wallet, never synced, the last uint32 index),
    // each with an amount just above what the attributed books have paid out (paid - returned), at
    // 2^64 - 1, at 2^64 (a blocked hot slot's bit) and at the Coins maximum 2^120 - 1, and once with a
    // Coins length nibble of 15 but only 8 bytes behind it. Must hold: the handler exits 0, sends
    // nothing and leaves the pool's data bit-for-bit unchanged: no owed credited, no bounce counted, no
    // worker held, whatever the state of the worker it names.
    it('[POOL-610] a bounced attributed_payout above paid - returned, up to 2^120 - 1, changes nothing for a worker in any state', async () => {
        await payEarnings(f, 1, PAID);
        const run = await sendPayOwed(f, [1]);
        expect(run.payouts.map((p) => p.workerIndex)).toEqual([1]);
        const { paid, returned } = await f.pool.getAttributedTotals();
        expect(paid).toBe(run.payouts[0].amount);
        expect(returned).toBe(0n);
        const COINS_MAX = (1n << 120n) - 1n;
        const head = (index: number) =>
            beginCell().storeUint(0xffffffff, 32).storeUint(0x7fe8329d, 32).storeUint(0, 64).storeUint(index, 32);
        for (const index of [...EARNING, 0xffffffff]) {
            const bodies = [paid - returned + 1n, (1n << 64n) - 1n, 1n << 64n, COINS_MAX].map((amount) => ({
                label: `${amount}`,
                body: head(index).storeCoins(amount).endCell(),
            }));
            bodies.push({
                label: 'coins length 15 with 8 bytes',
                body: head(index)
                    .storeUint(15, 4)
                    .storeUint(1n << 63n, 64)
                    .endCell(),
            });
            for (const { label, body } of bodies) {
                const before = await stateOf(blockchain, f.pool.address);
                const r = await blockchain.sendMessage(
                    internal({
                        from: f.recipients[1].address,
                        to: f.pool.address,
                        value: TON,
                        bounced: true,
                        bounce: false,
                        body,
                    }),
                );
                expect({
                    index,
                    label,
                    exit: exitCode(r.transactions[0]),
                    out: r.transactions[0].outMessagesCount,
                }).toEqual({ index, label, exit: 0, out: 0 });
                expect({
                    index,
                    label,
                    same: (await stateOf(blockchain, f.pool.address)).data.equals(before.data),
                }).toEqual({ index, label, same: true });
            }
        }
    });
});

// Long lists continue through self-messages: 300 workers with attributed owed, more than one
// transaction's PAYOUTS_PER_TX, are paid once each across the request and its continuation.
describe.each(PRICE_SETS)('PoolPayout pay_owed continuation (%s prices)', (prices) => {
    const N = 300;
    const OWED = toNano('0.5');
    let f: PoolFixture;
    beforeAll(async () => {
        const owed = new Map(Array.from({ length: N }, (_, i): [number, bigint] => [i, OWED + BigInt(i)]));
        const sum = [...owed.values()].reduce((a, v) => a + v, 0n);
        f = await setupPool({
            prices,
            workers: N,
            recipients: 8,
            // paid to deployed wallets only: no payout bounces
            ledger: (r) => Array.from({ length: N }, (_, i) => ({ index: i, payout: r[i % r.length], active: true })),
            revenue: 0n,
            reserve: toNano('10') + sum,
            config: { owed, attributed: { revenue: sum } },
        });
    });
    beforeEach(async () => {
        await f.blockchain.loadFrom(f.snapshot);
    });

    it('[POOL-609] a 300-worker pay_owed pays every worker once across its continuation and reports the total', async () => {
        const list = Array.from({ length: N }, (_, i) => i);
        const value = await f.pool.getPayOwedValue(N);
        const run = await sendPayOwed(f, list, { value, queryId: 3n });
        expect(run.poolTxs.length).toBeGreaterThan(1);
        for (const tx of run.poolTxs) expect(exitCode(tx)).toBe(0);
        for (const tx of run.poolTxs) expect(tx.outMessagesCount).toBeLessThanOrEqual(PoolLimits.payoutsPerTx + 1);
        expect(run.payouts.map((p) => [p.workerIndex, p.amount])).toEqual(list.map((i) => [i, OWED + BigInt(i)]));
        const total = run.payouts.reduce((a, p) => a + p.amount, 0n);
        expect(run.report).toMatchObject({
            queryId: 3n,
            report: { paidCount: N, paidAmount: total, ...noSkips },
            stopReason: StopReason.done,
        });
        expect(run.report!.value).toBe(run.poolTxs.reduce((v, tx) => v - computeFees(tx) - forwardFees(tx), value));
        expect(await f.pool.getAttributedTotals()).toMatchObject({ paid: total, owed: 0n, entries: 0 });
        await expectPoolInvariants(f.blockchain, f.pool);
        // a continuation is the pool's own: from anyone else it is refused
        const forged = beginCell()
            .storeUint(0x3e8f23de, 32)
            .storeUint(0, 64)
            .storeAddress(f.stranger.address)
            .storeUint(1, 16)
            .storeUint(0, 16)
            .storeCoins(0)
            .storeUint(0, 64)
            .storeRef(beginCell().storeUint(0, 32).endCell())
            .endCell();
        const before = await stateOf(f.blockchain, f.pool.address);
        const r = await f.blockchain.sendMessage(
            internal({ from: f.stranger.address, to: f.pool.address, value: TON, bounce: true, body: forged }),
        );
        await expectRejected(f.blockchain, r, {
            from: f.stranger.address,
            to: f.pool.address,
            exitCode: PoolError.notSelf,
            before,
        });
    });

    // The owner pauses between the request and its continuation: the continuation pays nothing
    // more and reports stop reason paused to the caller with the rest of the value.
    it('[POOL-609] a continuation after set_paused pays nothing more and reports paused', async () => {
        const list = Array.from({ length: N }, (_, i) => i);
        const value = await f.pool.getPayOwedValue(N);
        const iter = await f.blockchain.sendMessageIter(
            internal({ from: f.stranger.address, to: f.pool.address, value, body: rawPayOwedLong(list) }),
            { allowParallel: true },
        );
        const txs: BlockchainTransaction[] = [];
        for (let r = await iter.next(); !r.done; r = await iter.next()) {
            txs.push(r.value);
            if (txs.length === 1) {
                const pause = await f.blockchain.sendMessageIter(
                    internal({
                        from: f.owner.address,
                        to: f.pool.address,
                        value: TON,
                        body: setPausedBody({ paused: true }),
                    }),
                    { allowParallel: true },
                );
                for (let p = await pause.next(); !p.done; p = await pause.next()) txs.push(p.value);
            }
        }
        const run = readPayOwed(f.pool.address, f.stranger.address, { transactions: txs, events: [] } as never);
        const firstTx = run.poolTxs[0].outMessagesCount - 1; // its payouts and the continuation
        expect(firstTx).toBeGreaterThan(0);
        expect(firstTx).toBeLessThan(N);
        expect(run.payouts.length).toBe(firstTx);
        expect(run.report).toMatchObject({ report: { paidCount: firstTx }, stopReason: StopReason.paused });
        expect((await f.pool.getAttributedTotals()).entries).toBe(N - firstTx);
    });
});

/** A raw pay_owed of any length: 31 indexes per cell, then a ref (worker_list). */
function rawPayOwedLong(workers: number[]) {
    let next = null as ReturnType<typeof beginCell> | null;
    for (let start = Math.floor((workers.length - 1) / 31) * 31; start >= 0; start -= 31) {
        const b = beginCell();
        for (const i of workers.slice(start, start + 31)) b.storeUint(i, 32);
        if (next) b.storeRef(next.endCell());
        next = b;
    }
    return beginCell()
        .storeUint(0xf95ec6ee, 32)
        .storeUint(0, 64)
        .storeUint(workers.length, 16)
        .storeRef(next!.endCell())
        .endCell();
}
