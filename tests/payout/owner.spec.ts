/**
 * PoolPayout owner ops (contracts/pool/owner.fc) at the edges of every check, with raw bodies from
 * the TL-B. The full run of owner.fc (audits/MUTATION.md) found its mutants killed only by
 * handlers.spec.ts and storage.spec.ts, which the run met after 900 s (`amount > commission_held`
 * deleted timed out): this spec is named like the file, so each owner.fc mutant meets it first.
 */
import { Address, beginCell, Cell, SendMode, toNano } from '@ton/core';
import { SandboxContract, TreasuryContract } from '@ton/sandbox';
import { computeFees, exitCode, forwardFees, storageFees } from '../../toolkit/chain/transactions';
import { PoolError, PoolLimits, PoolOp } from '../../wrappers/PoolConstants';
import { withdrawValue } from '../../wrappers/PoolPayout';
import { excessesBody } from '../../wrappers/shared';
import { expectPoolInvariants } from '../helpers/invariants';
import { expectSent } from '../helpers/messages';
import { POOL_PERIOD_LENGTH, PoolFixture, setupPool } from '../../audits/harness/pool-fixture';
import { expectRejected } from '../helpers/rejections';
import { stateOf } from '../../audits/harness/state';

const TON = toNano('1');
const MASTERCHAIN = new Address(-1, Buffer.alloc(32, 7));

// The owner ops' TL-B (contracts/pool/owner.fc), each with its op and a query id.
const head = (op: number, queryId: bigint) => beginCell().storeUint(op, 32).storeUint(queryId, 64);
/** withdraw_commission#4c12b587 query_id:uint64 amount:Coins */
const rawWithdraw = (amount: bigint, queryId = 0n) =>
    head(PoolOp.withdrawCommission, queryId).storeCoins(amount).endCell();
/** set_params#41e3cd93 query_id:uint64 commission_bps:uint16 min_payout:Coins period_cap:Coins period_length:uint32 */
const rawSetParams = (bps: number, minPayout: bigint, periodCap: bigint, periodLength: number) =>
    head(PoolOp.setParams, 0n)
        .storeUint(bps, 16)
        .storeCoins(minPayout)
        .storeCoins(periodCap)
        .storeUint(periodLength, 32)
        .endCell();
/** set_operator#c1cbfad7 query_id:uint64 operator:MsgAddressInt */
const rawSetOperator = (operator: Address) => head(PoolOp.setOperator, 0n).storeAddress(operator).endCell();
/** set_paused#00dc73fc query_id:uint64 paused:Bool */
const rawSetPaused = (paused: boolean) => head(PoolOp.setPaused, 0n).storeBit(paused).endCell();
/** transfer_ownership#f58535ca query_id:uint64 new_owner:MsgAddressInt */
const rawTransfer = (newOwner: Address) => head(PoolOp.transferOwnership, 0n).storeAddress(newOwner).endCell();
/** claim_ownership#0c98bdcf query_id:uint64 */
const rawClaim = () => head(PoolOp.claimOwnership, 0n).endCell();
/** upgrade_code#c5867a23 query_id:uint64 code:^Cell */
const rawUpgrade = (code: Cell) => head(PoolOp.upgradeCode, 0n).storeRef(code).endCell();

describe('PoolPayout owner ops at their edges', () => {
    let f: PoolFixture;
    beforeAll(async () => {
        f = await setupPool({ workers: 2, revenue: toNano('100') });
    });
    beforeEach(async () => {
        await f.blockchain.loadFrom(f.snapshot);
    });

    async function refused(via: SandboxContract<TreasuryContract>, body: Cell, code: number, value = TON) {
        const before = await stateOf(f.blockchain, f.pool.address);
        const r = await via.send({ to: f.pool.address, value, body });
        await expectRejected(f.blockchain, r, { from: via.address, to: f.pool.address, exitCode: code, before });
    }
    async function accepted(body: Cell, value = TON) {
        const r = await f.owner.send({ to: f.pool.address, value, body });
        const tx = r.transactions[1];
        expect({ exit: exitCode(tx), aborted: tx.description.type === 'generic' && tx.description.aborted }).toEqual({
            exit: 0,
            aborted: false,
        });
        return tx;
    }

    // Attack: the operator and a stranger send the owner's withdrawal and code upgrade. Must hold:
    // both refused with 401 before anything else is read, state unchanged.
    it('[ACC-203] withdraw_commission and upgrade_code from the operator or a stranger are refused with not_owner', async () => {
        const need = withdrawValue(f.fees());
        for (const via of [f.operator, f.stranger]) {
            await refused(via, rawWithdraw(1n), PoolError.notOwner, need);
            await refused(via, rawUpgrade(beginCell().endCell()), PoolError.notOwner);
        }
    });

    // The owner asks for one nanoton more than commission held (412), and for exactly what is held
    // with one nanoton less than withdraw_value (407); then exactly held with exactly withdraw_value.
    // Must hold: the refusals change nothing; the withdrawal reserves balance_before - held in the
    // regular mode (a shortfall fails the action rather than sending worker money) and sends the
    // owner held + value - fees, non-bounceable, mode 128, excesses with the query id; withdrawn = held.
    it('[FIN-204] withdraw_commission refuses held + 1 (exceeds_commission) and withdraw_value - 1 (insufficient_value); exactly held with exactly withdraw_value pays held, reserving the rest', async () => {
        const held = (await f.pool.getTotals()).commissionHeld;
        expect(held).toBeGreaterThan(0n);
        const need = withdrawValue(f.fees());
        await refused(f.owner, rawWithdraw(held + 1n, 1n), PoolError.exceedsCommission, need);
        await refused(f.owner, rawWithdraw(held, 2n), PoolError.insufficientValue, need - 1n);

        const before = await stateOf(f.blockchain, f.pool.address);
        const tx = await accepted(rawWithdraw(held, 3n), need);
        expectSent(tx, [
            {
                to: f.owner.address,
                value: held + need - computeFees(tx) - forwardFees(tx),
                bounce: false,
                mode: SendMode.CARRY_ALL_REMAINING_BALANCE,
                body: (b) => expect(b.equals(excessesBody(3n))).toBe(true),
            },
        ]);
        const reserves = (tx.outActions ?? []).flatMap((a) =>
            a.type === 'reserve' ? [{ mode: a.mode, coins: a.currency.coins }] : [],
        );
        expect(reserves).toEqual([{ mode: 0, coins: before.balance - storageFees(tx) - held }]);
        expect((await stateOf(f.blockchain, f.pool.address)).balance).toBe(before.balance - storageFees(tx) - held);
        const t = await f.pool.getTotals();
        expect({ held: t.commissionHeld, withdrawn: t.commissionWithdrawn }).toEqual({ held: 0n, withdrawn: held });
        await expectPoolInvariants(f.blockchain, f.pool);
    });

    // Storage staged by setting the balance: reserve -1 (storage took all commission held and one
    // nanoton of worker money), reserve 0 (one nanoton of held charged), the floor - 1 and the floor.
    // Must hold: 413 at -1, 416 at 0 and at floor - 1, each changing nothing; at the floor one
    // nanoton is withdrawn and the reserve stays at the floor.
    it('[STO-206] withdraw_commission is refused with insolvent at reserve -1, 416 at reserve 0 and at floor - 1, and pays at the floor', async () => {
        const t = await f.pool.getTotals();
        const need = withdrawValue(f.fees());
        const contract = await f.blockchain.getContract(f.pool.address);
        const { floor } = await f.pool.getReserve();
        expect(floor).toBeGreaterThan(1n);

        contract.balance = t.owed - 1n;
        expect(await f.pool.getReserve()).toEqual({ reserve: -1n, floor });
        await refused(f.owner, rawWithdraw(0n), PoolError.insolvent, need);
        contract.balance = t.owed + t.commissionHeld - 1n;
        expect(await f.pool.getReserve()).toEqual({ reserve: 0n, floor });
        await refused(f.owner, rawWithdraw(0n), PoolError.belowFloor, need);
        contract.balance = t.owed + t.commissionHeld + floor - 1n;
        expect(await f.pool.getReserve()).toEqual({ reserve: floor - 1n, floor });
        await refused(f.owner, rawWithdraw(1n), PoolError.belowFloor, need);

        contract.balance = t.owed + t.commissionHeld + floor;
        await accepted(rawWithdraw(1n), need);
        expect((await f.pool.getTotals()).commissionWithdrawn).toBe(1n);
        expect(await f.pool.getReserve()).toEqual({ reserve: floor, floor });
    });

    // Commission one basis point over the maximum (410) and a zero period (411) are refused; the
    // maximum with a one-second period, then 0 bps with the longest period, are stored exactly as
    // sent. Must hold: the refusals change nothing; get_pool_params returns every field sent.
    it('[FIN-205] set_params refuses 5001 bps (commission_too_high) and period 0 (invalid_period), and stores 5000 bps with period 1 and 0 bps with period 2^32 - 1 exactly', async () => {
        await refused(
            f.owner,
            rawSetParams(PoolLimits.commissionBpsMax + 1, 1n, TON, POOL_PERIOD_LENGTH),
            PoolError.commissionTooHigh,
        );
        await refused(f.owner, rawSetParams(0, 1n, TON, 0), PoolError.invalidPeriod);
        await accepted(rawSetParams(PoolLimits.commissionBpsMax, 3n, 5n * TON, 1));
        expect(await f.pool.getParams()).toMatchObject({
            commissionBps: 5000,
            minPayout: 3n,
            periodCap: 5n * TON,
            periodLength: 1,
        });
        await accepted(rawSetParams(0, 0n, 7n, 0xffffffff));
        expect(await f.pool.getParams()).toMatchObject({
            commissionBps: 0,
            minPayout: 0n,
            periodCap: 7n,
            periodLength: 0xffffffff,
        });
    });

    // A masterchain operator is refused (414); a basechain one is stored.
    it('[ACC-205] set_operator refuses a masterchain address (invalid_address) and stores a basechain one', async () => {
        await refused(f.owner, rawSetOperator(MASTERCHAIN), PoolError.invalidAddress);
        await accepted(rawSetOperator(f.stranger.address));
        expect((await f.pool.getParams()).operator.equals(f.stranger.address)).toBe(true);
    });

    // The owner pauses the pool, a batch is refused while paused (406), and the owner unpauses it.
    // Must hold: paused reads true, then false, exactly as the Bool sent.
    it('[POOL-203] set_paused stores the Bool sent: true refuses a batch with 406, false lifts it', async () => {
        await accepted(rawSetPaused(true));
        expect((await f.pool.getParams()).paused).toBe(true);
        const before = await stateOf(f.blockchain, f.pool.address);
        const value = await f.pool.getBatchValue(1);
        const r = await f.pool.sendPayoutBatch(f.operator.getSender(), {
            value,
            queryId: 1n,
            entries: [{ workerIndex: 0, cumulative: TON }],
        });
        await expectRejected(f.blockchain, r, {
            from: f.operator.address,
            to: f.pool.address,
            exitCode: PoolError.paused,
            before,
        });
        await accepted(rawSetPaused(false));
        expect((await f.pool.getParams()).paused).toBe(false);
    });

    // Attack: a claim with no owner proposed, a masterchain proposal, and a stranger's claim of a
    // proposal. Must hold: 404, 414 and 404, each changing nothing; the proposed owner's claim makes
    // it the owner and clears the proposal.
    it('[ACC-204] claim_ownership with nothing proposed (not_pending_owner) or from a stranger (not_pending_owner) and a masterchain proposal (invalid_address) are refused; the proposed owner claims', async () => {
        const next = await f.blockchain.treasury('next-owner');
        await refused(next, rawClaim(), PoolError.notPendingOwner);
        await refused(f.owner, rawTransfer(MASTERCHAIN), PoolError.invalidAddress);
        await accepted(rawTransfer(next.address));
        expect((await f.pool.getParams()).pendingOwner?.equals(next.address)).toBe(true);
        await refused(f.stranger, rawClaim(), PoolError.notPendingOwner);
        const r = await next.send({ to: f.pool.address, value: TON, body: rawClaim() });
        expect(exitCode(r.transactions[1])).toBe(0);
        const p = await f.pool.getParams();
        expect({ owner: p.owner.toString(), pending: p.pendingOwner }).toEqual({
            owner: next.address.toString(),
            pending: null,
        });
    });
});
