/**
 * Property: suspended, withdrawn, never-synced and held workers receive nothing, whatever the
 * operator sends. fast-check draws sequences of raw operator batches (leaf groups built with
 * beginCell(), cumulatives anywhere in [0, 2^120 - 1], biased to 2^64 - 1, 2^64, 2^64 + paid + x and
 * small raises) interleaved with raw registry worker_syncs that suspend, reinstate, re-address
 * (to a wallet, the pool, the registry) and introduce workers. An off-chain model of the contract's
 * rules (pay cumulative - slot when it is >= min and within the limit; a paid entry at 2^64 or more
 * aborts the batch with 415; a funding stop pays nothing after it) predicts each batch's exit code
 * and every payout; each worker's received total must equal the model's, and a worker that is not
 * payable when the batch runs must receive nothing.
 */
import { Address, beginCell, toNano } from '@ton/core';
import fc from 'fast-check';
import { PRICE_SETS } from '../../toolkit/chain/prices';
import { exitCode } from '../../toolkit/chain/transactions';
import { batchValue, PoolError, PoolLimits, PoolOp, PoolWorker } from '../../wrappers/PoolPayout';
import { expectPoolInvariants, payoutFlows } from '../helpers/invariants';
import { POOL_MIN_PAYOUT, POOL_PERIOD_CAP, setupPool } from '../../audits/harness/pool-fixture';
import { rawEntries, RawLeafGroup, rawWorkerSync } from '../../audits/harness/pool-raw';
import { FUZZ_RUNS, fuzzSeed, replayHint } from './support/seed';

const TON = toNano('1');
const U64 = 1n << 64n;
const COINS_MAX = (1n << 120n) - 1n;
/** Property runs per price set: FUZZ_RUNS / 5 (20 by default), each of up to 16 steps. */
const RUNS = Math.max(2, Math.floor(FUZZ_RUNS / 5));

/** Workers the property touches: 0-5 start in the ledger, 6, 7, 13 and 50 are never synced at the start. */
const INDICES = [0, 1, 2, 3, 4, 5, 6, 7, 13, 50];

type Cum = { t: 'raise'; x: bigint } | { t: 'abs'; v: bigint } | { t: 'overSlot'; x: bigint } | { t: 'same' };
type Step =
    | { t: 'batch'; entries: { index: number; cum: Cum }[]; queryId: bigint }
    | { t: 'sync'; index: number; to: number; active: boolean };

const cumArb: fc.Arbitrary<Cum> = fc.oneof(
    { weight: 4, arbitrary: fc.record({ t: fc.constant('raise' as const), x: fc.bigInt(0n, 60n * TON) }) },
    { weight: 2, arbitrary: fc.record({ t: fc.constant('overSlot' as const), x: fc.bigInt(0n, 60n * TON) }) },
    { weight: 1, arbitrary: fc.record({ t: fc.constant('same' as const) }) },
    {
        weight: 3,
        arbitrary: fc.record({
            t: fc.constant('abs' as const),
            v: fc.oneof(fc.constantFrom(0n, 1n, U64 - 1n, U64, U64 + TON, COINS_MAX), fc.bigInt(0n, COINS_MAX)),
        }),
    },
);
const stepArb: fc.Arbitrary<Step> = fc.oneof(
    {
        weight: 3,
        arbitrary: fc.record({
            t: fc.constant('batch' as const),
            entries: fc.array(fc.record({ index: fc.constantFrom(...INDICES), cum: cumArb }), {
                minLength: 1,
                maxLength: 8,
            }),
            queryId: fc.constantFrom(0n, U64 - 1n, 7n),
        }),
    },
    // to: 0-5 the deployed wallets, 6 the pool, 7 the registry
    {
        weight: 2,
        arbitrary: fc.record({
            t: fc.constant('sync' as const),
            index: fc.constantFrom(...INDICES),
            to: fc.integer({ min: 0, max: 7 }),
            active: fc.boolean(),
        }),
    },
);

interface MW {
    payout: Address;
    active: boolean;
    held: boolean;
    paid: bigint;
    bounces: number;
}

describe.each(PRICE_SETS)('property: blocked workers receive nothing (%s prices)', (prices) => {
    // Attack: an operator (or a stolen operator key) submitting any raw batch, with cumulatives
    // chosen to cancel the blocked bit (2^64 + paid + x over a blocked slot), to overflow (2^120 - 1),
    // or honest raises, while the registry changes who is payable between batches. Must hold: each
    // batch's exit code and payouts are exactly the model's; a suspended, withdrawn, never-synced or
    // held worker receives nothing; every worker's total received equals the model's; the ledger's
    // paid equals the model's; conservation and solvency hold to the nanoton after every step.
    it(`[POOL-502] suspended, withdrawn, unknown and held workers receive nothing, whatever the operator sends (${prices})`, async () => {
        const ledger = (r: Address[]): PoolWorker[] => [
            { index: 0, payout: r[0], active: true, paid: 0n },
            { index: 1, payout: r[1], active: true, paid: 5n * TON },
            { index: 2, payout: r[2], active: false, paid: 3n * TON }, // suspended
            { index: 3, payout: r[3], active: false, paid: U64 - 1n }, // withdrawn, paid at the maximum
            { index: 4, payout: r[4], active: true, paid: TON, bounces: PoolLimits.bouncesToHold, held: true }, // held after bounces
            { index: 5, payout: r[5], active: true, paid: U64 - 1n },
        ];
        const paidSum = 9n * TON + 2n * (U64 - 1n);
        const f = await setupPool({
            prices,
            workers: 6,
            recipients: 6,
            ledger,
            revenue: toNano('2000'),
            config: { totals: { revenue: paidSum, paid: paidSum } },
        });
        const wallets = f.recipients.map((r) => r.address);
        const targets = [...wallets, f.pool.address, f.registry.address];
        const seed = fuzzSeed(0x5eed0530 + PRICE_SETS.indexOf(prices));
        const start = new Map<number, MW>(
            ledger(wallets).map((w) => [
                w.index,
                { payout: w.payout, active: w.active, held: !!w.held, paid: w.paid ?? 0n, bounces: w.bounces ?? 0 },
            ]),
        );
        let blockedEntries = 0;
        let payouts = 0;
        let aborts = 0;
        await fc
            .assert(
                fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 16 }), async (steps) => {
                    await f.blockchain.loadFrom(f.snapshot);
                    const model = new Map([...start].map(([i, w]) => [i, { ...w }]));
                    const received = new Map<number, bigint>();
                    let owed = (await f.pool.getTotals()).owed;
                    let periodPaid = (await f.pool.getParams()).periodPaid;
                    const all = [];
                    for (const [k, step] of steps.entries()) {
                        const where = `step ${k} ${JSON.stringify(step, (_, v) => (typeof v === 'bigint' ? v.toString() : v))}`;
                        if (step.t === 'sync') {
                            const payout = targets[step.to];
                            const r = await f.registry.send({
                                to: f.pool.address,
                                value: toNano('0.05'),
                                body: rawWorkerSync(step.index, payout, step.active),
                            });
                            expect({ where, exit: exitCode(r.transactions[1]) }).toEqual({ where, exit: 0 });
                            const w = model.get(step.index);
                            const bounces = w && w.payout.equals(payout) ? w.bounces : 0;
                            model.set(step.index, {
                                payout,
                                active: step.active,
                                paid: w?.paid ?? 0n,
                                bounces,
                                held:
                                    step.active &&
                                    (payout.equals(f.pool.address) ||
                                        payout.equals(f.registry.address) ||
                                        bounces >= PoolLimits.bouncesToHold),
                            });
                            continue;
                        }
                        // One entry per worker, grouped by leaf, slots ascending: a well-formed request whatever its values.
                        const byIndex = new Map(step.entries.map((e) => [e.index, e.cum]));
                        const entries = [...byIndex]
                            .sort((a, b) => a[0] - b[0])
                            .map(([index, c]) => {
                                const w = model.get(index);
                                const payable = !!w && w.active && !w.held;
                                const slot = (payable ? 0n : U64) + (w?.paid ?? 0n);
                                const paid = w?.paid ?? 0n;
                                const cum =
                                    c.t === 'abs'
                                        ? c.v
                                        : c.t === 'raise'
                                          ? paid + c.x
                                          : c.t === 'overSlot'
                                            ? U64 + paid + c.x
                                            : paid;
                                return { index, cum, slot, payable };
                            });
                        const groups: RawLeafGroup[] = [];
                        for (const e of entries) {
                            const key = Math.floor(e.index / 12);
                            if (groups.length === 0 || groups[groups.length - 1].leafKey !== key)
                                groups.push({ leafKey: key, entries: [] });
                            groups[groups.length - 1].entries.push({ slot: e.index % 12, cumulative: e.cum });
                        }
                        // The model: pay cum - slot when >= min and within the limit (a paid cum >= 2^64 aborts all);
                        // an unpaid, unblocked, in-range raise beyond the limit stops the batch.
                        let limit = owed < POOL_PERIOD_CAP - periodPaid ? owed : POOL_PERIOD_CAP - periodPaid;
                        const expected: { index: number; amount: bigint }[] = [];
                        let abort = false;
                        for (const e of entries) {
                            if (!e.payable) blockedEntries++;
                            const amount = e.cum - e.slot;
                            if (amount >= POOL_MIN_PAYOUT && amount <= limit) {
                                if (e.cum >= U64) abort = true;
                                expected.push({ index: e.index, amount });
                                limit -= amount;
                            } else if (e.slot < U64 && e.cum < U64 && amount >= POOL_MIN_PAYOUT) {
                                limit = -1n;
                            }
                        }
                        const body = beginCell()
                            .storeUint(PoolOp.payoutBatch, 32)
                            .storeUint(step.queryId, 64)
                            .storeUint(entries.length, 16)
                            .storeRef(rawEntries(groups))
                            .endCell();
                        const r = await f.operator.send({
                            to: f.pool.address,
                            value: batchValue(f.fees(), entries.length),
                            body,
                        });
                        all.push(...r.transactions);
                        const sent = payoutFlows(f.pool.address, r.transactions);
                        const got = [...sent]
                            .filter(([, fl]) => fl.messages > 0)
                            .map(([index, fl]) => ({ index, amount: fl.sent }))
                            .sort((a, b) => a.index - b.index);
                        const want = abort ? [] : expected;
                        expect({ where, exit: exitCode(r.transactions[1]), payouts: got }).toEqual({
                            where,
                            exit: abort ? PoolError.malformedBody : 0,
                            payouts: want,
                        });
                        if (abort) aborts++;
                        for (const p of want) {
                            const w = model.get(p.index)!;
                            expect({ where, index: p.index, payableWhenPaid: w.active && !w.held }).toEqual({
                                where,
                                index: p.index,
                                payableWhenPaid: true,
                            });
                            w.paid += p.amount;
                            received.set(p.index, (received.get(p.index) ?? 0n) + p.amount);
                            owed -= p.amount;
                            periodPaid += p.amount;
                            payouts++;
                        }
                        // every payout went to the worker's recorded address
                        for (const tx of r.transactions) {
                            for (const m of tx.outMessages.values()) {
                                if (
                                    m.info.type !== 'internal' ||
                                    m.body.bits.length < 32 ||
                                    m.body.beginParse().loadUint(32) !== PoolOp.poolPayout
                                )
                                    continue;
                                const index = m.body.beginParse().skip(96).loadUint(32);
                                expect({ where, index, to: m.info.dest.toRawString() }).toEqual({
                                    where,
                                    index,
                                    to: model.get(index)!.payout.toRawString(),
                                });
                            }
                        }
                        await expectPoolInvariants(f.blockchain, f.pool, {
                            paid: new Map([...model].map(([i, w]) => [i, w.paid])),
                        });
                    }
                    // Per worker, over the whole sequence: received exactly what the model paid (wallets never bounce).
                    await expectPoolInvariants(f.blockchain, f.pool, { transactions: all, received });
                }),
                { numRuns: RUNS, seed, endOnFailure: true },
            )
            .catch((e: Error) => {
                throw new Error(`${e.message}\n${replayHint(seed, 'tests/audit/property-blocked.spec.ts')}`);
            });
        // Not vacuous: blocked workers were aimed at, payouts were made, and cancel attempts aborted.
        expect({ blockedEntries: blockedEntries > 0, payouts: payouts > 0, aborts: aborts > 0 }).toEqual({
            blockedEntries: true,
            payouts: true,
            aborts: true,
        });
    });
});
