/**
 * EarningsAddress cases found by the full mutation run (audits/MUTATION.md): each test kills a
 * mutant the other earnings specs let survive, and is confirmed with
 * `npm run mutate -- --only <id> --spec tests/earnings/mutation-kills.spec.ts`.
 */
import { Cell, SendMode, toNano } from '@ton/core';
import { computeFees, exitCode, forwardFees, storageFees } from '../../toolkit/chain/transactions';
import { parseAttributedRevenue, SharedOp } from '../../wrappers/shared';
import { EARNINGS_WORKER, EarningsFixture, setupEarnings } from '../../audits/harness/earnings-fixture';
import { expectSent } from '../helpers/messages';

describe('EarningsAddress: cases found by mutation testing', () => {
    let f: EarningsFixture;
    beforeAll(async () => {
        f = await setupEarnings();
    });
    beforeEach(async () => {
        await f.blockchain.loadFrom(f.snapshot);
    });

    // Killed mutant forward.fc:25 `accumulated > 0` -> `accumulated > 1`: one nanoton of the
    // worker's money left in the balance. The sweep must forward it to the pool (fee paid from the
    // sweep's value), not hand it to the sweeper with the excesses; with zero nothing is forwarded
    // (FIN-656), so 1 is the boundary. The chain's time is fixed, so no storage fee takes it first.
    it('[FIN-654] a sweep forwards a single accumulated nanoton to the pool and none of it to the caller', async () => {
        (await f.blockchain.getContract(f.earnings.address)).balance = 1n;
        const value = toNano('0.5');
        const r = await f.earnings.sendSweep(f.stranger.getSender(), { value, queryId: 5n });
        const tx = r.transactions.find(
            (t) => t.inMessage?.info.type === 'internal' && t.inMessage.info.dest.equals(f.earnings.address),
        )!;
        expect(exitCode(tx)).toBe(0);
        expect(storageFees(tx)).toBe(0n);
        const lump = f.fees().forward(0, 0);
        expect(forwardFees(tx)).toBe(2n * lump);
        expectSent(tx, [
            {
                to: f.pool,
                value: 1n,
                bounce: true,
                mode: SendMode.PAY_GAS_SEPARATELY,
                body: (b: Cell) =>
                    expect(parseAttributedRevenue(b)).toEqual({ queryId: 5n, workerIndex: EARNINGS_WORKER }),
            },
            {
                to: f.stranger.address,
                value: value - computeFees(tx) - 2n * lump,
                bounce: false,
                mode: SendMode.CARRY_ALL_REMAINING_BALANCE,
                body: (b: Cell) => {
                    const s = b.beginParse();
                    expect({ op: s.loadUint(32), queryId: s.loadUintBig(64), rest: s.remainingBits }).toEqual({
                        op: SharedOp.excesses,
                        queryId: 5n,
                        rest: 0,
                    });
                },
            },
        ]);
        expect((await f.blockchain.getContract(f.earnings.address)).balance).toBe(0n);
    });
});
