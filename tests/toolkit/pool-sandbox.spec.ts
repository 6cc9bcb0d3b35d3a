/**
 * The toolkit on the real PoolPayout in the sandbox, under both price sets: requests planned by the
 * batcher with the pool's limits and required value; resubmitted unchanged, duplicated and overlapped
 * with the next epoch; the reconciler reading the chain through the sandbox source (getters, and a
 * storage snapshot), with every difference cause the chain can produce.
 */
import { Address } from '@ton/core';
import { BlockchainSnapshot, SendMessageResult } from '@ton/sandbox';
import { buildRequest, PayoutRequest, planBatches, POOL_BATCH_LIMITS, poolRequiredValue } from '../../toolkit/batching';
import { exitCode } from '../../toolkit/chain/transactions';
import { PRICE_SETS } from '../../toolkit/chain/prices';
import {
    ChainSource,
    poolGetterReader,
    poolPayoutCodec,
    poolStateReader,
    reconcile,
    SandboxChainSource,
    sandboxPoolData,
    TonClientChainSource,
} from '../../toolkit/reconcile';
import { bookedWorkerRevenue, Entitlements, settleEpoch, splitEpochRevenue } from '../../toolkit/settlement';
import { parsePoolPayout, PoolError, PoolGas, PoolOp, revenueReceiptFee } from '../../wrappers/PoolPayout';
import { fillerAddress, PoolFixture, setupPool } from '../../audits/harness/pool-fixture';
import { toncenterStandIn } from '../helpers/toncenter-stand-in';

const WORKERS = 14; // two ledger pages of 12; workers 0-7 have wallets, 8-13 are paid to missing accounts
const INACTIVE = 20;
const UNKNOWN = 30;

/** Every pool_payout the pool sent in `results`: worker index -> amounts. */
function payoutsIn(results: SendMessageResult[], pool: Address): Map<number, bigint[]> {
    const out = new Map<number, bigint[]>();
    for (const r of results) {
        for (const tx of r.transactions) {
            for (const m of tx.outMessages.values()) {
                if (m.info.type !== 'internal' || !m.info.src.equals(pool) || m.body.bits.length < 32) continue;
                if (m.body.beginParse().preloadUint(32) !== PoolOp.poolPayout) continue;
                const p = parsePoolPayout(m.body);
                expect(m.info.value.coins).toBe(p.amount);
                expect(m.info.bounce).toBe(true);
                out.set(p.workerIndex, [...(out.get(p.workerIndex) ?? []), p.amount]);
            }
        }
    }
    return out;
}

describe.each(PRICE_SETS)('toolkit on PoolPayout (%s prices)', (prices) => {
    let f: PoolFixture;
    let base: BlockchainSnapshot;

    beforeAll(async () => {
        f = await setupPool({
            prices,
            workers: WORKERS,
            recipients: 8,
            ledger: () => [{ index: INACTIVE, payout: fillerAddress('inactive'), active: false }],
        });
        base = f.snapshot;
    });
    beforeEach(async () => {
        await f.blockchain.loadFrom(base);
    });

    function sourceOf(results: SendMessageResult[]): SandboxChainSource {
        const s = new SandboxChainSource({
            blockchain: f.blockchain,
            pool: f.pool.address,
            reader: poolGetterReader(f.pool),
            codec: poolPayoutCodec(f.fees()),
        });
        for (const r of results) s.ingest(r.transactions);
        return s;
    }

    async function snapshotSourceOf(results: SendMessageResult[]): Promise<ChainSource> {
        const s = new SandboxChainSource({
            blockchain: f.blockchain,
            pool: f.pool.address,
            reader: poolStateReader(await sandboxPoolData(f.blockchain, f.pool.address)),
            codec: poolPayoutCodec(f.fees()),
        });
        for (const r of results) s.ingest(r.transactions);
        return s;
    }

    async function send(r: PayoutRequest, value = r.value): Promise<SendMessageResult> {
        return f.pool.sendPayoutBatch(f.operator.getSender(), { queryId: r.queryId, entries: r.entries, value });
    }

    function plan(intended: Entitlements, firstQueryId: bigint, maxEntriesPerRequest = 3): PayoutRequest[] {
        return planBatches({
            entitlements: intended,
            limits: { ...POOL_BATCH_LIMITS, maxEntriesPerRequest },
            requiredValue: poolRequiredValue(f.fees()),
            firstQueryId,
        });
    }

    // Fault: the operator resends every request unchanged after a timeout, twice and in reverse order,
    // then the next epoch's requests arrive interleaved with stale copies of the first. Property: every
    // worker is sent exactly its latest cumulative entitlement in total; a copy pays nothing; the
    // reconciler finds no difference, through the getters and through a storage snapshot alike.
    it('[DUP-340] batcher requests resent unchanged, duplicated and overlapped pay each worker exactly once on the real pool', async () => {
        const contributions = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => ({ workerIndex: i, contribution: BigInt(i + 1) }));
        const epoch1 = settleEpoch({ distributable: 90_000_000_007n, contributions });
        const epoch2 = settleEpoch({
            distributable: 45_000_000_011n,
            contributions: contributions.slice(2),
            previous: epoch1.cumulative,
        });
        const first = plan(epoch1.cumulative, 1n);
        expect(first.map((r) => r.entries.length)).toEqual([3, 3, 2]);
        const results: SendMessageResult[] = [];
        for (const r of first) results.push(await send(r));
        const firstPayouts = payoutsIn(results, f.pool.address);
        for (const [w, c] of epoch1.cumulative) expect(firstPayouts.get(w)).toEqual([c]);

        const copies: SendMessageResult[] = [];
        for (const r of [...first].reverse()) copies.push(await send(r));
        for (const r of first) copies.push(await send(r));
        expect(payoutsIn(copies, f.pool.address).size).toBe(0);
        for (const c of copies)
            expect(c.transactions.every((tx) => exitCode(tx) === undefined || exitCode(tx) === 0)).toBe(true);

        const second = plan(epoch2.cumulative, 100n);
        const overlapped = [second[0], first[2], second[1], first[0], second[2], first[1]];
        for (const r of overlapped) results.push(await send(r));
        results.push(...copies);
        const all = payoutsIn(results, f.pool.address);
        for (const [w, c] of epoch2.cumulative) {
            expect(all.get(w)!.reduce((s, x) => s + x, 0n)).toBe(c);
            expect((await f.pool.getWorker(w)).paid).toBe(c);
        }
        const submitted = [...first, ...second];
        for (const source of [sourceOf(results), await snapshotSourceOf(results)]) {
            const report = await reconcile({
                intended: epoch2.cumulative,
                source,
                submitted,
                minPayout: f.config.minPayout,
            });
            expect(report.differences).toEqual([]);
            expect(report.ok).toBe(true);
            expect(report.totals.intended).toBe(135_000_000_018n);
            expect(report.totals.received).toBe(135_000_000_018n);
            expect(report.totals.chainPaid).toBe(135_000_000_018n);
            expect(report.totals.chainReturned).toBe(0n);
        }
    });

    // The value the batcher attaches is exactly the contract's minimum from the live config: equal to
    // get_batch_value at 1, 56, 57 and 1,000 entries; one nanoton less is refused with 407 and pays
    // nothing, the exact value is accepted.
    it('[FIN-341] the attached value equals get_batch_value; one nanoton less is refused with insufficient_value and pays nothing', async () => {
        const required = poolRequiredValue(f.fees());
        for (const n of [1, 56, 57, POOL_BATCH_LIMITS.maxEntriesPerRequest]) {
            const entries = Array.from({ length: n }, (_, i) => ({ workerIndex: i, cumulative: 1n }));
            expect(required(entries)).toBe(await f.pool.getBatchValue(n));
        }
        const request = buildRequest({
            queryId: 9n,
            entries: [{ workerIndex: 0, cumulative: 1_000_000_000n }],
            limits: POOL_BATCH_LIMITS,
            requiredValue: required,
        });
        const before = await sandboxPoolData(f.blockchain, f.pool.address);
        const low = await send(request, request.value - 1n);
        expect(low.transactions).toHaveTransaction({
            to: f.pool.address,
            success: false,
            exitCode: PoolError.insufficientValue,
        });
        expect(payoutsIn([low], f.pool.address).size).toBe(0);
        expect((await sandboxPoolData(f.blockchain, f.pool.address)).equals(before)).toBe(true);
        const ok = await send(request);
        expect(payoutsIn([ok], f.pool.address).get(0)).toEqual([1_000_000_000n]);
        expect(POOL_BATCH_LIMITS.maxEntriesPerRequest).toBe(1000);
    });

    // Faults staged on the real pool: a payout to a missing account bounces, a suspended worker and a
    // worker the registry never synced are skipped, the pool runs out of worker money mid-batch, and
    // one entitlement is never submitted. Property: the reconciler names each to the nanoton, none is
    // critical, and the totals match the pool's getters.
    it('[FIN-342] on the real pool, bounce, inactive, unknown, unfunded and not-submitted are each named to the nanoton', async () => {
        const totals0 = await f.pool.getTotals();
        const bounced = 2_000_000_000n;
        // a bounce from a missing account brings back the payout minus the bounce's forward fee, and
        // the pool credits back what came back less its handling of the bounce (issue 9, finding 3):
        // both fees are the worker's
        const credited = bounced - f.fees().forward(0, 0) - f.fees().compute(PoolGas.bounce);
        const intended = new Map<number, bigint>([
            [0, 1_000_000_000n],
            [1, 1_500_000_000n],
            [7, 3_000_000_000n],
            [8, bounced],
            [13, totals0.owed + 1n],
            [INACTIVE, 4_000_000_000n],
            [UNKNOWN, 5_000_000_000n],
        ]);
        const submittedEntitlements = new Map([...intended].filter(([w]) => w !== 7));
        const submitted = plan(submittedEntitlements, 1n, 1000);
        expect(submitted).toHaveLength(1);
        const results = [await send(submitted[0])];
        expect(payoutsIn(results, f.pool.address)).toEqual(
            new Map([
                [0, [1_000_000_000n]],
                [1, [1_500_000_000n]],
                [8, [bounced]],
            ]),
        );
        const report = await reconcile({
            intended,
            source: sourceOf(results),
            submitted,
            minPayout: f.config.minPayout,
        });
        const totals = await f.pool.getTotals();
        expect(report.differences.map((d) => [d.cause, d.workerIndex, d.amount, d.critical])).toEqual([
            ['not-submitted', 7, 3_000_000_000n, false],
            ['owed-after-bounce', 8, credited, false],
            ['unfunded', 13, totals0.owed + 1n, false],
            ['skipped-inactive', INACTIVE, 4_000_000_000n, false],
            ['unknown-worker', UNKNOWN, 5_000_000_000n, false],
            [
                'over-settled',
                undefined,
                intended.get(13)! + 3_000_000_000n + credited + 9_000_000_000n - totals.owed,
                false,
            ],
        ]);
        expect(report.ok).toBe(true);
        expect(report.totals).toEqual({
            intended: [...intended.values()].reduce((s, v) => s + v, 0n),
            received: 2_500_000_000n + bounced - credited,
            outstanding: [...intended.values()].reduce((s, v) => s + v, 0n) - 2_500_000_000n - (bounced - credited),
            chainPaid: totals.paid,
            chainReturned: credited,
            workerMoneyHeld: totals.owed,
        });
        expect(totals.paid).toBe(2_500_000_000n + bounced);
        // The bounce is retriable: the same request again pays worker 8 again (and bounces again).
        const again = await send(submitted[0]);
        expect(payoutsIn([again], f.pool.address)).toEqual(new Map([[8, [credited]]]));
        expect((await f.pool.getWorker(8)).bounces).toBe(2);
    });

    // The chain sources agree on what happened: the sandbox source counts a pool transaction once
    // however often it is ingested or synced, and the TON-client source, paging the same history
    // newest-first through a stand-in for toncenter (the network is not reachable here), returns the
    // same events and stops at `sinceLt`.
    it('[FIN-343] sandbox and TON-client sources read the same payouts and bounces, each pool transaction once', async () => {
        const requests = plan(
            new Map<number, bigint>([
                [0, 1_000_000_000n],
                [8, 2_000_000_000n],
                [9, 3_000_000_000n],
                [2, 4_000_000_000n],
            ]),
            1n,
            2,
        );
        const results: SendMessageResult[] = [];
        for (const r of requests) results.push(await send(r));
        const ingested = sourceOf([...results, ...results]);
        const synced = new SandboxChainSource({
            blockchain: f.blockchain,
            pool: f.pool.address,
            reader: poolGetterReader(f.pool),
            codec: poolPayoutCodec(f.fees()),
        });
        await synced.sync();
        await synced.sync();
        const events = await ingested.payoutEvents();
        expect(events.map((e) => [e.kind, e.workerIndex, e.amount])).toEqual([
            ['payout', 0, 1_000_000_000n],
            ['payout', 2, 4_000_000_000n],
            ['payout', 8, 2_000_000_000n],
            ['payout', 9, 3_000_000_000n],
            ['bounce', 8, 2_000_000_000n - f.fees().forward(0, 0) - f.fees().compute(PoolGas.bounce)], // credited: what came back, less its handling
            ['bounce', 9, 3_000_000_000n - f.fees().forward(0, 0) - f.fees().compute(PoolGas.bounce)],
        ]);
        expect(await synced.payoutEvents()).toEqual(events);

        // Newest first, `limit` per page, continuing below the (lt, hash) cursor, as TonClient does.
        const { client, pages, history } = toncenterStandIn(
            f.pool.address,
            results.flatMap((r) => r.transactions),
        );
        const remote = new TonClientChainSource({
            client,
            pool: f.pool.address,
            reader: poolGetterReader(f.pool),
            codec: poolPayoutCodec(f.fees()),
            pageSize: 2,
        });
        expect(await remote.payoutEvents()).toEqual(events);
        expect(pages).toEqual(Array.from({ length: Math.ceil((history.length + 1) / 2) }, (_, i) => 2 * i));
        const since = history[history.length - 2].lt;
        const recent = new TonClientChainSource({
            client,
            pool: f.pool.address,
            reader: poolGetterReader(f.pool),
            codec: poolPayoutCodec(f.fees()),
            sinceLt: since,
        });
        expect(await recent.payoutEvents()).toEqual(events.filter((e) => e.lt > since));
    });

    // The operator settles what the pool booked: revenue messages of odd sizes (whose commission is
    // floored) move the pool's revenue, commission and worker-money totals by exactly what
    // splitEpochRevenue computes from the live config (the receipt fee is get_compute_fee(gas::revenue));
    // the smallest values are just above four receipt fees, the largest a thousand TON and 7 nanoton.
    it('[FIN-344] splitEpochRevenue matches the revenue and commission the real pool books, to the nanoton', async () => {
        const fee = revenueReceiptFee(f.fees());
        const values = [4n * fee + 1n, 4n * fee + 9_999n, 123_456_789_013n, 1_000_000_000_000n + 7n];
        const before = await f.pool.getTotals();
        const proxy = await f.blockchain.treasury('proxy');
        for (const value of values) await f.pool.sendCocoonPayout(proxy.getSender(), { value });
        const after = await f.pool.getTotals();
        const split = splitEpochRevenue(values, { commissionBps: f.config.commissionBps, receiptFee: fee });
        expect(after.revenue - before.revenue).toBe(split.booked);
        expect(after.commissionAccrued - before.commissionAccrued).toBe(split.commission);
        expect(after.owed - before.owed).toBe(split.distributable);
        expect(bookedWorkerRevenue(before, after)).toBe(split.distributable);
        expect(() => bookedWorkerRevenue(after, before)).toThrow(/went backwards/);
        // and splitEpochRevenue is the pool's rule itself: per message, floor((value - fee) * bps / 10,000)
        const bps = BigInt(f.config.commissionBps);
        expect(split.commission).toBe(values.reduce((t, v) => t + ((v - fee) * bps) / 10_000n, 0n));
    });
});
