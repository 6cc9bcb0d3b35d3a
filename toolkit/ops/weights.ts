/**
 * setWeights, from the operator wallet: one weight (the worker's GPU capacity score, kept in the
 * registry for the operator's accounting; the pool never reads it) for a list or file of workers.
 * Workers already at that weight are skipped, so a re-run sends nothing; a worker that left (its
 * record went with its stake; the registry refuses it with 313) stops the run before anything is sent.
 */
import { RegistryOp } from '../../wrappers/RegistryConstants';
import { formatTon } from './args';
import { defineScript } from './cli/script';
import { kinds, required, selectedWorkers, workerSelection } from './cli/spec';
import { confirmSend } from './confirm';
import { loadPool, requireSender } from './pool';
import { waitUntil } from './wait';
import { knownWorkers, ranges, requireBalance } from './workers';
import { batchSenderOf, sendInBatches, transactionsFor } from './batch';
import { setWeightBody } from '../../wrappers/WorkerRegistry';

const WEIGHT_MAX = 0xffffffff;

export const setWeights = defineScript(
    {
        name: 'operator/setWeights',
        role: 'operator',
        about: "sets the registry's weight (GPU capacity score) of workers; workers already at it are skipped",
        example: 'workers=0-9 weight=100',
        sends: true,
        args: {
            ...workerSelection,
            weight: required(
                kinds.integer(0, WEIGHT_MAX),
                'the weight for these workers',
                'Weight (GPU capacity score) for these workers',
            ),
        },
        validate: selectedWorkers,
    },
    async (p, input, ctx) => {
        const d = await loadPool(p, ctx);
        const indices = selectedWorkers(input);
        const weight = input.weight;
        requireSender(p, 'operator', d.registryRoles.operator);
        const known = await knownWorkers(p, d, indices);
        const records = [];
        for (const index of indices) {
            const record = known.get(index)!;
            records.push({ index, record });
        }
        const todo = records.filter((w) => w.record.weight !== weight);
        const skipped = records.filter((w) => w.record.weight === weight).map((w) => w.index);
        if (todo.length === 0) {
            p.ui().write(`nothing to do: worker(s) ${ranges(skipped)} already have weight ${weight}`);
            return;
        }
        const value = await d.registry.getRequiredValue(RegistryOp.setWeight);
        const sender = await batchSenderOf(p);
        const go = await confirmSend(p, ctx, `Set the weight of ${todo.length} worker(s) to ${weight}`, [
            ...(todo.length <= 20
                ? todo.map((w) => `worker ${w.index}: weight ${w.record.weight} -> ${weight}`)
                : [`workers: ${ranges(todo.map((w) => w.index))}`]),
            ...(skipped.length > 0 ? [`skipped, already ${weight}: ${ranges(skipped)}`] : []),
            `value: ${formatTon(value * BigInt(todo.length))} in ${todo.length} message(s); the unspent part comes back`,
            `wallet: ${transactionsFor(sender, todo.length)} transaction(s), ${sender.describe}`,
        ]);
        if (!go) return;
        await requireBalance(p, sender.address, value * BigInt(todo.length));
        const to = d.deployment.registry.address;
        await sendInBatches(
            p,
            sender,
            'set weight',
            todo.map((w) => ({ to, value, body: setWeightBody({ workerIndex: w.index, weight }) })),
        );
        await waitUntil(p, 'the registry to apply the weights', async () => {
            for (const w of todo) if ((await d.registry.getWorker(w.index))?.weight !== weight) return false;
            return true;
        });
        p.ui().write(`${todo.length} worker(s) now weigh ${weight}: ${todo.map((w) => w.index).join(', ')}`);
    },
);
