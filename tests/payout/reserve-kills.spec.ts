/**
 * The reserve floor of a pool whose ledger is empty (contracts/pool/reserve.fc reserve::floor):
 * the full run of reserve.fc (audits/MUTATION.md) found no test with zero ledger pages, so the
 * page count of an empty ledger could be 1 or -1 without a failure (storage.spec.ts measures 10,
 * 1,000 and 10,000 workers), nor a storage shortfall of exactly one nanoton (reserve::charge_storage).
 * Figures come from blockchain.config.
 */
import { beginCell, toNano } from '@ton/core';
import { PRICE_SETS } from '../../toolkit/chain/prices';
import { PoolError, PoolOp, PoolReserve, reserveFloorSize } from '../../wrappers/PoolConstants';
import { withdrawValue } from '../../wrappers/PoolPayout';
import { expectPoolInvariants } from '../helpers/invariants';
import { PoolFixture, setupPool } from '../../audits/harness/pool-fixture';
import { expectRejected } from '../helpers/rejections';
import { stateOf } from '../../audits/harness/state';

/** withdraw_commission#4c12b587 query_id:uint64 amount:Coins, built from the TL-B. */
function rawWithdraw(amount: bigint) {
    return beginCell().storeUint(PoolOp.withdrawCommission, 32).storeUint(5n, 64).storeCoins(amount).endCell();
}

describe.each(PRICE_SETS)('PoolPayout reserve floor and storage charge, empty ledger (%s prices)', (prices) => {
    let f: PoolFixture;
    beforeAll(async () => {
        f = await setupPool({ prices, workers: 0, revenue: toNano('100') });
    });
    beforeEach(async () => {
        await f.blockchain.loadFrom(f.snapshot);
    });

    // No ledger page exists, so the floor is a year of storage for the fixed part of the account
    // alone: zero pages, not one (the mutant `found ? last_page + 1 : 1` charges a page that does not
    // exist) and not minus one. At reserve = floor - 1 a raw withdraw_commission is refused with 416,
    // state unchanged; at the floor the same withdrawal goes through and the reserve stays at the floor.
    // (Kills reserve.fc:33 `: 0` -> `: 1` and `: -1`, f2418aea and afdc9c33, which timed out at 900 s.)
    it('[STO-203] with no ledger page the floor is a year of storage of the fixed part; withdrawals stop one nanoton under it', async () => {
        const size = reserveFloorSize(0);
        const floor = f.fees().storageFor(size.bits, size.cells, PoolReserve.horizon);
        expect(floor).toBeGreaterThan(0n);
        const t = await f.pool.getTotals();
        expect(await f.pool.getReserve()).toEqual({ reserve: t.balance - t.owed - t.commissionHeld, floor });
        expect(t.commissionHeld).toBeGreaterThan(0n);

        const contract = await f.blockchain.getContract(f.pool.address);
        contract.balance = t.owed + t.commissionHeld + floor - 1n;
        const need = withdrawValue(f.fees());
        const before = await stateOf(f.blockchain, f.pool.address);
        const refused = await f.owner.send({ to: f.pool.address, value: need, body: rawWithdraw(1n) });
        await expectRejected(f.blockchain, refused, {
            from: f.owner.address,
            to: f.pool.address,
            exitCode: PoolError.belowFloor,
            before,
        });

        contract.balance = t.owed + t.commissionHeld + floor;
        const withdrawn = await f.owner.send({ to: f.pool.address, value: need, body: rawWithdraw(1n) });
        const tx = withdrawn.transactions[1];
        expect(tx.description.type === 'generic' && !tx.description.aborted).toBe(true);
        expect((await f.pool.getTotals()).commissionWithdrawn).toBe(1n);
        expect(await f.pool.getReserve()).toEqual({ reserve: floor, floor });
        await expectPoolInvariants(f.blockchain, f.pool, { paid: new Map(), storageReserve: floor });
    });

    // Storage took the reserve exactly one nanoton below zero: that nanoton is charged to commission
    // held, so the reserve is 0, not -1 (worker money untouched), and a withdrawal is refused as
    // below the floor (416), not as insolvent (413), state unchanged. (Kills reserve.fc:48
    // `reserve < 0` -> `reserve < -1`, 00f7bf18, which timed out at 900 s: no test had a shortfall
    // of exactly one nanoton.)
    it('[STO-206] a storage shortfall of exactly one nanoton is charged to commission held: reserve 0, withdrawals refused with below_floor', async () => {
        const t = await f.pool.getTotals();
        const { floor } = await f.pool.getReserve();
        (await f.blockchain.getContract(f.pool.address)).balance = t.owed + t.commissionHeld - 1n;
        expect(await f.pool.getReserve()).toEqual({ reserve: 0n, floor });
        const before = await stateOf(f.blockchain, f.pool.address);
        const refused = await f.owner.send({
            to: f.pool.address,
            value: withdrawValue(f.fees()),
            body: rawWithdraw(1n),
        });
        await expectRejected(f.blockchain, refused, {
            from: f.owner.address,
            to: f.pool.address,
            exitCode: PoolError.belowFloor,
            before,
        });
    });
});
