/**
 * The five payment patterns an operator produces, each against real WorkerRegistry and PoolPayout
 * contracts in the sandbox, each checked for exactly-once payment to the nanoton (support.ts).
 */
import { ResubmissionQueue } from '../../toolkit/batching/resubmit';
import { PayoutRequest } from '../../toolkit/batching/types';
import { PoolLimits, StopReason } from '../../wrappers/PoolPayout';
import { entitlements, expectExactlyOnce, fund, openWorld, requests } from './support';

const WORKERS = 120;
const UNIT = 10_000_000n;

describe('stress payment patterns', () => {
    // Sequential: the operator sends one request after another, each finished before the next,
    // over two epochs (cumulatives grow). Must hold: each worker gets exactly its latest cumulative.
    it('[DUP-350] sequential requests over two epochs pay every worker exactly its cumulative entitlement', async () => {
        const world = await openWorld(WORKERS);
        const first = entitlements(WORKERS, UNIT);
        const second = new Map([...first].map(([w, v]) => [w, v + UNIT * 3n]));
        await fund(
            world,
            [...second.values()].reduce((a, b) => a + b, 0n),
        );
        const sent: PayoutRequest[] = [];
        for (const [k, entitled] of [first, second].entries()) {
            for (const req of requests(world, entitled, 25, BigInt(k * 100 + 1))) {
                const r = await world.sendRequest(req);
                expect([r.accepted, r.stopReason, r.paidCount]).toEqual([true, StopReason.done, req.entries.length]);
                sent.push(req);
            }
        }
        expect(world.observer.payouts).toBe(2 * WORKERS);
        await expectExactlyOnce(world, second, sent);
    });

    // Concurrent: four overlapping requests (each worker appears in two of them) run at once,
    // interleaved one transaction at a time. Must hold: the overlap pays nothing twice.
    it('[ASY-351] four overlapping requests interleaved transaction by transaction pay each worker once', async () => {
        const world = await openWorld(WORKERS);
        const entitled = entitlements(WORKERS, UNIT);
        await fund(
            world,
            [...entitled.values()].reduce((a, b) => a + b, 0n),
        );
        const halves = requests(world, entitled, WORKERS / 2, 1n);
        const shifted = requests(world, new Map([...entitled].filter(([w]) => w >= 30 && w < 90)), 30, 10n);
        const all = [...halves, ...shifted];
        const results = await world.interleave(all);
        expect(results.every((r) => r.accepted && r.stopReason === StopReason.done)).toBe(true);
        expect(results.reduce((s, r) => s + r.paidCount, 0)).toBe(WORKERS);
        expect(results.reduce((s, r) => s + r.notIncreased, 0)).toBe(60);
        await expectExactlyOnce(world, entitled, all);
    });

    // High frequency: the operator pays every few seconds, 60 tiny requests of 2 workers, each with
    // the worker's cumulative so far. Must hold: each request pays only the increase.
    it('[DUP-352] sixty tiny requests with rising cumulatives pay only each increase', async () => {
        const world = await openWorld(WORKERS);
        const workers = [0, 1, 2, 3];
        const entitled = new Map(workers.map((w) => [w, 0n]));
        await fund(world, UNIT * 100n);
        const sent: PayoutRequest[] = [];
        for (let k = 0; k < 60; k++) {
            const pair = [workers[k % 4], workers[(k + 1) % 4]].sort((a, b) => a - b);
            for (const w of pair) entitled.set(w, entitled.get(w)! + UNIT / 10n + BigInt(k));
            const req = requests(world, new Map(pair.map((w) => [w, entitled.get(w)!])), 2, BigInt(k + 1))[0];
            const r = await world.sendRequest(req);
            expect([r.accepted, r.paidCount]).toEqual([true, 2]);
            sent.push(req);
        }
        expect(world.observer.payouts).toBe(120);
        await expectExactlyOnce(world, entitled, sent);
    });

    // Retry: the operator's resubmission queue resends unchanged requests whose outcome it did not
    // see within the timeout, up to three attempts. Must hold: the copies pay zero.
    it('[DUP-353] requests resent unchanged after a timeout pay zero the second and third time', async () => {
        const world = await openWorld(WORKERS);
        const entitled = entitlements(WORKERS, UNIT);
        await fund(
            world,
            [...entitled.values()].reduce((a, b) => a + b, 0n),
        );
        const queue = new ResubmissionQueue({ timeoutSeconds: 60, maxAttempts: 3 });
        const sent = requests(world, entitled, 40, 1n);
        for (const req of sent) {
            queue.sent(req, 0);
            await world.sendRequest(req);
        }
        let resent = 0;
        for (const now of [60, 120]) {
            for (const req of queue.due(now)) {
                const r = await world.sendRequest(req);
                expect([r.accepted, r.paidCount, r.notIncreased]).toEqual([true, 0, req.entries.length]);
                resent++;
            }
        }
        expect(resent).toBe(2 * sent.length);
        expect(world.observer.payouts).toBe(WORKERS);
        await expectExactlyOnce(world, entitled, sent);
    });

    // Batch: one request of the contract's maximum size, which the pool works through in several
    // transactions (self-continuations); then the same batch again. Must hold: every entry paid
    // once, the copy pays zero, no transaction exceeds 255 actions.
    it(`[GAS-354] a maximum batch of ${PoolLimits.batchEntriesMax} entries continues across transactions and pays each worker once`, async () => {
        const n = PoolLimits.batchEntriesMax;
        const world = await openWorld(n);
        const entitled = entitlements(n, UNIT / 10n);
        await fund(
            world,
            [...entitled.values()].reduce((a, b) => a + b, 0n),
        );
        const [batch] = requests(world, entitled, n, 1n);
        expect(batch.entries).toHaveLength(n);
        const payoutTxsBefore = world.observer.payoutTransactions;
        const r = await world.sendRequest(batch);
        expect([r.accepted, r.stopReason, r.paidCount]).toEqual([true, StopReason.done, n]);
        expect(world.observer.payoutTransactions - payoutTxsBefore).toBeGreaterThanOrEqual(
            Math.ceil(n / PoolLimits.payoutsPerTx),
        );
        expect(world.observer.maxActions).toBeLessThanOrEqual(255);
        const again = await world.sendRequest(batch);
        expect([again.paidCount, again.notIncreased]).toEqual([0, n]);
        await expectExactlyOnce(world, entitled, [batch]);
    });
});
