/**
 * Operator rotation while a batch is in flight (finding 4 of issue 9): a continuation checks that
 * the operator that sent the batch is still the operator. Once the owner set another one, the rest
 * of the batch is dropped with its own stop reason, reported by an external log, and its value
 * stays in the pool's reserve instead of going back to the old (possibly stolen) key.
 */
import { Address, toNano } from '@ton/core';
import { Blockchain, BlockchainTransaction, internal } from '@ton/sandbox';
import { computeFees, exitCode, forwardFees, storageFees } from '../../toolkit/chain/transactions';
import { PRICE_SETS } from '../../toolkit/chain/prices';
import {
    parsePayoutContinue,
    parsePayoutExcesses,
    payoutBatchBody,
    PoolError,
    PoolLimits,
    StopReason,
} from '../../wrappers/PoolPayout';
import { expectPoolInvariants } from '../helpers/invariants';
import { readBatch, sendBatch } from '../helpers/pool-batch';
import { PoolFixture, setupPool } from '../../audits/harness/pool-fixture';
import { rawSetOperator } from '../../audits/harness/pool-raw';
import { expectRejected } from '../helpers/rejections';
import { stateOf } from '../../audits/harness/state';

const TON = toNano('1');
const N = 300;
const FIRST_TX = 21 * PoolLimits.leafSize; // 252: the 22nd leaf group would pass 253 actions

describe.each(PRICE_SETS)('PoolPayout operator rotation mid-batch (%s prices)', (prices) => {
    let f: PoolFixture;
    let blockchain: Blockchain;
    beforeAll(async () => {
        f = await setupPool({ prices, workers: N, recipients: N, revenue: toNano('10000') });
    });
    beforeEach(async () => {
        await f.blockchain.loadFrom(f.snapshot);
        blockchain = f.blockchain;
    });

    // Attack: the owner rotates the operator (its key leaked) while a 300-entry batch of the old
    // key is between its first transaction and its continuation. Must hold: the continuation pays
    // nothing, sends no internal message (no report or value to the old key), logs the report with
    // stop reason operator_changed, keeps its value in the pool, and leaves the 48 unpaid entries
    // for the new operator, whose resubmission of the same cumulatives pays exactly those once.
    it('[ACC-206] a continuation after set_operator stops with operator_changed, pays nothing more and keeps its value in the pool', async () => {
        const entries = Array.from({ length: N }, (_, i) => ({ workerIndex: i, cumulative: TON }));
        const value = await f.pool.getBatchValue(N);
        const newOperator = await blockchain.treasury('new-operator');
        const iter = await blockchain.sendMessageIter(
            internal({
                from: f.operator.address,
                to: f.pool.address,
                value,
                body: payoutBatchBody({ queryId: 11n, entries }),
            }),
            { allowParallel: true },
        );
        const txs: BlockchainTransaction[] = [];
        for (let r = await iter.next(); !r.done; r = await iter.next()) {
            txs.push(r.value);
            if (txs.length === 1) {
                const rotate = await blockchain.sendMessageIter(
                    internal({
                        from: f.owner.address,
                        to: f.pool.address,
                        value: TON,
                        body: rawSetOperator(newOperator.address),
                    }),
                    { allowParallel: true },
                );
                for (let p = await rotate.next(); !p.done; p = await rotate.next()) txs.push(p.value);
            }
        }
        expect((await f.pool.getParams()).operator.equals(newOperator.address)).toBe(true);
        const poolTxs = txs.filter(
            (t) =>
                t.inMessage?.info.type === 'internal' &&
                t.inMessage.info.dest.equals(f.pool.address) &&
                !t.inMessage.info.bounced,
        );
        const [first, rotation, cont] = poolTxs;
        expect(poolTxs.length).toBe(3);
        expect(rotation.inMessage!.info.src!.toString()).toBe(f.owner.address.toString());
        const contMsg = [...first.outMessages.values()][FIRST_TX];
        const contValue = contMsg.info.type === 'internal' ? contMsg.info.value.coins : -1n;
        expect(parsePayoutContinue(contMsg.body).count).toBe(N - FIRST_TX);

        // the continuation: exit 0, one external log, no internal message
        expect(exitCode(cont)).toBe(0);
        expect(cont.outMessagesCount).toBe(1);
        const log = cont.outMessages.get(0)!;
        expect(log.info.type).toBe('external-out');
        expect(log.info.type === 'external-out' && log.info.dest).toBe(null);
        expect(parsePayoutExcesses(log.body)).toEqual({
            queryId: 11n,
            report: {
                paidCount: FIRST_TX,
                paidAmount: BigInt(FIRST_TX) * TON,
                skippedUnknown: 0,
                skippedInactive: 0,
                skippedNotIncreased: 0,
                skippedBelowMin: 0,
                skippedHeld: 0,
                skippedOutOfRange: 0,
            },
            stopReason: StopReason.operatorChanged,
        });
        // nothing after the first transaction reached the old operator
        const toOld = txs.filter(
            (t) => t.inMessage?.info.type === 'internal' && t.inMessage.info.dest.equals(f.operator.address),
        );
        expect(toOld).toEqual([]);
        // the continuation's value stayed: the pool gained it minus exactly what this transaction cost
        const run = readBatch(f.pool.address, f.operator.address, { transactions: txs, events: [] } as never);
        expect(run.payouts.length).toBe(FIRST_TX);
        const paid = new Map(entries.map((e) => [e.workerIndex, e.workerIndex < FIRST_TX ? TON : 0n]));
        const { totals } = await expectPoolInvariants(blockchain, f.pool, {
            paid,
            transactions: txs,
            received: new Map([...paid].filter(([, v]) => v > 0n)),
        });
        const reserveBefore = await (async () => {
            await blockchain.loadFrom(f.snapshot);
            return (await f.pool.getTotals()).reserve;
        })();
        expect(contValue > 0n).toBe(true);
        expect(totals.reserve).toBe(
            reserveBefore +
                value -
                computeFees(first) -
                forwardFees(first) -
                storageFees(first) +
                TON -
                computeFees(rotation) -
                storageFees(rotation) -
                computeFees(cont) -
                forwardFees(cont) -
                storageFees(cont),
        );
        expect(contValue).toBe(value - computeFees(first) - forwardFees(first));
    });

    // The new operator resubmits the whole batch: the cumulative entries pay exactly the 48 the
    // dropped continuation left, once; the old key's batches are refused with 402.
    it('[ACC-206] after the rotation the new operator pays the rest of the batch once and the old key is refused', async () => {
        const entries = Array.from({ length: N }, (_, i) => ({ workerIndex: i, cumulative: TON }));
        const value = await f.pool.getBatchValue(N);
        const newOperator = await blockchain.treasury('new-operator');
        const iter = await blockchain.sendMessageIter(
            internal({
                from: f.operator.address,
                to: f.pool.address,
                value,
                body: payoutBatchBody({ queryId: 11n, entries }),
            }),
            { allowParallel: true },
        );
        let n = 0;
        for (let r = await iter.next(); !r.done; r = await iter.next()) {
            if (++n === 1)
                await blockchain.sendMessage(
                    internal({
                        from: f.owner.address,
                        to: f.pool.address,
                        value: TON,
                        body: rawSetOperator(newOperator.address),
                    }),
                );
        }
        const before = await stateOf(blockchain, f.pool.address);
        const old = await f.pool.sendPayoutBatch(f.operator.getSender(), { value, queryId: 12n, entries });
        await expectRejected(blockchain, old, {
            from: f.operator.address,
            to: f.pool.address,
            exitCode: PoolError.notOperator,
            before,
        });
        const again = await sendBatch(f, entries, { via: newOperator, queryId: 13n });
        expect(again.payouts.map((p) => p.workerIndex)).toEqual(entries.slice(FIRST_TX).map((e) => e.workerIndex));
        expect(again.report!.stopReason).toBe(StopReason.done);
        expect(again.report!.report.skippedNotIncreased).toBe(FIRST_TX);
        const to: Address = again.result.transactions.at(-1)!.inMessage!.info.dest as Address;
        expect(to.equals(newOperator.address)).toBe(true);
        await expectPoolInvariants(blockchain, f.pool, { paid: new Map(entries.map((e) => [e.workerIndex, TON])) });
    });
});
