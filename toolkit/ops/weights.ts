/**
 * setWeights, from the operator wallet: one weight (the worker's GPU capacity score, kept in the
 * registry for the operator's accounting; the pool never reads it) for a list or file of workers.
 * Workers already at that weight are skipped, so a re-run sends nothing; a withdrawn worker, which
 * the registry refuses (320), stops the run before anything is sent.
 */
import { RegistryOp } from '../../wrappers/RegistryConstants';
import { formatTon, ScriptArgs } from './args';
import { confirmSend } from './confirm';
import { OpsError } from './errors';
import { loadPool, requireSender } from './pool';
import { OpsProvider } from './provider';
import { waitUntil } from './wait';
import { knownWorker, readIndices } from './workers';

const WEIGHT_MAX = 0xffffffff;

export async function setWeights(p: OpsProvider, args: ScriptArgs): Promise<void> {
    const d = await loadPool(p, args);
    const indices = readIndices(args);
    const weight = await args.integer(p, 'weight', 'Weight (GPU capacity score) for these workers', 0, WEIGHT_MAX);
    const yes = args.flag('yes');
    args.finish();
    requireSender(p, 'operator', d.registryRoles.operator);
    const records = [];
    for (const index of indices) {
        const record = await knownWorker(d, index);
        if (record.withdrawn) throw new OpsError(`worker ${index} has exited and withdrawn its stake: its weight cannot change; nothing was sent`);
        records.push({ index, record });
    }
    const todo = records.filter((w) => w.record.weight !== weight);
    const skipped = records.filter((w) => w.record.weight === weight).map((w) => w.index);
    if (todo.length === 0) {
        p.ui().write(`nothing to do: worker(s) ${skipped.join(', ')} already have weight ${weight}`);
        return;
    }
    const value = await d.registry.getRequiredValue(RegistryOp.setWeight);
    const go = await confirmSend(p, yes, `Set the weight of ${todo.length} worker(s) to ${weight}`, [
        ...todo.map((w) => `worker ${w.index}: weight ${w.record.weight} -> ${weight}`),
        ...(skipped.length > 0 ? [`skipped, already ${weight}: ${skipped.join(', ')}`] : []),
        `value: ${formatTon(value * BigInt(todo.length))} in ${todo.length} message(s); the unspent part comes back`,
    ]);
    if (!go) return;
    for (const w of todo) {
        await d.registry.sendSetWeight(p.sender(), { value, workerIndex: w.index, weight });
        await p.waitForLastTransaction();
    }
    await waitUntil(p, 'the registry to apply the weights', async () => {
        for (const w of todo) if ((await d.registry.getWorker(w.index))?.weight !== weight) return false;
        return true;
    });
    p.ui().write(`${todo.length} worker(s) now weigh ${weight}: ${todo.map((w) => w.index).join(', ')}`);
}
