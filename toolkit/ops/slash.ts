/**
 * slashWorker, from the owner wallet: takes `amount` of a worker's stake (at most all of it) and sends
 * it to the pool, which books it as worker revenue (commission applies, as to any revenue). An active
 * worker is suspended by the same message, and the pool hears that before the money arrives.
 */
import { bookedRevenue } from '../../wrappers/PoolPayout';
import { RegistryOp, WorkerStatus } from '../../wrappers/RegistryConstants';
import { formatTon } from './args';
import { defineScript } from './cli/script';
import { kinds, required } from './cli/spec';
import { confirmSend } from './confirm';
import { OpsError } from './errors';
import { liveFees } from './fees';
import { loadPool, requireSender } from './pool';
import { waitUntil } from './wait';
import { knownWorker, statusName } from './workers';

export const slashWorker = defineScript(
    {
        name: 'owner/slashWorker',
        role: 'owner',
        about: "slashes a worker's stake to the pool as worker revenue (an active worker is suspended)",
        example: 'worker=3 amount=0.5',
        sends: true,
        args: {
            worker: required(kinds.worker(), 'the worker index', 'Worker index'),
            amount: required(
                kinds.tonOrAll(),
                'TON of its stake to slash, or all',
                'Amount of its stake to slash, in TON, or all',
            ),
        },
    },
    async (p, input, ctx) => {
        const index = input.worker;
        const d = await loadPool(p, ctx);
        requireSender(p, 'owner', d.registryRoles.owner);
        const record = await knownWorker(d, index);
        if (record.stake === 0n) throw new OpsError(`worker ${index} has no stake left to slash; nothing was sent`);
        const amount = input.amount === 'all' ? record.stake : input.amount;
        if (amount > record.stake)
            throw new OpsError(
                `amount: ${formatTon(amount)} is more than the ${formatTon(record.stake)} worker ${index} has staked; nothing was sent`,
            );
        const suspend = record.status === WorkerStatus.active;
        const value = await d.registry.getRequiredValue(RegistryOp.slashStake);
        const booked = bookedRevenue(await liveFees(p), amount, d.poolParams.commissionBps);
        const go = await confirmSend(p, ctx, `Slash worker ${index}`, [
            `worker:  ${index} (member ${record.member}), ${statusName(record.status)}${suspend ? ' -> suspended (the pool stops paying it)' : ''}`,
            `stake:   ${formatTon(record.stake)} -> ${formatTon(record.stake - amount)}`,
            `to pool: ${formatTon(amount)} as worker revenue (${formatTon(booked.revenue)} booked, ${formatTon(booked.commission)} of it commission at ${d.poolParams.commissionBps} bps)`,
            `value:   ${formatTon(value)} for fees; the unspent part comes back`,
        ]);
        if (!go) return;
        const revenueBefore = (await d.pool.getTotals()).revenue;
        await d.registry.sendSlashStake(p.sender(), { value, workerIndex: index, amount });
        await p.waitForLastTransaction();
        await waitUntil(p, 'the slash to reach the pool', async () => {
            const r = await d.registry.getWorker(index);
            return (
                r !== null &&
                r.stake === record.stake - amount &&
                (booked.revenue === 0n || (await d.pool.getTotals()).revenue > revenueBefore)
            );
        });
        p.ui().write(
            `worker ${index}: slashed ${formatTon(amount)}, stake now ${formatTon(record.stake - amount)}${suspend ? ', suspended' : ''}`,
        );
    },
);
