/**
 * The wrapper's encoders against the contract: request packing (leaf groups), the required value
 * mirror, and the storage (de)serialisation the toolkit and the stress harness build ledgers with.
 */
import { Address, beginCell, toNano } from '@ton/core';
import { createHash } from 'crypto';
import { PRICE_SETS } from '../../toolkit/chain/prices';
import {
    batchValue,
    payOwedValue,
    packEntries,
    parsePayoutBatch,
    parsePoolPayoutData,
    payoutBatchBody,
    PayoutEntry,
    poolPayoutConfigToCell,
    PoolLimits,
    unpackEntries,
} from '../../wrappers/PoolPayout';
import { PoolFixture, setupPool } from '../../audits/harness/pool-fixture';

/** Deterministic pseudo-random numbers (fixed seed, printed in the title). */
function prng(seed: number) {
    let x = seed >>> 0;
    return () => {
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        return (x >>> 0) / 2 ** 32;
    };
}

describe('PoolPayout wrapper encoders', () => {
    // Any list of entries (unsorted, repeated workers, tiny and huge cumulatives) packs into leaf
    // groups the contract can read: sorted by worker, slots strictly ascending within a group,
    // whole groups per cell, and the same entries come back in the pool's reading order.
    it('[MSG-205] packEntries round-trips any entry list as sorted leaf groups within cell limits (seed 20261127)', () => {
        const rnd = prng(20261127);
        for (let round = 0; round < 20; round++) {
            const n = 1 + Math.floor(rnd() * 300);
            const entries: PayoutEntry[] = Array.from({ length: n }, () => ({
                workerIndex: Math.floor(rnd() * (rnd() < 0.5 ? 200 : 100_000)),
                cumulative: rnd() < 0.1 ? 0n : BigInt(Math.floor(rnd() * 1e15)) * (rnd() < 0.05 ? 10_000n : 1n),
            }));
            const body = payoutBatchBody({ queryId: BigInt(round), entries });
            const parsed = parsePayoutBatch(body);
            const sorted = entries
                .map((e, i) => ({ e, i }))
                .sort((a, b) => a.e.workerIndex - b.e.workerIndex || a.i - b.i)
                .map((x) => x.e);
            expect(parsed.count).toBe(n);
            expect(parsed.entries).toEqual(sorted);
            // groups never straddle cells and stay within one leaf with ascending slots
            for (let c = body.refs[0]; ; c = c.refs[0]) {
                const s = c.beginParse();
                while (s.remainingBits > 0) {
                    s.loadUint(32);
                    const k = s.loadUint(4);
                    let last = -1;
                    for (let j = 0; j < k; j++) {
                        const slot = s.loadUint(4);
                        expect(slot).toBeGreaterThan(last);
                        expect(slot).toBeLessThan(PoolLimits.leafSize);
                        last = slot;
                        s.loadCoins();
                    }
                }
                if (c.refs.length === 0) break;
            }
        }
        expect(unpackEntries(packEntries([{ workerIndex: 13, cumulative: 5n }]))).toEqual([
            { workerIndex: 13, cumulative: 5n },
        ]);
        expect(() => packEntries([{ workerIndex: 1, cumulative: 1n << 64n }])).toThrow(/outside/);
        expect(() => packEntries([{ workerIndex: -1, cumulative: 1n }])).toThrow(/uint32/);
    });

    // The stored ledger, totals, params, roles and attributed books survive a round trip through the
    // config cell, including inactive workers, bounce counts, paid amounts and owed balances.
    it('[STO-204] poolPayoutConfigToCell and parsePoolPayoutData are inverse, ledger and attributed books included', () => {
        const addr = (i: number) => new Address(0, createHash('sha256').update(`w${i}`).digest());
        const workers = [0, 1, 11, 12, 47, 48, 4799, 10_000].map((index, k) => ({
            index,
            payout: addr(index),
            active: k % 3 !== 0,
            paid: BigInt(k) * toNano('1.5'),
            bounces: k,
        }));
        const earningsCode = beginCell().storeUint(0xea, 8).endCell();
        const owed = new Map([
            [0, 1n],
            [47, toNano('2')],
            [0xffffffff, 123n],
        ]);
        const config = {
            earningsCode,
            owner: addr(-1),
            operator: addr(-2),
            registry: addr(-3),
            pendingOwner: addr(-4),
            commissionBps: 1234,
            minPayout: 77n,
            periodCap: toNano('5000'),
            periodLength: 3600,
            paused: true,
            workers,
            totals: {
                revenue: 10n,
                commissionAccrued: 3n,
                commissionWithdrawn: 1n,
                paid: 5n,
                returned: 2n,
                periodStart: 99,
                periodPaid: 4n,
                storageCharged: 6n,
            },
            attributed: { revenue: 40n, commission: 4n, paid: 20n, returned: 7n },
            owed,
        };
        const {
            earningsCode: parsedCode,
            owed: parsedOwed,
            owedEntries,
            ...parsed
        } = parsePoolPayoutData(poolPayoutConfigToCell(config));
        const norm = (x: unknown) =>
            JSON.parse(
                JSON.stringify(x, (_, v) =>
                    typeof v === 'bigint' ? v.toString() : v instanceof Address ? v.toString() : v,
                ),
            );
        const { earningsCode: _code, owed: _owed, ...rest } = config;
        expect(norm(parsed)).toEqual(norm(rest));
        expect(parsedCode.equals(earningsCode)).toBe(true);
        expect([...parsedOwed]).toEqual([...owed]);
        expect(owedEntries).toBe(3);
    });
});

describe.each(PRICE_SETS)('PoolPayout required value (%s prices)', (prices) => {
    let f: PoolFixture;
    beforeAll(async () => {
        f = await setupPool({ prices, workers: 4, recipients: 1 });
    });

    // The toolkit attaches batchValue(FeeSchedule, count): it must equal the contract's own
    // get_batch_value at every chunk boundary, under both price sets.
    it('[GAS-210] batchValue from the fee schedule equals get_batch_value for every size class', async () => {
        for (const n of [1, 2, 55, 56, 57, 112, 253, 254, 999, 1000]) {
            expect({ n, value: batchValue(f.fees(), n) }).toEqual({ n, value: await f.pool.getBatchValue(n) });
        }
    });

    // The same for pay_owed: payOwedValue(FeeSchedule, count) equals get_pay_owed_value at every
    // chunk (OWED_PER_CHUNK_MIN) and cell (WORKERS_PER_CELL) boundary.
    it('[GAS-663] payOwedValue from the fee schedule equals get_pay_owed_value for every size class', async () => {
        for (const n of [1, 2, 30, 31, 32, 63, 64, 65, 128, 129, 999, 1000]) {
            expect({ n, value: payOwedValue(f.fees(), n) }).toEqual({ n, value: await f.pool.getPayOwedValue(n) });
        }
    });
});
