/**
 * Coverage scenarios of PoolPayout's attributed revenue (contracts/pool/attributed.fc) and of the
 * reserve's storage charge and floor (reserve.fc), for `npm run coverage`.
 *
 * Scenario 5, a 300-worker pool whose workers have attributed owed: earnings addresses forwarding
 * real Cocoon payouts (a worker with an owed entry, one without, an unknown one) and a sweep of dust
 * no larger than the receipt fee; forged attributed_revenue (from a wallet, too short); dust on
 * every revenue path;
 * pay_owed over more than one transaction with every skip reason and a duplicate, the owner pausing
 * while its continuation is in flight, every rejection; attributed payouts to a missing account
 * bouncing (credited back, counted, the third holds the worker; one credited while a new forward
 * has reopened the worker's entry; one worth less than the bounce's compute); the attributed
 * getters; withdrawn workers (paid, held with no address, a later sync ignored) and a legacy
 * worker_sync_v1; addresses other than 267 bits (addr_none) from the owner and the registry; then the pool
 * idle long enough for storage to take its reserve and more than commission held: getters, a
 * refused withdrawal, a batch and pay_owed under the floor.
 *
 * Scenario 6, a pool whose ledger is still empty (no worker synced yet): the floor of an empty
 * ledger in every handler and getter that computes it, a batch and a pay_owed of 260 unknown
 * workers continuing through self-messages.
 */
import { Address, beginCell, Cell, toNano } from '@ton/core';
import { Blockchain, internal } from '@ton/sandbox';
import { deployEarnings, earningsOf, payEarnings, rawAttributedRevenue, rawPayOwed } from '../harness/attributed';
import { fillerAddress, PoolFixture, setupPool } from '../harness/pool-fixture';
import { rawWorkerSync, rawWorkerSyncV1, ZERO_ADDRESS } from '../harness/pool-raw';
import {
    attributedReceiptFee,
    PoolGas,
    revenueReceiptFee,
    PoolLimits,
    PoolOp,
    payOwedBody,
    setPausedBody,
} from '../../wrappers/PoolPayout';
import { SharedOp } from '../../wrappers/shared';
import { midFlight, recordCoverage } from './coverage-record';
import { FeeSchedule } from '../../toolkit/chain/fees';
import { applyPrices } from '../../toolkit/chain/prices';

const TON = toNano('1');
const YEAR = 365 * 24 * 3600;
/** Workers with attributed owed, paid to deployed wallets: more than one transaction's PAYOUTS_PER_TX. */
const N = 300;
const OWED = toNano('0.5');
/** Extra ledger records: suspended, held, and three whose payout addresses are missing accounts (their payouts bounce). */
const SUSPENDED = N;
const HELD = N + 1;
const MISSING = N + 2;
const REOPENED = N + 3;
const TINY = N + 4;
/** Never synced: unknown to the pool (its earnings address still forwards). */
const UNKNOWN = N + 5;
/** Known and active, nothing owed. */
const NOTHING = 5;
/** Withdrawn at its own address (its owed is paid), and withdrawn with the zero address before any sync (held). */
const WITHDRAWN = 2;
const WITHDRAWN_UNKNOWN = N + 6;

export async function attributedScenario(): Promise<{ chain: Blockchain; pool: Address }> {
    const owed = new Map(Array.from({ length: N }, (_, i): [number, bigint] => [i, OWED + BigInt(i)]));
    owed.delete(NOTHING);
    for (const i of [SUSPENDED, HELD, REOPENED, WITHDRAWN_UNKNOWN]) owed.set(i, OWED);
    // TINY is owed the bounce's compute: what comes back (less the bounce's forward fee) is less
    const prices = await Blockchain.create();
    applyPrices(prices, 'sandbox');
    owed.set(TINY, new FeeSchedule(prices.config).compute(PoolGas.attributedBounce));
    const sum = [...owed.values()].reduce((a, v) => a + v, 0n);
    const f = await setupPool({
        workers: N,
        recipients: 8,
        ledger: (r) => [
            ...Array.from({ length: N }, (_, i) => ({ index: i, payout: r[i % r.length], active: true })),
            { index: SUSPENDED, payout: fillerAddress(SUSPENDED), active: false },
            { index: HELD, payout: fillerAddress(HELD), active: true, held: true },
            ...[MISSING, REOPENED, TINY].map((index) => ({ index, payout: fillerAddress(index), active: true })),
        ],
        // no plain revenue: commission held stays small, so a few idle years take it (storageCharge)
        revenue: 0n,
        reserve: toNano('2') + sum,
        // a minimum of one nanoton: TINY's payout can be smaller than its bounce's compute (bounces)
        config: { owed, attributed: { revenue: sum }, minPayout: 1n },
    });
    recordCoverage(f.blockchain);
    await attributedRevenue(f);
    await withdrawn(f);
    await payOwed(f);
    await bounces(f);
    await f.pool.getAttributedTotals();
    for (const i of [0, NOTHING, MISSING]) await f.pool.getAttributedOwed(i);
    await f.pool.getEarningsCode();
    await f.pool.getPayOwedValue(N);
    await f.pool.getReserve();
    await shortAddresses(f);
    await storageCharge(f);
    return { chain: f.blockchain, pool: f.pool.address };
}

/** Real forwards, a genuine forward of dust, and forgeries: the forgeries are plain revenue. */
async function attributedRevenue(f: PoolFixture): Promise<void> {
    await deployEarnings(f, [1, MISSING, REOPENED, UNKNOWN]);
    for (const i of [1, MISSING, UNKNOWN]) await payEarnings(f, i, 3n * TON);
    // A sweep forwards whatever the earnings address holds, here a transfer of less than the pool's
    // receipt fee (less the earnings address's own compute): from the genuine address, yet nothing
    // is booked. (It must still buy the gas that reaches that test: a few nanotons would not.)
    const dust = attributedReceiptFee(f.fees()) - 1n;
    const e = await earningsOf(f, 1);
    await f.blockchain.sendMessage(
        internal({ from: f.stranger.address, to: e.address, value: dust, body: beginCell().endCell(), bounce: false }),
    );
    await e.sendSweep(f.stranger.getSender(), { value: toNano('0.1'), queryId: 2n });
    const send = (value: bigint, body: Cell) =>
        f.blockchain.sendMessage(
            internal({ from: f.stranger.address, to: f.pool.address, value, body, bounce: false }),
        );
    await send(TON, rawAttributedRevenue(1));
    // op and query_id only: too short to name a worker
    await send(TON, beginCell().storeUint(SharedOp.attributedRevenue, 32).storeUint(0, 64).endCell());
    // Dust: revenue of not more than its receipt fee (yet enough gas to be handled) books nothing,
    // on each path: forged attributed_revenue, a too-short one, a plain transfer, a comment, a
    // Cocoon payout, an unknown op.
    await send(dust, rawAttributedRevenue(1));
    await send(dust, beginCell().storeUint(SharedOp.attributedRevenue, 32).storeUint(0, 64).endCell());
    const plain = revenueReceiptFee(f.fees()) - 1n;
    await send(plain, beginCell().endCell());
    await send(plain, beginCell().storeUint(0, 32).storeStringTail('dust').endCell());
    await send(plain, beginCell().storeUint(SharedOp.cocoonPayout, 32).storeUint(0, 64).endCell());
    await send(plain, beginCell().storeUint(0x12345678, 32).storeUint(0, 64).endCell());
}

/**
 * worker_sync withdrawn from the registry: at the worker's address (the pay_owed below pays its owed
 * there), with the zero address for an index never synced (withdrawn with no account: held), a
 * later sync of a withdrawn worker (terminal: nothing changes), and a legacy worker_sync_v1.
 */
async function withdrawn(f: PoolFixture): Promise<void> {
    const send = (body: Cell) =>
        f.blockchain.sendMessage(
            internal({ from: f.registry.address, to: f.pool.address, value: toNano('0.05'), body, bounce: true }),
        );
    const payout = f.config.workers!.find((w) => w.index === WITHDRAWN)!.payout;
    await send(rawWorkerSync(WITHDRAWN, payout, false, 0n, true));
    await send(rawWorkerSync(WITHDRAWN, f.stranger.address, true, 0n));
    await send(rawWorkerSync(WITHDRAWN_UNKNOWN, ZERO_ADDRESS, false, 0n, true));
    await send(rawWorkerSyncV1(NOTHING, payout, true, 0n));
    for (const i of [WITHDRAWN, WITHDRAWN_UNKNOWN]) await f.pool.getWorker(i);
}

/** pay_owed: rejections, every skip reason across a continuation, the owner pausing mid-flight. */
async function payOwed(f: PoolFixture): Promise<void> {
    const from = f.stranger.address;
    const send = (value: bigint, body: Cell) =>
        f.blockchain.sendMessage(internal({ from, to: f.pool.address, value, body, bounce: true }));
    const one = await f.pool.getPayOwedValue(1);
    await send(one, rawPayOwed([0], 0n, 0));
    await send(one, rawPayOwed([0], 0n, PoolLimits.payOwedEntriesMax + 1));
    await send(one - 1n, rawPayOwed([0]));
    await send(
        one,
        beginCell()
            .storeSlice(rawPayOwed([0]).beginParse())
            .storeBit(1)
            .endCell(),
    );
    // a continuation is the pool's own
    const forged = beginCell()
        .storeUint(PoolOp.payOwedContinue, 32)
        .storeUint(0, 64)
        .storeAddress(from)
        .storeUint(1, 16)
        .storeUint(0, 16)
        .storeCoins(0)
        .storeUint(0, 64)
        .storeRef(beginCell().storeUint(0, 32).endCell())
        .endCell();
    await send(TON, forged);
    await f.pool.sendSetPaused(f.owner.getSender(), { value: toNano('0.05'), paused: true });
    await send(one, rawPayOwed([0]));
    await f.pool.sendSetPaused(f.owner.getSender(), { value: toNano('0.05'), paused: false });
    // the owner pauses between the request and its continuation: the continuation stops paused
    const list = [...Array.from({ length: N }, (_, i) => i), SUSPENDED, HELD, UNKNOWN, WITHDRAWN_UNKNOWN, 1];
    const value = await f.pool.getPayOwedValue(list.length);
    await midFlight(
        f.blockchain,
        internal({ from, to: f.pool.address, value, body: payOwedBody({ queryId: 1n, workers: list }) }),
        internal({ from: f.owner.address, to: f.pool.address, value: TON, body: setPausedBody({ paused: true }) }),
    );
    await f.pool.sendSetPaused(f.owner.getSender(), { value: toNano('0.05'), paused: false });
    // the rest, continued, with a worker listed twice (nothing owed the second time)
    await f.pool.sendPayOwed(f.stranger.getSender(), { value, queryId: 2n, workers: list });
}

/**
 * Attributed payouts to missing accounts bounce. MISSING: credited back and counted each time, held
 * at the third, skipped while held. REOPENED: a new forward reopens its owed entry while the payout
 * is in flight, so the bounce adds to that entry. TINY: a payout that comes back as less than the
 * bounce's compute credits nothing (it is still counted).
 */
async function bounces(f: PoolFixture): Promise<void> {
    const payOwed = async (workers: number[], queryId: bigint) =>
        internal({
            from: f.stranger.address,
            to: f.pool.address,
            value: await f.pool.getPayOwedValue(workers.length),
            body: payOwedBody({ queryId, workers }),
        });
    for (let k = 0; k <= PoolLimits.bouncesToHold; k++)
        await f.blockchain.sendMessage(await payOwed([MISSING], BigInt(10 + k)));
    const proxy = await f.blockchain.treasury('cocoon-proxy');
    const reopening = await earningsOf(f, REOPENED);
    await midFlight(
        f.blockchain,
        await payOwed([REOPENED], 20n),
        internal({
            from: proxy.address,
            to: reopening.address,
            value: 3n * TON,
            body: beginCell().storeUint(SharedOp.cocoonPayout, 32).storeUint(0, 64).endCell(),
        }),
    );
    await f.blockchain.sendMessage(await payOwed([TINY], 21n));
}

/** addr_none (2 bits, not an addr_std of 267) as an operator, a new owner and a worker's payout address: refused with 414. */
async function shortAddresses(f: PoolFixture): Promise<void> {
    const none = (op: number) => beginCell().storeUint(op, 32).storeUint(0, 64).storeUint(0, 2);
    const send = (from: Address, body: Cell) =>
        f.blockchain.sendMessage(internal({ from, to: f.pool.address, value: toNano('0.1'), body, bounce: true }));
    await send(f.owner.address, none(PoolOp.setOperator).endCell());
    await send(f.owner.address, none(PoolOp.transferOwnership).endCell());
    await send(
        f.registry.address,
        beginCell()
            .storeUint(SharedOp.workerSync, 32)
            .storeUint(0, 64)
            .storeUint(0, 32)
            .storeUint(0, 2)
            .storeBit(1)
            .storeBit(0)
            .endCell(),
    );
}

/**
 * Storage took the reserve and more than commission held: the pool idle long enough for its storage
 * phase to take all of it. Each getter and handler that charges storage meets it before a
 * transaction books the charge; a batch and pay_owed then stop under the floor.
 */
async function storageCharge(f: PoolFixture): Promise<void> {
    const idle = async () => {
        const t = await f.pool.getTotals();
        const account = (await f.blockchain.getContract(f.pool.address)).account.account!;
        const used = account.storageStats.used;
        const years = (t.reserve + t.commissionHeld) / f.fees().storageFor(used.bits, used.cells, YEAR) + 1n;
        f.blockchain.now = Number(account.storageStats.lastPaid) + Number(years) * YEAR;
    };
    await idle();
    // a storage phase happens only in a transaction: a top-up of one nanoton (nothing booked) lets it take effect
    await f.pool.sendTopUpReserve(f.stranger.getSender(), { value: 1n });
    await f.pool.getTotals();
    await f.pool.getReserve();
    await f.pool.sendWithdrawCommission(f.owner.getSender(), { value: toNano('0.1'), amount: 0n });
    await f.pool.sendPayoutBatch(f.operator.getSender(), {
        value: await f.pool.getBatchValue(1),
        queryId: 30n,
        entries: [{ workerIndex: 0, cumulative: TON }],
    });
    await idle();
    await f.pool.sendPayOwed(f.stranger.getSender(), {
        value: await f.pool.getPayOwedValue(1),
        queryId: 31n,
        workers: [0],
    });
}

/** Unknown workers of scenario 6: more than one transaction's PAYOUTS_PER_TX, in pages the ledger does not have. */
const UNSYNCED = 260;

/** Scenario 6: a pool with an empty ledger (no worker synced yet): its floor, a batch and a pay_owed of unknown workers. */
export async function emptyLedgerScenario(): Promise<{ chain: Blockchain; pool: Address }> {
    const workers = Array.from({ length: UNSYNCED }, (_, i) => 1000 + i);
    const owed = new Map(workers.map((i): [number, bigint] => [i, OWED]));
    const f = await setupPool({
        workers: 0,
        reserve: toNano('2') + BigInt(UNSYNCED) * OWED,
        config: { owed, attributed: { revenue: BigInt(UNSYNCED) * OWED } },
    });
    recordCoverage(f.blockchain);
    await f.pool.getReserve();
    await f.pool.getTotals();
    await f.pool.sendWithdrawCommission(f.owner.getSender(), { value: toNano('0.1'), amount: 1n });
    await f.pool.sendPayoutBatch(f.operator.getSender(), {
        value: await f.pool.getBatchValue(UNSYNCED),
        queryId: 1n,
        entries: workers.map((workerIndex) => ({ workerIndex, cumulative: TON })),
    });
    await f.pool.sendPayOwed(f.stranger.getSender(), {
        value: await f.pool.getPayOwedValue(UNSYNCED),
        queryId: 2n,
        workers,
    });
    return { chain: f.blockchain, pool: f.pool.address };
}
