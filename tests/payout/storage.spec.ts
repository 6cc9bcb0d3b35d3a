/**
 * Storage and the reserve floor (contracts/pool/reserve.fc, issue 9 finding 6). Storage is taken in
 * the storage phase, before the pool's code runs, out of the balance as a whole; the pool then books
 * the part the reserve (balance - owed - commission held) could not pay as a storage charge out of
 * commission held, so worker money is the last thing storage reaches. Batches stop (stop reason 6)
 * and withdrawals are refused (exit 416) while the reserve is under its floor: a year of storage at
 * the config's prices for an upper bound of the account's size. Figures come from blockchain.config.
 */
import { beginCell, Cell, toNano } from '@ton/core';
import { Blockchain } from '@ton/sandbox';
import { PRICE_SETS } from '../../toolkit/chain/prices';
import { poolGetterReader, poolPayoutCodec, reconcile, SandboxChainSource } from '../../toolkit/reconcile';
import { computeFees, forwardFees, storageFees } from '../../toolkit/chain/transactions';
import { PoolError, PoolOp, PoolReserve, reserveFloorSize, StopReason } from '../../wrappers/PoolConstants';
import { parsePoolPayoutData, PoolLimits, withdrawValue } from '../../wrappers/PoolPayout';
import { expectPoolInvariants } from '../helpers/invariants';
import { expectRejected } from '../helpers/rejections';
import { sendBatch } from '../helpers/pool-batch';
import { PoolFixture, setupPool } from '../../audits/harness/pool-fixture';
import { stateOf } from '../../audits/harness/state';

const TEN_YEARS = 10 * 365 * 24 * 3600;
const TON = toNano('1');

/** The floor get_reserve must report for a ledger of `workers` workers, from the config's storage prices. */
function expectedFloor(f: PoolFixture, workers: number): bigint {
    const size = reserveFloorSize(Math.ceil(workers / PoolLimits.pageSize));
    return f.fees().storageFor(size.bits, size.cells, PoolReserve.horizon);
}

/** Sets the pool's balance so that balance - owed - commission held is exactly `reserve`. */
async function setReserve(f: PoolFixture, reserve: bigint) {
    const t = await f.pool.getTotals();
    (await f.blockchain.getContract(f.pool.address)).balance = t.owed + t.commissionHeld + reserve;
}

/** withdraw_commission#4c12b587 query_id:uint64 amount:Coins, built from the TL-B. */
function rawWithdraw(amount: bigint) {
    return beginCell()
        .storeUint(PoolOp.withdrawCommission, 32)
        .storeUint(0xffffffffffffffffn, 64)
        .storeCoins(amount)
        .endCell();
}

describe.each(PRICE_SETS)('PoolPayout storage and the reserve floor (%s prices)', (prices) => {
    describe('10,000 workers, the old 1 TON reserve', () => {
        let f: PoolFixture;
        let blockchain: Blockchain;
        beforeAll(async () => {
            f = await setupPool({ prices, workers: 10000, recipients: 1, reserve: TON });
        });
        beforeEach(async () => {
            await f.blockchain.loadFrom(f.snapshot);
            blockchain = f.blockchain;
        });

        // Ten idle years cost more storage than the 1 TON reserve holds. The next batch's storage
        // phase takes the config's exact price for the account's cells and bits; the pool books the
        // part the reserve could not pay out of commission held (storage_charged), so owed is fully
        // backed (balance = owed + held, reserve 0), the batch stops under the floor and pays nothing,
        // reconcile reports the charge (storage-charged); a top-up of the floor restores service.
        it('[STO-202] a 10-year storage jump is charged to commission held, worker money stays fully backed, and a top-up restores service', async () => {
            const before = await f.pool.getTotals();
            const reserveBefore = (await f.pool.getReserve()).reserve;
            const account = (await blockchain.getContract(f.pool.address)).account.account!;
            const used = account.storageStats.used;
            const fee = f.fees().storageFor(used.bits, used.cells, TEN_YEARS);
            expect(fee > reserveBefore).toBe(true);
            expect(fee - reserveBefore < before.commissionHeld).toBe(true);
            blockchain.now = account.storageStats.lastPaid + TEN_YEARS;

            const run = await sendBatch(f, [{ workerIndex: 0, cumulative: TON }]);
            expect(storageFees(run.poolTxs[0])).toBe(fee);
            expect(run.payouts).toEqual([]);
            expect(run.report!.stopReason).toBe(StopReason.belowFloor);
            expect(run.report!.report.paidCount).toBe(0);
            const after = await f.pool.getTotals();
            const charge = fee - reserveBefore;
            expect(after.storageCharged).toBe(charge);
            expect(after.commissionHeld).toBe(before.commissionHeld - charge);
            expect(after.owed).toBe(before.owed);
            expect(after.balance).toBe(after.owed + after.commissionHeld);
            const floor = expectedFloor(f, 10000);
            expect(await f.pool.getReserve()).toEqual({ reserve: 0n, floor });
            await expectPoolInvariants(blockchain, f.pool, { paid: new Map([[0, 0n]]) });
            // reconcile names the charge as its own, non-critical cause, to the nanoton
            const source = new SandboxChainSource({
                blockchain,
                pool: f.pool.address,
                reader: poolGetterReader(f.pool),
                codec: poolPayoutCodec(f.fees()),
            });
            source.ingest(run.result.transactions);
            const rec = await reconcile({ intended: new Map(), source });
            expect(rec.differences.map((d) => [d.cause, d.workerIndex, d.amount, d.critical])).toEqual([
                ['storage-charged', undefined, charge, false],
            ]);
            expect(rec.ok).toBe(true);

            const top = await f.pool.sendTopUpReserve(f.stranger.getSender(), { value: floor + TON });
            const topTx = top.transactions[1];
            expect(await f.pool.getReserve()).toEqual({
                reserve: floor + TON - computeFees(topTx) - storageFees(topTx),
                floor,
            });
            const paid = await sendBatch(f, [{ workerIndex: 0, cumulative: TON }]);
            expect(paid.payouts.map((p) => ({ ...p, to: p.to.toRawString() }))).toEqual([
                { to: f.recipients[0].address.toRawString(), workerIndex: 0, amount: TON },
            ]);
            expect(paid.report!.stopReason).toBe(StopReason.done);
            expect((await f.pool.getTotals()).storageCharged).toBe(charge);
            await expectPoolInvariants(blockchain, f.pool, { paid: new Map([[0, TON]]), storageReserve: floor });
        });
    });

    describe.each([10, 1000, 10000])('%i workers', (workers) => {
        let f: PoolFixture;
        let blockchain: Blockchain;
        beforeAll(async () => {
            f = await setupPool({ prices, workers, recipients: 2 });
        });
        beforeEach(async () => {
            await f.blockchain.loadFrom(f.snapshot);
            blockchain = f.blockchain;
        });

        // The floor is a year of storage, at the config's storage prices, for an upper bound of the
        // account: the fixed part plus a full page per ledger page. The account's real size never
        // exceeds that bound, so the floor always covers a year of the real storage fee.
        it(`[STO-203] get_reserve's floor is a year of storage at the config's prices for a bound of the account's size (${workers} workers)`, async () => {
            const used = (await blockchain.getContract(f.pool.address)).account.account!.storageStats.used;
            const pages = Math.ceil(workers / PoolLimits.pageSize);
            const bound = reserveFloorSize(pages);
            expect(used.cells <= bound.cells).toBe(true);
            expect(used.bits <= bound.bits).toBe(true);
            const { reserve, floor } = await f.pool.getReserve();
            expect(floor).toBe(expectedFloor(f, workers));
            expect(floor >= f.fees().storageFor(used.bits, used.cells, PoolReserve.horizon)).toBe(true);
            const t = await f.pool.getTotals();
            expect(reserve).toBe(t.balance - t.owed - t.commissionHeld);
        });

        // At reserve = floor - 1 a batch stops with stop reason below_floor and pays nothing (ledger
        // and totals unchanged, the value back to the operator), and a raw withdraw_commission is
        // refused with exit 416 (state unchanged, value bounced). At reserve = floor both go through.
        it(`[STO-205] at reserve = floor - 1 batches pay nothing (stop reason 6) and withdrawals fail with below_floor; at the floor both pass (${workers} workers)`, async () => {
            const { floor } = await f.pool.getReserve();
            await setReserve(f, floor - 1n);
            expect(await f.pool.getReserve()).toEqual({ reserve: floor - 1n, floor });
            const before = await f.pool.getTotals();
            const entries = [
                { workerIndex: 0, cumulative: TON },
                { workerIndex: 1, cumulative: 2n * TON },
            ];
            const value = await f.pool.getBatchValue(entries.length);
            const stopped = await sendBatch(f, entries, { value });
            expect(stopped.payouts).toEqual([]);
            expect(stopped.report!.stopReason).toBe(StopReason.belowFloor);
            expect(stopped.report!.report).toEqual({
                paidCount: 0,
                paidAmount: 0n,
                skippedUnknown: 0,
                skippedInactive: 0,
                skippedNotIncreased: 0,
                skippedBelowMin: 0,
                skippedHeld: 0,
                skippedOutOfRange: 0,
            });
            const tx = stopped.poolTxs[0];
            expect(stopped.report!.value).toBe(value - computeFees(tx) - forwardFees(tx));
            const afterStop = await f.pool.getTotals();
            expect({ ...afterStop, balance: 0n, reserve: 0n }).toEqual({ ...before, balance: 0n, reserve: 0n });
            expect(afterStop.balance).toBe(before.balance);
            expect((await f.pool.getWorker(0)).paid).toBe(0n);

            const need = withdrawValue(f.fees());
            const state = await stateOf(blockchain, f.pool.address);
            const refused = await f.owner.send({ to: f.pool.address, value: need, body: rawWithdraw(1n) });
            await expectRejected(blockchain, refused, {
                from: f.owner.address,
                to: f.pool.address,
                exitCode: PoolError.belowFloor,
                before: state,
            });

            await setReserve(f, floor);
            const paid = await sendBatch(f, entries);
            expect(paid.report!.stopReason).toBe(StopReason.done);
            expect(paid.payouts.map((p) => p.amount)).toEqual([TON, 2n * TON]);
            const withdrawn = await f.owner.send({ to: f.pool.address, value: need, body: rawWithdraw(1n) });
            expect(
                withdrawn.transactions[1].description.type === 'generic' &&
                    withdrawn.transactions[1].description.aborted,
            ).toBe(false);
            expect((await f.pool.getTotals()).commissionWithdrawn).toBe(1n);
            expect((await f.pool.getReserve()).reserve).toBe(floor);
            await expectPoolInvariants(blockchain, f.pool, {
                paid: new Map([
                    [0, TON],
                    [1, 2n * TON],
                ]),
                storageReserve: floor,
            });
        });

        // Storage took the whole reserve and more than commission held (the balance set below owed +
        // held, as a storage phase leaves it). The charge takes all of commission held and no more:
        // storage_charged = held, held 0, owed unchanged; the reserve left is -1 and a withdrawal of 0
        // fails with 413 (insolvent), state unchanged. With exactly held missing the reserve is 0
        // after the charge and the same withdrawal fails with 416 (below_floor) instead.
        it(`[STO-206] storage beyond the reserve and all commission held: the charge takes exactly held, withdrawals fail with insolvent at reserve -1 and below_floor at reserve 0 (${workers} workers)`, async () => {
            const before = await f.pool.getTotals();
            const held = before.commissionHeld;
            const need = withdrawValue(f.fees());
            const pool = await blockchain.getContract(f.pool.address);
            pool.balance = before.owed - 1n; // reserve + held = -1: what a storage phase can leave
            const { floor } = await f.pool.getReserve();
            expect(await f.pool.getReserve()).toEqual({ reserve: -1n, floor });
            const viewed = await f.pool.getTotals();
            expect({ held: viewed.commissionHeld, charged: viewed.storageCharged, owed: viewed.owed }).toEqual({
                held: 0n,
                charged: held,
                owed: before.owed,
            });
            let state = await stateOf(blockchain, f.pool.address);
            const insolvent = await f.owner.send({ to: f.pool.address, value: need, body: rawWithdraw(0n) });
            await expectRejected(blockchain, insolvent, {
                from: f.owner.address,
                to: f.pool.address,
                exitCode: PoolError.insolvent,
                before: state,
            });

            pool.balance = before.owed;
            expect(await f.pool.getReserve()).toEqual({ reserve: 0n, floor });
            state = await stateOf(blockchain, f.pool.address);
            const below = await f.owner.send({ to: f.pool.address, value: need, body: rawWithdraw(0n) });
            await expectRejected(blockchain, below, {
                from: f.owner.address,
                to: f.pool.address,
                exitCode: PoolError.belowFloor,
                before: state,
            });
            // a batch books the charge (nothing paid): held moves to storage_charged, balance = owed exactly
            const run = await sendBatch(f, [{ workerIndex: 0, cumulative: TON }]);
            expect(run.report!.stopReason).toBe(StopReason.belowFloor);
            const booked = parsePoolPayoutData((await stateOf(blockchain, f.pool.address)).data).totals;
            expect(booked.storageCharged).toBe(held);
            const after = await f.pool.getTotals();
            expect({ held: after.commissionHeld, balance: after.balance }).toEqual({ held: 0n, balance: before.owed });
        });
    });
});

/** Cells and bits of a cell tree (each distinct cell once, as storage counts them). */
function cellTree(root: Cell, seen = new Set<string>()): { cells: number; bits: number } {
    const h = root.hash().toString('hex');
    if (seen.has(h)) return { cells: 0, bits: 0 };
    seen.add(h);
    return root.refs.reduce(
        (acc, r) => {
            const sub = cellTree(r, seen);
            return { cells: acc.cells + sub.cells, bits: acc.bits + sub.bits };
        },
        { cells: 1, bits: root.bits.length },
    );
}

describe.each(PRICE_SETS)('PoolPayout reserve floor with attributed balances (%s prices)', (prices) => {
    const WORKERS = 1000;
    let f: PoolFixture;
    let blockchain: Blockchain;
    beforeAll(async () => {
        // every worker, and as many unknown indexes again, has an attributed balance
        const owed = new Map(
            Array.from({ length: 2 * WORKERS }, (_, i): [number, bigint] => [
                i < WORKERS ? i : 0xffffffff - i,
                toNano('0.1') + BigInt(i),
            ]),
        );
        const sum = [...owed.values()].reduce((a, v) => a + v, 0n);
        f = await setupPool({
            prices,
            workers: WORKERS,
            recipients: 2,
            reserve: TON + sum,
            config: { owed, attributed: { revenue: sum } },
        });
    });
    beforeEach(async () => {
        await f.blockchain.loadFrom(f.snapshot);
        blockchain = f.blockchain;
    });

    // Any index has an earnings address, so the owed dict can outgrow the ledger: the floor adds
    // OWED_ENTRY_CELLS/BITS per entry, a bound of the dict's real size, and the reserve counts the
    // attributed owed as worker money.
    it('[STO-207] the floor grows by OWED_ENTRY_CELLS/BITS per owed entry, bounding the account with a 2,000-entry owed dict', async () => {
        const used = (await blockchain.getContract(f.pool.address)).account.account!.storageStats.used;
        const entries = (await f.pool.getAttributedTotals()).entries;
        expect(entries).toBe(2 * WORKERS);
        const bound = reserveFloorSize(Math.ceil(WORKERS / PoolLimits.pageSize), entries);
        expect(used.cells <= bound.cells).toBe(true);
        expect(used.bits <= bound.bits).toBe(true);
        // the dict alone stays within its share of the bound: totals -> attributed state -> owed dict
        const dict = (await stateOf(blockchain, f.pool.address)).data.refs[1].refs[0].refs[1];
        const size = cellTree(dict);
        expect(size.cells <= entries * PoolReserve.owedEntryCells).toBe(true);
        expect(size.bits <= entries * PoolReserve.owedEntryBits).toBe(true);
        const { reserve, floor } = await f.pool.getReserve();
        expect(floor).toBe(f.fees().storageFor(bound.bits, bound.cells, PoolReserve.horizon));
        const t = await f.pool.getTotals();
        expect(reserve).toBe(t.balance - t.owed - t.attributedOwed - t.commissionHeld);
        await expectPoolInvariants(blockchain, f.pool);
    });
});
