/**
 * Settlement maths: largest-remainder apportionment, the commission mirror and cumulative
 * entitlements. Property tests run with a fixed, printed seed (FC_SEED overrides it).
 */
import fc from 'fast-check';
import {
    apportion,
    checkMonotonic,
    Contribution,
    SettlementError,
    settleEpoch,
    splitEpochRevenue,
    splitRevenue,
    totalEntitled,
    weightedContribution,
} from '../../toolkit/settlement';

const FC_SEED = Number(process.env.FC_SEED ?? 20261127);
const FC_RUNS = 300;

const contributionsArb = fc
    .uniqueArray(
        fc.record({
            workerIndex: fc.integer({ min: 0, max: 0xffff_ffff }),
            contribution: fc.bigInt({ min: 0n, max: 10n ** 12n }),
        }),
        {
            minLength: 1,
            maxLength: 60,
            selector: (c) => c.workerIndex,
        },
    )
    .filter((cs) => cs.some((c) => c.contribution > 0n));
const totalArb = fc.bigInt({ min: 0n, max: 10n ** 24n });

function refusal(f: () => unknown): string {
    try {
        f();
    } catch (e) {
        if (e instanceof SettlementError) return e.reason;
        throw e;
    }
    throw new Error('expected a SettlementError');
}

beforeAll(() => process.stdout.write(`settlement property tests: FC_SEED=${FC_SEED}\n`));

describe('apportion (largest remainder)', () => {
    // Property: rounding never creates or loses a nanoton, whatever the amounts and contributions.
    it('[FIN-300] shares sum exactly to the distributable amount for random inputs', () => {
        fc.assert(
            fc.property(totalArb, contributionsArb, (total, cs) => {
                const shares = apportion(total, cs);
                expect(shares.reduce((s, x) => s + x.share, 0n)).toBe(total);
                expect(shares.map((s) => s.workerIndex)).toEqual(cs.map((c) => c.workerIndex).sort((a, b) => a - b));
            }),
            { seed: FC_SEED, numRuns: FC_RUNS },
        );
    });

    // Property (quota rule): every share is floor or ceil of the exact quota total * c / C, so no
    // worker is ever a whole nanoton away from what it earned; zero contribution gets zero.
    it('[FIN-301] every share is the floor or the ceiling of its exact quota, zero contribution gets zero', () => {
        fc.assert(
            fc.property(totalArb, contributionsArb, (total, cs) => {
                const sum = cs.reduce((s, c) => s + c.contribution, 0n);
                const byIndex = new Map(apportion(total, cs).map((s) => [s.workerIndex, s.share]));
                for (const c of cs) {
                    const floor = (total * c.contribution) / sum;
                    const exact = (total * c.contribution) % sum === 0n;
                    const share = byIndex.get(c.workerIndex)!;
                    expect(share === floor || (!exact && share === floor + 1n)).toBe(true);
                    if (c.contribution === 0n) expect(share).toBe(0n);
                }
            }),
            { seed: FC_SEED, numRuns: FC_RUNS },
        );
    });

    // Determinism: the result depends on the contributions only, never on their order in the input.
    it('[FIN-302] ties go to the lowest worker index and input order never changes the result', () => {
        // 10 nanoton among 3 equal workers: quota 3.33 each, the one leftover nanoton goes to index 4.
        expect(
            apportion(10n, [
                { workerIndex: 9, contribution: 1n },
                { workerIndex: 4, contribution: 1n },
                { workerIndex: 7, contribution: 1n },
            ]),
        ).toEqual([
            { workerIndex: 4, share: 4n },
            { workerIndex: 7, share: 3n },
            { workerIndex: 9, share: 3n },
        ]);
        // Largest remainder wins before index: 5 among (1, 3): quotas 1.25 / 3.75 -> 1 / 4.
        expect(
            apportion(5n, [
                { workerIndex: 0, contribution: 1n },
                { workerIndex: 1, contribution: 3n },
            ]),
        ).toEqual([
            { workerIndex: 0, share: 1n },
            { workerIndex: 1, share: 4n },
        ]);
        fc.assert(
            fc.property(totalArb, contributionsArb, fc.integer(), (total, cs, salt) => {
                const shuffled = [...cs].sort(
                    (a, b) => ((a.workerIndex ^ salt) >>> 0) - ((b.workerIndex ^ salt) >>> 0),
                );
                expect(apportion(total, shuffled)).toEqual(apportion(total, cs));
            }),
            { seed: FC_SEED, numRuns: FC_RUNS },
        );
    });

    // Boundaries: nothing to distribute, a single worker, amounts beyond 2^53 and far beyond Coins.
    it('[FIN-303] zero amount, a single worker and amounts beyond 2^64 are exact', () => {
        expect(apportion(0n, [{ workerIndex: 1, contribution: 5n }])).toEqual([{ workerIndex: 1, share: 0n }]);
        expect(apportion(0n, [{ workerIndex: 1, contribution: 0n }])).toEqual([{ workerIndex: 1, share: 0n }]);
        expect(apportion(123n, [{ workerIndex: 0xffff_ffff, contribution: 1n }])).toEqual([
            { workerIndex: 0xffff_ffff, share: 123n },
        ]);
        const big = (1n << 120n) - 1n;
        const shares = apportion(big, [
            { workerIndex: 0, contribution: 1n },
            { workerIndex: 1, contribution: 2n },
        ]);
        expect(shares).toEqual([
            { workerIndex: 0, share: big / 3n },
            { workerIndex: 1, share: big - big / 3n },
        ]);
        expect(apportion(0n, [])).toEqual([]);
    });

    // Refusals: bad input must fail loudly instead of producing a plausible but wrong ledger.
    it('[FIN-304] refuses negative amounts, non-integers, bad or duplicate worker ids and revenue without contribution', () => {
        const one: Contribution[] = [{ workerIndex: 0, contribution: 1n }];
        expect(refusal(() => apportion(-1n, one))).toBe('negative-amount');
        expect(refusal(() => apportion(10n, [{ workerIndex: 0, contribution: -1n }]))).toBe('negative-amount');
        expect(refusal(() => apportion(1.5 as unknown as bigint, one))).toBe('not-an-integer');
        expect(refusal(() => apportion(10n, [{ workerIndex: 0, contribution: 2 as unknown as bigint }]))).toBe(
            'not-an-integer',
        );
        expect(refusal(() => weightedContribution(1.5, 2))).toBe('not-an-integer');
        expect(refusal(() => apportion(10n, [{ workerIndex: 1.5, contribution: 1n }]))).toBe('bad-worker-index');
        expect(refusal(() => apportion(10n, [{ workerIndex: -1, contribution: 1n }]))).toBe('bad-worker-index');
        expect(refusal(() => apportion(10n, [{ workerIndex: 2 ** 32, contribution: 1n }]))).toBe('bad-worker-index');
        expect(refusal(() => apportion(10n, [...one, { workerIndex: 0, contribution: 2n }]))).toBe('duplicate-worker');
        expect(refusal(() => apportion(10n, [{ workerIndex: 0, contribution: 0n }]))).toBe('zero-total-contribution');
        expect(refusal(() => apportion(10n, []))).toBe('zero-total-contribution');
        expect(weightedContribution(3n, 7)).toBe(21n);
    });
});

describe('commission mirror', () => {
    // The operator must settle exactly what the pool holds: per revenue message, the pool books
    // value - receipt fee and floors the commission on that (contracts/pool/revenue.fc).
    it('[FIN-305] commission is floored per revenue message after the receipt fee and booked = commission + distributable', () => {
        const bps = (commissionBps: number | bigint) => ({ commissionBps });
        expect(splitRevenue(10_001n, bps(250))).toEqual({ booked: 10_001n, commission: 250n, distributable: 9_751n });
        expect(splitRevenue(39n, bps(250))).toEqual({ booked: 39n, commission: 0n, distributable: 39n });
        expect(splitRevenue(40n, bps(250))).toEqual({ booked: 40n, commission: 1n, distributable: 39n });
        expect(splitRevenue(7n, bps(10_000))).toEqual({ booked: 7n, commission: 7n, distributable: 0n });
        expect(splitRevenue(7n, bps(0))).toEqual({ booked: 7n, commission: 0n, distributable: 7n });
        // The receipt fee comes off first; a message worth no more than the fee books nothing.
        expect(splitRevenue(10_100n, { commissionBps: 250, receiptFee: 100n })).toEqual({
            booked: 10_000n,
            commission: 250n,
            distributable: 9_750n,
        });
        expect(splitRevenue(100n, { commissionBps: 250, receiptFee: 100n })).toEqual({
            booked: 0n,
            commission: 0n,
            distributable: 0n,
        });
        expect(splitRevenue(99n, { commissionBps: 250, receiptFee: 100n })).toEqual({
            booked: 0n,
            commission: 0n,
            distributable: 0n,
        });
        // Per message, not on the sum: 3 x 39 at 2.5 % takes 0, the sum 117 would take 2.
        expect(splitEpochRevenue([39n, 39n, 39n], bps(250n))).toEqual({
            booked: 117n,
            commission: 0n,
            distributable: 117n,
        });
        fc.assert(
            fc.property(
                fc.array(fc.bigInt({ min: 0n, max: 10n ** 20n }), { maxLength: 20 }),
                fc.integer({ min: 0, max: 10_000 }),
                fc.bigInt({ min: 0n, max: 10n ** 7n }),
                (vs, commissionBps, receiptFee) => {
                    const s = splitEpochRevenue(vs, { commissionBps, receiptFee });
                    expect(s.commission + s.distributable).toBe(s.booked);
                    expect(s.booked).toBe(vs.reduce((a, v) => a + (v > receiptFee ? v - receiptFee : 0n), 0n));
                },
            ),
            { seed: FC_SEED, numRuns: FC_RUNS },
        );
        expect(refusal(() => splitRevenue(1n, bps(10_001)))).toBe('bad-commission');
        expect(refusal(() => splitRevenue(1n, bps(-1)))).toBe('bad-commission');
        expect(refusal(() => splitRevenue(1n, bps(2.5)))).toBe('bad-commission');
        expect(refusal(() => splitRevenue(-1n, bps(100)))).toBe('negative-amount');
        expect(refusal(() => splitRevenue(1n, { commissionBps: 100, receiptFee: -1n }))).toBe('negative-amount');
    });
});

describe('cumulative entitlements', () => {
    // Cumulative entitlements only grow, and after each epoch they total every amount settled so far.
    it('[FIN-306] epochs add shares to previous cumulative and the ledger total equals all revenue settled', () => {
        fc.assert(
            fc.property(fc.array(fc.tuple(totalArb, contributionsArb), { minLength: 1, maxLength: 5 }), (epochs) => {
                let ledger = new Map<number, bigint>();
                let settled = 0n;
                for (const [distributable, contributions] of epochs) {
                    const next = settleEpoch({ distributable, contributions, previous: ledger }).cumulative;
                    checkMonotonic(ledger, next);
                    ledger = next;
                    settled += distributable;
                    expect(totalEntitled(ledger)).toBe(settled);
                }
            }),
            { seed: FC_SEED, numRuns: 100 },
        );
        const first = settleEpoch({ distributable: 10n, contributions: [{ workerIndex: 1, contribution: 1n }] });
        expect(first.cumulative).toEqual(new Map([[1, 10n]]));
        const second = settleEpoch({
            distributable: 6n,
            contributions: [{ workerIndex: 2, contribution: 1n }],
            previous: first.cumulative,
        });
        expect(second.shares).toEqual([{ workerIndex: 2, share: 6n }]);
        expect(second.cumulative).toEqual(
            new Map([
                [1, 10n],
                [2, 6n],
            ]),
        );
        expect(refusal(() => checkMonotonic(second.cumulative, new Map([[1, 9n]])))).toBe('cumulative-decreases');
        expect(
            refusal(() => settleEpoch({ distributable: 1n, contributions: [], previous: new Map([[1, -1n]]) })),
        ).toBe('negative-amount');
    });
});
