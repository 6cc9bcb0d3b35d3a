/**
 * The cost of hostile recipients (THREAT_MODEL.md, "Hostile recipient contracts"): members point
 * their payout addresses at a contract that burns all the gas it is given and fails, and the
 * operator retries. Since issue 9 (finding 3) the worker whose address refuses bears what it
 * burned: the pool credits back only the bounced value, the reserve pays only its own handling of
 * each bounce (at most the fee of gas::bounce, at most BOUNCES_TO_HOLD times per address). This test
 * stages many bounces on a small reserve and measures what one bounce costs the worker and the
 * reserve under both price sets.
 */
import { toNano } from '@ton/core';
import { Blockchain, BlockchainTransaction } from '@ton/sandbox';
import { FeeSchedule } from '../../toolkit/chain/fees';
import { applyPrices, PRICE_SETS } from '../../toolkit/chain/prices';
import { computeFees, storageFees } from '../../toolkit/chain/transactions';
import { PoolGas, PoolLimits, PoolOp, PoolReserve, reserveFloorSize } from '../../wrappers/PoolConstants';
import { bounceCredits, expectPoolInvariants } from '../helpers/invariants';
import { sendBatch } from '../helpers/pool-batch';
import { setupPool } from '../helpers/pool-fixture';
import { gasBurner } from '../helpers/pool-recipients';
import { fillerAddress } from '../helpers/pool-fixture';

const MAX_GAS = 1_000_000n;
const WORKERS = 8;

describe.each(PRICE_SETS)('bounce cost (%s prices)', (prices) => {
    // Attack: eight workers paid to a gas burner, each 20-TON payout retried by the operator until
    // the pool holds the worker, on a reserve of the floor (get_reserve) plus exactly what the hold
    // bounds the pool's handling of those bounces to (8 x BOUNCES_TO_HOLD x the fee of gas::bounce).
    // Must hold after every transaction: balance >= owed + commission held (+ the floor at the end); each bounce costs its own worker exactly the burnt compute (1,000,000
    // gas) and the bounce's forward fee, to the nanoton; the reserve pays exactly each bounce's own
    // compute (never above the fee of gas::bounce) and rent, nothing else; after BOUNCES_TO_HOLD
    // rounds nothing more is sent.
    it(`[POOL-500] many bounces from gas-burning recipients on a small reserve cost their workers, and the reserve at most the bounce fee each (${prices})`, async () => {
        const probe = await Blockchain.create();
        applyPrices(probe, prices);
        const probeFees = new FeeSchedule(probe.config);
        const floorSize = reserveFloorSize(1);
        const floor = probeFees.storageFor(floorSize.bits, floorSize.cells, PoolReserve.horizon);
        const smallReserve = floor + BigInt(WORKERS * PoolLimits.bouncesToHold) * probeFees.compute(PoolGas.bounce);
        const f = await setupPool({
            prices,
            workers: WORKERS + 1,
            recipients: 1,
            reserve: smallReserve,
            ledger: () => Array.from({ length: WORKERS }, (_, i) => ({ index: i + 1, payout: fillerAddress('burner'), active: true })),
        });
        await gasBurner(f.blockchain, 'burner');
        const fees = f.fees();
        const bound = fees.compute(PoolGas.bounce);
        const amount = toNano('20');
        const entries = Array.from({ length: WORKERS }, (_, i) => ({ workerIndex: i + 1, cumulative: amount }));
        const start = await f.pool.getTotals();
        let rent = 0n;
        let spent = 0n;
        let bounces = 0;
        const paid = new Map<number, bigint>(entries.map((e) => [e.workerIndex, 0n]));
        for (let round = 1; round <= PoolLimits.bouncesToHold + 1; round++) {
            const before = await f.pool.getTotals();
            const run = await sendBatch(f, entries, { queryId: BigInt(round) });
            const txs: BlockchainTransaction[] = run.result.transactions;
            const back = txs.filter((t) => t.inMessage?.info.type === 'internal' && t.inMessage.info.bounced && t.inMessage.info.dest.equals(f.pool.address));
            const hits = txs.filter((t) => t.inMessage?.info.type === 'internal' && t.inMessage.info.dest.equals(fillerAddress('burner')));
            expect({ round, sent: run.payouts.length, back: back.length }).toEqual(
                round <= PoolLimits.bouncesToHold ? { round, sent: WORKERS, back: WORKERS } : { round, sent: 0, back: 0 },
            );
            if (round > PoolLimits.bouncesToHold) {
                expect(run.report!.report.skippedHeld).toBe(WORKERS);
                break;
            }
            for (const t of back) expect(t.inMessage!.body.beginParse().skip(32).loadUint(32)).toBe(PoolOp.poolPayout);
            for (const h of hits) expect(computeFees(h)).toBe(fees.compute(Number(MAX_GAS)));
            const credits = bounceCredits(f.pool.address, txs);
            for (const p of run.payouts) {
                // what this bounce cost the worker: burnt compute + the bounce's forward fee + gas::bounce's fee
                const cost = p.amount - credits.get(p.workerIndex)!;
                expect(cost).toBe(fees.compute(Number(MAX_GAS)) + fees.forward(0, 0));
                paid.set(p.workerIndex, amount - credits.get(p.workerIndex)!);
            }
            bounces += back.length;
            const poolTxs = txs.filter((t) => t.inMessage?.info.type === 'internal' && t.inMessage.info.dest.equals(f.pool.address));
            const roundRent = poolTxs.reduce((a, t) => a + storageFees(t), 0n);
            rent += roundRent;
            const after = await f.pool.getTotals();
            const handling = back.reduce((a, t) => a + computeFees(t), 0n);
            for (const t of back) expect(computeFees(t) <= bound).toBe(true);
            expect(after.reserve - before.reserve).toBe(-handling - roundRent);
            spent += handling;
            expect(after.reserve).toBe(start.reserve - spent - rent);
            expect(after.owed).toBe(before.owed - run.payouts.reduce((a, p) => a + p.amount, 0n) + [...credits.values()].reduce((a, c) => a + c, 0n));
            await expectPoolInvariants(f.blockchain, f.pool, { paid });
        }
        expect(bounces).toBe(WORKERS * PoolLimits.bouncesToHold);
        const end = await f.pool.getTotals();
        expect(end.commissionHeld).toBe(start.commissionHeld);
        expect(spent <= BigInt(WORKERS * PoolLimits.bouncesToHold) * bound).toBe(true);
        expect(end.reserve >= floor).toBe(true);
        expect(await f.pool.getReserve()).toEqual({ reserve: end.reserve, floor });
    });
});
