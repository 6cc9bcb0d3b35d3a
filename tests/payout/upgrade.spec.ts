/**
 * PoolPayout's code upgrade (owner only, upgrade_code#c5867a23 query_id:uint64 code:^Cell): to
 * genuinely different code (tests/payout/fixtures/pool_payout_v2.fc: v1 plus a getter, another code
 * hash) the storage cell carries over untouched and every v1 guarantee still holds on it; every other
 * sender, every malformed body and a bounced copy change neither code nor data. The earnings code is
 * storage: an upgraded pool still recognises every earnings address.
 */
import { Address, beginCell, Cell, toNano } from '@ton/core';
import { Blockchain, internal, SandboxContract, TreasuryContract } from '@ton/sandbox';
import { readFileSync } from 'fs';
import { join } from 'path';
import { PRICE_SETS } from '../../toolkit/chain/prices';
import { compileFuncSources } from '../../toolkit/func/compile';
import { computeFees, exitCode, storageFees } from '../../toolkit/chain/transactions';
import { earningsAddressOf } from '../../wrappers/EarningsAddress';
import { bookedAttributed, bookedRevenue, PoolError, PoolGas } from '../../wrappers/PoolPayout';
import { rawAttributedRevenue, sendPayOwed } from '../../audits/harness/attributed';
import { expectPoolInvariants, bounceCredits } from '../helpers/invariants';
import { sendBatch } from '../helpers/pool-batch';
import {
    fillerAddress,
    POOL_COMMISSION_BPS,
    PoolFixture,
    poolEarningsCode,
    setupPool,
} from '../../audits/harness/pool-fixture';
import { rawEntriesOf, rawPayoutBatch } from '../../audits/harness/pool-raw';
import { expectRejected } from '../helpers/rejections';
import { stateOf } from '../../audits/harness/state';

const TON = toNano('1');
const V2_SOURCE = join(__dirname, 'fixtures', 'pool_payout_v2.fc');

async function v2Code(): Promise<Cell> {
    return (
        await compileFuncSources('pool_payout_v2.fc', {
            targets: [V2_SOURCE],
            sources: (p: string) => readFileSync(p, 'utf8'),
        })
    ).code;
}

function codeOf(blockchain: Blockchain, address: Address): Promise<Cell> {
    return blockchain.getContract(address).then((c) => {
        const s = c.accountState;
        if (s?.type !== 'active' || !s.state.code) throw new Error('pool is not active');
        return s.state.code;
    });
}

/** upgrade_code#c5867a23 query_id:uint64 code:^Cell, raw. */
const upgradeBody = (code: Cell, queryId = (1n << 64n) - 1n) =>
    beginCell().storeUint(0xc5867a23, 32).storeUint(queryId, 64).storeRef(code).endCell();

describe.each(PRICE_SETS)('PoolPayout code upgrade (%s prices)', (prices) => {
    let f: PoolFixture;
    let v2: Cell;
    // Worker 0 active (deployed wallet), 1 active to a missing account (its payouts bounce),
    // 2 suspended with paid 5 TON, 3 never synced.
    beforeAll(async () => {
        v2 = await v2Code();
        f = await setupPool({
            prices,
            workers: 2,
            recipients: 1,
            ledger: () => [{ index: 2, payout: fillerAddress('suspended'), active: false, paid: 5n * TON }],
            config: { totals: { revenue: 5n * TON, paid: 5n * TON } },
        });
    });
    beforeEach(async () => {
        await f.blockchain.loadFrom(f.snapshot);
    });

    async function expectUnchangedBy(via: SandboxContract<TreasuryContract>, body: Cell, code: number) {
        const before = await stateOf(f.blockchain, f.pool.address);
        const r = await via.send({ to: f.pool.address, value: TON, body });
        await expectRejected(f.blockchain, r, { from: via.address, to: f.pool.address, exitCode: code, before });
        expect((await codeOf(f.blockchain, f.pool.address)).equals(f.code)).toBe(true);
    }

    // Upgrade to genuinely different code: v2 has another hash and a getter v1 lacks. Must hold: the
    // upgrade transaction sends nothing and keeps its value less its fees; the storage cell is the
    // same; on it, v2 pays exactly cumulative - paid once, refuses to pay a suspended or unknown
    // worker (also at cumulative 2^64 + paid + x: 415, nothing sent), books revenue exactly, credits a
    // bounce back by what came back, and the invariants hold to the nanoton; the owner can go back.
    it(`[UPG-201] an owner upgrade to different code keeps the storage cell, and v1's guarantees hold on it after (${prices})`, async () => {
        const { blockchain, pool, owner } = f;
        await sendBatch(f, [{ workerIndex: 0, cumulative: TON }]);
        expect(v2.hash().equals(f.code.hash())).toBe(false);
        await expect(blockchain.runGetMethod(pool.address, 'get_code_version')).rejects.toThrow();
        const before = await stateOf(blockchain, pool.address);
        const r = await owner.send({ to: pool.address, value: TON, body: upgradeBody(v2) });
        const tx = r.transactions[1];
        expect({ exit: exitCode(tx), sent: tx.outMessagesCount }).toEqual({ exit: 0, sent: 0 });
        const after = await stateOf(blockchain, pool.address);
        expect(after.data.equals(before.data)).toBe(true);
        expect(after.balance).toBe(before.balance + TON - computeFees(tx) - storageFees(tx));
        expect((await codeOf(blockchain, pool.address)).hash().equals(v2.hash())).toBe(true);
        expect((await blockchain.runGetMethod(pool.address, 'get_code_version')).stackReader.readBigNumber()).toBe(2n);
        const w2 = await pool.getWorker(2);
        expect({ ...w2, payout: w2.payout?.toRawString() }).toEqual({
            known: true,
            payout: fillerAddress('suspended').toRawString(),
            active: false,
            paid: 5n * TON,
            bounces: 0,
            held: false,
            withdrawn: false,
        });

        // A raw batch that would cancel the suspended worker's blocked bit aborts on v2 too.
        const attack = rawPayoutBatch(
            7n,
            1,
            rawEntriesOf([{ workerIndex: 2, cumulative: (1n << 64n) + 5n * TON + TON }]),
        );
        const stateBefore = await stateOf(blockchain, pool.address);
        const ra = await f.operator.send({ to: pool.address, value: await pool.getBatchValue(1), body: attack });
        await expectRejected(blockchain, ra, {
            from: f.operator.address,
            to: pool.address,
            exitCode: PoolError.malformedBody,
            before: stateBefore,
        });

        // Exactly once, blocked stays blocked: 0 gets 3 - 1 TON, 2 (suspended) and 3 (unknown) nothing, 1 bounces.
        const run = await sendBatch(f, [
            { workerIndex: 0, cumulative: 3n * TON },
            { workerIndex: 1, cumulative: 2n * TON },
            { workerIndex: 2, cumulative: 9n * TON },
            { workerIndex: 3, cumulative: 4n * TON },
        ]);
        expect(run.payouts.map((p) => [p.workerIndex, p.to.toRawString(), p.amount])).toEqual([
            [0, f.recipients[0].address.toRawString(), 2n * TON],
            [1, fillerAddress(1).toRawString(), 2n * TON],
        ]);
        expect({ stop: run.report?.stopReason, report: run.report?.report }).toEqual({
            stop: 0,
            report: {
                paidCount: 2,
                paidAmount: 4n * TON,
                skippedUnknown: 1,
                skippedInactive: 1,
                skippedNotIncreased: 0,
                skippedBelowMin: 0,
                skippedHeld: 0,
                skippedOutOfRange: 0,
            },
        });
        const credit = bounceCredits(pool.address, run.result.transactions, f.fees()).get(1)!;
        // the worker bears what its missing address cost: the bounce's forward fee and the pool's handling of it
        expect(credit).toBe(2n * TON - f.fees().forward(0, 0) - f.fees().compute(PoolGas.bounce));
        expect(await pool.getWorker(1)).toMatchObject({ paid: 2n * TON - credit, bounces: 1, held: false });
        // The retry pays exactly the credit back to worker 1 (which bounces again), nothing to worker 0.
        const retry = await sendBatch(
            f,
            [
                { workerIndex: 0, cumulative: 3n * TON },
                { workerIndex: 1, cumulative: 2n * TON },
            ],
            { queryId: 2n },
        );
        expect(retry.payouts.map((p) => [p.workerIndex, p.amount])).toEqual([[1, credit]]);

        // Revenue is booked exactly as v1 books it.
        const t0 = await pool.getTotals();
        await pool.sendCocoonPayout(f.stranger.getSender(), { value: 10n * TON, queryId: 3n });
        const booked = bookedRevenue(f.fees(), 10n * TON, POOL_COMMISSION_BPS);
        const t1 = await pool.getTotals();
        expect({ revenue: t1.revenue - t0.revenue, commission: t1.commissionAccrued - t0.commissionAccrued }).toEqual({
            revenue: booked.revenue,
            commission: booked.commission,
        });
        const w1 = (await pool.getWorker(1)).paid;
        await expectPoolInvariants(blockchain, pool, {
            paid: new Map([
                [0, 3n * TON],
                [1, w1],
                [2, 5n * TON],
                [3, 0n],
            ]),
        });

        // The earnings code is storage, not code: v2 still recognises worker 0's earnings address,
        // books its forward as worker 0's to the nanoton and pays it with pay_owed.
        expect((await pool.getEarningsCode()).equals(await poolEarningsCode())).toBe(true);
        const earnings = earningsAddressOf({ pool: pool.address, workerIndex: 0 }, await poolEarningsCode());
        const fwd = await blockchain.sendMessage(
            internal({
                from: earnings,
                to: pool.address,
                value: 10n * TON,
                bounce: true,
                body: rawAttributedRevenue(0),
            }),
        );
        expect(exitCode(fwd.transactions[0])).toBe(0);
        const owed0 = bookedAttributed(f.fees(), 10n * TON, POOL_COMMISSION_BPS).owed;
        expect(await pool.getAttributedOwed(0)).toBe(owed0);
        const paidOwed = await sendPayOwed(f, [0]);
        expect(paidOwed.payouts.map((p) => [p.workerIndex, p.amount])).toEqual([[0, owed0]]);
        await expectPoolInvariants(blockchain, pool);

        // And back to v1: same storage again, the v2 getter gone.
        const data = (await stateOf(blockchain, pool.address)).data;
        const back = await owner.send({ to: pool.address, value: TON, body: upgradeBody(f.code, 0n) });
        expect(exitCode(back.transactions[1])).toBe(0);
        expect((await codeOf(blockchain, pool.address)).equals(f.code)).toBe(true);
        expect((await stateOf(blockchain, pool.address)).data.equals(data)).toBe(true);
        await expect(blockchain.runGetMethod(pool.address, 'get_code_version')).rejects.toThrow();
    });

    // Only the owner replaces code: the operator (a stolen hot key), the registry, a stranger and a
    // payout recipient sending a well-formed upgrade_code are refused with not_owner 401; code, data
    // and balance (less storage) stay, nothing but the bounce leaves.
    it(`[UPG-201] upgrade_code from the operator, the registry, a stranger or a recipient is refused with not_owner and keeps code and data (${prices})`, async () => {
        for (const via of [f.operator, f.registry, f.stranger, f.recipients[0]])
            await expectUnchangedBy(via, upgradeBody(v2), PoolError.notOwner);
    });

    // Malformed upgrade bodies from the owner: no code ref, extra bits, an extra ref, the query id
    // cut: each refused with malformed_body 415, code and data kept. A body under 96 bits is no
    // request at all: it is revenue, booked as such, and the code stays.
    it(`[UPG-201] a malformed upgrade_code from the owner ends with 415, and one under 96 bits is revenue; the code stays (${prices})`, async () => {
        const head = () =>
            beginCell()
                .storeUint(0xc5867a23, 32)
                .storeUint((1n << 64n) - 1n, 64);
        await expectUnchangedBy(f.owner, head().endCell(), PoolError.malformedBody);
        await expectUnchangedBy(f.owner, head().storeRef(v2).storeBit(1).endCell(), PoolError.malformedBody);
        await expectUnchangedBy(f.owner, head().storeRef(v2).storeRef(v2).endCell(), PoolError.malformedBody);
        const t0 = await f.pool.getTotals();
        const cut = beginCell().storeUint(0xc5867a23, 32).storeUint(0, 63).storeRef(v2).endCell();
        const r = await f.owner.send({ to: f.pool.address, value: TON, body: cut });
        expect({ exit: exitCode(r.transactions[1]), sent: r.transactions[1].outMessagesCount }).toEqual({
            exit: 0,
            sent: 0,
        });
        const booked = bookedRevenue(f.fees(), TON, POOL_COMMISSION_BPS);
        expect((await f.pool.getTotals()).revenue - t0.revenue).toBe(booked.revenue);
        expect((await codeOf(f.blockchain, f.pool.address)).equals(f.code)).toBe(true);
    });

    // A bounced copy of upgrade_code (0xFFFFFFFF + its first 256 bits, refs dropped, as the network
    // would return one) from the owner's address changes neither code nor data and sends nothing:
    // the pool never sends upgrade_code, and a bounce is never a request.
    it(`[UPG-201] a bounced copy of upgrade_code changes neither code nor data (${prices})`, async () => {
        const before = await stateOf(f.blockchain, f.pool.address);
        const body = beginCell()
            .storeUint(0xffffffff, 32)
            .storeBits(upgradeBody(v2).beginParse().loadBits(96))
            .endCell();
        const r = await f.blockchain.sendMessage({
            info: {
                type: 'internal',
                src: f.owner.address,
                dest: f.pool.address,
                value: { coins: TON },
                bounce: false,
                bounced: true,
                ihrDisabled: true,
                ihrFee: 0n,
                forwardFee: 0n,
                createdLt: 0n,
                createdAt: 0,
            },
            body,
        });
        const tx = r.transactions[0];
        expect({ exit: exitCode(tx), sent: tx.outMessagesCount }).toEqual({ exit: 0, sent: 0 });
        const after = await stateOf(f.blockchain, f.pool.address);
        expect(after.data.equals(before.data)).toBe(true);
        expect(after.balance).toBe(before.balance + TON - computeFees(tx) - storageFees(tx));
        expect((await codeOf(f.blockchain, f.pool.address)).equals(f.code)).toBe(true);
    });
});
