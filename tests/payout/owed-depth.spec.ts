/**
 * The attributed handlers' gas grows with the depth of a worker's key in the owed dict, and that
 * depth is bounded by the 32-bit key, not by the ledger: any index has an earnings address, so
 * anyone can create owed entries with dust payments. Entries at K ^ 2^b for every bit b put a fork
 * at each of the 32 levels of K's path, the deepest a 32-bit dict has; a spine of 32 - 5 forks above
 * a block of 32 consecutive keys puts every key of the block at that depth (a whole pay_owed chunk).
 * The bounds of contracts/pool/gas.fc are measured here, on the largest ledger: what the pool
 * charges for these messages (the receipt fee, get_pay_owed_value, the bounce's fee) covers them,
 * so the reserve pays none of it. (Before, with bounds measured at key 9,999 of a dense dict, the
 * credit of worker 253 cost 21,223 gas over 20,000 and a 32-deep one-entry pay_owed ran out of gas.)
 */
import { beginCell, toNano } from '@ton/core';
import { internal } from '@ton/sandbox';
import { computeFees, exitCode, gasUsed, storageFees } from '../../toolkit/chain/transactions';
import { earningsAddressOf } from '../../wrappers/EarningsAddress';
import { bookedAttributed, PoolGas, PoolLimits } from '../../wrappers/PoolPayout';
import { rawAttributedRevenue, sendPayOwed } from '../../audits/harness/attributed';
import { rawWorkerSync } from '../../audits/harness/pool-raw';
import {
    POOL_COMMISSION_BPS,
    POOL_RESERVE,
    PoolFixture,
    poolEarningsCode,
    setupPool,
} from '../../audits/harness/pool-fixture';

const WORKERS = 10_000;
const OWED = toNano('0.1');
/** One key at the deepest path: a fork at each of its 32 bits. */
const DEEP = 253;
/** An index outside the ledger with the forks of the deepest path but no entry yet: a credit creates it there. */
const DEEP_NEW = 0x40000fe;
/** A block of OWED_PER_CHUNK_MIN keys (BLOCK_BITS low bits free) under a spine of 32 - BLOCK_BITS forks. */
const BLOCK_BITS = Math.ceil(Math.log2(PoolLimits.owedPerChunkMin));
const BLOCK = Array.from({ length: PoolLimits.owedPerChunkMin }, (_, i) => 4096 + i);

/** Owed entries at K ^ 2^b for b >= `from`: each puts a fork on K's path at bit b. */
function spine(key: number, from: number): number[] {
    return Array.from({ length: 32 - from }, (_, i) => (key ^ (1 << (from + i))) >>> 0);
}

let f: PoolFixture;
beforeAll(async () => {
    const keys = [
        ...Array.from({ length: WORKERS }, (_, i) => i),
        ...spine(DEEP, 0),
        ...spine(DEEP_NEW, 0),
        ...spine(BLOCK[0], BLOCK_BITS),
    ];
    const owed = new Map(keys.map((k): [number, bigint] => [k, OWED]));
    const total = BigInt(owed.size) * OWED;
    f = await setupPool({
        workers: WORKERS,
        recipients: 260,
        ledger: (r) => Array.from({ length: WORKERS }, (_, i) => ({ index: i, payout: r[i % r.length], active: true })),
        reserve: POOL_RESERVE + total,
        config: { owed, attributed: { revenue: total } },
    });
});
beforeEach(async () => {
    await f.blockchain.loadFrom(f.snapshot);
});

/** The reserve's change over the pool's transactions: the fees the pool kept less what they cost. */
async function reserveChange<T>(run: () => Promise<T>): Promise<{ result: T; change: bigint }> {
    const before = (await f.pool.getReserve()).reserve;
    const result = await run();
    return { result, change: (await f.pool.getReserve()).reserve - before };
}

// Attack: 32 dust payments to the earnings addresses of K ^ 2^b make K's owed entry the deepest a
// 32-bit dict holds; Cocoon then pays K, for an existing entry (DEEP) and one the credit creates
// at that depth (DEEP_NEW, an index no ledger page holds). Must hold: each credit is booked net of
// the receipt fee to the nanoton, costs at most gas::attributed_revenue, and the reserve gains
// exactly the fee less the transaction's compute and storage, never less than nothing.
it('[GAS-665] on a 32-deep owed path the attributed credit stays within gas::attributed_revenue and costs the reserve nothing', async () => {
    const code = await poolEarningsCode();
    for (const [index, before] of [
        [DEEP, OWED],
        [DEEP_NEW, 0n],
    ] as const) {
        await f.blockchain.loadFrom(f.snapshot);
        expect(await f.pool.getAttributedOwed(index)).toBe(before);
        const from = earningsAddressOf({ pool: f.pool.address, workerIndex: index }, code);
        const { result, change } = await reserveChange(() =>
            f.blockchain.sendMessage(
                internal({
                    from,
                    to: f.pool.address,
                    value: toNano('1'),
                    bounce: true,
                    body: rawAttributedRevenue(index),
                }),
            ),
        );
        const tx = result.transactions[0];
        expect({ index, exit: exitCode(tx), out: tx.outMessagesCount }).toEqual({ index, exit: 0, out: 0 });
        expect(await f.pool.getAttributedOwed(index)).toBe(
            before + bookedAttributed(f.fees(), toNano('1'), POOL_COMMISSION_BPS).owed,
        );
        expect(gasUsed(tx)).toBeLessThanOrEqual(BigInt(PoolGas.attributedRevenue));
        expect(change).toBe(f.fees().compute(PoolGas.attributedRevenue) - computeFees(tx) - storageFees(tx));
        expect(change >= 0n).toBe(true);
    }
});

// Fault: pay_owed for the 32-deep worker alone, with exactly get_pay_owed_value(1), and for a
// whole chunk of 32-deep workers with get_pay_owed_value(OWED_PER_CHUNK_MIN). Must hold: each pays
// every listed worker its owed in one transaction within gas::pay_owed_chunk + n x gas::pay_owed_entry
// (so the value asked for carries its compute; before, the one-entry request ran out of gas). The
// same for withdrawn workers (record state 01: the flags and the account checked before paying).
it('[GAS-665] on 32-deep owed paths pay_owed of one worker and of a whole chunk stay within their gas bounds', async () => {
    for (const [withdrawn, list] of [
        [false, [DEEP]],
        [false, BLOCK],
        [true, [DEEP]],
        [true, BLOCK],
    ] as const) {
        await f.blockchain.loadFrom(f.snapshot);
        if (withdrawn) {
            for (const i of list)
                await f.registry.send({
                    to: f.pool.address,
                    value: toNano('0.05'),
                    body: rawWorkerSync(i, f.config.workers![i].payout, false, 1n, true),
                });
        }
        const run = await sendPayOwed(f, list);
        expect(run.poolTxs.length).toBe(1);
        expect(exitCode(run.poolTxs[0])).toBe(0);
        expect(run.payouts.map((p) => [p.workerIndex, p.amount])).toEqual(list.map((i) => [i, OWED]));
        expect(gasUsed(run.poolTxs[0])).toBeLessThanOrEqual(
            BigInt(PoolGas.payOwedChunk + list.length * PoolGas.payOwedEntry),
        );
        for (const i of list) expect({ i, owed: await f.pool.getAttributedOwed(i) }).toEqual({ i, owed: 0n });
        expect((await f.pool.getAttributedTotals()).paid).toBe(BigInt(list.length) * OWED);
    }
});

// Fault: the 32-deep worker's attributed payout bounces. Must hold: the bounce handler stays within
// gas::attributed_bounce, credits owed back with the bounced value less that fee, and the reserve
// gains exactly the fee less the handler's compute and storage, never less than nothing.
it('[GAS-665] on a 32-deep owed path a bounced attributed payout stays within gas::attributed_bounce and costs the reserve nothing', async () => {
    await sendPayOwed(f, [DEEP]);
    expect(await f.pool.getAttributedOwed(DEEP)).toBe(0n);
    // raw from the TL-B: 0xFFFFFFFF, attributed_payout#7fe8329d query_id:uint64 worker_index:uint32 amount:Coins
    const body = beginCell()
        .storeUint(0xffffffff, 32)
        .storeUint(0x7fe8329d, 32)
        .storeUint(1n, 64)
        .storeUint(DEEP, 32)
        .storeCoins(OWED)
        .endCell();
    const { result, change } = await reserveChange(() =>
        f.blockchain.sendMessage(
            internal({
                from: f.recipients[0].address,
                to: f.pool.address,
                value: OWED,
                bounced: true,
                bounce: false,
                body,
            }),
        ),
    );
    const tx = result.transactions[0];
    expect(exitCode(tx)).toBe(0);
    expect(await f.pool.getAttributedOwed(DEEP)).toBe(OWED - f.fees().compute(PoolGas.attributedBounce));
    expect(gasUsed(tx)).toBeLessThanOrEqual(BigInt(PoolGas.attributedBounce));
    expect(change).toBe(f.fees().compute(PoolGas.attributedBounce) - computeFees(tx) - storageFees(tx));
    expect(change >= 0n).toBe(true);
});
