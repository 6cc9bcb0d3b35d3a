/**
 * EarningsAddress sweep and deployment: anyone can push what accumulated (dust, bounced forwards,
 * payouts that arrived before deployment) to the pool, paying the forward from the value it
 * attaches and getting the rest back; a sweep with the StateInit deploys the contract. Fee edges
 * from the config under both price sets.
 */
import { beginCell, SendMode, toNano } from '@ton/core';
import { BlockchainTransaction } from '@ton/sandbox';
import { GasReport } from '../../toolkit/chain/gas-report';
import { PRICE_SETS } from '../../toolkit/chain/prices';
import { computeFees, exitCode, forwardFees, gasUsed, storageFees } from '../../toolkit/chain/transactions';
import { EarningsError, EarningsGas, EarningsOp, forwardThreshold, sweepValue } from '../../wrappers/EarningsAddress';
import { cocoonPayoutBody, parseAttributedRevenue, SharedOp } from '../../wrappers/shared';
import { EARNINGS_WORKER, EarningsFixture, setupEarnings } from '../../audits/harness/earnings-fixture';
import { expectSent } from '../helpers/messages';
import { expectRejected } from '../helpers/rejections';
import { stateOf } from '../../audits/harness/state';

const report = new GasReport('EarningsAddress sweep gas (bound: contracts/earnings/gas.fc)');
afterAll(() => report.print());

function txTo(transactions: BlockchainTransaction[], to: EarningsFixture['earnings']): BlockchainTransaction {
    const tx = transactions.find(
        (t) =>
            t.inMessage?.info.type === 'internal' &&
            t.inMessage.info.dest.equals(to.address) &&
            !t.inMessage.info.bounced,
    );
    if (!tx) throw new Error('no transaction to the earnings contract');
    return tx;
}

/** Leaves `amount` (below the threshold) in the earnings balance; returns the balance. */
async function accumulate(f: EarningsFixture, amount: bigint): Promise<bigint> {
    expect(amount < forwardThreshold(f.fees())).toBe(true);
    await f.earnings.sendCocoonPayout(f.cocoon.getSender(), { value: amount, queryId: 1n });
    return (await f.blockchain.getContract(f.earnings.address)).balance;
}

/** A sweep's two messages: everything accumulated to the pool (fee paid from the sweep), the rest back to the caller. */
function expectSweep(
    f: EarningsFixture,
    tx: BlockchainTransaction,
    accumulated: bigint,
    value: bigint,
    queryId: bigint,
) {
    expect(exitCode(tx)).toBe(0);
    const lump = f.fees().forward(0, 0);
    const messages = accumulated > 0n ? 2n : 1n;
    expect(forwardFees(tx)).toBe(messages * lump);
    const excess = value - computeFees(tx) - storageFees(tx) - messages * lump;
    const forward = {
        to: f.pool,
        value: accumulated,
        bounce: true,
        mode: SendMode.PAY_GAS_SEPARATELY,
        body: (b: import('@ton/core').Cell) =>
            expect(parseAttributedRevenue(b)).toEqual({ queryId, workerIndex: EARNINGS_WORKER }),
    };
    const back = {
        to: f.stranger.address,
        value: excess,
        bounce: false,
        mode: SendMode.CARRY_ALL_REMAINING_BALANCE,
        body: (b: import('@ton/core').Cell) => {
            const s = b.beginParse();
            expect({ op: s.loadUint(32), queryId: s.loadUintBig(64), rest: s.remainingBits }).toEqual({
                op: SharedOp.excesses,
                queryId,
                rest: 0,
            });
        },
    };
    expectSent(tx, accumulated > 0n ? [forward, back] : [back]);
    return excess;
}

describe.each(PRICE_SETS)('EarningsAddress sweep (%s prices)', (prices) => {
    let f: EarningsFixture;
    beforeAll(async () => {
        f = await setupEarnings({ prices });
    });
    beforeEach(async () => {
        await f.blockchain.loadFrom(f.snapshot);
    });

    // Dust below the threshold would otherwise wait for the next payout. Anyone may sweep: the pool
    // receives exactly what accumulated (the sweep pays the forward fee), the caller gets back its
    // value less the sweep's compute and two forward fees, and nothing stays.
    it(`[FIN-654] a sweep forwards exactly the accumulated balance and returns the rest of its value (${prices})`, async () => {
        const accumulated = await accumulate(f, forwardThreshold(f.fees()) / 2n);
        expect(accumulated > 0n).toBe(true);
        const value = toNano('0.5');
        const r = await f.earnings.sendSweep(f.stranger.getSender(), { value, queryId: 77n });
        expectSweep(f, txTo(r.transactions, f.earnings), accumulated, value, 77n);
        expect((await f.blockchain.getContract(f.earnings.address)).balance).toBe(0n);
    });

    // Fee edge from the config: get_sweep_value() - 1 is refused with 501 (nothing but the bounce
    // leaves, state and balance unchanged), exactly get_sweep_value() goes through.
    it(`[FIN-655] a sweep of get_sweep_value() - 1 is rejected with insufficient_value and exactly get_sweep_value() succeeds (${prices})`, async () => {
        const accumulated = await accumulate(f, forwardThreshold(f.fees()) / 2n);
        const min = sweepValue(f.fees());
        expect(await f.earnings.getSweepValue()).toBe(min);
        const before = await stateOf(f.blockchain, f.earnings.address);
        const short = await f.earnings.sendSweep(f.stranger.getSender(), { value: min - 1n, queryId: 1n });
        await expectRejected(f.blockchain, short, {
            from: f.stranger.address,
            to: f.earnings.address,
            exitCode: EarningsError.insufficientValue,
            before,
        });
        expect((await stateOf(f.blockchain, f.earnings.address)).balance).toBe(accumulated);
        const exact = await f.earnings.sendSweep(f.stranger.getSender(), { value: min, queryId: 2n });
        const excess = expectSweep(f, txTo(exact.transactions, f.earnings), accumulated, min, 2n);
        expect(excess >= 0n).toBe(true);
        expect((await f.blockchain.getContract(f.earnings.address)).balance).toBe(0n);
    });

    // A sweep with nothing to forward sends no zero-value forward: only the excesses.
    it(`[FIN-656] a sweep of an empty balance only returns the excesses (${prices})`, async () => {
        const value = toNano('0.2');
        const r = await f.earnings.sendSweep(f.stranger.getSender(), { value, queryId: 3n });
        expectSweep(f, txTo(r.transactions, f.earnings), 0n, value, 3n);
    });

    // earnings_sweep is exactly op + query_id: a longer body is refused (cell underflow 9 from
    // end_parse) and changes nothing, so a malformed sweep is never half-executed.
    it(`[MSG-652] a sweep with trailing bits is rejected with 9 and changes nothing (${prices})`, async () => {
        await accumulate(f, forwardThreshold(f.fees()) / 2n);
        const before = await stateOf(f.blockchain, f.earnings.address);
        const body = beginCell()
            .storeUint(EarningsOp.earningsSweep, 32)
            .storeUint(4n, 64)
            .storeAddress(f.stranger.address)
            .endCell();
        const r = await f.stranger.send({ to: f.earnings.address, value: toNano('1'), body, bounce: true });
        await expectRejected(f.blockchain, r, {
            from: f.stranger.address,
            to: f.earnings.address,
            exitCode: 9,
            before,
        });
    });

    // The member may point a node at its earnings address before anyone deploys it. Cocoon's
    // non-bounceable payouts then credit the uninitialised account; anyone's sweep with the StateInit
    // deploys the contract and forwards all of it in one message. An underfunded deploy fails with
    // 501 and keeps the money (TON installs the StateInit before the code runs and keeps it when the
    // compute fails: the contract is then deployed, with what was credited).
    it(`[COC-655] payouts to the undeployed address are credited, and a deploying sweep by anyone forwards them (${prices})`, async () => {
        const g = await setupEarnings({ prices, undeployed: true });
        const value = toNano('1.25');
        for (const q of [1n, 2n]) {
            // as a proxy sends it: no StateInit (the wrapper's provider would attach one)
            const r = await g.cocoon.send({ to: g.earnings.address, value, bounce: false, body: cocoonPayoutBody(q) });
            const credit = txTo(r.transactions, g.earnings);
            expect(credit.description.type === 'generic' && credit.description.computePhase.type).toBe('skipped');
            expect(r.transactions.length).toBe(2); // the proxy's wallet and the credit: nothing bounces
        }
        const undeployed = await g.blockchain.getContract(g.earnings.address);
        expect(undeployed.accountState?.type).toBe('uninit');
        const held = undeployed.balance;
        expect(held > 2n * value - toNano('0.001')).toBe(true);

        const min = sweepValue(g.fees());
        const short = await g.earnings.sendDeploy(g.stranger.getSender(), { value: min - 1n, queryId: 5n });
        expect(exitCode(txTo(short.transactions, g.earnings))).toBe(EarningsError.insufficientValue);
        const still = await g.blockchain.getContract(g.earnings.address);
        expect(still.accountState?.type).toBe('active');
        const stillHeld = still.balance; // (the contract object is live: read the balance now)
        expect(stillHeld).toBe(held - storageFees(txTo(short.transactions, g.earnings)));

        const r = await g.earnings.sendDeploy(g.stranger.getSender(), { value: min, queryId: 6n });
        const tx = txTo(r.transactions, g.earnings);
        expectSweep(g, tx, stillHeld - storageFees(tx), min, 6n);
        const deployed = await g.blockchain.getContract(g.earnings.address);
        expect(deployed.accountState?.type).toBe('active');
        expect(deployed.balance).toBe(0n);
    });

    // Named bound: a sweep (with and without something to forward, and the deploying one) stays
    // within gas::sweep, which get_sweep_value prices.
    it(`[GAS-652] a sweep stays within gas::sweep (${prices})`, async () => {
        const cases: [string, () => Promise<BlockchainTransaction>][] = [
            [
                'empty',
                async () =>
                    txTo(
                        (await f.earnings.sendSweep(f.stranger.getSender(), { value: toNano('1') })).transactions,
                        f.earnings,
                    ),
            ],
            [
                'with dust',
                async () => {
                    await accumulate(f, forwardThreshold(f.fees()) / 2n);
                    return txTo(
                        (await f.earnings.sendSweep(f.stranger.getSender(), { value: toNano('1') })).transactions,
                        f.earnings,
                    );
                },
            ],
            [
                'deploy',
                async () => {
                    const g = await setupEarnings({ prices, undeployed: true });
                    await g.cocoon.send({
                        to: g.earnings.address,
                        value: toNano('1'),
                        bounce: false,
                        body: cocoonPayoutBody(1n),
                    });
                    return txTo(
                        (await g.earnings.sendDeploy(g.stranger.getSender(), { value: toNano('1') })).transactions,
                        g.earnings,
                    );
                },
            ],
        ];
        for (const [scenario, run] of cases) {
            await f.blockchain.loadFrom(f.snapshot);
            const tx = await run();
            expect(exitCode(tx)).toBe(0);
            const gas = gasUsed(tx);
            report.record('sweep', `${scenario} (${prices})`, gas, EarningsGas.sweep);
            expect(gas).toBeLessThanOrEqual(EarningsGas.sweep);
        }
    });
});
