/**
 * The pool paid by Telegram's own Cocoon contracts (vendor/cocoon), end to end: a root, a
 * proxy with a test key, the worker contract Cocoon derives for owner_address = the PoolPayout,
 * and the node's CocoonWallet submitting the proxy's signed vouchers. Every 0xc59a7cd3 message
 * here is sent by Cocoon's proxy code, not synthesised.
 */
import { Address, beginCell, SendMode, toNano } from '@ton/core';
import { BlockchainTransaction, SendMessageResult } from '@ton/sandbox';
import { GasReport } from '../../toolkit/chain/gas-report';
import { PRICE_SETS } from '../../toolkit/chain/prices';
import { computeFees, exitCode, forwardFees, gasUsed, storageFees } from '../../toolkit/chain/transactions';
import { bookedRevenue, PayoutEntry, PoolGas, PoolTotals, revenueReceiptFee } from '../../wrappers/PoolPayout';
import { expectPoolInvariants } from '../helpers/invariants';
import { sendBatch } from '../helpers/pool-batch';
import { POOL_COMMISSION_BPS, PoolFixture, setupPool } from '../../audits/harness/pool-fixture';
import { storeWorkerSync } from '../../wrappers/shared';
import { sentMessages } from '../helpers/messages';
import { stateOf } from '../../audits/harness/state';
import {
    CocoonError,
    cocoonExcessesBody,
    CocoonLimits,
    CocoonState,
    CocoonWalletError,
    parseCocoonExcesses,
    parseCocoonPayout,
    voucherBody,
} from '../../toolkit/cocoon/contracts';
import {
    CocoonNode,
    CocoonWorld,
    completeProxyClose,
    deployCocoonNode,
    deployCocoonWallet,
    deployCocoonWorld,
    readProxy,
    readWorker,
    startProxyClose,
    submitVoucher,
    testKey,
    VOUCHER_VALUE,
    VoucherRun,
} from '../../toolkit/cocoon/world';

const report = new GasReport('PoolPayout receiving payouts from a real Cocoon proxy (bound: contracts/pool/gas.fc)');
afterAll(() => report.print());

/** The owner's reserve: what the pool holds beyond worker money and commission. */
const reserveOf = (t: PoolTotals) => t.balance - t.owed - t.commissionHeld;

function exit(t: BlockchainTransaction | undefined): number | undefined {
    if (!t) throw new Error('no transaction');
    return exitCode(t);
}

function txsTo(result: SendMessageResult, a: Address): BlockchainTransaction[] {
    return result.transactions.filter(
        (t) => t.inMessage?.info.dest instanceof Address && t.inMessage.info.dest.equals(a),
    );
}

describe.each(PRICE_SETS)('PoolPayout paid by Cocoon root, proxy, worker and wallet (%s prices)', (prices) => {
    let f: PoolFixture;
    let world: CocoonWorld;
    let node: CocoonNode;
    beforeAll(async () => {
        f = await setupPool({ prices, revenue: 0n });
        world = await deployCocoonWorld(f.blockchain);
        node = await deployCocoonNode(world, { owner: f.pool.address });
        f.snapshot = f.blockchain.snapshot();
    });
    beforeEach(async () => {
        await f.blockchain.loadFrom(f.snapshot);
    });

    /** Submits a voucher that must pay the pool, and checks the booking to the nanoton. */
    async function paidVoucher(tokens: bigint, queryId: bigint): Promise<VoucherRun> {
        const before = await f.pool.getTotals();
        const run = await submitVoucher(world, node, { tokens, queryId });
        expect([exit(run.workerTx), exit(run.proxyTx)]).toEqual([0, 0]);
        expect(run.payout).toBeDefined();
        const p = run.payout!;
        expect(p.value).toBe(run.expected.workerPart);
        const booked = bookedRevenue(f.fees(), p.value, POOL_COMMISSION_BPS);
        // worker_part minus the receipt fee, commission rounded down in basis points
        expect(booked.revenue).toBe(run.expected.workerPart - f.fees().compute(PoolGas.revenue));
        expect(booked.commission).toBe((booked.revenue * BigInt(POOL_COMMISSION_BPS)) / 10_000n);
        const after = await f.pool.getTotals();
        expect({
            revenue: after.revenue - before.revenue,
            commission: after.commissionAccrued - before.commissionAccrued,
            owed: after.owed - before.owed,
        }).toEqual({
            revenue: booked.revenue,
            commission: booked.commission,
            owed: booked.revenue - booked.commission,
        });
        // the pool's balance grows by the value less what the transaction cost; the receipt fee
        // covers the compute, so the reserve never pays for receiving revenue
        expect(after.balance - before.balance).toBe(p.value - computeFees(p.ownerTx) - storageFees(p.ownerTx));
        expect(reserveOf(after) - reserveOf(before)).toBe(
            revenueReceiptFee(f.fees()) - computeFees(p.ownerTx) - storageFees(p.ownerTx),
        );
        expect(computeFees(p.ownerTx) <= revenueReceiptFee(f.fees())).toBe(true);
        expect((await readWorker(world, node))?.tokens).toBe(tokens);
        return run;
    }

    // A sequence of signed vouchers (rising cumulative token counts) goes through Telegram's worker
    // and proxy code; each pays the pool exactly worker_part = new tokens x worker_fee_per_token,
    // which the pool books net of its receipt fee with the commission to the nanoton.
    it('[COC-603] each signed voucher pays the pool worker_part, booked net of the receipt fee with commission to the nanoton', async () => {
        let workerPart = 0n;
        let tokensBefore = 0n;
        for (const [i, tokens] of [1_000_000n, 1_250_000n, 4_000_000n, 10_000_000n].entries()) {
            const run = await paidVoucher(tokens, BigInt(i + 1));
            expect(run.expected.tokensBefore).toBe(tokensBefore);
            expect(run.expected.workerPart).toBe((tokens - tokensBefore) * world.params.workerFeePerToken);
            workerPart += run.expected.workerPart;
            tokensBefore = tokens;
        }
        expect(workerPart).toBe(10_000_000n * world.params.workerFeePerToken);
        const fee = f.fees().compute(PoolGas.revenue);
        const t = await f.pool.getTotals();
        expect(t.revenue).toBe(workerPart - 4n * fee);
        await expectPoolInvariants(f.blockchain, f.pool);
    });

    // What Cocoon's proxy actually sends an owner, measured: non-bounceable (so the pool must never
    // throw on it), a 96-bit inline body (op 0xc59a7cd3 + query_id, no refs) carrying worker_part,
    // sent with mode 1 (fees paid by the proxy); the pool receives it within gas::revenue.
    it('[COC-604] the proxy pays the pool with a non-bounceable 96-bit cocoon_payout of value worker_part, received within gas::revenue', async () => {
        const run = await paidVoucher(2_000_000n, 77n);
        const p = run.payout!;
        expect({ bounce: p.bounce, bodyBits: p.bodyBits, bodyRefs: p.bodyRefs, mode: p.mode, value: p.value }).toEqual({
            bounce: false,
            bodyBits: 96,
            bodyRefs: 0,
            mode: SendMode.PAY_GAS_SEPARATELY,
            value: 2_000_000n * world.params.workerFeePerToken,
        });
        expect(parseCocoonPayout(p.body)).toEqual({ queryId: 77n });
        const info = p.ownerTx.inMessage!.info;
        expect(info.type === 'internal' && info.src.equals(world.proxy)).toBe(true);
        expect(exit(p.ownerTx)).toBe(0);
        expect(p.ownerTx.outMessagesCount).toBe(0);
        const gas = gasUsed(p.ownerTx);
        report.record('revenue (Cocoon proxy payout)', `${prices} prices`, gas, PoolGas.revenue);
        expect(gas).toBeLessThanOrEqual(PoolGas.revenue);
        // the voucher's gas change went back to the node's wallet, not to the pool
        expect(run.excesses?.to.equals(node.wallet)).toBe(true);
    });

    // Replays: the exact same signed voucher again (carried by anyone), and an older voucher (a
    // lower cumulative). Cocoon's worker refuses both with 1000 before anything reaches the proxy,
    // so the pool sees no message: its state is the same cell and its balance the same nanoton.
    it('[COC-605] an exact replay and an older voucher are refused by the Cocoon worker with 1000 and leave the pool unchanged', async () => {
        const first = await paidVoucher(3_000_000n, 5n);
        const pool = await stateOf(f.blockchain, f.pool.address);
        const worker = await stateOf(f.blockchain, node.worker);
        for (const [label, tokens, queryId, via] of [
            ['exact replay via the wallet', 3_000_000n, 5n, undefined],
            ['exact replay via a stranger', 3_000_000n, 5n, f.stranger],
            ['older voucher', 2_000_000n, 4n, undefined],
        ] as const) {
            const run = await submitVoucher(world, node, { tokens, queryId }, { via });
            if (label.startsWith('exact'))
                expect(run.workerTx!.inMessage!.body.equals(first.workerTx!.inMessage!.body)).toBe(true);
            expect({ label, exit: exit(run.workerTx) }).toEqual({ label, exit: CocoonError.oldMessage });
            expect(run.proxyTx).toBeUndefined();
            expect(txsTo(run.result, world.proxy)).toEqual([]);
            expect(txsTo(run.result, f.pool.address)).toEqual([]);
            const after = await stateOf(f.blockchain, f.pool.address);
            expect(after.data.equals(pool.data)).toBe(true);
            expect(after.balance).toBe(pool.balance);
            expect((await stateOf(f.blockchain, node.worker)).data.equals(worker.data)).toBe(true);
        }
    });

    // A voucher signed by any key but the proxy's, or signed for another worker contract, never
    // pays: the worker refuses it (1007, 1015) and the pool sees nothing.
    it('[COC-612] a voucher signed by another key or for another worker is refused by the Cocoon worker and never reaches the pool', async () => {
        await paidVoucher(1_000_000n, 1n);
        const pool = await stateOf(f.blockchain, f.pool.address);
        const other = await deployCocoonNode(world, { owner: f.stranger.address });
        const forged = await submitVoucher(
            world,
            node,
            { tokens: 9_000_000n, queryId: 2n },
            { key: testKey('forger') },
        );
        expect(exit(forged.workerTx)).toBe(CocoonError.badSignature);
        // the stranger's genuine voucher, carried to the pool's worker: signed for another address
        const body = voucherBody({
            tokens: 9_000_000n,
            queryId: 3n,
            worker: other.worker,
            sendExcessesTo: f.stranger.address,
            key: world.proxyKey,
        });
        const misdirected = await f.stranger.send({ to: node.worker, value: VOUCHER_VALUE, body });
        expect(exit(txsTo(misdirected, node.worker)[0])).toBe(CocoonError.expectedMyAddress);
        for (const r of [forged.result, misdirected]) expect(txsTo(r, f.pool.address)).toEqual([]);
        const after = await stateOf(f.blockchain, f.pool.address);
        expect(after.data.equals(pool.data)).toBe(true);
        expect(after.balance).toBe(pool.balance);
        expect((await readWorker(world, node))?.tokens).toBe(1_000_000n);
    });

    // The worker's last payout pays what is left and closes Cocoon's worker contract: the pool books
    // it like any voucher, and any later voucher is refused by the closed worker (1006).
    it('[COC-606] the last payout is booked once and closes the worker; later vouchers are refused with 1006', async () => {
        await paidVoucher(1_000_000n, 1n);
        const before = await f.pool.getTotals();
        const last = await submitVoucher(world, node, { tokens: 3_000_000n, queryId: 2n, last: true });
        expect([exit(last.workerTx), exit(last.proxyTx), exit(last.payout?.ownerTx)]).toEqual([0, 0, 0]);
        expect(last.payout!.value).toBe(2_000_000n * world.params.workerFeePerToken);
        const booked = bookedRevenue(f.fees(), last.payout!.value, POOL_COMMISSION_BPS);
        expect((await f.pool.getTotals()).revenue - before.revenue).toBe(booked.revenue);
        const worker = await readWorker(world, node);
        expect({ state: worker?.state, tokens: worker?.tokens }).toEqual({
            state: CocoonState.closed,
            tokens: 3_000_000n,
        });
        expect((await f.blockchain.getContract(node.worker)).balance).toBe(CocoonLimits.storageEstimate);

        const pool = await stateOf(f.blockchain, f.pool.address);
        const later = await submitVoucher(world, node, { tokens: 4_000_000n, queryId: 3n });
        expect(exit(later.workerTx)).toBe(CocoonError.closed);
        expect(txsTo(later.result, f.pool.address)).toEqual([]);
        expect((await stateOf(f.blockchain, f.pool.address)).data.equals(pool.data)).toBe(true);
    });

    // The proxy's close: while closing, vouchers are still paid to the pool; the signed close-complete
    // (only after proxy_delay_before_close) sends everything the proxy holds to the proxy's owner,
    // never to the pool; afterwards the proxy refuses payouts (1006) and the pool sees nothing.
    // Cocoon's worker has already counted those tokens: a voucher not paid before the close is lost.
    it('[COC-607] the proxy close pays vouchers until it completes, then pays its owner and refuses the pool with 1006', async () => {
        await paidVoucher(1_000_000n, 1n);
        const start = await startProxyClose(world);
        expect(exit(txsTo(start, world.proxy)[0])).toBe(0);
        const closing = await readProxy(world);
        expect({ state: closing.state, unlockTs: closing.unlockTs }).toEqual({
            state: CocoonState.closing,
            unlockTs: f.blockchain.now! + world.params.proxyDelayBeforeClose,
        });
        await paidVoucher(2_000_000n, 2n);

        const early = await completeProxyClose(world);
        expect(exit(txsTo(early, world.proxy)[0])).toBe(CocoonError.notUnlockedYet);
        f.blockchain.now = closing.unlockTs;
        const held = (await readProxy(world)).account;
        const done = await completeProxyClose(world);
        const closeTx = txsTo(done, world.proxy)[0];
        expect(exit(closeTx)).toBe(0);
        const closed = await readProxy(world);
        expect({ state: closed.state, account: closed.account }).toEqual({
            state: CocoonState.closed,
            account: CocoonLimits.storageEstimate,
        });
        // one message: everything but STORAGE_ESTIMATE, to the proxy's owner
        const [m] = sentMessages(closeTx);
        expect(closeTx.outMessagesCount).toBe(1);
        expect({ to: m.to.toString(), bounce: m.bounce, mode: m.mode }).toEqual({
            to: world.proxyOwner.address.toString(),
            bounce: false,
            mode: SendMode.CARRY_ALL_REMAINING_BALANCE,
        });
        expect(parseCocoonPayout(m.body)).toEqual({ queryId: 0n });
        const inValue = closeTx.inMessage!.info.type === 'internal' ? closeTx.inMessage!.info.value.coins : 0n;
        expect(m.value).toBe(
            held +
                inValue -
                computeFees(closeTx) -
                storageFees(closeTx) -
                forwardFees(closeTx) -
                CocoonLimits.storageEstimate,
        );
        expect(txsTo(done, f.pool.address)).toEqual([]);

        const pool = await stateOf(f.blockchain, f.pool.address);
        const refused = await submitVoucher(world, node, { tokens: 3_000_000n, queryId: 3n });
        expect([exit(refused.workerTx), exit(refused.proxyTx)]).toEqual([0, CocoonError.closed]);
        expect(txsTo(refused.result, f.pool.address)).toEqual([]);
        const after = await stateOf(f.blockchain, f.pool.address);
        expect(after.data.equals(pool.data)).toBe(true);
        expect((await readWorker(world, node))?.tokens).toBe(3_000_000n);
    });

    // Money Cocoon paid is then paid to the members by an ordinary operator batch: every member gets
    // its cumulative entitlement once, and conservation and solvency hold to the nanoton.
    it('[COC-608] a later operator batch pays the members what Cocoon paid, with the invariants intact', async () => {
        for (const [i, tokens] of [2_000_000n, 5_000_000n, 9_000_000n].entries())
            await paidVoucher(tokens, BigInt(i + 1));
        const owed = (await f.pool.getTotals()).owed;
        const shares = [4n, 3n, 2n, 1n];
        const entries: PayoutEntry[] = shares.map((s, w) => ({ workerIndex: w, cumulative: (owed * s) / 10n }));
        const run = await sendBatch(f, entries);
        expect(run.payouts.map((p) => [p.workerIndex, p.to.toString(), p.amount])).toEqual(
            entries.map((e) => [e.workerIndex, f.recipients[e.workerIndex].address.toString(), e.cumulative]),
        );
        const paid = entries.reduce((a, e) => a + e.cumulative, 0n);
        expect((await f.pool.getTotals()).owed).toBe(owed - paid);
        await expectPoolInvariants(f.blockchain, f.pool, {
            paid: new Map(entries.map((e) => [e.workerIndex, e.cumulative])),
            transactions: run.result.transactions,
            received: new Map(entries.map((e) => [e.workerIndex, e.cumulative])),
        });
        // the same batch again pays nothing
        const again = await sendBatch(f, entries);
        expect(again.payouts).toEqual([]);
    });
});

describe.each(PRICE_SETS)('PoolPayout and Cocoon: known edges (%s prices)', (prices) => {
    let f: PoolFixture;
    let world: CocoonWorld;
    let node: CocoonNode;
    beforeAll(async () => {
        f = await setupPool({ prices, revenue: 0n });
        world = await deployCocoonWorld(f.blockchain);
        node = await deployCocoonNode(world, { owner: f.pool.address });
        // the worker contract exists and has been paid once
        await submitVoucher(world, node, { tokens: 1_000_000n, queryId: 1n });
        f.snapshot = f.blockchain.snapshot();
    });
    beforeEach(async () => {
        await f.blockchain.loadFrom(f.snapshot);
    });

    // A voucher for a few tokens pays the pool less than the flat gas price: the TVM buys no gas
    // for it, so the pool's compute phase is skipped (no-gas). The value lands in the balance (the
    // owner's reserve), nothing is booked, and the state is the same cell. One token more buys a
    // little gas, not enough for the handler: out of gas (-14), nothing booked. The first voucher
    // worth more than the receipt fee is booked as value minus that fee.
    it('[COC-609] a few-token voucher skips the pool compute (unbooked, to the reserve); just above, out of gas; the first booked one nets value minus the receipt fee', async () => {
        const fees = f.fees();
        const fee = world.params.workerFeePerToken;
        const dust = (fees.gas.flatGasPrice - 1n) / fee;
        expect(dust).toBeGreaterThan(0n);
        const firstBooked = revenueReceiptFee(fees) / fee + 1n;
        let tokens = 1_000_000n;
        for (const [label, delta] of [
            ['dust', dust],
            ['above flat price', dust + 1n],
            ['first booked', firstBooked],
        ] as const) {
            tokens += delta;
            const before = await stateOf(f.blockchain, f.pool.address);
            const totals = await f.pool.getTotals();
            const run = await submitVoucher(world, node, { tokens, queryId: tokens });
            const tx = run.payout!.ownerTx;
            const value = run.payout!.value;
            expect({ label, value }).toEqual({ label, value: delta * fee });
            if (tx.description.type !== 'generic') throw new Error('not a generic transaction');
            const after = await stateOf(f.blockchain, f.pool.address);
            const t = await f.pool.getTotals();
            if (label === 'dust') {
                expect(value < fees.gas.flatGasPrice).toBe(true);
                expect(tx.description.computePhase).toEqual({ type: 'skipped', reason: 'no-gas' });
                expect(after.data.equals(before.data)).toBe(true);
                expect(after.balance).toBe(before.balance + value - storageFees(tx));
                expect(reserveOf(t) - reserveOf(totals)).toBe(value - storageFees(tx));
            } else if (label === 'above flat price') {
                expect(exit(tx)).toBe(-14);
                expect(after.data.equals(before.data)).toBe(true);
                expect(after.balance).toBe(before.balance + value - computeFees(tx) - storageFees(tx));
            } else {
                expect(exit(tx)).toBe(0);
                expect(t.revenue - totals.revenue).toBe(value - revenueReceiptFee(fees));
                expect(t.revenue - totals.revenue).toBe(bookedRevenue(fees, value, POOL_COMMISSION_BPS).revenue);
            }
            if (label !== 'first booked') expect(t.revenue).toBe(totals.revenue);
        }
        await expectPoolInvariants(f.blockchain, f.pool);
    });

    // send_excesses_to is outside the proxy's signature: whoever submits a voucher may name the pool.
    // The proxy then sends the pool, besides the payout, Cocoon's excesses (op 0x2565934c, not
    // TEP-74's): the submitter's gas change. It must not become worker money: the payout is booked
    // as always, the excesses go to the reserve, and the books are the payout's alone. The same op
    // sent by anyone else is reserve too.
    it('[COC-610] Cocoon excesses (0x2565934c) sent to the pool by a proxy or anyone go to the reserve, never to worker revenue', async () => {
        const fees = f.fees();
        const before = await f.pool.getTotals();
        const run = await submitVoucher(
            world,
            node,
            { tokens: 2_000_000n, queryId: 9n },
            { sendExcessesTo: f.pool.address },
        );
        expect([exit(run.workerTx), exit(run.proxyTx), exit(run.payout?.ownerTx)]).toEqual([0, 0, 0]);
        const ex = run.excesses!;
        expect(ex.to.equals(f.pool.address)).toBe(true);
        expect(parseCocoonExcesses(ex.body)).toEqual({ queryId: 9n });
        expect(ex.value > revenueReceiptFee(fees)).toBe(true);
        const exTx = ex.receiverTx!;
        expect(exit(exTx)).toBe(0);
        expect(exTx.outMessagesCount).toBe(0);

        const after = await f.pool.getTotals();
        const booked = bookedRevenue(fees, run.payout!.value, POOL_COMMISSION_BPS);
        expect({
            revenue: after.revenue - before.revenue,
            commission: after.commissionAccrued - before.commissionAccrued,
        }).toEqual({
            revenue: booked.revenue,
            commission: booked.commission,
        });
        const payoutTx = run.payout!.ownerTx;
        expect(after.balance - before.balance).toBe(
            run.payout!.value -
                computeFees(payoutTx) -
                storageFees(payoutTx) +
                ex.value -
                computeFees(exTx) -
                storageFees(exTx),
        );
        expect(reserveOf(after) - reserveOf(before)).toBe(
            revenueReceiptFee(fees) -
                computeFees(payoutTx) -
                storageFees(payoutTx) +
                ex.value -
                computeFees(exTx) -
                storageFees(exTx),
        );

        // the same op from a stranger: reserve, and the state is the same cell
        const state = await stateOf(f.blockchain, f.pool.address);
        const r = await f.stranger.send({
            to: f.pool.address,
            value: toNano('1'),
            body: cocoonExcessesBody(10n),
            bounce: false,
        });
        const tx = txsTo(r, f.pool.address)[0];
        expect(exit(tx)).toBe(0);
        const later = await stateOf(f.blockchain, f.pool.address);
        expect(later.data.equals(state.data)).toBe(true);
        expect(later.balance).toBe(state.balance + toNano('1') - computeFees(tx) - storageFees(tx));
        await expectPoolInvariants(f.blockchain, f.pool);
    });

    // A member who names its node's CocoonWallet as payout address: the wallet accepts only its
    // owner's messages (and Cocoon's payout / excesses ops), so the pool's payout is refused with
    // 1040 and bounces. The pool credits back to that worker, exactly once, what came back (the
    // amount less what the refusing wallet burned, the bounce's forward fee and the pool's handling: the worker whose
    // address bounces bears that, never the reserve or the other members), the wallet keeps
    // nothing, and once the member names a plain wallet the same batch pays the credited rest.
    it('[COC-611] a CocoonWallet as payout address refuses the payout with 1040; the pool credits it back once and pays after the address is fixed', async () => {
        const member = f.recipients[0];
        const wallet = await deployCocoonWallet(world, {
            owner: member.address,
            key: testKey('member-0'),
            funder: member,
        });
        const sync = (payout: Address) =>
            f.registry.send({
                to: f.pool.address,
                value: toNano('0.1'),
                body: beginCell()
                    .store(storeWorkerSync({ queryId: 1n, workerIndex: 0, payout, active: true }))
                    .endCell(),
            });
        expect(exit(txsTo(await sync(wallet), f.pool.address)[0])).toBe(0);
        await submitVoucher(world, node, { tokens: 50_000_000n, queryId: 2n });

        const amount = (await f.pool.getTotals()).owed / 4n;
        const entries: PayoutEntry[] = [
            { workerIndex: 0, cumulative: amount },
            { workerIndex: 1, cumulative: amount },
        ];
        const walletBefore = (await f.blockchain.getContract(wallet)).balance;
        const run = await sendBatch(f, entries);
        expect(run.payouts.map((p) => [p.workerIndex, p.to.toString(), p.amount])).toEqual([
            [0, wallet.toString(), amount],
            [1, f.recipients[1].address.toString(), amount],
        ]);
        const walletTx = txsTo(run.result, wallet)[0];
        expect(exit(walletTx)).toBe(CocoonWalletError.notOwner);
        expect((await f.blockchain.getContract(wallet)).balance).toBe(walletBefore - storageFees(walletTx));
        const bounces = run.result.transactions.filter(
            (t) => t.inMessage?.info.type === 'internal' && t.inMessage.info.bounced,
        );
        expect(bounces.length).toBe(1);
        expect(exit(bounces[0])).toBe(0);
        const bounced = bounces[0].inMessage!.info;
        // the pool credits back what came back less its handling of the bounce (the worker's cost)
        const credited = bounced.type === 'internal' ? bounced.value.coins - f.fees().compute(PoolGas.bounce) : -1n;
        expect(credited).toBeGreaterThan(0n);
        expect(credited).toBeLessThan(amount);
        const burned = amount - credited;
        expect(await f.pool.getWorker(0)).toMatchObject({ paid: burned, bounces: 1, active: true });
        expect((await f.pool.getTotals()).returned).toBe(credited);
        await expectPoolInvariants(f.blockchain, f.pool, {
            paid: new Map([
                [0, burned],
                [1, amount],
            ]),
            transactions: run.result.transactions,
            received: new Map([[1, amount]]),
        });

        expect(exit(txsTo(await sync(member.address), f.pool.address)[0])).toBe(0);
        const memberBefore = await member.getBalance();
        const retry = await sendBatch(f, entries);
        expect(retry.payouts.map((p) => [p.workerIndex, p.to.toString(), p.amount])).toEqual([
            [0, member.address.toString(), credited],
        ]);
        const memberTx = txsTo(retry.result, member.address)[0];
        expect(await member.getBalance()).toBe(memberBefore + credited - computeFees(memberTx) - storageFees(memberTx));
        expect(await f.pool.getWorker(0)).toMatchObject({ paid: amount, bounces: 0 });
        expect((await f.pool.getTotals()).returned).toBe(credited);
        await expectPoolInvariants(f.blockchain, f.pool, {
            paid: new Map([
                [0, amount],
                [1, amount],
            ]),
            transactions: [...run.result.transactions, ...retry.result.transactions],
            received: new Map([
                [0, credited],
                [1, amount],
            ]),
        });
    });
});
