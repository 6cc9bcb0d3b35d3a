/**
 * The cost of hostile recipients (THREAT_MODEL.md, "Hostile recipient contracts"): members point
 * their payout addresses at a contract that burns all the gas it is given and fails, and the
 * operator retries. Since issue 9 (finding 3) the worker whose address refuses bears what it
 * burned and the pool's handling of its bounce: the pool credits back the bounced value less the fee
 * of gas::bounce, so the reserve pays nothing. This test stages many bounces on a reserve at the
 * floor and measures what one bounce costs the worker and the reserve under both price sets.
 */
import { toNano } from '@ton/core';
import { Blockchain, BlockchainTransaction } from '@ton/sandbox';
import { FeeSchedule } from '../../toolkit/chain/fees';
import { applyPrices, PRICE_SETS } from '../../toolkit/chain/prices';
import { computeFees, storageFees } from '../../toolkit/chain/transactions';
import { PoolGas, PoolLimits, PoolOp, PoolReserve, reserveFloorSize } from '../../wrappers/PoolConstants';
import { bounceCredits, expectPoolInvariants } from '../helpers/invariants';
import { sendBatch } from '../helpers/pool-batch';
import { setupPool } from '../../audits/harness/pool-fixture';
import { gasBurner } from '../helpers/pool-recipients';
import { fillerAddress } from '../../audits/harness/pool-fixture';

const MAX_GAS = 1_000_000n;
const WORKERS = 8;

describe.each(PRICE_SETS)('bounce cost (%s prices)', (prices) => {
    // Attack: eight workers paid to a gas burner, each 20-TON payout retried by the operator until
    // the pool holds the worker, on a reserve of the floor (get_reserve) plus one bounce fee of room
    // for rent. Must hold after every transaction: balance >= owed + commission held (+ the floor at
    // the end); each bounce costs its own worker exactly the burnt compute (1,000,000 gas), the
    // bounce's forward fee and the fee of gas::bounce, to the nanoton; the reserve gains exactly that
    // fee less each bounce's own compute (never negative) and pays its rent, nothing else; after
    // BOUNCES_TO_HOLD rounds nothing more is sent.
    it(`[POOL-500] many bounces from gas-burning recipients on a reserve at the floor cost their workers, and the reserve nothing (${prices})`, async () => {
        const probe = await Blockchain.create();
        applyPrices(probe, prices);
        const probeFees = new FeeSchedule(probe.config);
        const floorSize = reserveFloorSize(1);
        const floor = probeFees.storageFor(floorSize.bits, floorSize.cells, PoolReserve.horizon);
        const smallReserve = floor + probeFees.compute(PoolGas.bounce);
        const f = await setupPool({
            prices,
            workers: WORKERS + 1,
            recipients: 1,
            reserve: smallReserve,
            ledger: () =>
                Array.from({ length: WORKERS }, (_, i) => ({
                    index: i + 1,
                    payout: fillerAddress('burner'),
                    active: true,
                })),
        });
        await gasBurner(f.blockchain, 'burner');
        const fees = f.fees();
        const bound = fees.compute(PoolGas.bounce);
        const amount = toNano('20');
        const entries = Array.from({ length: WORKERS }, (_, i) => ({ workerIndex: i + 1, cumulative: amount }));
        const start = await f.pool.getTotals();
        let rent = 0n;
        let gained = 0n;
        let handled = 0n;
        let bounces = 0;
        const paid = new Map<number, bigint>(entries.map((e) => [e.workerIndex, 0n]));
        for (let round = 1; round <= PoolLimits.bouncesToHold + 1; round++) {
            const before = await f.pool.getTotals();
            const run = await sendBatch(f, entries, { queryId: BigInt(round) });
            const txs: BlockchainTransaction[] = run.result.transactions;
            const back = txs.filter(
                (t) =>
                    t.inMessage?.info.type === 'internal' &&
                    t.inMessage.info.bounced &&
                    t.inMessage.info.dest.equals(f.pool.address),
            );
            const hits = txs.filter(
                (t) => t.inMessage?.info.type === 'internal' && t.inMessage.info.dest.equals(fillerAddress('burner')),
            );
            expect({ round, sent: run.payouts.length, back: back.length }).toEqual(
                round <= PoolLimits.bouncesToHold
                    ? { round, sent: WORKERS, back: WORKERS }
                    : { round, sent: 0, back: 0 },
            );
            if (round > PoolLimits.bouncesToHold) {
                expect(run.report!.report.skippedHeld).toBe(WORKERS);
                break;
            }
            for (const t of back) expect(t.inMessage!.body.beginParse().skip(32).loadUint(32)).toBe(PoolOp.poolPayout);
            for (const h of hits) expect(computeFees(h)).toBe(fees.compute(Number(MAX_GAS)));
            const credits = bounceCredits(f.pool.address, txs, f.fees());
            for (const p of run.payouts) {
                // what this bounce cost the worker: burnt compute + the bounce's forward fee + gas::bounce's fee
                const cost = p.amount - credits.get(p.workerIndex)!;
                expect(cost).toBe(fees.compute(Number(MAX_GAS)) + fees.forward(0, 0) + bound);
                paid.set(p.workerIndex, amount - credits.get(p.workerIndex)!);
            }
            bounces += back.length;
            const poolTxs = txs.filter(
                (t) => t.inMessage?.info.type === 'internal' && t.inMessage.info.dest.equals(f.pool.address),
            );
            const roundRent = poolTxs.reduce((a, t) => a + storageFees(t), 0n);
            rent += roundRent;
            const after = await f.pool.getTotals();
            const handling = back.reduce((a, t) => a + computeFees(t), 0n);
            handled += handling;
            for (const t of back) expect(computeFees(t) <= bound).toBe(true);
            const margin = BigInt(back.length) * bound - handling;
            expect(after.reserve - before.reserve).toBe(margin - roundRent);
            gained += margin;
            expect(after.reserve).toBe(start.reserve + gained - rent);
            expect(after.owed).toBe(
                before.owed -
                    run.payouts.reduce((a, p) => a + p.amount, 0n) +
                    [...credits.values()].reduce((a, c) => a + c, 0n),
            );
            await expectPoolInvariants(f.blockchain, f.pool, { paid });
        }
        expect(bounces).toBe(WORKERS * PoolLimits.bouncesToHold);
        const end = await f.pool.getTotals();
        expect(end.commissionHeld).toBe(start.commissionHeld);
        // the reserve's whole change: each bounce's gas::bounce fee less its own compute, less the rent
        expect(gained).toBe(BigInt(bounces) * bound - handled);
        expect(end.reserve).toBe(start.reserve + gained - rent);
        expect(end.reserve >= floor).toBe(true);
        expect(await f.pool.getReserve()).toEqual({ reserve: end.reserve, floor });
    });
});
