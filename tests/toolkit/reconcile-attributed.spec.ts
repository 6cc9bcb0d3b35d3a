/**
 * The attributed books' reconciliation (toolkit/reconcile/attributed.ts) on the real PoolPayout and
 * real earnings contracts in the sandbox, under both price sets: a pool with operator-settled and
 * attributed revenue, a commission change between forwards, a forged attributed_revenue, and a
 * pay_owed one of whose payouts bounces. The history replayed must equal the pool's attributed
 * getters to the nanoton, through the sandbox and the TON-client sources alike; a history missing
 * the pay_owed or a forward must be flagged.
 */
import { Address, toNano, Transaction } from '@ton/core';
import { BlockchainSnapshot } from '@ton/sandbox';
import { PRICE_SETS } from '../../toolkit/chain/prices';
import {
    AttributedReader,
    attributedGetterReader,
    attributedStateReader,
    poolAttributedCodec,
    poolPayoutCodec,
    poolGetterReader,
    reconcileAttributed,
    SandboxChainSource,
    sandboxPoolData,
    TonClientChainSource,
} from '../../toolkit/reconcile';
import {
    attributedBounceCredit,
    attributedReceiptFee,
    bookedAttributed,
    bookedRevenue,
    PoolGas,
    PoolOp,
} from '../../wrappers/PoolPayout';
import { deployEarnings, payEarnings, rawAttributedRevenue, sendPayOwed } from '../../audits/harness/attributed';
import { POOL_COMMISSION_BPS, PoolFixture, setupPool } from '../../audits/harness/pool-fixture';
import { toncenterStandIn } from '../helpers/toncenter-stand-in';

const TON = toNano('1');
/** The commission after the owner's set_params, between the forwards. */
const LATER_BPS = 2000;
/** Workers 0-2 are paid to wallets; worker 3's payout address is a missing account (its payout bounces). */
const BOUNCING = 3;

/** Whether a pool transaction sent an attributed_payout (the pay_owed that paid). */
function paysAttributed(tx: Transaction): boolean {
    return [...tx.outMessages.values()].some(
        (m) => m.body.bits.length >= 32 && m.body.beginParse().preloadUint(32) === PoolOp.attributedPayout,
    );
}

/** Whether `tx` is the pool's receipt of a message from `from`. */
function isFromTo(tx: Transaction, pool: Address, from: Address): boolean {
    const m = tx.inMessage;
    return m?.info.type === 'internal' && m.info.dest.equals(pool) && m.info.src.equals(from);
}

describe.each(PRICE_SETS)('reconcile of the attributed books (%s prices)', (prices) => {
    let f: PoolFixture;
    let scenario: BlockchainSnapshot;
    /** Expected books, computed from the wrapper's mirrors of the pool's formulas. */
    let expected: {
        forwarded: Map<number, bigint>;
        booked: Map<number, { revenue: bigint; commission: bigint; owed: bigint }>;
        paid: Map<number, bigint>;
        credit: bigint;
        forgedValue: bigint;
        forgedLt: bigint;
        plainRevenueBefore: bigint;
    };

    beforeAll(async () => {
        f = await setupPool({ prices, workers: 4, recipients: 3 });
        await deployEarnings(f, [0, 1, 2, 3]);
        const fees = f.fees();
        const forwarded = new Map<number, bigint>();
        const booked = new Map<number, { revenue: bigint; commission: bigint; owed: bigint }>();
        const pay = async (worker: number, value: bigint, bps: number) => {
            const c = await payEarnings(f, worker, value);
            forwarded.set(worker, (forwarded.get(worker) ?? 0n) + c.value);
            const b = bookedAttributed(fees, c.value, bps);
            const was = booked.get(worker) ?? { revenue: 0n, commission: 0n, owed: 0n };
            booked.set(worker, {
                revenue: was.revenue + b.revenue,
                commission: was.commission + b.commission,
                owed: was.owed + b.owed,
            });
        };
        await pay(0, 5n * TON, POOL_COMMISSION_BPS);
        await pay(1, 3n * TON, POOL_COMMISSION_BPS);
        const set = await f.pool.sendSetParams(f.owner.getSender(), {
            value: toNano('0.1'),
            commissionBps: LATER_BPS,
            minPayout: f.config.minPayout,
            periodCap: f.config.periodCap,
            periodLength: f.config.periodLength,
        });
        expect(
            set.transactions.some(
                (t) =>
                    t.inMessage?.info.dest?.toString() === f.pool.address.toString() &&
                    t.description.type === 'generic' &&
                    !t.description.aborted,
            ),
        ).toBe(true);
        await pay(1, 2n * TON + 7n, LATER_BPS);
        await pay(BOUNCING, 4n * TON, LATER_BPS);
        await pay(2, TON, LATER_BPS);
        const plainRevenueBefore = (await f.pool.getTotals()).revenue;
        // a wallet sends an attributed_revenue naming worker 0: not from its earnings address
        const forgedValue = 2n * TON;
        const forged = await f.pool.sendRevenue(f.stranger.getSender(), {
            value: forgedValue,
            bounce: true,
            body: rawAttributedRevenue(0),
        });
        const forgedLt = forged.transactions.find((t) => isFromTo(t, f.pool.address, f.stranger.address))!.lt;
        const owedBefore = new Map(
            await Promise.all([0, 1, BOUNCING].map(async (i) => [i, await f.pool.getAttributedOwed(i)] as const)),
        );
        const run = await sendPayOwed(f, [0, 1, BOUNCING]);
        expect(run.payouts.map((p) => [p.workerIndex, p.amount])).toEqual(
            [0, 1, BOUNCING].map((i) => [i, owedBefore.get(i)]),
        );
        const bounce = run.result.transactions.find(
            (t) =>
                t.inMessage?.info.type === 'internal' &&
                t.inMessage.info.bounced &&
                t.inMessage.info.dest.equals(f.pool.address),
        )!;
        const bouncedValue = bounce.inMessage!.info.type === 'internal' ? bounce.inMessage!.info.value.coins : 0n;
        const credit = attributedBounceCredit(fees, owedBefore.get(BOUNCING)!, bouncedValue);
        expect(credit > 0n).toBe(true);
        expected = {
            forwarded,
            booked,
            paid: new Map([...owedBefore]),
            credit,
            forgedValue,
            forgedLt,
            plainRevenueBefore,
        };
        scenario = f.blockchain.snapshot();
    });
    beforeEach(async () => {
        await f.blockchain.loadFrom(scenario);
    });

    async function sourceOf(select?: (tx: Transaction) => boolean) {
        const data = await sandboxPoolData(f.blockchain, f.pool.address);
        const codec = poolAttributedCodec(f.fees(), f.pool.address, await f.pool.getEarningsCode());
        const source = new SandboxChainSource({
            blockchain: f.blockchain,
            pool: f.pool.address,
            reader: poolGetterReader(f.pool),
            codec: poolPayoutCodec(f.fees()),
            attributedCodec: codec,
        });
        const txs = await f.blockchain.getTransactions(f.pool.address);
        source.ingest(select ? txs.filter(select) : txs);
        return { source, codec, data };
    }

    const reconcileWith = async (reader: AttributedReader, select?: (tx: Transaction) => boolean) => {
        const { source, codec } = await sourceOf(select);
        return reconcileAttributed({
            source,
            codec,
            reader,
            commissionBps: LATER_BPS,
            openingCommissionBps: POOL_COMMISSION_BPS,
        });
    };

    // Property: replaying the history as the pool books it (receipt fee, commission at the rate in force
    // at each forward, pay_owed's payouts, the bounce credited back) gives, per worker and in total,
    // exactly what the attributed getters and the storage say, to the nanoton; the forged
    // attributed_revenue is named and booked as plain revenue, in no attributed figure.
    it('[POOL-612] the attributed history replayed equals the getters to the nanoton, per worker and in total, with a bounce and a commission change', async () => {
        const { forwarded, booked, paid, credit, forgedValue, forgedLt, plainRevenueBefore } = expected;
        const fees = f.fees();
        const owedOf = (i: number) => booked.get(i)!.owed - (paid.get(i) ?? 0n) + (i === BOUNCING ? credit : 0n);
        const workers = [0, 1, 2, 3].map((i) => ({
            workerIndex: i,
            forwarded: forwarded.get(i)!,
            revenue: booked.get(i)!.revenue,
            commission: booked.get(i)!.commission,
            paid: paid.get(i) ?? 0n,
            returned: i === BOUNCING ? credit : 0n,
            owed: owedOf(i),
            poolOwed: owedOf(i),
        }));
        const sum = (k: 'forwarded' | 'revenue' | 'commission' | 'paid' | 'returned' | 'owed') =>
            workers.reduce((s, w) => s + w[k], 0n);
        const pool = {
            revenue: sum('revenue'),
            commission: sum('commission'),
            paid: sum('paid'),
            returned: credit,
            owed: sum('owed'),
            entries: 2,
        };
        expect(await f.pool.getAttributedTotals()).toEqual(pool);
        for (const w of workers) expect(await f.pool.getAttributedOwed(w.workerIndex)).toBe(w.owed);
        // worker 0 and 1 are paid in full, worker 2 was not listed, worker 3's payout came back
        expect(workers.map((w) => w.owed)).toEqual([0n, 0n, booked.get(2)!.owed, credit]);
        const bookedAsPlain = forgedValue - attributedReceiptFee(fees);
        expect((await f.pool.getTotals()).revenue - plainRevenueBefore).toBe(
            bookedRevenue(fees, forgedValue, LATER_BPS, PoolGas.attributedRevenue).revenue,
        );
        expect(bookedAsPlain).toBe(bookedRevenue(fees, forgedValue, LATER_BPS, PoolGas.attributedRevenue).revenue);

        const { data } = await sourceOf();
        for (const reader of [attributedGetterReader(f.pool), attributedStateReader(data)]) {
            const r = await reconcileWith(reader);
            expect(r.workers).toEqual(workers);
            expect(r.history).toEqual({
                ...pool,
                forwarded: sum('forwarded'),
                receiptFees: sum('forwarded') - pool.revenue,
            });
            expect(r.history.receiptFees).toBe(5n * attributedReceiptFee(fees));
            expect(r.pool).toEqual(pool);
            expect(r.forged.map((x) => ({ ...x, from: x.from.toString() }))).toEqual([
                {
                    from: f.stranger.address.toString(),
                    workerIndex: 0,
                    value: forgedValue,
                    bookedAsPlain,
                    lt: forgedLt,
                },
            ]);
            expect(r.differences).toEqual([
                {
                    cause: 'forged-attributed',
                    workerIndex: undefined,
                    amount: forgedValue,
                    critical: false,
                    detail: `attributed_revenue of ${forgedValue} from ${f.stranger.address} naming worker 0, not from its earnings address: booked as plain revenue (${bookedAsPlain}), not attributed`,
                },
            ]);
            expect({ ok: r.ok, unexplained: r.unexplainedNanoton }).toEqual({ ok: true, unexplained: 0n });
        }
    });

    // Fault: the history an auditor reads lacks the pay_owed transaction (a source that dropped it, a
    // page missed). Property: every figure it moved is flagged, critical, to the nanoton: the paid and
    // owed totals, each paid worker's balance, and the bounce, which no longer matches a payout of
    // these books (the pool would ignore it too) so returned and worker 3's balance differ as well.
    it('[POOL-613] a history missing the pay_owed payouts or a forward is flagged, critical, to the nanoton', async () => {
        const { paid, credit, booked } = expected;
        const totalPaid = [...paid.values()].reduce((s, x) => s + x, 0n);
        const missingPayouts = await reconcileWith(attributedGetterReader(f.pool), (tx) => !paysAttributed(tx));
        const mismatch = (i: number, amount: bigint, pool: bigint, history: bigint) => ({
            cause: 'attributed-mismatch',
            workerIndex: i,
            amount,
            critical: true,
            detail: `worker ${i}: the pool owes ${pool} attributed, its history says ${history}`,
        });
        const totals = (k: string, amount: bigint, pool: bigint, history: bigint) => ({
            cause: 'attributed-totals-mismatch',
            workerIndex: undefined,
            amount,
            critical: true,
            detail: `pool attributed ${k} ${pool}, its history sums to ${history}`,
        });
        const owedNow = (await f.pool.getAttributedTotals()).owed;
        expect(missingPayouts.differences.filter((d) => d.critical)).toEqual([
            mismatch(0, paid.get(0)!, 0n, paid.get(0)!),
            mismatch(1, paid.get(1)!, 0n, paid.get(1)!),
            mismatch(BOUNCING, paid.get(BOUNCING)! - credit, credit, booked.get(BOUNCING)!.owed),
            totals('paid', totalPaid, totalPaid, 0n),
            totals('returned', credit, credit, 0n),
            totals('owed', totalPaid - credit, owedNow, owedNow + totalPaid - credit),
        ]);
        expect(missingPayouts.unexplainedNanoton).toBe(
            paid.get(0)! + paid.get(1)! + (paid.get(BOUNCING)! - credit) + totalPaid + credit + totalPaid - credit,
        );
        expect(missingPayouts.ok).toBe(false);

        // a forward dropped: worker 2's only one (its earnings address's message to the pool)
        const from = await f.pool.getEarningsAddress(2);
        const missingForward = await reconcileWith(
            attributedStateReader((await sourceOf()).data),
            (tx) => !isFromTo(tx, f.pool.address, from),
        );
        const owed2 = booked.get(2)!.owed;
        expect(
            missingForward.differences.filter((d) => d.critical).map((d) => [d.cause, d.workerIndex, d.amount]),
        ).toEqual([
            ['attributed-mismatch', 2, owed2],
            ['attributed-totals-mismatch', undefined, booked.get(2)!.revenue],
            ['attributed-totals-mismatch', undefined, booked.get(2)!.commission],
            ['attributed-totals-mismatch', undefined, owed2],
        ]);
        expect(missingForward.workers.find((w) => w.workerIndex === 2)).toEqual({
            workerIndex: 2,
            forwarded: 0n,
            revenue: 0n,
            commission: 0n,
            paid: 0n,
            returned: 0n,
            owed: 0n,
            poolOwed: owed2,
        });
    });

    // Property: the TON-client source (what operator/reconcile uses on testnet and mainnet), paging the
    // same history newest-first through a stand-in for toncenter, reads exactly the attributed events
    // the sandbox source reads, so its reconciliation is the same to the nanoton.
    it('[POOL-612] the TON-client source reads the same attributed events and reconciles the same', async () => {
        const { source, codec } = await sourceOf();
        const { client, pages } = toncenterStandIn(f.pool.address, await f.blockchain.getTransactions(f.pool.address));
        const remote = new TonClientChainSource({
            client,
            pool: f.pool.address,
            reader: poolGetterReader(f.pool),
            codec: poolPayoutCodec(f.fees()),
            attributedCodec: codec,
            pageSize: 3,
        });
        const events = await source.attributedEvents();
        expect(events.map((e) => e.kind)).toEqual([
            'credit',
            'credit',
            'commission',
            'credit',
            'credit',
            'credit',
            'forged',
            'payout',
            'payout',
            'payout',
            'bounce',
        ]);
        expect(await remote.attributedEvents()).toEqual(events);
        expect(pages.length).toBeGreaterThan(1);
        const input = {
            codec,
            reader: attributedGetterReader(f.pool),
            commissionBps: LATER_BPS,
            openingCommissionBps: POOL_COMMISSION_BPS,
        };
        expect(await reconcileAttributed({ ...input, source: remote })).toEqual(
            await reconcileAttributed({ ...input, source }),
        );
    });

    // A history that does not reach the pool's deployment (this fixture's pool was installed as an
    // active account) and changes the commission cannot tell the rate of the earlier forwards: the
    // replay refuses instead of guessing.
    it('[POOL-612] the replay refuses a history with a commission change and no opening rate', async () => {
        const { source, codec } = await sourceOf();
        await expect(
            reconcileAttributed({ source, codec, reader: attributedGetterReader(f.pool), commissionBps: LATER_BPS }),
        ).rejects.toThrow(/give openingCommissionBps/);
    });
});
