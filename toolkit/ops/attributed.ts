/**
 * payOwed (docs/earnings.md): pays listed workers their attributed owed. Anyone may send it: it names
 * no amount, and the pool pays each worker what it owes to the payout address the member chose.
 */
import { Address } from '@ton/core';
import { PoolLimits, StopReason } from '../../wrappers/PoolConstants';
import { formatTon } from './args';
import { defineScript } from './cli/script';
import { selectedWorkers, workerSelection } from './cli/spec';
import { confirmSend } from './confirm';
import { OpsError } from './errors';
import { freshQueryIdBase, loadPool } from './pool';
import { waitUntil } from './wait';

export const payOwed = defineScript(
    {
        name: 'member/payOwed',
        role: 'any wallet',
        about: 'pays listed workers their attributed owed (what their earnings addresses forwarded)',
        example: 'workers=3,5',
        sends: true,
        args: workerSelection,
        validate: selectedWorkers,
    },
    async (p, input, ctx) => {
        const workers = [...new Set(selectedWorkers(input))];
        if (workers.length > PoolLimits.payOwedEntriesMax)
            throw new OpsError(
                `${workers.length} workers: at most ${PoolLimits.payOwedEntriesMax} per pay_owed; nothing was sent`,
            );
        const d = await loadPool(p, ctx);
        if (d.poolParams.paused)
            throw new OpsError('the pool is paused: pay_owed would be refused (406); nothing was sent');
        const owed = await Promise.all(
            workers.map(async (i) => ({ i, owed: await d.pool.getAttributedOwed(i), w: await d.pool.getWorker(i) })),
        );
        const payable = owed.filter(
            (x) => x.owed > 0n && x.owed >= d.poolParams.minPayout && (x.w.active || x.w.withdrawn) && !x.w.held,
        );
        if (payable.length === 0)
            throw new OpsError(
                'none of these workers has attributed money the pool can pay now (nothing owed, below min_payout, unknown, inactive or held); nothing was sent',
            );
        const value = await d.pool.getPayOwedValue(workers.length);
        const total = payable.reduce((a, x) => a + x.owed, 0n);
        const go = await confirmSend(p, ctx, `Pay the attributed owed of ${payable.length} worker(s)`, [
            `pool:    ${d.deployment.pool.address}`,
            ...payable.map((x) => `worker ${x.i}: ${formatTon(x.owed)} to ${(x.w.payout as Address).toString()}`),
            `total:   ${formatTon(total)}; skipped: ${workers.length - payable.length}`,
            `value:   ${formatTon(value)} (get_pay_owed_value); the unspent part comes back`,
        ]);
        if (!go) return;
        const paidBefore = (await d.pool.getAttributedTotals()).paid;
        await d.pool.sendPayOwed(p.sender(), { value, queryId: freshQueryIdBase(), workers });
        await p.waitForLastTransaction();
        await waitUntil(p, 'the payouts', async () => (await d.pool.getAttributedTotals()).paid >= paidBefore + total);
        ctx.result.paid = total;
        ctx.result.stopReason = StopReason.done;
        p.ui().write(`paid ${formatTon(total)} to ${payable.length} worker(s)`);
    },
);
