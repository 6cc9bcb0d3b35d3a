/**
 * EarningsAddress receiving revenue: Cocoon's payout and every other message is the worker's
 * revenue, never throws, and leaves for the pool whole (one bounceable attributed_revenue carrying
 * the worker index) once the balance reaches the forward threshold; below it, it accumulates. A
 * forward the pool does not take comes back and is kept. Fee-sensitive tests run under both price sets.
 */
import { Address, beginCell, Cell, SendMode, toNano } from '@ton/core';
import { BlockchainTransaction } from '@ton/sandbox';
import { createHash } from 'crypto';
import { GasReport } from '../../toolkit/chain/gas-report';
import { PRICE_SETS } from '../../toolkit/chain/prices';
import { computeFees, exitCode, forwardFees, gasUsed, storageFees } from '../../toolkit/chain/transactions';
import {
    earningsAddressOf,
    earningsConfigToCell,
    EarningsGas,
    EarningsLimits,
    forwardCost,
    forwardThreshold,
    parseEarningsData,
    sweepValue,
} from '../../wrappers/EarningsAddress';
import { parseAttributedRevenue, SharedOp, textCommentBody } from '../../wrappers/shared';
import { EARNINGS_WORKER, EarningsFixture, setupEarnings } from '../../audits/harness/earnings-fixture';
import { funcConstant } from '../../audits/tools/func-sources';
import { expectSent } from '../helpers/messages';

const report = new GasReport('EarningsAddress gas per path (bound: contracts/earnings/gas.fc)');
afterAll(() => report.print());

/** A basechain address nobody deployed. */
const nobody = (seed: string) => new Address(0, createHash('sha256').update(`earnings-${seed}`).digest());

async function balanceOf(f: EarningsFixture, a: Address): Promise<bigint> {
    return (await f.blockchain.getContract(a)).balance;
}

/** The transaction of the message `to` received from `from`. */
function txOf(transactions: BlockchainTransaction[], from: Address, to: Address): BlockchainTransaction {
    const tx = transactions.find(
        (t) =>
            t.inMessage?.info.type === 'internal' &&
            t.inMessage.info.src.equals(from) &&
            t.inMessage.info.dest.equals(to),
    );
    if (!tx) throw new Error(`no transaction ${from} -> ${to}`);
    return tx;
}

/** The attributed_revenue a forward must carry: the whole balance less this transaction's compute and the forward fee. */
function expectForward(
    f: EarningsFixture,
    tx: BlockchainTransaction,
    balanceBefore: bigint,
    value: bigint,
    queryId: bigint,
) {
    expect(exitCode(tx)).toBe(0);
    const forwarded = balanceBefore + value - storageFees(tx) - computeFees(tx) - f.fees().forward(0, 0);
    expect(forwardFees(tx)).toBe(f.fees().forward(0, 0));
    expectSent(tx, [
        {
            to: f.pool,
            value: forwarded,
            bounce: true,
            mode: SendMode.CARRY_ALL_REMAINING_BALANCE,
            body: (b) => expect(parseAttributedRevenue(b)).toEqual({ queryId, workerIndex: EARNINGS_WORKER }),
        },
    ]);
    return forwarded;
}

describe('EarningsAddress address and storage', () => {
    // The pool authenticates an earnings contract by recomputing its address, so the address must be
    // a pure function of (code, pool, worker index): one per worker, different for every other
    // worker or pool, and the StateInit data must be exactly pool + index (no other field an
    // attacker could vary to reach the same address with different behaviour).
    it('[COC-651] the address is the StateInit hash of (code, pool, worker index), one per worker and pool, and the data round-trips', async () => {
        const f = await setupEarnings();
        const data = earningsConfigToCell({ pool: f.pool, workerIndex: EARNINGS_WORKER });
        expect(data.bits.length).toBe(267 + 32);
        expect(data.refs.length).toBe(0);
        const parsed = parseEarningsData(data);
        expect({ pool: parsed.pool.toRawString(), workerIndex: parsed.workerIndex }).toEqual({
            pool: f.pool.toRawString(),
            workerIndex: EARNINGS_WORKER,
        });
        expect(
            f.earnings.address.equals(earningsAddressOf({ pool: f.pool, workerIndex: EARNINGS_WORKER }, f.code)),
        ).toBe(true);
        const got = await f.earnings.getEarningsData();
        expect({ pool: got.pool.toRawString(), workerIndex: got.workerIndex }).toEqual({
            pool: f.pool.toRawString(),
            workerIndex: EARNINGS_WORKER,
        });
        const seen = new Set<string>();
        for (const pool of [f.pool, nobody('other-pool')]) {
            for (const workerIndex of [0, 1, EARNINGS_WORKER, 47, 48, 9999, 0xffffffff])
                seen.add(earningsAddressOf({ pool, workerIndex }, f.code).toRawString());
        }
        expect(seen.size).toBe(14);
        expect(() => earningsConfigToCell({ pool: f.pool, workerIndex: 2 ** 32 })).toThrow('not a uint32');
        expect(() => earningsConfigToCell({ pool: new Address(-1, Buffer.alloc(32)), workerIndex: 1 })).toThrow(
            'not on the basechain',
        );
    });
});

describe.each(PRICE_SETS)('EarningsAddress revenue (%s prices)', (prices) => {
    let f: EarningsFixture;
    beforeAll(async () => {
        f = await setupEarnings({ prices });
    });
    beforeEach(async () => {
        await f.blockchain.loadFrom(f.snapshot);
    });

    // The threshold and sweep value clients compute must be the contract's, from the same config.
    it(`[FIN-651] get_forward_threshold and get_sweep_value equal the config maths of the wrapper (${prices})`, async () => {
        expect(EarningsLimits.forwardCostMultiple).toBe(
            Number(funcConstant('contracts/earnings/params.fc', 'FORWARD_COST_MULTIPLE')),
        );
        expect(await f.earnings.getForwardThreshold()).toBe(forwardThreshold(f.fees()));
        expect(forwardThreshold(f.fees())).toBe(10n * (f.fees().compute(EarningsGas.forward) + f.fees().forward(0, 0)));
        expect(await f.earnings.getSweepValue()).toBe(sweepValue(f.fees()));
    });

    // Cocoon pays with a non-bounceable 96-bit cocoon_payout: a throw would lose the money. The
    // payout must leave whole for the pool in one bounceable attributed_revenue carrying Cocoon's
    // query id and the worker index, with the contract paying its compute and forward fee from the
    // value, and nothing kept.
    it(`[COC-652] a Cocoon payout at or above the threshold is forwarded whole to the pool as attributed_revenue (${prices})`, async () => {
        const value = toNano('2.5') + 123n;
        const poolBefore = await balanceOf(f, f.pool);
        const r = await f.earnings.sendCocoonPayout(f.cocoon.getSender(), { value, queryId: 0xfedcba9876543210n });
        const tx = txOf(r.transactions, f.cocoon.address, f.earnings.address);
        expect(tx.inMessage!.info.type === 'internal' && tx.inMessage!.info.bounce).toBe(false);
        const forwarded = expectForward(f, tx, 0n, value, 0xfedcba9876543210n);
        expect(await balanceOf(f, f.earnings.address)).toBe(0n);
        const poolTx = txOf(r.transactions, f.earnings.address, f.pool);
        expect(await balanceOf(f, f.pool)).toBe(poolBefore + forwarded - storageFees(poolTx) - computeFees(poolTx));
        // fees stay within the threshold's promise: at most 1/10 of what moved
        expect((value - forwarded) * 10n <= value).toBe(true);
    });

    // The threshold boundary from the config: a balance of threshold - 1 stays (no message, no
    // throw), exactly the threshold is forwarded.
    it(`[FIN-652] a balance of threshold - 1 accumulates and exactly the threshold is forwarded (${prices})`, async () => {
        const threshold = forwardThreshold(f.fees());
        const below = await f.earnings.sendCocoonPayout(f.cocoon.getSender(), { value: threshold - 1n, queryId: 1n });
        const tb = txOf(below.transactions, f.cocoon.address, f.earnings.address);
        expect(exitCode(tb)).toBe(0);
        expect(tb.outMessagesCount).toBe(0);
        expect(storageFees(tb)).toBe(0n);
        expect(await balanceOf(f, f.earnings.address)).toBe(threshold - 1n - computeFees(tb));

        await f.blockchain.loadFrom(f.snapshot);
        const at = await f.earnings.sendCocoonPayout(f.cocoon.getSender(), { value: threshold, queryId: 2n });
        expectForward(f, txOf(at.transactions, f.cocoon.address, f.earnings.address), 0n, threshold, 2n);
        expect(await balanceOf(f, f.earnings.address)).toBe(0n);
    });

    // Dust is never lost: payouts below the threshold add up in the balance, and the payout that
    // lifts the balance over the threshold forwards all of it, earlier dust included.
    it(`[FIN-653] payouts below the threshold accumulate and the one that crosses it forwards everything (${prices})`, async () => {
        const threshold = forwardThreshold(f.fees());
        const small = (threshold * 2n) / 5n;
        let held = 0n;
        for (let i = 0; i < 2; i++) {
            const r = await f.earnings.sendCocoonPayout(f.cocoon.getSender(), { value: small, queryId: BigInt(i) });
            const tx = txOf(r.transactions, f.cocoon.address, f.earnings.address);
            expect(tx.outMessagesCount).toBe(0);
            held += small - computeFees(tx) - storageFees(tx);
            expect(await balanceOf(f, f.earnings.address)).toBe(held);
        }
        const r = await f.earnings.sendCocoonPayout(f.cocoon.getSender(), { value: small, queryId: 9n });
        expectForward(f, txOf(r.transactions, f.cocoon.address, f.earnings.address), held, small, 9n);
        expect(await balanceOf(f, f.earnings.address)).toBe(0n);
    });

    // A payout too small to pay for any compute (no accept_message: the gas limit is the message's
    // own value) is credited without running code, and leaves with the next forward. Nobody can
    // drain the balance by sending tiny messages: each pays its own gas.
    it(`[COC-653] a payout too small to pay its own compute is credited and forwarded with the next payout (${prices})`, async () => {
        const tiny = 1000n;
        const r = await f.earnings.sendCocoonPayout(f.cocoon.getSender(), { value: tiny, queryId: 1n });
        const tx = txOf(r.transactions, f.cocoon.address, f.earnings.address);
        expect(tx.outMessagesCount).toBe(0);
        expect(computeFees(tx) <= tiny).toBe(true);
        const held = tiny - computeFees(tx) - storageFees(tx);
        expect(await balanceOf(f, f.earnings.address)).toBe(held);
        const next = await f.earnings.sendCocoonPayout(f.cocoon.getSender(), { value: toNano('1'), queryId: 2n });
        expectForward(f, txOf(next.transactions, f.cocoon.address, f.earnings.address), held, toNano('1'), 2n);
    });

    // Every way money can arrive is the worker's revenue and never throws: a plain transfer, a text
    // comment, Cocoon's own excesses op (0x2565934c, gas change, which has no owner to return to
    // here), an attributed_revenue aimed at it, an unknown op, bodies shorter than op + query id,
    // bodies with refs, bounceable or not. Each is forwarded (query id 0, Cocoon's payout alone
    // carries its query id) and nothing bounces.
    it(`[COC-654] every other message is revenue: forwarded with query id 0, never thrown back (${prices})`, async () => {
        const ref = beginCell().storeUint(0xabcdef, 24).endCell();
        const bodies: [string, Cell][] = [
            ['empty', Cell.EMPTY],
            ['text comment', textCommentBody('for worker 7')],
            ['cocoon excesses', beginCell().storeUint(0x2565934c, 32).storeUint(5n, 64).endCell()],
            [
                'attributed_revenue',
                beginCell().storeUint(SharedOp.attributedRevenue, 32).storeUint(5n, 64).storeUint(1, 32).endCell(),
            ],
            ['unknown op', beginCell().storeUint(0xdeadbeef, 32).storeUint(5n, 64).storeRef(ref).endCell()],
            ['31 bits', beginCell().storeUint(0x7fffffff, 31).endCell()],
            ['95 bits', beginCell().storeUint(SharedOp.cocoonPayout, 32).storeUint(0, 63).endCell()],
            [
                '1023 bits',
                beginCell()
                    .storeUint(0xdeadbeef, 32)
                    .storeBits(beginCell().storeUint(0, 991).endCell().beginParse().loadBits(991))
                    .endCell(),
            ],
        ];
        for (const [name, body] of bodies) {
            for (const bounce of [false, true]) {
                // (each forward leaves the balance at 0, the state every message starts from)
                const value = toNano('1');
                const r = await f.stranger.send({ to: f.earnings.address, value, body, bounce });
                const tx = txOf(r.transactions, f.stranger.address, f.earnings.address);
                expect({
                    name,
                    bounce,
                    exit: exitCode(tx),
                    aborted: tx.description.type === 'generic' && tx.description.aborted,
                }).toEqual({ name, bounce, exit: 0, aborted: false });
                expectForward(f, tx, 0n, value, 0n);
            }
        }
    });

    // The pool frozen, missing or refusing: the forward is bounceable, so its value comes back. The
    // bounce must not throw, send or be forwarded again at once (no ping-pong); the value waits in
    // the balance, and the next payout forwards it with the new one.
    it(`[MSG-651] a bounced forward is kept and leaves with the next forward (${prices})`, async () => {
        const g = await setupEarnings({ prices, pool: nobody('missing-pool') });
        const value = toNano('3');
        const r = await g.earnings.sendCocoonPayout(g.cocoon.getSender(), { value, queryId: 4n });
        const out = expectForward(g, txOf(r.transactions, g.cocoon.address, g.earnings.address), 0n, value, 4n);
        const missing = txOf(r.transactions, g.earnings.address, g.pool);
        const bounceTx = txOf(r.transactions, g.pool, g.earnings.address);
        expect(bounceTx.inMessage!.info.type === 'internal' && bounceTx.inMessage!.info.bounced).toBe(true);
        expect(exitCode(bounceTx)).toBe(0);
        expect(bounceTx.outMessagesCount).toBe(0);
        const back = bounceTx.inMessage!.info.type === 'internal' ? bounceTx.inMessage!.info.value.coins : 0n;
        expect(back > 0n && back < out).toBe(true);
        const held = back - computeFees(bounceTx) - storageFees(bounceTx);
        expect(await balanceOf(g, g.earnings.address)).toBe(held);
        expect(r.transactions.length).toBe(4); // cocoon, earnings, missing pool, bounce: nothing more
        expect(missing.outMessagesCount).toBe(1);
        const next = await g.earnings.sendCocoonPayout(g.cocoon.getSender(), { value, queryId: 5n });
        expectForward(g, txOf(next.transactions, g.cocoon.address, g.earnings.address), held, value, 5n);
    });

    // The contract keeps no reserve: storage accrues while no payout arrives. After a year idle,
    // the next (non-bounceable) payout is credited first, pays the storage due from its value, and
    // the rest is forwarded: the contract is never frozen by a debt its revenue cannot pay.
    it(`[STO-651] a year without payouts: the storage due is paid from the next payout and the rest forwarded (${prices})`, async () => {
        f.blockchain.now = f.blockchain.now! + 365 * 24 * 3600;
        const value = toNano('1');
        const r = await f.earnings.sendCocoonPayout(f.cocoon.getSender(), { value, queryId: 3n });
        const tx = txOf(r.transactions, f.cocoon.address, f.earnings.address);
        expect(storageFees(tx) > 0n).toBe(true);
        expect(storageFees(tx) * 100n < value).toBe(true);
        expectForward(f, tx, 0n, value, 3n);
        expect(await balanceOf(f, f.earnings.address)).toBe(0n);
    });

    // Named bounds (contracts/earnings/gas.fc): receiving without forwarding, receiving and
    // forwarding, and the bounce of a forward, each within gas::forward.
    it(`[GAS-651] revenue, forward and a bounced forward stay within gas::forward (${prices})`, async () => {
        const threshold = forwardThreshold(f.fees());
        const acc = await f.earnings.sendCocoonPayout(f.cocoon.getSender(), { value: threshold - 1n, queryId: 1n });
        const fwd = await f.earnings.sendCocoonPayout(f.cocoon.getSender(), { value: toNano('1'), queryId: 2n });
        const g = await setupEarnings({ prices, pool: nobody('missing-pool') });
        const b = await g.earnings.sendCocoonPayout(g.cocoon.getSender(), { value: toNano('1'), queryId: 3n });
        const rows: [string, BlockchainTransaction][] = [
            ['accumulate', txOf(acc.transactions, f.cocoon.address, f.earnings.address)],
            ['forward', txOf(fwd.transactions, f.cocoon.address, f.earnings.address)],
            ['bounced forward', txOf(b.transactions, g.pool, g.earnings.address)],
        ];
        for (const [scenario, tx] of rows) {
            const gas = gasUsed(tx);
            report.record('revenue', `${scenario} (${prices})`, gas, EarningsGas.forward);
            expect(gas).toBeLessThanOrEqual(EarningsGas.forward);
        }
        // the forward itself is priced by the threshold: its compute never exceeds forwardCost's share
        expect(computeFees(rows[1][1]) <= forwardCost(f.fees()) - f.fees().forward(0, 0)).toBe(true);
    });
});
