/**
 * A withdrawn worker at the pool (contracts/pool/workers.fc, attributed.fc; docs/earnings.md
 * "Suspended, exited, withdrawn"): the registry's worker_sync says `withdrawn` when the stake leaves,
 * the pool's record becomes state 01 (terminal), operator-settled money never reaches it, and its
 * attributed earnings (a late Cocoon payout through its earnings address) are the member's: pay_owed
 * pays them, from any caller, to the payout address last synced, exactly once. Both price sets.
 * Attack and fault messages are raw from the TL-B (audits/harness/pool-raw.ts).
 */
import { Address, beginCell, Cell, toNano } from '@ton/core';
import { Blockchain, BlockchainTransaction, createShardAccount, SandboxContract, TreasuryContract } from '@ton/sandbox';
import { readFileSync } from 'fs';
import { join } from 'path';
import { exitCode, gasUsed } from '../../toolkit/chain/transactions';
import { PRICE_SETS } from '../../toolkit/chain/prices';
import { attributedBounceCredit, MAX_CUMULATIVE, PoolError, PoolLimits, StopReason } from '../../wrappers/PoolPayout';
import { SharedGas } from '../../wrappers/shared';
import { deployEarnings, payEarnings, sendPayOwed } from '../../audits/harness/attributed';
import {
    rawEntriesOf,
    rawPayoutBatch,
    rawWorkerSync,
    rawWorkerSyncV1,
    ZERO_ADDRESS,
} from '../../audits/harness/pool-raw';
import { readBatch, sendBatch } from '../helpers/pool-batch';
import { fillerAddress, PoolFixture, setupPool } from '../../audits/harness/pool-fixture';
import { expectPoolInvariants } from '../helpers/invariants';
import { missingWallet } from '../helpers/recipients';
import { expectRejected } from '../helpers/rejections';
import { stateOf } from '../../audits/harness/state';

const TON = toNano('1');
const PAID = 5n * TON;
/** Workers: 0 active; 1, 2 and 3 active until withdrawn; 4 suspended; 5 pays a missing wallet; 100 never synced. */
const ACTIVE = 0;
const WITHDRAWN = 1;
const SUSPENDED = 4;
const MISSING = 5;
const UNKNOWN = 100;
/** The highest index a worker_sync can name (worker_index:uint32). */
const MAX_INDEX = 2 ** 32 - 1;
/** Worker 1 was paid this much operator-settled money before it left. */
const SETTLED = 2n * TON;

const noSkips = { skippedUnknown: 0, skippedInactive: 0, skippedHeld: 0, skippedBelowMin: 0 };

function isBounceTo(t: BlockchainTransaction, a: Address): boolean {
    return t.inMessage?.info.type === 'internal' && t.inMessage.info.dest.equals(a) && t.inMessage.info.bounced;
}

describe.each(PRICE_SETS)('PoolPayout withdrawn workers (%s prices)', (prices) => {
    let f: PoolFixture;
    let blockchain: Blockchain;
    beforeAll(async () => {
        f = await setupPool({
            prices,
            workers: 6,
            recipients: 4,
            ledger: (r) => [
                { index: WITHDRAWN, payout: r[WITHDRAWN], active: true, paid: SETTLED },
                { index: SUSPENDED, payout: fillerAddress(SUSPENDED), active: false },
                { index: MISSING, payout: missingWallet(), active: true },
            ],
        });
        await deployEarnings(f, [0, 1, 2, 3, SUSPENDED, MISSING, UNKNOWN, MAX_INDEX]);
        f.snapshot = f.blockchain.snapshot();
    });
    beforeEach(async () => {
        await f.blockchain.loadFrom(f.snapshot);
        blockchain = f.blockchain;
    });

    /** A worker_sync from the registry, raw; it must be accepted. */
    async function fromRegistry(body: ReturnType<typeof rawWorkerSync>) {
        const r = await f.registry.send({ to: f.pool.address, value: toNano('0.05'), body });
        expect(exitCode(r.transactions[1])).toBe(0);
        expect(r.transactions[1].outMessagesCount).toBe(0);
        expect(gasUsed(r.transactions[1]) <= BigInt(SharedGas.poolWorkerSync)).toBe(true);
        return r;
    }
    const withdraw = (i: number, payout: Address) => fromRegistry(rawWorkerSync(i, payout, false, 7n, true));

    // The registry's withdrawal sync reaches the pool, then Cocoon's last payout (the proxy's close)
    // reaches worker 1's earnings address. Must hold: the record is withdrawn (known, not active,
    // not held, its address and paid kept); pay_owed from a stranger, the operator, the member's own
    // wallet or the owner pays exactly owed[1], bounceable, to the payout address last synced, deletes
    // the entry, and a retried or duplicated request pays nothing more.
    it("[POOL-620] a withdrawn worker's late attributed payout is paid by pay_owed from any caller, to its last payout address, exactly once", async () => {
        await withdraw(WITHDRAWN, f.recipients[WITHDRAWN].address);
        const w = await f.pool.getWorker(WITHDRAWN);
        expect({ ...w, payout: w.payout?.toString() }).toEqual({
            known: true,
            payout: f.recipients[WITHDRAWN].address.toString(),
            active: false,
            paid: SETTLED,
            bounces: 0,
            held: false,
            withdrawn: true,
        });
        await payEarnings(f, WITHDRAWN, PAID);
        const owed = await f.pool.getAttributedOwed(WITHDRAWN);
        expect(owed > 0n).toBe(true);
        const afterCredit = blockchain.snapshot();
        for (const via of [
            f.stranger,
            f.operator,
            f.recipients[WITHDRAWN],
            f.owner,
        ] as SandboxContract<TreasuryContract>[]) {
            await blockchain.loadFrom(afterCredit);
            const before = await f.pool.getAttributedTotals();
            const run = await sendPayOwed(f, [WITHDRAWN], { via, queryId: 3n });
            expect(run.payouts.map((p) => ({ ...p, to: p.to.toString() }))).toEqual([
                {
                    to: f.recipients[WITHDRAWN].address.toString(),
                    workerIndex: WITHDRAWN,
                    amount: owed,
                    value: owed,
                    bounce: true,
                },
            ]);
            expect(run.report).toMatchObject({
                queryId: 3n,
                report: { paidCount: 1, paidAmount: owed, ...noSkips },
                stopReason: StopReason.done,
            });
            const got = run.result.transactions.find(
                (t) =>
                    t.inMessage?.info.type === 'internal' &&
                    t.inMessage.info.dest.equals(f.recipients[WITHDRAWN].address),
            );
            expect(got && exitCode(got)).toBe(0);
            expect(await f.pool.getAttributedOwed(WITHDRAWN)).toBe(0n);
            expect(await f.pool.getAttributedTotals()).toEqual({
                ...before,
                paid: before.paid + owed,
                owed: before.owed - owed,
                entries: before.entries - 1,
            });
            // exactly once: the same request again, and the worker listed twice, pay nothing
            const retry = await sendPayOwed(f, [WITHDRAWN, WITHDRAWN], { via, queryId: 4n });
            expect(retry.payouts).toEqual([]);
            expect(retry.report!.report).toEqual({ paidCount: 0, paidAmount: 0n, ...noSkips, skippedBelowMin: 2 });
            expect(await f.pool.getWorker(WITHDRAWN)).toMatchObject({ withdrawn: true, paid: SETTLED, held: false });
            await expectPoolInvariants(blockchain, f.pool, { paid: new Map([[WITHDRAWN, SETTLED]]) });
        }
    });

    // A compromised operator tries to pay the withdrawn worker operator-settled money: a batch with
    // a higher cumulative, and a raw one whose cumulative 2^64 + paid + x would cancel the blocked
    // bit. Must hold: the first pays nothing and counts skipped_inactive (batch.fc reads state 01 as
    // inactive), the second aborts with 415 and changes nothing; the active worker beside it is paid.
    it('[POOL-621] an operator batch never pays a withdrawn worker: skipped_inactive, nothing sent, and the blocked bit cannot be cancelled', async () => {
        await withdraw(WITHDRAWN, f.recipients[WITHDRAWN].address);
        const run = await sendBatch(f, [
            { workerIndex: ACTIVE, cumulative: TON },
            { workerIndex: WITHDRAWN, cumulative: SETTLED + 3n * TON },
        ]);
        expect(run.payouts.map((p) => [p.workerIndex, p.to.toString(), p.amount])).toEqual([
            [ACTIVE, f.recipients[ACTIVE].address.toString(), TON],
        ]);
        expect(run.report?.report).toEqual({
            paidCount: 1,
            paidAmount: TON,
            skippedUnknown: 0,
            skippedInactive: 1,
            skippedNotIncreased: 0,
            skippedBelowMin: 0,
            skippedHeld: 0,
            skippedOutOfRange: 0,
        });
        const before = await stateOf(blockchain, f.pool.address);
        const attack = rawPayoutBatch(
            8n,
            1,
            rawEntriesOf([{ workerIndex: WITHDRAWN, cumulative: (1n << 64n) + SETTLED + TON }]),
        );
        const r = await f.operator.send({ to: f.pool.address, value: await f.pool.getBatchValue(1), body: attack });
        await expectRejected(blockchain, r, {
            from: f.operator.address,
            to: f.pool.address,
            exitCode: PoolError.malformedBody,
            before,
        });
        expect(await f.pool.getWorker(WITHDRAWN)).toMatchObject({ paid: SETTLED, withdrawn: true });
        await expectPoolInvariants(blockchain, f.pool, {
            paid: new Map([
                [ACTIVE, TON],
                [WITHDRAWN, SETTLED],
            ]),
        });
    });

    // Suspended is not withdrawn: in one pay_owed, the withdrawn worker is paid and the suspended one
    // (its record inactive, 10) is skipped as inactive, its owed waiting, as is a never-synced one's.
    it("[POOL-622] a suspended worker's owed stays held while a withdrawn worker's is paid in the same pay_owed", async () => {
        await withdraw(WITHDRAWN, f.recipients[WITHDRAWN].address);
        for (const i of [WITHDRAWN, SUSPENDED, UNKNOWN]) await payEarnings(f, i, PAID);
        const [owedW, owedS, owedU] = await Promise.all(
            [WITHDRAWN, SUSPENDED, UNKNOWN].map((i) => f.pool.getAttributedOwed(i)),
        );
        const run = await sendPayOwed(f, [SUSPENDED, WITHDRAWN, UNKNOWN]);
        expect(run.payouts.map((p) => [p.to.toString(), p.workerIndex, p.amount])).toEqual([
            [f.recipients[WITHDRAWN].address.toString(), WITHDRAWN, owedW],
        ]);
        expect(run.report!.report).toEqual({
            paidCount: 1,
            paidAmount: owedW,
            ...noSkips,
            skippedInactive: 1,
            skippedUnknown: 1,
        });
        expect(await Promise.all([WITHDRAWN, SUSPENDED, UNKNOWN].map((i) => f.pool.getAttributedOwed(i)))).toEqual([
            0n,
            owedS,
            owedU,
        ]);
        expect(await f.pool.getWorker(SUSPENDED)).toMatchObject({
            known: true,
            active: false,
            withdrawn: false,
            held: false,
        });
        await expectPoolInvariants(blockchain, f.pool);
    });

    // Attack: a stolen operator key, the owner, a member or a stranger forges a worker_sync (the new
    // tag with withdrawn set, the new tag re-activating a withdrawn worker at its own address, and the
    // legacy worker_sync_v1). Must hold: 403 and nothing changes, for an active and a withdrawn worker.
    it('[POOL-623] a forged worker_sync, new or legacy, from anyone but the registry is refused with not_registry and changes nothing', async () => {
        await withdraw(2, f.recipients[2].address);
        for (const via of [f.operator, f.owner, f.recipients[ACTIVE], f.stranger]) {
            for (const body of [
                rawWorkerSync(ACTIVE, via.address, false, 1n, true),
                rawWorkerSync(2, via.address, true, 1n, false),
                rawWorkerSync(2, via.address, false, 1n, true),
                rawWorkerSyncV1(2, via.address, true, 1n),
                rawWorkerSyncV1(ACTIVE, via.address, true, 1n),
            ]) {
                const before = await stateOf(blockchain, f.pool.address);
                const r = await via.send({ to: f.pool.address, value: TON, body });
                await expectRejected(blockchain, r, {
                    from: via.address,
                    to: f.pool.address,
                    exitCode: PoolError.notRegistry,
                    before,
                });
            }
        }
        expect(await f.pool.getWorker(2)).toMatchObject({ withdrawn: true, active: false });
        expect((await f.pool.getWorker(2)).payout?.equals(f.recipients[2].address)).toBe(true);
        expect(await f.pool.getWorker(ACTIVE)).toMatchObject({ withdrawn: false, active: true });
    });

    // Fault: after the withdrawal the operator resyncs the index (the registry sends withdrawn with
    // the zero address), and a replayed or buggy registry sends the worker active again at another
    // address, inactive, withdrawn at another address, or as a legacy v1 sync. Must hold: withdrawn is
    // terminal: each is accepted (no bounce back to the registry) and the pool's data does not change
    // by one bit; the next pay_owed pays the address the withdrawal named.
    it('[POOL-624] after a withdrawal, a resync, a replay or any other worker_sync for that index changes nothing', async () => {
        await withdraw(WITHDRAWN, f.recipients[WITHDRAWN].address);
        const other = f.recipients[ACTIVE].address;
        for (const body of [
            rawWorkerSync(WITHDRAWN, ZERO_ADDRESS, false, 2n, true),
            rawWorkerSync(WITHDRAWN, other, true, 3n),
            rawWorkerSync(WITHDRAWN, other, false, 4n),
            rawWorkerSync(WITHDRAWN, other, false, 5n, true),
            rawWorkerSync(WITHDRAWN, other, true, 6n, true),
            rawWorkerSyncV1(WITHDRAWN, other, true, 7n),
        ]) {
            const before = await stateOf(blockchain, f.pool.address);
            await fromRegistry(body);
            expect((await stateOf(blockchain, f.pool.address)).data.equals(before.data)).toBe(true);
        }
        await payEarnings(f, WITHDRAWN, PAID);
        const owed = await f.pool.getAttributedOwed(WITHDRAWN);
        const run = await sendPayOwed(f, [WITHDRAWN]);
        expect(run.payouts.map((p) => [p.to.toString(), p.amount])).toEqual([
            [f.recipients[WITHDRAWN].address.toString(), owed],
        ]);
        const batch = await sendBatch(f, [{ workerIndex: WITHDRAWN, cumulative: SETTLED + TON }]);
        expect(batch.payouts).toEqual([]);
        expect(batch.report?.report.skippedInactive).toBe(1);
    });

    // Fault: the withdrawal's own sync bounced (the pool was out of reach), so the operator's resync
    // of the departed index is the first the pool hears of it: withdrawn with the zero address. Must
    // hold: the zero address never replaces the account the pool holds (its owed is paid there, and
    // the bounce count at that address is kept); for an index the pool never knew, the record becomes
    // withdrawn with no account and its owed is held (skipped_held), never sent to 0:0…0.
    it('[POOL-625] a withdrawal with the zero address keeps the stored payout address; an index never synced is withdrawn and held', async () => {
        await fromRegistry(rawWorkerSync(3, ZERO_ADDRESS, false, 2n, true));
        const w3 = await f.pool.getWorker(3);
        expect({ ...w3, payout: w3.payout?.toString() }).toEqual({
            known: true,
            payout: f.recipients[3].address.toString(),
            active: false,
            paid: 0n,
            bounces: 0,
            held: false,
            withdrawn: true,
        });
        await fromRegistry(rawWorkerSync(UNKNOWN, ZERO_ADDRESS, false, 3n, true));
        const wu = await f.pool.getWorker(UNKNOWN);
        expect({ ...wu, payout: wu.payout?.toRawString() }).toEqual({
            known: true,
            payout: ZERO_ADDRESS.toRawString(),
            active: false,
            paid: 0n,
            bounces: 0,
            held: true,
            withdrawn: true,
        });
        for (const i of [3, UNKNOWN]) await payEarnings(f, i, PAID);
        const [owed3, owedU] = await Promise.all([3, UNKNOWN].map((i) => f.pool.getAttributedOwed(i)));
        const run = await sendPayOwed(f, [3, UNKNOWN]);
        expect(run.payouts.map((p) => [p.to.toString(), p.workerIndex, p.amount])).toEqual([
            [f.recipients[3].address.toString(), 3, owed3],
        ]);
        expect(run.report!.report).toEqual({ paidCount: 1, paidAmount: owed3, ...noSkips, skippedHeld: 1 });
        expect(await f.pool.getAttributedOwed(UNKNOWN)).toBe(owedU);
        await expectPoolInvariants(blockchain, f.pool);
    });

    // Fault: the withdrawn worker's payout address is a wallet that no longer exists, so each
    // attributed payout bounces. Must hold: each bounce credits back once (what came back less the
    // bounce handling), is counted, and the next pay_owed pays the credit again; at the third bounce
    // the worker is held for good (withdrawn: no worker_sync can change its address any more), its
    // owed waiting, and a further pay_owed sends nothing.
    it('[POOL-626] a withdrawn worker whose attributed payouts bounce three times is held, each bounce credited back exactly once', async () => {
        await withdraw(MISSING, missingWallet());
        await payEarnings(f, MISSING, PAID);
        let owed = await f.pool.getAttributedOwed(MISSING);
        let returned = (await f.pool.getAttributedTotals()).returned;
        for (let k = 1; k <= PoolLimits.bouncesToHold; k++) {
            const run = await sendPayOwed(f, [MISSING], { queryId: BigInt(k) });
            expect(run.payouts.map((p) => [p.to.toString(), p.workerIndex, p.amount])).toEqual([
                [missingWallet().toString(), MISSING, owed],
            ]);
            const bounces = run.result.transactions.filter((t) => isBounceTo(t, f.pool.address));
            expect(bounces.length).toBe(1);
            expect(exitCode(bounces[0])).toBe(0);
            const back = bounces[0].inMessage!.info.type === 'internal' ? bounces[0].inMessage!.info.value.coins : 0n;
            const credit = attributedBounceCredit(f.fees(), owed, back);
            expect(credit > 0n && credit < owed).toBe(true);
            returned += credit;
            expect(await f.pool.getAttributedOwed(MISSING)).toBe(credit);
            expect((await f.pool.getAttributedTotals()).returned).toBe(returned);
            expect(await f.pool.getWorker(MISSING)).toMatchObject({
                withdrawn: true,
                bounces: k,
                held: k >= PoolLimits.bouncesToHold,
            });
            await expectPoolInvariants(blockchain, f.pool);
            owed = credit;
        }
        const held = await sendPayOwed(f, [MISSING]);
        expect(held.payouts).toEqual([]);
        expect(held.report!.report).toEqual({ paidCount: 0, paidAmount: 0n, ...noSkips, skippedHeld: 1 });
        expect(await f.pool.getAttributedOwed(MISSING)).toBe(owed);
        // the registry cannot release it: a sync naming another address is ignored (terminal)
        await fromRegistry(rawWorkerSync(MISSING, f.recipients[ACTIVE].address, false, 9n, true));
        expect(await f.pool.getWorker(MISSING)).toMatchObject({
            withdrawn: true,
            bounces: PoolLimits.bouncesToHold,
            held: true,
        });
    });

    // A registry built before `withdrawn` sends worker_sync_v1 (0xfa683152, no withdrawn bit): an
    // upgraded pool keeps that registry, so it must still hear it. Must hold: v1 suspends and
    // reinstates exactly as before (record 10 and 11, address and paid kept), never withdraws.
    it('[POOL-627] the legacy worker_sync_v1 from the registry still suspends and reinstates, and never withdraws', async () => {
        await fromRegistry(rawWorkerSyncV1(ACTIVE, f.recipients[ACTIVE].address, false, 1n));
        expect(await f.pool.getWorker(ACTIVE)).toMatchObject({
            known: true,
            active: false,
            withdrawn: false,
            held: false,
        });
        const skipped = await sendBatch(f, [{ workerIndex: ACTIVE, cumulative: TON }]);
        expect(skipped.payouts).toEqual([]);
        expect(skipped.report?.report.skippedInactive).toBe(1);
        await fromRegistry(rawWorkerSyncV1(ACTIVE, f.recipients[2].address, true, 2n));
        expect(await f.pool.getWorker(ACTIVE)).toMatchObject({
            known: true,
            active: true,
            withdrawn: false,
            held: false,
        });
        const paid = await sendBatch(f, [{ workerIndex: ACTIVE, cumulative: TON }]);
        expect(paid.payouts.map((p) => [p.to.toString(), p.amount])).toEqual([
            [f.recipients[2].address.toString(), TON],
        ]);
    });

    // The registry's withdrawal with every field at its TL-B maximum, sent raw: worker_index
    // 2^32 - 1 (and the workers beside it in every other state), query_id 2^64 - 1, and both `active`
    // and `withdrawn` set (a contradiction no registry sends). Must hold, from each prior state
    // (never synced, active, suspended, held because its address is the pool): the record becomes
    // withdrawn at the new address, unheld; a raw batch naming it at the largest cumulative a slot
    // holds (2^64 - 1) pays nothing and counts it skipped_inactive; its attributed owed is paid by
    // pay_owed exactly, once, to that address; the pool's books stay whole.
    const PRIOR_STATES: { name: string; index: number; before?: () => Cell }[] = [
        { name: 'never synced, index 2^32 - 1', index: MAX_INDEX },
        { name: 'active', index: ACTIVE },
        { name: 'suspended', index: SUSPENDED },
        { name: 'held (its address is the pool)', index: 2, before: () => rawWorkerSync(2, f.pool.address, true, 1n) },
    ];
    it.each(PRIOR_STATES)(
        '[POOL-630] a withdrawal with every field at its TL-B maximum makes a worker $name withdrawn: never batch-paid, its owed paid once',
        async ({ index, before }) => {
            if (before) await fromRegistry(before());
            const leaver = f.recipients[3].address;
            await fromRegistry(rawWorkerSync(index, leaver, true, (1n << 64n) - 1n, true));
            const w = await f.pool.getWorker(index);
            expect({ ...w, payout: w.payout?.toString() }).toEqual({
                known: true,
                payout: leaver.toString(),
                active: false,
                paid: 0n,
                bounces: 0,
                held: false,
                withdrawn: true,
            });
            // A record at index 2^32 - 1 makes the floor count every page below it (reserve.fc: pages
            // are created in index order, which the registry's next_index guarantees): 133,692 TON at
            // 2026 prices. The batch would stop at below_floor; the owner funds the floor so it runs.
            const { reserve, floor } = await f.pool.getReserve();
            if (reserve < floor) {
                const funder = await blockchain.treasury(`floor funder ${index}`, {
                    balance: floor - reserve + 2n * TON,
                });
                await f.pool.sendTopUpReserve(funder.getSender(), { value: floor - reserve + TON });
                expect((await f.pool.getReserve()).reserve >= floor).toBe(true);
            }
            const batch = await f.operator.send({
                to: f.pool.address,
                value: await f.pool.getBatchValue(1),
                body: rawPayoutBatch(9n, 1, rawEntriesOf([{ workerIndex: index, cumulative: MAX_CUMULATIVE }])),
            });
            const run = readBatch(f.pool.address, f.operator.address, batch);
            expect(run.payouts).toEqual([]);
            expect(run.report?.stopReason).toBe(StopReason.done);
            expect(run.report?.report).toEqual({
                paidCount: 0,
                paidAmount: 0n,
                skippedUnknown: 0,
                skippedInactive: 1,
                skippedNotIncreased: 0,
                skippedBelowMin: 0,
                skippedHeld: 0,
                skippedOutOfRange: 0,
            });
            await payEarnings(f, index, PAID);
            const owed = await f.pool.getAttributedOwed(index);
            expect(owed > 0n).toBe(true);
            const paid = await sendPayOwed(f, [index, index], { via: f.stranger, queryId: 5n });
            expect(paid.payouts.map((p) => [p.to.toString(), p.workerIndex, p.amount, p.value, p.bounce])).toEqual([
                [leaver.toString(), index, owed, owed, true],
            ]);
            expect(paid.report!.report).toEqual({ paidCount: 1, paidAmount: owed, ...noSkips, skippedBelowMin: 1 });
            expect(await f.pool.getAttributedOwed(index)).toBe(0n);
            expect((await sendPayOwed(f, [index], { queryId: 6n })).payouts).toEqual([]);
            await expectPoolInvariants(blockchain, f.pool);
        },
    );
});

/** PoolPayout as built at cf95f09, before worker_sync's `withdrawn` (its hash is the one audits/code-hashes.json recorded there). */
const PRE_WITHDRAWN_CODE = Cell.fromBoc(readFileSync(join(__dirname, 'fixtures', 'pool_payout_cf95f09.boc')))[0];
const PRE_WITHDRAWN_HASH = '6ecdc3463e63ca4ef66d140925d57e8549d1ad55b4ae7b245179d7be9669fefd';

describe.each(PRICE_SETS)('PoolPayout upgraded from the code before withdrawn (%s prices)', (prices) => {
    // A pool deployed before `withdrawn` existed, with its old registry's v1 syncs in its ledger (a
    // suspended worker 2, and worker 3 whose record left: the old resync wrote the zero account and
    // state 10), upgrades to today's code. Must hold: the upgrade keeps the storage cell as is (no
    // migration: states 00, 10, 11 keep their bits and 01 was never written); on it the new code
    // reads every record unchanged, a withdrawal sync writes state 01 and pay_owed pays that worker's
    // owed to its address; the legacy zero-account record is never paid (inactive, then withdrawn and
    // held), and no batch pays any of them.
    it(`[UPG-202] a pool upgraded from the code before withdrawn reads its ledger unchanged, writes state 01 and pays a withdrawn worker's owed (${prices})`, async () => {
        expect(PRE_WITHDRAWN_CODE.hash().toString('hex')).toBe(PRE_WITHDRAWN_HASH);
        const f = await setupPool({ prices, workers: 4, recipients: 4 });
        const { blockchain, pool } = f;
        const installed = await stateOf(blockchain, pool.address);
        await blockchain.setShardAccount(
            pool.address,
            createShardAccount({
                address: pool.address,
                code: PRE_WITHDRAWN_CODE,
                data: installed.data,
                balance: installed.balance,
            }),
        );
        await deployEarnings(f, [1, 2, 3]);
        const v1 = async (body: Cell) => {
            const r = await f.registry.send({ to: pool.address, value: toNano('0.05'), body });
            expect(exitCode(r.transactions[1])).toBe(0);
        };
        await v1(rawWorkerSyncV1(2, f.recipients[2].address, false, 1n));
        await v1(rawWorkerSyncV1(3, ZERO_ADDRESS, false, 2n));
        for (const i of [1, 2, 3]) await payEarnings(f, i, PAID);
        const owed = await Promise.all([1, 2, 3].map((i) => pool.getAttributedOwed(i)));

        const before = await stateOf(blockchain, pool.address);
        const up = await f.owner.send({
            to: pool.address,
            value: TON,
            body: beginCell().storeUint(0xc5867a23, 32).storeUint(0, 64).storeRef(f.code).endCell(),
        });
        expect(exitCode(up.transactions[1])).toBe(0);
        const after = await stateOf(blockchain, pool.address);
        expect(after.data.equals(before.data)).toBe(true);
        const account = (await blockchain.getContract(pool.address)).accountState;
        expect(account?.type === 'active' && account.state.code?.equals(f.code)).toBe(true);
        const view = async (i: number) => {
            const w = await pool.getWorker(i);
            return { ...w, payout: w.payout?.toRawString() };
        };
        expect(await view(1)).toEqual({
            known: true,
            payout: f.recipients[1].address.toRawString(),
            active: true,
            paid: 0n,
            bounces: 0,
            held: false,
            withdrawn: false,
        });
        expect(await view(2)).toEqual({
            known: true,
            payout: f.recipients[2].address.toRawString(),
            active: false,
            paid: 0n,
            bounces: 0,
            held: false,
            withdrawn: false,
        });
        expect(await view(3)).toEqual({
            known: true,
            payout: ZERO_ADDRESS.toRawString(),
            active: false,
            paid: 0n,
            bounces: 0,
            held: false,
            withdrawn: false,
        });

        const sync = async (body: Cell) => {
            const r = await f.registry.send({ to: pool.address, value: toNano('0.05'), body });
            expect(exitCode(r.transactions[1])).toBe(0);
        };
        await sync(rawWorkerSync(1, f.recipients[1].address, false, 3n, true));
        const first = await sendPayOwed(f, [1, 2, 3]);
        expect(first.payouts.map((p) => [p.to.toString(), p.workerIndex, p.amount])).toEqual([
            [f.recipients[1].address.toString(), 1, owed[0]],
        ]);
        expect(first.report!.report).toEqual({ paidCount: 1, paidAmount: owed[0], ...noSkips, skippedInactive: 2 });
        // today's registry resyncs the departed index 3: withdrawn with the zero address, and no address known
        await sync(rawWorkerSync(3, ZERO_ADDRESS, false, 4n, true));
        expect(await view(3)).toEqual({
            known: true,
            payout: ZERO_ADDRESS.toRawString(),
            active: false,
            paid: 0n,
            bounces: 0,
            held: true,
            withdrawn: true,
        });
        const second = await sendPayOwed(f, [1, 2, 3]);
        expect(second.payouts).toEqual([]);
        expect(second.report!.report).toEqual({
            paidCount: 0,
            paidAmount: 0n,
            ...noSkips,
            skippedBelowMin: 1,
            skippedInactive: 1,
            skippedHeld: 1,
        });
        expect(await Promise.all([1, 2, 3].map((i) => pool.getAttributedOwed(i)))).toEqual([0n, owed[1], owed[2]]);
        const batch = await sendBatch(
            f,
            [1, 2, 3].map((workerIndex) => ({ workerIndex, cumulative: TON })),
        );
        expect(batch.payouts).toEqual([]);
        expect(batch.report?.report).toMatchObject({ paidCount: 0, skippedInactive: 3 });
        await expectPoolInvariants(blockchain, pool);
    });
});
