/**
 * Worker-state fuzz of PoolPayout: the ledger holds a worker in every state (active, suspended,
 * withdrawn, never synced, held after bounces, held by its address, paid 0 / mid / 2^64 - 1), and
 * raw messages built from the TL-B come from every role (operator, owner, registry, anyone, bounced
 * copies) with fields at their extremes (Coins 0, 1, 2^64 - 1, 2^64, 2^120 - 1; indices 0, max,
 * unknown; query_id 2^64 - 1; cut bodies; extra refs). Each message's whole chain is judged by a
 * model of the ledger (support/pool-states.ts), the books and tests/helpers/invariants.ts.
 */
import { toNano } from '@ton/core';
import { PRICE_SETS } from '../../toolkit/chain/prices';
import { batchValue, parsePoolPayoutData, PoolError, PoolOp } from '../../wrappers/PoolPayout';
import { FuzzStats, runFuzz } from '../../audits/harness/fuzz-runner';
import { stateOf } from '../../audits/harness/state';
import { isPayout, judgeState, setupStatePool, StateGenerator, stateKey, stateMessage } from './support/pool-states';
import { opOf } from './support/pool-oracle';
import { FUZZ_RUNS, fuzzSeed, replayHint } from './support/seed';
import { contractTemplates } from '../../audits/harness/tlb-templates';

/** Messages per price set: 12 per FUZZ_RUNS (1,200 by default). */
const MESSAGES = 12 * FUZZ_RUNS;

describe.each(PRICE_SETS)('PoolPayout worker-state fuzz (%s prices)', (prices) => {
    // Attack: raw batches whose cumulatives sit at 2^64 - 1, 2^64, 2^64 + paid + x (the blocked-bit
    // cancel of issue 9 finding 1), 2^120 - 1, over slots 12-15 and unknown leaves, with counts off by
    // one and cut entry lists; worker_syncs naming the pool, the registry, the zero account, a gas
    // burner and missing accounts; owner params at their extremes (min_payout 0, caps 0 and 2^120 - 1);
    // revenue and bounced copies from anyone. Must hold after every chain: no payout to a suspended,
    // withdrawn, held or never-synced worker; every payout to the worker's recorded address and never
    // above a cumulative its batch named (< 2^64); paid moves only by payouts and by bounce credits of
    // payouts the chain sent; the ledger equals the model; the exit code is in the sender's allowed
    // set for the op; conservation and solvency to the nanoton; no chain lowers the reserve (get_reserve)
    // by more than its storage rent, so nothing but rent takes it under the floor.
    it(`[POOL-501][DUP-501][FIN-501] blocked, held and unknown workers are never paid, whatever any role sends at the TL-B extremes (${prices})`, async () => {
        const sp = await setupStatePool(prices);
        const fees = sp.f.fees();
        const g: StateGenerator = {
            sp,
            fees,
            templates: contractTemplates('pool'),
            world: {
                senders: sp.senders,
                workerIndices: sp.indices,
                lowValues: [0n, 1n, fees.compute(1000)],
                values: [batchValue(fees, 1), batchValue(fees, 13), toNano('1'), toNano('100')],
            },
            reserves: new Map([
                [stateKey(await stateOf(sp.f.blockchain, sp.f.pool.address)), (await sp.f.pool.getReserve()).reserve],
            ]),
        };
        const seed = fuzzSeed(0x5eed0520 + PRICE_SETS.indexOf(prices));
        const seen = { payouts: 0, bounces: 0, aborts: 0, reserveJudged: 0 };
        const stats: FuzzStats = await runFuzz({
            blockchain: sp.f.blockchain,
            snapshot: sp.snapshot,
            target: sp.f.pool.address,
            seed,
            messages: MESSAGES,
            resetEvery: 150,
            followAccepted: true,
            next: (rng, before) => stateMessage(rng, g, before),
            judge: async (o) => {
                for (const tx of o.all) {
                    for (const m of tx.outMessages.values())
                        if (m.info.type === 'internal' && isPayout(m.body, false)) seen.payouts++;
                    const inm = tx.inMessage;
                    if (
                        inm?.info.type === 'internal' &&
                        inm.info.bounced &&
                        inm.info.dest.equals(sp.f.pool.address) &&
                        isPayout(inm.body, true)
                    )
                        seen.bounces++;
                }
                const d = o.own[0]?.description;
                if (
                    opOf(o.message.body) === PoolOp.payoutBatch &&
                    d?.type === 'generic' &&
                    d.computePhase.type === 'vm' &&
                    d.computePhase.exitCode === PoolError.malformedBody
                )
                    seen.aborts++;
                if (g.reserves.has(stateKey(o.before))) seen.reserveJudged++;
                return judgeState(o, g);
            },
            resetAfter: (o) =>
                opOf(o.message.body) === PoolOp.upgradeCode &&
                o.message.sender.equals(parsePoolPayoutData(o.before.data).owner),
            replay: replayHint(seed, 'tests/audit/fuzz-pool-states.spec.ts'),
        });
        if (process.env.FUZZ_STATS) console.log(`state fuzz ${prices}: ${JSON.stringify(seen)}`);
        expect(stats.sent).toBe(MESSAGES);
        // Not vacuous: payouts were made, some bounced back, raw batches that would pay past 2^64 aborted,
        // and every role met its refusal.
        // The reserve oracle judged most chains (all but those starting from a state no getter read).
        expect({
            payouts: seen.payouts > 0,
            bounces: seen.bounces > 0,
            aborts: seen.aborts > 0,
            reserve: seen.reserveJudged > MESSAGES / 2,
        }).toEqual({
            payouts: true,
            bounces: true,
            aborts: true,
            reserve: true,
        });
        for (const code of [
            0,
            PoolError.malformedBody,
            PoolError.notOwner,
            PoolError.notOperator,
            PoolError.notRegistry,
            PoolError.insufficientValue,
        ]) {
            expect({ code, seen: (stats.exitCodes.get(code) ?? 0) > 0 }).toEqual({ code, seen: true });
        }
    });
});
