/**
 * Property: the earnings contract has no owner, so no role can send its money anywhere but the pool.
 * Random sequences of messages from every role (the pool itself, the pool's owner and operator, a
 * member, a Cocoon proxy, a stranger), with random bodies shaped like every message it knows and
 * like none (address-carrying tails, refs, up to 1,023 bits), random values and bounce flags. After
 * every step: every message it sent is either an attributed_revenue for its own worker to the pool,
 * or a sweep's excesses back to that sweep's own sender carrying at most what the sender attached;
 * code and data never change; and its balance moves exactly by what came in, went out and paid fees.
 * Seeded: a failure prints the replay line.
 */
import { Address, beginCell, Cell, toNano } from '@ton/core';
import { BlockchainTransaction, SandboxContract, TreasuryContract } from '@ton/sandbox';
import fc from 'fast-check';
import { PRICE_SETS } from '../../toolkit/chain/prices';
import { computeFees, forwardFees, storageFees } from '../../toolkit/chain/transactions';
import { earningsSweepBody, EarningsOp, forwardThreshold, sweepValue } from '../../wrappers/EarningsAddress';
import {
    BOUNCED_PREFIX,
    cocoonPayoutBody,
    parseAttributedRevenue,
    SharedOp,
    textCommentBody,
} from '../../wrappers/shared';
import { FUZZ_RUNS, fuzzSeed, replayHint } from '../audit/support/seed';
import { EARNINGS_WORKER, EarningsFixture, setupEarnings } from '../../audits/harness/earnings-fixture';

const ROLES = ['pool', 'owner', 'operator', 'member', 'cocoon', 'stranger'] as const;
type Role = (typeof ROLES)[number];
const BODIES = ['cocoon', 'sweep', 'sweepTail', 'attributed', 'excesses', 'text', 'empty', 'random'] as const;

interface Step {
    role: Role;
    body: (typeof BODIES)[number];
    /** Value in units of the forward threshold / 4 (0 = a tiny 1,000 nanoton). */
    quarters: number;
    bounce: boolean;
    bits: number;
    refs: number;
    word: bigint;
}

const stepArb: fc.Arbitrary<Step> = fc.record({
    role: fc.constantFrom(...ROLES),
    body: fc.constantFrom(...BODIES),
    quarters: fc.integer({ min: 0, max: 12 }),
    bounce: fc.boolean(),
    bits: fc.integer({ min: 0, max: 1023 - 32 }),
    refs: fc.integer({ min: 0, max: 4 }),
    word: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
});

function bodyOf(s: Step, other: Address): Cell {
    switch (s.body) {
        case 'cocoon':
            return cocoonPayoutBody(s.word);
        case 'sweep':
            return earningsSweepBody(s.word);
        case 'sweepTail': // a sweep that names another destination: there is no field for one
            return beginCell()
                .storeUint(EarningsOp.earningsSweep, 32)
                .storeUint(s.word, 64)
                .storeAddress(other)
                .storeCoins(toNano('1'))
                .endCell();
        case 'attributed':
            return beginCell()
                .storeUint(SharedOp.attributedRevenue, 32)
                .storeUint(s.word, 64)
                .storeUint(Number(s.word & 0xffffffffn), 32)
                .endCell();
        case 'excesses':
            return beginCell().storeUint(SharedOp.excesses, 32).storeUint(s.word, 64).endCell();
        case 'text':
            return textCommentBody(`send to ${other.toString()}`);
        case 'empty':
            return Cell.EMPTY;
        case 'random': {
            const b = beginCell().storeUint(Number(s.word >> 32n), 32);
            let left = s.bits;
            while (left > 0) {
                const n = Math.min(left, 64);
                b.storeUint(s.word & ((1n << BigInt(n)) - 1n), n);
                left -= n;
            }
            for (let i = 0; i < s.refs; i++) b.storeRef(beginCell().storeAddress(other).storeUint(i, 8).endCell());
            return b.endCell();
        }
    }
}

describe.each(PRICE_SETS)('EarningsAddress: no role can move its money anywhere but the pool (%s prices)', (prices) => {
    let f: EarningsFixture;
    let senders: Record<Role, SandboxContract<TreasuryContract>>;
    beforeAll(async () => {
        f = await setupEarnings({ prices });
        senders = {
            pool: f.poolTreasury!,
            owner: await f.blockchain.treasury('pool-owner'),
            operator: await f.blockchain.treasury('pool-operator'),
            member: await f.blockchain.treasury('member'),
            cocoon: f.cocoon,
            stranger: f.stranger,
        };
        f.snapshot = f.blockchain.snapshot();
    });

    // Staged: every role sends every kind of message in random order, values around the forward
    // threshold, sweeps that try to name another destination. Must hold: money leaves only for the
    // pool (as worker 7's attributed revenue) or back to a sweep's sender within its own value; the
    // storage is never rewritten; the balance is conserved to the nanoton at every transaction.
    it(`[ACC-651] random messages from every role never send the earnings contract's money anywhere but the pool (${prices})`, async () => {
        const seed = fuzzSeed(0x5eed0601 + PRICE_SETS.indexOf(prices));
        const runs = Math.max(1, Math.floor(FUZZ_RUNS / 10));
        const quarter = forwardThreshold(f.fees()) / 4n;
        const data0 = (await f.blockchain.getContract(f.earnings.address)).accountState;
        if (data0?.type !== 'active') throw new Error('earnings contract not active');
        const code = data0.state.code!;
        const data = data0.state.data!;
        try {
            await fc.assert(
                fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 10 }), async (steps) => {
                    await f.blockchain.loadFrom(f.snapshot);
                    let toPool = 0n;
                    let credited = 0n;
                    for (const s of steps) {
                        const from = senders[s.role];
                        const value =
                            s.quarters === 0
                                ? 1000n
                                : BigInt(s.quarters) * quarter + (s.body === 'sweep' ? sweepValue(f.fees()) : 0n);
                        let balance = (await f.blockchain.getContract(f.earnings.address)).balance;
                        const r = await from.send({
                            to: f.earnings.address,
                            value,
                            bounce: s.bounce,
                            body: bodyOf(s, f.stranger.address),
                        });
                        for (const tx of r.transactions.filter((t) => isAt(t, f.earnings.address))) {
                            const inInfo = tx.inMessage!.info;
                            if (inInfo.type !== 'internal')
                                throw new Error('external message to the earnings contract');
                            credited += inInfo.value.coins;
                            let out = 0n;
                            for (const m of tx.outMessages.values()) {
                                if (m.info.type !== 'internal') throw new Error('external out message');
                                out += m.info.value.coins;
                                const op =
                                    m.body.beginParse().remainingBits >= 32 ? m.body.beginParse().preloadUint(32) : -1;
                                if (!m.info.bounced && op === SharedOp.attributedRevenue) {
                                    expect(m.info.dest.toString()).toBe(f.pool.toString());
                                    expect(m.info.bounce).toBe(true);
                                    expect(parseAttributedRevenue(m.body).workerIndex).toBe(EARNINGS_WORKER);
                                    toPool += m.info.value.coins;
                                } else {
                                    // only a refused sweep's bounce or a sweep's excesses, only to that sweep's
                                    // sender, within the value it attached
                                    expect({ to: m.info.dest.toString(), op }).toEqual({
                                        to: inInfo.src.toString(),
                                        op: m.info.bounced ? BOUNCED_PREFIX : SharedOp.excesses,
                                    });
                                    expect(m.info.value.coins <= inInfo.value.coins).toBe(true);
                                    expect(tx.inMessage!.body.beginParse().preloadUint(32)).toBe(
                                        EarningsOp.earningsSweep,
                                    );
                                }
                            }
                            // conservation: in, minus out, minus every fee, to the nanoton
                            balance +=
                                inInfo.value.coins -
                                out -
                                storageFees(tx) -
                                computeFees(tx) -
                                forwardFees(tx) -
                                bounceFees(tx);
                        }
                        expect((await f.blockchain.getContract(f.earnings.address)).balance).toBe(balance);
                        const acc = await f.blockchain.getContract(f.earnings.address);
                        const st = acc.accountState;
                        expect(st?.type).toBe('active');
                        if (st?.type === 'active') {
                            expect(st.state.code!.equals(code)).toBe(true);
                            expect(st.state.data!.equals(data)).toBe(true);
                        }
                    }
                    expect(toPool <= credited).toBe(true);
                }),
                { numRuns: runs, seed, endOnFailure: true, verbose: 2 },
            );
        } catch (e) {
            throw new Error(`${(e as Error).message}\n${replayHint(seed, 'tests/earnings/property.spec.ts')}`);
        }
    });
});

/** What the bounce phase of an aborted transaction charged for the bounced message. */
function bounceFees(t: BlockchainTransaction): bigint {
    if (t.description.type !== 'generic' || t.description.bouncePhase?.type !== 'ok') return 0n;
    return t.description.bouncePhase.messageFees + t.description.bouncePhase.forwardFees;
}

function isAt(t: BlockchainTransaction, a: Address): boolean {
    return t.inMessage?.info.type === 'internal' && t.inMessage.info.dest.equals(a);
}
