/**
 * Attributed revenue end to end with Telegram's own Cocoon contracts (vendor/cocoon): a
 * member's node runs with owner_address = its worker's earnings address (docs/earnings.md, "Pointing
 * a node at its earnings address"); the proxy pays that address for signed vouchers; the earnings
 * contract forwards to the pool, which books the value as that worker's attributed revenue; a
 * pay_owed then pays the member. Every cocoon_payout here is sent by Cocoon's proxy code.
 */
import { toNano } from '@ton/core';
import { BlockchainTransaction } from '@ton/sandbox';
import { PRICE_SETS } from '../../toolkit/chain/prices';
import { computeFees, exitCode, forwardFees, storageFees } from '../../toolkit/chain/transactions';
import { bookedAttributed } from '../../wrappers/PoolPayout';
import { attributedCredits, deployEarnings, earningsOf, sendPayOwed } from '../../audits/harness/attributed';
import { expectPoolInvariants } from '../helpers/invariants';
import { POOL_COMMISSION_BPS, PoolFixture, setupPool } from '../../audits/harness/pool-fixture';
import { stateOf } from '../../audits/harness/state';
import { CocoonError } from '../../toolkit/cocoon/contracts';
import {
    CocoonNode,
    CocoonWorld,
    deployCocoonNode,
    deployCocoonWorld,
    submitVoucher,
} from '../../toolkit/cocoon/world';

const WORKER = 3;

function exit(t: BlockchainTransaction | undefined): number | undefined {
    if (!t) throw new Error('no transaction');
    return exitCode(t);
}

describe.each(PRICE_SETS)('attributed revenue paid by Cocoon root, proxy, worker and wallet (%s prices)', (prices) => {
    let f: PoolFixture;
    let world: CocoonWorld;
    let node: CocoonNode;
    beforeAll(async () => {
        f = await setupPool({ prices, workers: 8, recipients: 8, revenue: toNano('10') });
        await deployEarnings(f, [WORKER]);
        world = await deployCocoonWorld(f.blockchain);
        // worker.conf: owner_address = the worker's earnings address
        node = await deployCocoonNode(world, { owner: (await earningsOf(f, WORKER)).address });
        f.snapshot = f.blockchain.snapshot();
    });
    beforeEach(async () => {
        await f.blockchain.loadFrom(f.snapshot);
    });

    // Signed vouchers pay worker 3's earnings address; each forward reaches the pool, which books
    // exactly the forwarded value less its receipt fee as worker 3's attributed revenue, with the
    // commission to the nanoton; a replayed voucher is refused by Cocoon (1000) and moves nothing;
    // pay_owed then pays member 3 exactly what is owed, once; the operator-settled books never move.
    it("[COC-613] a Cocoon worker whose owner_address is the earnings address is booked as that worker's attributed revenue and paid to the member by pay_owed", async () => {
        const settled = await f.pool.getTotals();
        let owed = 0n;
        let tokensBefore = 0n;
        for (const [i, tokens] of [1_000_000n, 2_500_000n, 6_000_000n].entries()) {
            const run = await submitVoucher(world, node, { tokens, queryId: BigInt(i + 1) });
            expect([exit(run.workerTx), exit(run.proxyTx)]).toEqual([0, 0]);
            expect(run.payout!.value).toBe((tokens - tokensBefore) * world.params.workerFeePerToken);
            expect(run.payout!.bounce).toBe(false);
            // the earnings contract (balance 0 after its deploying sweep) forwards the whole balance
            const earningsTx = run.payout!.ownerTx;
            expect(exit(earningsTx)).toBe(0);
            const credits = attributedCredits(f.pool.address, run.result);
            expect(credits.length).toBe(1);
            const credit = credits[0];
            const value = credit.inMessage!.info.type === 'internal' ? credit.inMessage!.info.value.coins : -1n;
            expect(value).toBe(
                run.payout!.value - computeFees(earningsTx) - forwardFees(earningsTx) - storageFees(earningsTx),
            );
            expect(exit(credit)).toBe(0);
            const booked = bookedAttributed(f.fees(), value, POOL_COMMISSION_BPS);
            owed += booked.owed;
            expect(await f.pool.getAttributedOwed(WORKER)).toBe(owed);
            tokensBefore = tokens;
        }
        // an exact replay: Cocoon refuses it, nothing reaches the earnings address or the pool
        const poolBefore = await stateOf(f.blockchain, f.pool.address);
        const replay = await submitVoucher(world, node, { tokens: 6_000_000n, queryId: 3n });
        expect(exit(replay.workerTx)).toBe(CocoonError.oldMessage);
        expect(replay.payout).toBeUndefined();
        expect((await stateOf(f.blockchain, f.pool.address)).data.equals(poolBefore.data)).toBe(true);

        const after = await f.pool.getTotals();
        expect({ revenue: after.revenue, owed: after.owed, paid: after.paid }).toEqual({
            revenue: settled.revenue,
            owed: settled.owed,
            paid: settled.paid,
        });
        expect(after.attributedOwed).toBe(owed);

        // the member (or anyone) triggers the payout: exactly owed, to the member's payout address, once
        const member = f.recipients[WORKER];
        const run = await sendPayOwed(f, [WORKER], { via: member });
        expect(run.payouts.map((p) => [p.to.toString(), p.workerIndex, p.amount])).toEqual([
            [member.address.toString(), WORKER, owed],
        ]);
        expect((await sendPayOwed(f, [WORKER])).payouts).toEqual([]);
        expect(await f.pool.getAttributedTotals()).toMatchObject({ paid: owed, owed: 0n, entries: 0 });
        await expectPoolInvariants(f.blockchain, f.pool);
    });
});
