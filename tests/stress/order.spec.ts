/**
 * The observer's books are built transaction by transaction, and the attributed ones depend on the
 * order (a payout must be of the balance the worker has at that moment). Actions that run several
 * messages at once (interleaved requests, a pause in flight) collect their transactions per message:
 * the world must hand them over in the order the chain ran them.
 */
import { Transaction } from '@ton/core';
import { Progress } from '../../harness/stress/progress';
import { recipientAddress } from '../../harness/stress/sandbox';
import { PoolWorld } from '../../harness/stress/world';
import { entitlements, fund, requests } from './support';

const byLt = (txs: readonly Transaction[]) => txs.every((t, i) => i === 0 || txs[i - 1].lt < t.lt);

describe('stress observer order', () => {
    // The 10,000-worker mixed run of 06fe363 failed its oracle at an interleaved pay_owed pair: keeper
    // B paid a worker, the payout bounced, keeper A paid the credit back, and the observer, handed all
    // of A's transactions before B's, read A's payout as a balance the worker did not have yet and B's
    // as more than its credits. Staged: two overlapping pay_owed lists and two overlapping payout
    // requests, each pair interleaved transaction by transaction, and a pay_owed with a pause in
    // flight. Must hold: every batch the observer reads is in logical-time order while the messages'
    // own lists are not (the pairs did interleave), and no attributed payout reads as anything but
    // the worker's whole balance.
    it('[POOL-363] the observer reads every action’s transactions in the order the chain ran them', async () => {
        const world = await PoolWorld.create({
            workers: 80,
            prices: 'sandbox',
            seed: 5,
            progress: new Progress(null),
            attributed: 0.3,
        });
        const batches: Transaction[][] = [];
        const record = world.observer.record.bind(world.observer);
        world.observer.record = (txs) => {
            batches.push([...txs]);
            record(txs);
        };
        for (const i of world.attributed)
            expect((await world.submitVoucher(i, 1_000_000n + BigInt(i))).exact).toBe(true);
        const half = Math.floor(world.attributed.length / 2);
        const a = world.owedRequest(1001n, world.attributed.slice(0, half + 4));
        const b = world.owedRequest(1002n, world.attributed.slice(half - 4));
        const before = batches.length;
        const results = await world.interleavePayOwed([
            { req: a, keeper: 0 },
            { req: b, keeper: 1 },
        ]);
        expect(results.map((r) => r.accepted)).toEqual([true, true]);
        // they did interleave: keeper B's pay_owed ran before keeper A's final report reached A
        expect(batches.length).toBe(before + 1);
        const owedBatch = batches[before];
        const [keeperA, keeperB] = [0, 1].map((k) => recipientAddress(`role-keeper-${k}`, 0));
        const from = (t: Transaction) => (t.inMessage?.info.type === 'internal' ? t.inMessage.info.src : undefined);
        const to = (t: Transaction) => (t.inMessage?.info.type === 'internal' ? t.inMessage.info.dest : undefined);
        const bStarts = owedBatch.find((t) => from(t)?.equals(keeperB) && to(t)?.equals(world.pool.address))!;
        const aReported = owedBatch.filter((t) => to(t)?.equals(keeperA)).pop()!;
        expect(bStarts.lt < aReported.lt).toBe(true);

        const entitled = entitlements(world.workers, 10_000_000n);
        for (const i of world.attributed) entitled.delete(i);
        await fund(
            world,
            [...entitled.values()].reduce((x, y) => x + y, 0n),
        );
        const [r1, r2] = requests(world, entitled, 20, 1n);
        const overlap = {
            ...r2,
            queryId: 99n,
            entries: [...r1.entries.slice(10), ...r2.entries.slice(0, 10)],
            value: world.requiredValue([...r1.entries.slice(10), ...r2.entries.slice(0, 10)]),
        };
        await world.interleave([r1, overlap]);
        await world.pausePayOwedInFlight(world.owedRequest(1003n, world.attributed), 2);

        for (const batch of batches) expect(byLt(batch)).toBe(true);
        const once = world.observer.attributedExactlyOnce();
        expect([once.doublePayments, once.wrongAmounts]).toEqual([0, 0]);
    });
});
