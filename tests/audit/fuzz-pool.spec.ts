/**
 * Malformed-input fuzz of PoolPayout: thousands of random messages (TL-B-shaped bodies with
 * boundary values and foreign addresses, truncated and over-long bodies, extra and missing refs,
 * random ops, junk, bounced copies) from every role, payout recipients and strangers, with random
 * values and bounce flags, against a funded pool whose ledger pays some workers to deployed
 * wallets and some to missing accounts (so payouts bounce). The pool accepts revenue, so instead
 * of "nothing changes" its books are checked after every message, to the nanoton.
 */
import { Address, toNano } from '@ton/core';
import { FeeSchedule } from '../../toolkit/chain/fees';
import { PRICE_SETS } from '../../toolkit/chain/prices';
import { batchValue, parsePoolPayoutData, PoolError, PoolGas, PoolOp } from '../../wrappers/PoolPayout';
import { setupPool } from '../../audits/harness/pool-fixture';
import { FuzzStats, Observation, runFuzz } from '../../audits/harness/fuzz-runner';
import { judgeCommon } from './support/oracle';
import { HANDLED, opOf, poolProblems } from './support/pool-oracle';
import { FuzzWorld, randomMessage } from '../../audits/harness/random-message';
import { FUZZ_RUNS, fuzzSeed, replayHint } from './support/seed';
import { contractTemplates } from '../../audits/harness/tlb-templates';

/** Messages per price set: 26 per FUZZ_RUNS (2,600 by default, 5,200 over both price sets). */
const MESSAGES = 26 * FUZZ_RUNS;

describe.each(PRICE_SETS)('PoolPayout malformed-input fuzz (%s prices)', (prices) => {
    // Attack: random and malformed messages to every handler from every role and from strangers and
    // recipients, with any value and bounce flag, including bounced copies (never of pool_payout,
    // which only the network can bounce). Must hold for every one: a documented exit code (the
    // pool's 401-415, a malformed privileged body ending with malformed_body 415, never a TVM code); a rejection changes no data, sends
    // nothing but the bounce and loses no value; revenue is booked net of the receipt fee with its
    // commission and nothing else; a request moves `paid` by exactly the payouts sent and `returned`
    // by exactly the payouts bounced back; the books stay solvent; anything treated as revenue is
    // never refused (COC); every storage cell written parses back completely with the TL-B parser (STO).
    it(`[MSG-501][COC-500][STO-500] random and malformed messages to every pool handler end in documented exit codes, change nothing when rejected and keep the books to the nanoton (${prices})`, async () => {
        const f = await setupPool({ prices, workers: 10, recipients: 6, revenue: toNano('500') });
        const fees = new FeeSchedule(f.blockchain.config);
        const world: FuzzWorld = {
            senders: [f.owner, f.operator, f.registry, f.stranger, ...f.recipients.slice(0, 2)]
                .map((t) => t.address)
                .concat([new Address(0, Buffer.alloc(32, 9))]),
            workerIndices: [0, 1, 2, 5, 6, 9, 10, 11, 12, 0xffffffff],
            lowValues: [0n, 1n, fees.compute(1000), fees.compute(PoolGas.bounce)],
            values: [
                batchValue(fees, 1),
                batchValue(fees, 3),
                batchValue(fees, 13),
                toNano('0.05'),
                toNano('1'),
                toNano('10'),
                toNano('1000'),
            ],
        };
        const templates = contractTemplates('pool');
        const documented = new Set([0, ...Object.values(PoolError)]);
        const ownerAt = (o: Observation) => parsePoolPayoutData(o.before.data).owner;
        const stats: FuzzStats = await runFuzz({
            blockchain: f.blockchain,
            snapshot: f.snapshot,
            target: f.pool.address,
            seed: fuzzSeed(0x5eed0510 + PRICE_SETS.indexOf(prices)),
            messages: MESSAGES,
            followAccepted: true,
            next: (rng) =>
                randomMessage(rng, world, {
                    templates,
                    ownBounceableOps: [PoolOp.poolPayout, PoolOp.attributedPayout],
                }),
            judge: (o) => {
                const v = judgeCommon(o, {
                    documented,
                    outOfGasBelow: fees.compute(Math.max(...Object.values(PoolGas))),
                });
                // Cocoon pays non-bounceable: anything the pool treats as revenue must be accepted once it pays its own gas.
                const op = opOf(o.message.body);
                const revenue = !o.message.bounced && (op === undefined || !HANDLED.has(op));
                const refused =
                    revenue && o.message.value >= fees.compute(PoolGas.revenue) && !v.accepted
                        ? [`revenue refused with ${v.exitCode}`]
                        : [];
                return v.accepted ? [...v.problems, ...poolProblems(o, fees)] : [...v.problems, ...refused];
            },
            // The owner may replace the code (trusted by design, see UPG items): start again from the fixture.
            resetAfter: (o) => opOf(o.message.body) === PoolOp.upgradeCode && o.message.sender.equals(ownerAt(o)),
            replay: replayHint(0, 'tests/audit/fuzz-pool.spec.ts'),
        });
        expect(stats.sent).toBe(MESSAGES);
        for (const code of [
            0,
            PoolError.malformedBody,
            PoolError.notOwner,
            PoolError.notOperator,
            PoolError.notRegistry,
        ]) {
            expect({ code, seen: (stats.exitCodes.get(code) ?? 0) > 0 }).toEqual({ code, seen: true });
        }
    });
});
