/**
 * PoolPayout handlers other than batches and bounces: revenue (never throws), reserve top-up,
 * worker_sync from the registry, and every owner op, each happy and adversarial.
 */
import { Address, beginCell, Cell, SendMode, toNano } from '@ton/core';
import { Blockchain, SandboxContract, TreasuryContract } from '@ton/sandbox';
import { computeFees, exitCode, forwardFees, storageFees } from '../../toolkit/chain/transactions';
import { PRICE_SETS } from '../../toolkit/chain/prices';
import {
    bookedRevenue,
    claimOwnershipBody,
    PoolError,
    PoolGas,
    PoolLimits,
    PoolOp,
    PoolPayout,
    setOperatorBody,
    setParamsBody,
    setPausedBody,
    transferOwnershipBody,
    upgradeCodeBody,
    withdrawCommissionBody,
    withdrawValue,
} from '../../wrappers/PoolPayout';
import { excessesBody, SharedOp, storeWorkerSync, textCommentBody } from '../../wrappers/shared';
import { expectPoolInvariants } from '../helpers/invariants';
import { malformedBodies } from '../helpers/malformed';
import { expectSent } from '../helpers/messages';
import { sendBatch } from '../helpers/pool-batch';
import {
    fillerAddress,
    POOL_COMMISSION_BPS,
    POOL_PERIOD_LENGTH,
    PoolFixture,
    setupPool,
} from '../../audits/harness/pool-fixture';
import { expectRejected } from '../helpers/rejections';
import { stateOf } from '../../audits/harness/state';

const TON = toNano('1');

async function expectRejectedBy(
    f: PoolFixture,
    via: SandboxContract<TreasuryContract>,
    body: Cell,
    code: number,
    value = TON,
) {
    const before = await stateOf(f.blockchain, f.pool.address);
    const r = await via.send({ to: f.pool.address, value, body });
    await expectRejected(f.blockchain, r, { from: via.address, to: f.pool.address, exitCode: code, before });
}

const syncBody = (workerIndex: number, payout: Address, active: boolean) =>
    beginCell()
        .store(storeWorkerSync({ queryId: 1n, workerIndex, payout, active }))
        .endCell();

describe.each(PRICE_SETS)('PoolPayout revenue and commission (%s prices)', (prices) => {
    let f: PoolFixture;
    let blockchain: Blockchain;
    beforeAll(async () => {
        f = await setupPool({ prices, revenue: 0n });
    });
    beforeEach(async () => {
        await f.blockchain.loadFrom(f.snapshot);
        blockchain = f.blockchain;
    });

    // Cocoon pays the owner address with non-bounceable messages from proxies we cannot list: any
    // sender's cocoon_payout is booked as revenue (net of what receiving it costs), commission is
    // taken in basis points rounded down, nothing is sent back, and the handler never throws.
    it('[COC-201] a Cocoon payout from any proxy is booked as revenue net of the receipt fee with commission rounded down', async () => {
        const proxies = [await blockchain.treasury('proxy-a'), await blockchain.treasury('proxy-b')];
        let revenue = 0n;
        let commission = 0n;
        for (const [i, proxy] of proxies.entries()) {
            const value = toNano('3.333333333') + BigInt(i);
            const before = await stateOf(blockchain, f.pool.address);
            const r = await f.pool.sendCocoonPayout(proxy.getSender(), { value, queryId: 7n });
            const tx = r.transactions[1];
            expect(exitCode(tx)).toBe(0);
            expect(tx.outMessagesCount).toBe(0);
            const booked = bookedRevenue(f.fees(), value, POOL_COMMISSION_BPS);
            expect(booked.commission).toBe((booked.revenue * 1000n) / 10000n);
            revenue += booked.revenue;
            commission += booked.commission;
            expect((await stateOf(blockchain, f.pool.address)).balance).toBe(
                before.balance + value - storageFees(tx) - computeFees(tx),
            );
        }
        const t = await f.pool.getTotals();
        expect({ revenue: t.revenue, commissionAccrued: t.commissionAccrued, owed: t.owed }).toEqual({
            revenue,
            commissionAccrued: commission,
            owed: revenue - commission,
        });
        await expectPoolInvariants(blockchain, f.pool);
    });

    // Every other way money arrives is revenue too and never bounces: a plain transfer, a text
    // comment, a slashed stake (from the registry or anyone), an unknown op, a body too short for
    // an op. A payment no larger than the receipt fee books nothing (it only covers its own cost).
    it('[COC-202] plain transfers, comments, slashed stakes, unknown ops and short bodies are all revenue', async () => {
        const bodies: (Cell | undefined)[] = [
            undefined,
            textCommentBody('thanks'),
            beginCell().storeUint(0xfa753094, 32).storeUint(1, 64).storeUint(3, 32).endCell(),
            beginCell().storeUint(0x12345678, 32).storeUint(1, 64).endCell(),
            beginCell().storeUint(0xabc, 40).endCell(),
            excessesBody(5n),
        ];
        let revenue = 0n;
        for (const via of [f.registry, f.stranger]) {
            for (const body of bodies) {
                const r = await f.pool.sendRevenue(via.getSender(), { value: TON, body });
                expect(exitCode(r.transactions[1])).toBe(0);
                expect(r.transactions[1].outMessagesCount).toBe(0);
                revenue += bookedRevenue(f.fees(), TON, POOL_COMMISSION_BPS).revenue;
            }
        }
        const dust = f.fees().compute(PoolGas.revenue);
        const r = await f.pool.sendRevenue(f.stranger.getSender(), { value: dust });
        expect(exitCode(r.transactions[1])).toBe(0);
        expect((await f.pool.getTotals()).revenue).toBe(revenue);
        await expectPoolInvariants(blockchain, f.pool);
    });

    // Revenue skips the request dispatch for cocoon_payout and op 0 (comments). Staged with raw
    // bodies at the TL-B extremes, non-bounceable as Cocoon sends them: a bare op, query_id at
    // 2^64-1, a full 1023-bit cell with four junk refs, a comment whose tail runs into a ref. Must
    // hold: none throws, nothing is sent, each is booked to the nanoton; and the fast path swallows
    // no request: set_paused (the op beside it in the dispatch) from a stranger is still 401.
    it('[COC-204] cocoon_payout and comment bodies at their TL-B extremes are booked exactly and never throw; requests still reach the dispatch', async () => {
        const junk = beginCell().storeUint(0xdead, 16).endCell();
        const full = beginCell()
            .storeUint(SharedOp.cocoonPayout, 32)
            .storeUint(2n ** 64n - 1n, 64);
        full.storeUint(0, 1023 - 96);
        for (let i = 0; i < 4; i++) full.storeRef(junk);
        const bodies = [
            beginCell().storeUint(SharedOp.cocoonPayout, 32).endCell(),
            beginCell()
                .storeUint(SharedOp.cocoonPayout, 32)
                .storeUint(2n ** 64n - 1n, 64)
                .endCell(),
            full.endCell(),
            beginCell().storeUint(0, 32).storeStringTail('x'.repeat(300)).endCell(),
        ];
        const before = await f.pool.getTotals();
        const booked = bookedRevenue(f.fees(), TON, POOL_COMMISSION_BPS);
        for (const body of bodies) {
            const r = await f.pool.sendRevenue(f.stranger.getSender(), { value: TON, body });
            expect(exitCode(r.transactions[1])).toBe(0);
            expect(r.transactions[1].outMessagesCount).toBe(0);
        }
        const after = await f.pool.getTotals();
        expect(after.revenue - before.revenue).toBe(booked.revenue * BigInt(bodies.length));
        expect(after.commissionAccrued - before.commissionAccrued).toBe(booked.commission * BigInt(bodies.length));
        const paused = beginCell().storeUint(PoolOp.setPaused, 32).storeUint(0, 64).storeBit(true).endCell();
        const r = await f.pool.sendRevenue(f.stranger.getSender(), { value: TON, body: paused, bounce: true });
        expect(exitCode(r.transactions[1])).toBe(PoolError.notOwner);
        expect((await f.pool.getParams()).paused).toBe(false);
        await expectPoolInvariants(blockchain, f.pool);
    });

    // Commission rounding: many small payments whose commission is fractional; accrued commission is
    // the sum of each payment's floor (never rounded up in the pool's favour), to the nanoton.
    it('[FIN-203] commission is floor(net * bps / 10000) per payment and the sum matches to the nanoton', async () => {
        await f.pool.sendSetParams(f.owner.getSender(), {
            value: TON,
            commissionBps: 333,
            minPayout: 1n,
            periodCap: TON * 1000n,
            periodLength: POOL_PERIOD_LENGTH,
        });
        const proxy = await blockchain.treasury('proxy');
        let commission = 0n;
        let revenue = 0n;
        let fractional = 0;
        for (let i = 0; i < 7; i++) {
            const value = toNano('0.1') + BigInt(i * 7 + 1);
            await f.pool.sendCocoonPayout(proxy.getSender(), { value });
            const b = bookedRevenue(f.fees(), value, 333);
            if ((b.revenue * 333n) % 10000n !== 0n) fractional += 1;
            commission += b.commission;
            revenue += b.revenue;
        }
        expect(fractional).toBeGreaterThanOrEqual(5);
        const t = await f.pool.getTotals();
        expect(t.commissionAccrued).toBe(commission);
        expect(t.owed).toBe(revenue - commission);
        await expectPoolInvariants(blockchain, f.pool);
    });

    // The owner's reserve top-up is not revenue: the balance grows, no worker money is booked.
    it('[POOL-204] top_up_reserve adds to the reserve, not to revenue', async () => {
        const before = await f.pool.getTotals();
        const r = await f.pool.sendTopUpReserve(f.owner.getSender(), { value: 5n * TON });
        const tx = r.transactions[1];
        const after = await f.pool.getTotals();
        expect(after.revenue).toBe(before.revenue);
        expect(after.reserve).toBe(before.reserve + 5n * TON - storageFees(tx) - computeFees(tx));
    });

    // A Cocoon proxy sends cocoon_excesses#2565934c (non-bounceable) to a voucher's send_excesses_to
    // when that names the pool: it is the proxy's unspent gas, not a worker's earnings. Must hold:
    // it goes to the reserve to the nanoton (value minus this transaction's fees), revenue,
    // commission and the ledger do not move, nothing is sent; the same value as a cocoon_payout is
    // revenue (the minimally different positive).
    it('[COC-203] cocoon_excesses from a Cocoon proxy tops up the reserve and is never booked as revenue', async () => {
        const proxy = await blockchain.treasury('cocoon-proxy');
        const body = beginCell().storeUint(0x2565934c, 32).storeUint(77n, 64).endCell();
        const before = await f.pool.getTotals();
        const data = (await stateOf(blockchain, f.pool.address)).data;
        const r = await proxy.send({ to: f.pool.address, value: 3n * TON, bounce: false, body });
        const tx = r.transactions[1];
        expect(exitCode(tx)).toBe(0);
        expect(tx.outMessagesCount).toBe(0);
        const after = await f.pool.getTotals();
        expect((await stateOf(blockchain, f.pool.address)).data.equals(data)).toBe(true);
        expect({ revenue: after.revenue, commission: after.commissionAccrued, owed: after.owed }).toEqual({
            revenue: before.revenue,
            commission: before.commissionAccrued,
            owed: before.owed,
        });
        expect(after.reserve).toBe(before.reserve + 3n * TON - storageFees(tx) - computeFees(tx));
        const payout = await f.pool.sendCocoonPayout(proxy.getSender(), { value: 3n * TON });
        expect((await f.pool.getTotals()).revenue).toBe(
            before.revenue + bookedRevenue(f.fees(), 3n * TON, POOL_COMMISSION_BPS).revenue,
        );
        expect(exitCode(payout.transactions[1])).toBe(0);
    });

    // Commission withdrawal: the owner takes at most what is held, the value it attaches pays the
    // fees and comes back with the commission; one nanoton short of withdraw_value is refused (407).
    it('[FIN-204] the owner withdraws held commission exactly; more than held (exceeds_commission) or too little value (insufficient_value) is refused', async () => {
        await f.pool.sendCocoonPayout(f.stranger.getSender(), { value: 100n * TON });
        const held = (await f.pool.getTotals()).commissionHeld;
        const need = withdrawValue(f.fees());
        await expectRejectedBy(
            f,
            f.owner,
            withdrawCommissionBody({ amount: held + 1n }),
            PoolError.exceedsCommission,
            need,
        );
        await expectRejectedBy(
            f,
            f.owner,
            withdrawCommissionBody({ amount: held }),
            PoolError.insufficientValue,
            need - 1n,
        );
        const before = await stateOf(blockchain, f.pool.address);
        const r = await f.pool.sendWithdrawCommission(f.owner.getSender(), { value: need, amount: held, queryId: 9n });
        const tx = r.transactions[1];
        expectSent(tx, [
            {
                to: f.owner.address,
                value: held + need - computeFees(tx) - forwardFees(tx),
                bounce: false,
                mode: SendMode.CARRY_ALL_REMAINING_BALANCE,
                body: (b) => expect(b.equals(excessesBody(9n))).toBe(true),
            },
        ]);
        expect((await stateOf(blockchain, f.pool.address)).balance).toBe(before.balance - storageFees(tx) - held);
        const t = await f.pool.getTotals();
        expect({ held: t.commissionHeld, withdrawn: t.commissionWithdrawn }).toEqual({ held: 0n, withdrawn: held });
        await expectPoolInvariants(blockchain, f.pool);
    });
});

describe('PoolPayout worker table and owner ops', () => {
    let f: PoolFixture;
    let blockchain: Blockchain;
    beforeAll(async () => {
        f = await setupPool({ workers: 4, recipients: 4 });
    });
    beforeEach(async () => {
        await f.blockchain.loadFrom(f.snapshot);
        blockchain = f.blockchain;
    });

    // The registry is the only source of payout addresses: a sync sets the address and the active
    // flag and keeps the paid amount and bounce count; a suspended worker is skipped, a reinstated
    // one is paid only what it is still owed.
    it('[POOL-205] worker_sync from the registry sets address and active flag and keeps paid', async () => {
        await sendBatch(f, [{ workerIndex: 1, cumulative: TON }]);
        const r = await f.registry.send({
            to: f.pool.address,
            value: toNano('0.05'),
            body: syncBody(1, f.recipients[3].address, false),
        });
        expect(exitCode(r.transactions[1])).toBe(0);
        expect(r.transactions[1].outMessagesCount).toBe(0);
        const w = await f.pool.getWorker(1);
        expect({ ...w, payout: w.payout?.toString() }).toEqual({
            known: true,
            payout: f.recipients[3].address.toString(),
            active: false,
            paid: TON,
            bounces: 0,
            held: false,
            withdrawn: false,
        });
        const skipped = await sendBatch(f, [{ workerIndex: 1, cumulative: 2n * TON }]);
        expect(skipped.payouts).toEqual([]);
        expect(skipped.report!.report.skippedInactive).toBe(1);
        await f.registry.send({
            to: f.pool.address,
            value: toNano('0.05'),
            body: syncBody(1, f.recipients[3].address, true),
        });
        const paid = await sendBatch(f, [{ workerIndex: 1, cumulative: 2n * TON }]);
        expect(paid.payouts.map((p) => [p.to.toString(), p.amount])).toEqual([
            [f.recipients[3].address.toString(), TON],
        ]);
        // a brand-new worker in a new page
        await f.registry.send({
            to: f.pool.address,
            value: toNano('0.05'),
            body: syncBody(9999, f.recipients[0].address, true),
        });
        expect(await f.pool.getWorker(9999)).toMatchObject({ known: true, active: true, paid: 0n });
        expect(await f.pool.getWorker(9998)).toMatchObject({ known: false, payout: null, active: false });
        await expectPoolInvariants(blockchain, f.pool, {
            paid: new Map([
                [1, 2n * TON],
                [9999, 0n],
            ]),
        });
    });

    // A stolen operator key (or anyone) must not redirect payouts: worker_sync from anyone but
    // the registry is refused (403); a non-basechain payout address is refused (414); malformed
    // syncs are refused; nothing changes.
    it('[ACC-202] worker_sync from anyone but the registry (not_registry), to a non-basechain address (invalid_address) or malformed (malformed_body) is rejected', async () => {
        for (const via of [f.owner, f.operator, f.stranger])
            await expectRejectedBy(f, via, syncBody(0, via.address, true), PoolError.notRegistry);
        await expectRejectedBy(
            f,
            f.registry,
            syncBody(0, new Address(-1, Buffer.alloc(32, 7)), true),
            PoolError.invalidAddress,
        );
        for (const m of malformedBodies(syncBody(0, f.stranger.address, true))) {
            if (m.kind === 'wrong_op' || m.body.bits.length < 96) continue; // another op or too short for one: revenue
            await expectRejectedBy(f, f.registry, m.body, PoolError.malformedBody);
        }
    });

    // Every owner op refuses every other role with 401 and changes nothing.
    it('[ACC-203] every owner op from the operator, the registry or a stranger is rejected with not_owner', async () => {
        const bodies = [
            withdrawCommissionBody({ amount: 1n }),
            setParamsBody({ commissionBps: 0, minPayout: 1n, periodCap: TON, periodLength: 1 }),
            setOperatorBody({ operator: f.stranger.address }),
            setPausedBody({ paused: true }),
            transferOwnershipBody({ newOwner: f.stranger.address }),
            upgradeCodeBody({ code: beginCell().endCell() }),
        ];
        for (const via of [f.operator, f.registry, f.stranger])
            for (const body of bodies) await expectRejectedBy(f, via, body, PoolError.notOwner);
    });

    // Attack: every owner op sent by the owner with its body cut short (at every cut that still
    // leaves an op and a query id), one trailing bit too many, one stray ref, or (upgrade_code) its
    // code ref missing. Must hold: each is refused with the pool's own malformed_body (415), never
    // the TVM's 9 or 5, nothing is sent but the bounce, and the state is the same cell.
    it('[MSG-204] every malformed owner request (truncated, trailing bit, stray ref, missing ref) is rejected with malformed_body and changes nothing', async () => {
        const valid = [
            setParamsBody({ commissionBps: 100, minPayout: 1n, periodCap: TON, periodLength: 10 }),
            setOperatorBody({ operator: f.stranger.address }),
            setPausedBody({ paused: true }),
            transferOwnershipBody({ newOwner: f.stranger.address }),
            claimOwnershipBody(),
            withdrawCommissionBody({ amount: 1n }),
        ];
        const upgrade = upgradeCodeBody({ code: f.code });
        const bodies: Cell[] = [
            ...valid.flatMap((body) =>
                malformedBodies(body)
                    .filter((m) => m.kind !== 'wrong_op' && m.body.bits.length >= 96)
                    .map((m) => m.body),
            ),
            beginCell().storeBits(upgrade.beginParse().loadBits(upgrade.bits.length)).endCell(), // code ref missing
            beginCell().storeSlice(upgrade.beginParse()).storeBit(1).endCell(),
            beginCell().storeSlice(upgrade.beginParse()).storeRef(beginCell().endCell()).endCell(),
        ];
        expect(bodies.length).toBeGreaterThan(40);
        for (const body of bodies) await expectRejectedBy(f, f.owner, body, PoolError.malformedBody);
    });

    // Two-step ownership: the proposed owner must claim; until then the old owner rules; a stranger
    // cannot claim (404); after the claim the old owner is refused.
    it('[ACC-204] ownership moves only when the proposed owner claims it', async () => {
        const next = await blockchain.treasury('next-owner');
        await f.pool.sendTransferOwnership(f.owner.getSender(), { value: TON, newOwner: next.address });
        expect((await f.pool.getParams()).pendingOwner?.toString()).toBe(next.address.toString());
        await expectRejectedBy(
            f,
            f.stranger,
            beginCell().storeUint(0x0c98bdcf, 32).storeUint(0, 64).endCell(),
            PoolError.notPendingOwner,
        );
        await f.pool.sendSetPaused(f.owner.getSender(), { value: TON, paused: true }); // still the owner
        expect((await f.pool.getParams()).paused).toBe(true);
        await f.pool.sendClaimOwnership(next.getSender(), { value: TON });
        const p = await f.pool.getParams();
        expect({ owner: p.owner.toString(), pending: p.pendingOwner }).toEqual({
            owner: next.address.toString(),
            pending: null,
        });
        await expectRejectedBy(f, f.owner, setPausedBody({ paused: false }), PoolError.notOwner);
    });

    // Parameters: commission above the hard maximum (410) and a zero period (411) are refused; the
    // maximum itself is accepted; a new commission applies only to revenue that arrives after it.
    it('[FIN-205] set_params enforces the commission maximum and a non-zero period; new commission applies to later revenue', async () => {
        const params = { minPayout: 5n, periodCap: 7n * TON, periodLength: 60 };
        await expectRejectedBy(
            f,
            f.owner,
            setParamsBody({ ...params, commissionBps: PoolLimits.commissionBpsMax + 1 }),
            PoolError.commissionTooHigh,
        );
        await expectRejectedBy(
            f,
            f.owner,
            setParamsBody({ ...params, commissionBps: 0, periodLength: 0 }),
            PoolError.invalidPeriod,
        );
        const accrued = (await f.pool.getTotals()).commissionAccrued;
        await f.pool.sendSetParams(f.owner.getSender(), {
            value: TON,
            ...params,
            commissionBps: PoolLimits.commissionBpsMax,
        });
        expect(await f.pool.getParams()).toMatchObject({ ...params, commissionBps: PoolLimits.commissionBpsMax });
        expect((await f.pool.getTotals()).commissionAccrued).toBe(accrued);
        await f.pool.sendCocoonPayout(f.stranger.getSender(), { value: 10n * TON });
        const b = bookedRevenue(f.fees(), 10n * TON, PoolLimits.commissionBpsMax);
        expect((await f.pool.getTotals()).commissionAccrued).toBe(accrued + b.commission);
        await expectPoolInvariants(blockchain, f.pool);
    });

    // Operator rotation: the new operator can submit batches, the old one is refused (402); only
    // a basechain address can be operator (414).
    it('[ACC-205] set_operator hands batches to the new operator and locks out the old one', async () => {
        const next = await blockchain.treasury('next-operator');
        await expectRejectedBy(
            f,
            f.owner,
            setOperatorBody({ operator: new Address(-1, Buffer.alloc(32, 1)) }),
            PoolError.invalidAddress,
        );
        await f.pool.sendSetOperator(f.owner.getSender(), { value: TON, operator: next.address });
        const before = await stateOf(blockchain, f.pool.address);
        const entries = [{ workerIndex: 0, cumulative: TON }];
        const old = await f.pool.sendPayoutBatch(f.operator.getSender(), {
            value: await f.pool.getBatchValue(1),
            queryId: 1n,
            entries,
        });
        await expectRejected(blockchain, old, {
            from: f.operator.address,
            to: f.pool.address,
            exitCode: PoolError.notOperator,
            before,
        });
        const run = await sendBatch(f, entries, { via: next });
        expect(run.payouts.length).toBe(1);
    });

    // Deploying by message: the state init from createFromConfig with a reserve top-up gives an
    // active pool whose getters return the configuration.
    it('[STO-201] a pool deployed by message reports its configuration and an empty ledger', async () => {
        const pool = blockchain.openContract(
            PoolPayout.createFromConfig({ ...f.config, workers: [], totals: {}, owner: f.stranger.address }, f.code),
        );
        const r = await pool.sendDeploy(f.stranger.getSender(), TON);
        expect(exitCode(r.transactions[1])).toBe(0);
        const p = await pool.getParams();
        expect({
            owner: p.owner.toString(),
            operator: p.operator.toString(),
            registry: p.registry.toString(),
            paused: p.paused,
        }).toEqual({
            owner: f.stranger.address.toString(),
            operator: f.operator.address.toString(),
            registry: f.registry.address.toString(),
            paused: false,
        });
        expect(await pool.getWorker(0)).toMatchObject({ known: false, paid: 0n });
        expect((await pool.getTotals()).revenue).toBe(0n);
        expect(fillerAddress(1).workChain).toBe(0);
    });
});
