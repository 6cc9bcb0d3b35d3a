/**
 * A member leaving the pool, from the member's wallet: requestExit (the worker stops being a live
 * worker; the pool keeps paying it through the cooldown, the final settlement window), then, after the
 * registry's cooldown, withdrawStake (the stake comes back and the pool stops paying the worker).
 */
import { RegistryOp, WorkerStatus } from '../../wrappers/RegistryConstants';
import { formatTon } from './args';
import { defineScript } from './cli/script';
import { kinds, required } from './cli/spec';
import { chainNow, formatTime } from './clock';
import { confirmSend } from './confirm';
import { OpsError } from './errors';
import { loadPool, senderAddress } from './pool';
import { waitUntil } from './wait';
import { memberWorker, statusName } from './workers';

const workerArg = { worker: required(kinds.worker(), 'the worker index', 'Worker index') };

export const requestExit = defineScript(
    {
        name: 'member/requestExit',
        role: 'member',
        about: 'requests the exit of a worker; its stake is locked for the cooldown',
        example: 'worker=3',
        sends: true,
        args: workerArg,
    },
    async (p, { worker: index }, ctx) => {
        const d = await loadPool(p, ctx);
        const me = senderAddress(p);
        const record = await memberWorker(d, index, me, 'request its exit');
        if (record.status === WorkerStatus.exited) {
            const from = record.exitRequestedAt + d.registryParams.cooldown;
            throw new OpsError(
                `worker ${index} already requested its exit at ${formatTime(record.exitRequestedAt)}; run withdrawStake worker=${index} from ${formatTime(from)}; nothing was sent`,
            );
        }
        const value = await d.registry.getRequiredValue(RegistryOp.requestExit);
        const go = await confirmSend(p, ctx, `Request the exit of worker ${index}`, [
            `registry: ${d.deployment.registry.address}`,
            `worker:   ${index}, ${statusName(record.status)}, stake ${formatTon(record.stake)}`,
            `stake:    locked for the cooldown of ${d.registryParams.cooldown} s, then withdrawStake returns it`,
            `payouts:  ${record.synced ? 'the pool keeps paying it to ' + record.payout + ' until the stake is withdrawn' : 'none (the pool never knew this worker)'}`,
            `value:    ${formatTon(value)}; the unspent part comes back`,
        ]);
        if (!go) return;
        await d.registry.sendRequestExit(p.sender(), { value, workerIndex: index });
        await p.waitForLastTransaction();
        let exitAt = 0;
        await waitUntil(p, 'the exit request', async () => {
            const r = await d.registry.getWorker(index);
            exitAt = r?.exitRequestedAt ?? 0;
            return r !== null && r.status === WorkerStatus.exited;
        });
        ctx.result.withdrawFrom = exitAt + d.registryParams.cooldown;
        p.ui().write(
            `worker ${index} exited; its stake of ${formatTon(record.stake)} can be withdrawn from ${formatTime(exitAt + d.registryParams.cooldown)} (withdrawStake worker=${index})`,
        );
    },
);

export const withdrawStake = defineScript(
    {
        name: 'member/withdrawStake',
        role: 'member',
        about: "takes an exited worker's stake back after the cooldown",
        example: 'worker=3',
        sends: true,
        args: workerArg,
    },
    async (p, { worker: index }, ctx) => {
        const d = await loadPool(p, ctx);
        const me = senderAddress(p);
        const record = await memberWorker(d, index, me, 'withdraw its stake');
        if (record.status !== WorkerStatus.exited)
            throw new OpsError(
                `worker ${index} is ${statusName(record.status)}: run requestExit worker=${index} first, then wait ${d.registryParams.cooldown} s; nothing was sent`,
            );
        const from = record.exitRequestedAt + d.registryParams.cooldown;
        const now = chainNow(p);
        if (now < from)
            throw new OpsError(
                `worker ${index}: the cooldown ends at ${formatTime(from)} (in ${from - now} s); nothing was sent`,
            );
        const value = await d.registry.getRequiredValue(RegistryOp.withdrawStake);
        const go = await confirmSend(p, ctx, `Withdraw the stake of worker ${index}`, [
            `registry: ${d.deployment.registry.address}`,
            `stake:    ${formatTon(record.stake)} back to ${me} (+ the unspent part of the value)`,
            `payouts:  ${record.synced ? 'the pool stops paying worker ' + index : 'none (the pool never knew this worker)'}`,
            `value:    ${formatTon(value)}`,
        ]);
        if (!go) return;
        await d.registry.sendWithdrawStake(p.sender(), { value, workerIndex: index });
        await p.waitForLastTransaction();
        await waitUntil(p, 'the withdrawal', async () => {
            if ((await d.registry.getWorker(index)) !== null) return false; // the record leaves with the stake
            return !record.synced || !(await d.pool.getWorker(index)).active;
        });
        p.ui().write(`worker ${index}: stake of ${formatTon(record.stake)} withdrawn to ${me}`);
    },
);
