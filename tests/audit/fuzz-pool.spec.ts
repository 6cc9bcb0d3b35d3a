/**
 * Malformed-input fuzz of PoolPayout: thousands of random messages (TL-B-shaped bodies with
 * boundary values and foreign addresses, truncated and over-long bodies, extra and missing refs,
 * random ops, junk, bounced copies) from every role, payout recipients and strangers, with random
 * values and bounce flags, against a funded pool whose ledger pays some workers to deployed
 * wallets and some to missing accounts (so payouts bounce). The pool accepts revenue, so instead
 * of "nothing changes" its books are checked after every message, to the nanoton.
 */
import { Address, Cell, toNano } from '@ton/core';
import { FeeSchedule } from '../../toolkit/chain/fees';
import { PRICE_SETS } from '../../toolkit/chain/prices';
import { batchValue, bookedRevenue, parsePoolPayout, parsePoolPayoutData, PoolError, PoolGas, PoolOp } from '../../wrappers/PoolPayout';
import { setupPool } from '../helpers/pool-fixture';
import { poolBookProblems } from './support/books';
import { FuzzStats, Observation, runFuzz } from './support/fuzz-runner';
import { judgeCommon, outMessages } from './support/oracle';
import { FuzzWorld, randomMessage } from './support/random-message';
import { FUZZ_RUNS, fuzzSeed, replayHint } from './support/seed';
import { contractTemplates } from './support/tlb-templates';

/** Messages per price set: 26 per FUZZ_RUNS (2,600 by default, 5,200 over both price sets). */
const MESSAGES = 26 * FUZZ_RUNS;

/** The ops recv_internal dispatches; everything else (and any body under 96 bits) is revenue. */
const HANDLED = new Set<number>([
    PoolOp.payoutBatch,
    PoolOp.payoutContinue,
    PoolOp.topUpReserve,
    PoolOp.withdrawCommission,
    PoolOp.setParams,
    PoolOp.setOperator,
    PoolOp.setPaused,
    PoolOp.transferOwnership,
    PoolOp.claimOwnership,
    PoolOp.upgradeCode,
    0xfa683152, // worker_sync
    0x2565934c, // cocoon_excesses: reserve, like a top-up
]);

function opOf(body: Cell): number | undefined {
    return body.bits.length >= 96 ? body.beginParse().loadUint(32) : undefined;
}

const json = (x: unknown) => JSON.stringify(x, (_, v) => (typeof v === 'bigint' ? v.toString() : v instanceof Address ? v.toRawString() : v));

/** The pool's books after an accepted message, and what that message may have changed. */
function poolProblems(o: Observation, fees: FeeSchedule): string[] {
    const problems: string[] = [];
    const pool = o.own[0].inMessage!.info.dest as Address;
    const before = parsePoolPayoutData(o.before.data);
    const after = parsePoolPayoutData(o.after.data);
    const t0 = before.totals;
    const t1 = after.totals;
    const { totals: _a, ...rest0 } = before;
    const { totals: _b, ...rest1 } = after;
    const m = o.message;
    const op = opOf(m.body);

    if (m.bounced || op === PoolOp.topUpReserve || op === 0x2565934c) {
        if (!o.after.data.equals(o.before.data)) problems.push('a forged bounce or a top-up changed the data');
    } else if (op === undefined || !HANDLED.has(op)) {
        // Revenue: booked net of the receipt fee, commission in basis points, nothing else touched.
        const booked = bookedRevenue(fees, m.value, before.commissionBps);
        const expected = { ...t0, revenue: t0.revenue + booked.revenue, commissionAccrued: t0.commissionAccrued + booked.commission };
        if (json(t1) !== json(expected)) problems.push(`revenue booked as ${json(t1)}, expected ${json(expected)}`);
        if (json(rest1) !== json(rest0)) problems.push('revenue changed more than the totals');
        if (outMessages(o.own[0]).length > 0) problems.push('revenue caused outgoing messages');
    } else {
        if (t1.revenue !== t0.revenue || t1.commissionAccrued !== t0.commissionAccrued) problems.push('a request changed the revenue or the accrued commission');
        if (t1.commissionWithdrawn !== t0.commissionWithdrawn && !(op === PoolOp.withdrawCommission && m.sender.equals(before.owner))) {
            problems.push('commission left on a request that is not the owner withdrawing');
        }
        // Every payout the pool sent in the chain is booked as paid, every bounced one as returned.
        let sent = 0n;
        let returned = 0n;
        for (const tx of o.all) {
            for (const out of tx.outMessages.values()) {
                if (out.info.type !== 'internal' || !out.info.src.equals(pool) || out.body.bits.length < 32 || out.body.beginParse().loadUint(32) !== PoolOp.poolPayout) continue;
                const p = parsePoolPayout(out.body);
                if (out.info.value.coins !== p.amount) problems.push(`payout of ${p.amount} carried ${out.info.value.coins}`);
                if (!out.info.bounce) problems.push('a payout went out non-bounceable');
                sent += p.amount;
            }
            const inm = tx.inMessage;
            if (inm?.info.type === 'internal' && inm.info.dest.equals(pool) && inm.info.bounced && inm.body.beginParse().skip(32).loadUint(32) === PoolOp.poolPayout) {
                // credited back: what came back, never more than the payout
                const amount = inm.body.beginParse().skip(32 + 32 + 64 + 32).loadCoins();
                returned += inm.info.value.coins < amount ? inm.info.value.coins : amount;
            }
        }
        if (t1.paid - t0.paid !== sent) problems.push(`paid moved by ${t1.paid - t0.paid}, payouts sent ${sent}`);
        if (t1.returned - t0.returned !== returned) problems.push(`returned moved by ${t1.returned - t0.returned}, payouts bounced back ${returned}`);
    }
    return [...problems, ...poolBookProblems(o.after.data, o.after.balance)];
}

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
            senders: [f.owner, f.operator, f.registry, f.stranger, ...f.recipients.slice(0, 2)].map((t) => t.address).concat([new Address(0, Buffer.alloc(32, 9))]),
            workerIndices: [0, 1, 2, 5, 6, 9, 10, 11, 12, 0xffffffff],
            lowValues: [0n, 1n, fees.compute(1000), fees.compute(PoolGas.bounce)],
            values: [batchValue(fees, 1), batchValue(fees, 3), batchValue(fees, 13), toNano('0.05'), toNano('1'), toNano('10'), toNano('1000')],
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
            next: (rng) => randomMessage(rng, world, { templates, ownBounceableOps: [PoolOp.poolPayout] }),
            judge: (o) => {
                const v = judgeCommon(o, { documented, outOfGasBelow: fees.compute(Math.max(...Object.values(PoolGas))) });
                // Cocoon pays non-bounceable: anything the pool treats as revenue must be accepted once it pays its own gas.
                const op = opOf(o.message.body);
                const revenue = !o.message.bounced && (op === undefined || !HANDLED.has(op));
                const refused = revenue && o.message.value >= fees.compute(PoolGas.revenue) && !v.accepted ? [`revenue refused with ${v.exitCode}`] : [];
                return v.accepted ? [...v.problems, ...poolProblems(o, fees)] : [...v.problems, ...refused];
            },
            // The owner may replace the code (trusted by design, see UPG items): start again from the fixture.
            resetAfter: (o) => opOf(o.message.body) === PoolOp.upgradeCode && o.message.sender.equals(ownerAt(o)),
            replay: replayHint(0, 'tests/audit/fuzz-pool.spec.ts'),
        });
        expect(stats.sent).toBe(MESSAGES);
        for (const code of [0, PoolError.malformedBody, PoolError.notOwner, PoolError.notOperator, PoolError.notRegistry]) {
            expect({ code, seen: (stats.exitCodes.get(code) ?? 0) > 0 }).toEqual({ code, seen: true });
        }
    });
});
