/**
 * Bounced payouts: a missing wallet, a frozen account and a throwing contract among healthy
 * recipients. Each returned payout is credited back to its worker once (paid lowered by the credit:
 * the bounced value minus get_compute_fee(gas::bounce); returned and the worker's bounce count
 * raised), and the next batch with the same cumulative pays the credit again. Bounces are processed
 * while paused. Forged and stray bounces change nothing.
 */
import { beginCell, toNano } from '@ton/core';
import { Blockchain, internal } from '@ton/sandbox';
import { exitCode } from '../../toolkit/chain/transactions';
import { PRICE_SETS } from '../../toolkit/chain/prices';
import { bookedRevenue, payoutBatchBody, poolPayoutBody, PayoutEntry, setPausedBody } from '../../wrappers/PoolPayout';
import { SharedOp, storeWorkerSync } from '../../wrappers/shared';
import { bounceCredits, expectPoolInvariants } from '../helpers/invariants';
import { readBatch, sendBatch } from '../helpers/pool-batch';
import { fillerAddress, PoolFixture, setupPool } from '../../audits/harness/pool-fixture';
import { frozenAccount, missingWallet, throwingContract } from '../helpers/recipients';
import { stateOf } from '../../audits/harness/state';

const TON = toNano('1');
const REFUSING = [2, 3, 4];
const entries: PayoutEntry[] = [0, 1, 2, 3, 4, 5].map((w) => ({ workerIndex: w, cumulative: TON }));

describe.each(PRICE_SETS)('PoolPayout bounces (%s prices)', (prices) => {
    let f: PoolFixture;
    let blockchain: Blockchain;
    beforeAll(async () => {
        f = await setupPool({
            prices,
            workers: 6,
            recipients: 6,
            ledger: () => [
                { index: 2, payout: missingWallet(), active: true },
                { index: 3, payout: fillerAddress('frozen'), active: true },
                { index: 4, payout: fillerAddress('throwing'), active: true },
            ],
        });
        await frozenAccount(f.blockchain, 'frozen');
        await throwingContract(f.blockchain, 'throwing');
        f.snapshot = f.blockchain.snapshot();
    });
    beforeEach(async () => {
        await f.blockchain.loadFrom(f.snapshot);
        blockchain = f.blockchain;
    });

    // Payouts to a missing wallet, a frozen account and a throwing contract bounce; the healthy
    // recipients are paid. Each bounce gives its amount back to its own worker exactly once, and
    // the pool's books still add up to the nanoton.
    it('[MSG-203] payouts bouncing from a missing wallet, a frozen account and a throwing contract are credited back once', async () => {
        const run = await sendBatch(f, entries);
        expect(run.payouts.length).toBe(6);
        const bounces = run.result.transactions.filter(
            (t) => t.inMessage?.info.type === 'internal' && t.inMessage.info.bounced,
        );
        expect(bounces.length).toBe(3);
        for (const t of bounces) expect(exitCode(t)).toBe(0);
        const credits = bounceCredits(f.pool.address, run.result.transactions, f.fees());
        expect([...credits.keys()].sort()).toEqual(REFUSING);
        for (const w of REFUSING)
            expect(await f.pool.getWorker(w)).toMatchObject({
                paid: TON - credits.get(w)!,
                bounces: 1,
                active: true,
                held: false,
            });
        for (const w of [0, 1, 5]) expect(await f.pool.getWorker(w)).toMatchObject({ paid: TON, bounces: 0 });
        const totals = await f.pool.getTotals();
        expect(totals.paid).toBe(6n * TON);
        expect(totals.returned).toBe([...credits.values()].reduce((a, c) => a + c, 0n));
        await expectPoolInvariants(blockchain, f.pool, {
            paid: new Map([
                [0, TON],
                [1, TON],
                ...REFUSING.map((w): [number, bigint] => [w, TON - credits.get(w)!]),
                [5, TON],
            ]),
            transactions: run.result.transactions,
            received: new Map([
                [0, TON],
                [1, TON],
                [5, TON],
            ]),
        });
    });

    // A bounced amount is owed again: the same batch re-pays exactly the refused workers what was
    // credited back (and nothing to the paid ones); once the registry points a worker at a healthy
    // wallet (its bounce count starts again at 0), the retry lands.
    it('[DUP-204] after a bounce the same batch pays the worker again, and lands once its payout address is fixed', async () => {
        const first = await sendBatch(f, entries);
        const retry = await sendBatch(f, entries);
        const firstCredits = bounceCredits(f.pool.address, first.result.transactions, f.fees());
        expect(retry.payouts.map((p) => [p.workerIndex, p.amount])).toEqual(
            REFUSING.map((w) => [w, firstCredits.get(w)!]),
        );
        expect((await f.pool.getWorker(2)).bounces).toBe(2);
        const retryCredits = bounceCredits(f.pool.address, retry.result.transactions, f.fees());
        const owedTo2 = retryCredits.get(2)!;

        const sync = await f.registry.send({
            to: f.pool.address,
            value: toNano('0.1'),
            body: beginCell()
                .store(storeWorkerSync({ queryId: 1n, workerIndex: 2, payout: f.recipients[2].address, active: true }))
                .endCell(),
        });
        expect(exitCode(sync.transactions[1])).toBe(0);
        const fixed = await sendBatch(f, entries);
        expect(fixed.payouts.map((p) => [p.workerIndex, p.to.toString(), p.amount])).toEqual([
            [2, f.recipients[2].address.toString(), owedTo2],
            [3, fillerAddress('frozen').toString(), retryCredits.get(3)!],
            [4, fillerAddress('throwing').toString(), retryCredits.get(4)!],
        ]);
        expect(await f.pool.getWorker(2)).toMatchObject({ paid: TON, bounces: 0, held: false });
        const fixedCredits = bounceCredits(f.pool.address, fixed.result.transactions, f.fees());
        await expectPoolInvariants(blockchain, f.pool, {
            paid: new Map([
                [0, TON],
                [1, TON],
                [2, TON],
                [3, TON - fixedCredits.get(3)!],
                [4, TON - fixedCredits.get(4)!],
                [5, TON],
            ]),
            transactions: [...first.result.transactions, ...retry.result.transactions, ...fixed.result.transactions],
            received: new Map([
                [0, TON],
                [1, TON],
                [2, owedTo2],
                [5, TON],
            ]),
        });
    });

    // Pause while payouts are in flight: the bounces that come back afterwards are still credited
    // (pause stops payouts, not the books).
    it('[ASY-202] bounces arriving after the owner paused the pool are still credited back', async () => {
        const value = await f.pool.getBatchValue(entries.length);
        const iter = await blockchain.sendMessageIter(
            internal({
                from: f.operator.address,
                to: f.pool.address,
                value,
                body: payoutBatchBody({ queryId: 5n, entries }),
            }),
            { allowParallel: true },
        );
        const txs = [];
        for (let r = await iter.next(); !r.done; r = await iter.next()) {
            txs.push(r.value);
            if (txs.length === 1) {
                const pause = await blockchain.sendMessageIter(
                    internal({
                        from: f.owner.address,
                        to: f.pool.address,
                        value: TON,
                        body: setPausedBody({ paused: true }),
                    }),
                    { allowParallel: true },
                );
                for (let p = await pause.next(); !p.done; p = await pause.next()) expect(exitCode(p.value)).toBe(0);
            }
        }
        expect((await f.pool.getParams()).paused).toBe(true);
        const run = readBatch(f.pool.address, f.operator.address, { transactions: txs, events: [] } as never);
        expect(run.payouts.length).toBe(6);
        const credits = bounceCredits(f.pool.address, txs, f.fees());
        for (const w of REFUSING)
            expect(await f.pool.getWorker(w)).toMatchObject({ paid: TON - credits.get(w)!, bounces: 1 });
        expect((await f.pool.getTotals()).returned).toBe([...credits.values()].reduce((a, c) => a + c, 0n));
        await expectPoolInvariants(blockchain, f.pool, {
            transactions: txs,
            received: new Map([
                [0, TON],
                [1, TON],
                [5, TON],
            ]),
        });
    });
});

describe('PoolPayout stray and forged bounces', () => {
    let f: PoolFixture;
    let blockchain: Blockchain;
    beforeAll(async () => {
        f = await setupPool({ workers: 4, recipients: 4 });
        await sendBatch(f, [{ workerIndex: 0, cumulative: TON }]);
        f.snapshot = f.blockchain.snapshot();
    });
    beforeEach(async () => {
        await f.blockchain.loadFrom(f.snapshot);
        blockchain = f.blockchain;
    });

    const bounced = (body: ReturnType<typeof poolPayoutBody>) =>
        beginCell().storeUint(0xffffffff, 32).storeSlice(body.beginParse()).endCell();

    // A bounce claiming more than the worker was ever paid, one for a worker of a page that does not
    // exist, and bounces of other ops are not credits: the ledger stays the same cell.
    it('[TON-201] bounces that are not payouts of this ledger (amount above paid, unknown worker, other op) change no books', async () => {
        const cases = [
            bounced(poolPayoutBody({ queryId: 1n, workerIndex: 0, amount: TON + 1n })),
            bounced(poolPayoutBody({ queryId: 1n, workerIndex: 4800, amount: 1n })),
            bounced(beginCell().storeUint(SharedOp.excesses, 32).storeUint(1, 64).endCell()),
            beginCell().storeUint(0xffffffff, 32).storeUint(1, 8).endCell(),
        ];
        for (const body of cases) {
            const before = await stateOf(blockchain, f.pool.address);
            const r = await blockchain.sendMessage(
                internal({
                    from: f.recipients[0].address,
                    to: f.pool.address,
                    value: toNano('0.5'),
                    bounce: false,
                    bounced: true,
                    body,
                }),
            );
            expect(exitCode(r.transactions[0])).toBe(0);
            expect(r.transactions[0].outMessagesCount).toBe(0);
            expect((await stateOf(blockchain, f.pool.address)).data.equals(before.data)).toBe(true);
        }
        await expectPoolInvariants(blockchain, f.pool, { paid: new Map([[0, TON]]) });
    });

    // Attack: a pool_payout body sent as an ordinary (not bounced) message, as an attacker would forge
    // a "return" to raise a worker's entitlement: the network never sets the bounced flag for a
    // contract. Must hold: it is booked as revenue to the nanoton (value minus the receipt fee, with
    // its commission), the worker's paid, its bounce count, returned and period_paid do not move.
    it('[TON-202] a pool_payout body sent without the bounced flag is booked as revenue, never a credit', async () => {
        const before = await f.pool.getTotals();
        const period = (await f.pool.getParams()).periodPaid;
        const r = await f.stranger.send({
            to: f.pool.address,
            value: TON,
            body: poolPayoutBody({ queryId: 1n, workerIndex: 0, amount: TON }),
        });
        expect(exitCode(r.transactions[1])).toBe(0);
        expect(r.transactions[1].outMessagesCount).toBe(0);
        const booked = bookedRevenue(f.fees(), TON, f.config.commissionBps);
        const after = await f.pool.getTotals();
        expect({
            revenue: after.revenue,
            commission: after.commissionAccrued,
            returned: after.returned,
            paid: after.paid,
        }).toEqual({
            revenue: before.revenue + booked.revenue,
            commission: before.commissionAccrued + booked.commission,
            returned: before.returned,
            paid: before.paid,
        });
        expect(booked.revenue > 0n).toBe(true);
        expect(await f.pool.getWorker(0)).toMatchObject({ paid: TON, bounces: 0 });
        expect((await f.pool.getParams()).periodPaid).toBe(period);
        await expectPoolInvariants(blockchain, f.pool, { paid: new Map([[0, TON]]) });
    });
});
