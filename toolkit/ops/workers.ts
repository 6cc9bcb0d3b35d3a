/**
 * Worker scripts. Members: registerWorker, changePayoutAddress (the exit is in exit.ts). Operator:
 * approveWorkers, suspendWorkers and reinstateWorkers, in bulk from a list (`workers=3,5,10-12`) or a
 * file of indices (weights: weights.ts). Every worker is checked against the registry before the first
 * message leaves, so one bad index sends nothing; a worker already in the wanted state is skipped, so
 * a re-run after an interruption is safe.
 */
import { readFileSync } from 'fs';
import { Address } from '@ton/core';
import { RegistryOp, WorkerStatus } from '../../wrappers/RegistryConstants';
import { WorkerRecord } from '../../wrappers/WorkerRegistry';
import { formatTon, parseIndexList, parseInteger, ScriptArgs } from './args';
import { confirmSend } from './confirm';
import { OpsError } from './errors';
import { DeployedPool, loadPool, requireSender, senderAddress } from './pool';
import { OpsProvider } from './provider';
import { waitUntil } from './wait';

export const WORKER_INDEX_MAX = 0xffffffff;
const STATUS_NAMES = ['pending', 'active', 'suspended', 'exited'];

export function statusName(s: number): string {
    return STATUS_NAMES[s] ?? `status ${s}`;
}

export async function registerWorker(p: OpsProvider, args: ScriptArgs): Promise<void> {
    const d = await loadPool(p, args);
    const me = senderAddress(p);
    const payout = await args.address(p, 'payout', 'Payout address for this worker', me);
    const stake = await args.ton(p, 'stake', `Stake to lock (at least ${formatTon(d.registryParams.minStake)})`);
    const yes = args.flag('yes');
    args.finish();
    if (d.registryParams.paused) throw new OpsError('registration is paused by the pool owner');
    if (stake < d.registryParams.minStake) throw new OpsError(`stake: ${formatTon(stake)} is below the minimum stake ${formatTon(d.registryParams.minStake)}`);
    const before = await d.registry.getMemberWorkers(me);
    if (before.length >= d.registryParams.maxPerMember) {
        throw new OpsError(`this wallet already has ${before.length} live worker(s) (${before.join(', ')}); the pool allows ${d.registryParams.maxPerMember} per member`);
    }
    const fee = await d.registry.getRequiredValue(RegistryOp.registerWorker);
    const go = await confirmSend(p, yes, 'Register a worker', [
        `registry: ${d.deployment.registry.address}`,
        `member:   ${me}`,
        `payout:   ${payout}`,
        `stake:    ${formatTon(stake)} (+ ${formatTon(fee)} for fees; the unspent part comes back)`,
    ]);
    if (!go) return;
    await d.registry.sendRegisterWorker(p.sender(), { value: stake + fee, stake, payout });
    await p.waitForLastTransaction();
    let added: number | undefined;
    await waitUntil(p, 'the registration', async () => {
        added = (await d.registry.getMemberWorkers(me)).find((i) => !before.includes(i));
        return added !== undefined;
    });
    p.ui().write(`worker ${added} registered (pending the operator's approval)`);
}

/** Indices from `workers=3,5,10-12` or `file=PATH` (indices separated by commas or new lines, # comments). */
export function readIndices(args: ScriptArgs): number[] {
    const list = args.optional('workers');
    const file = args.optional('file');
    if ((list === undefined) === (file === undefined)) throw new OpsError('give the workers as workers=3,5,10-12 or as file=PATH (one of the two)');
    if (list !== undefined) return parseIndexList('workers', list, WORKER_INDEX_MAX);
    let text: string;
    try {
        text = readFileSync(file!, 'utf8');
    } catch {
        throw new OpsError(`${file}: cannot read the file`);
    }
    const words = text.split('\n').flatMap((l, i) =>
        l
            .replace(/#.*/, '')
            .split(',')
            .map((w) => w.trim())
            .filter((w) => w.length > 0)
            .map((w) => ({ w, line: i + 1 })),
    );
    const seen = new Map<number, number>();
    for (const { w, line } of words) {
        const i = parseInteger(`${file}:${line}: worker index`, w, 0, WORKER_INDEX_MAX);
        if (seen.has(i)) throw new OpsError(`${file}:${line}: worker ${i} is listed twice (first on line ${seen.get(i)})`);
        seen.set(i, line);
    }
    if (seen.size === 0) throw new OpsError(`${file}: no worker index in the file`);
    return [...seen.keys()];
}

type BulkAction = 'approve' | 'suspend' | 'reinstate';

const OPS = {
    approve: { op: RegistryOp.approveWorker, send: 'sendApproveWorker', to: WorkerStatus.active },
    reinstate: { op: RegistryOp.reinstateWorker, send: 'sendReinstateWorker', to: WorkerStatus.active },
    suspend: { op: RegistryOp.suspendWorker, send: 'sendSuspendWorker', to: WorkerStatus.suspended },
} as const;
type Send = keyof typeof OPS;

/** Per action: the op for each status it acts on, the status it skips, and its words. */
const ACTIONS: Record<BulkAction, { from: Partial<Record<WorkerStatus, Send>>; done: WorkerStatus; title: string; past: string; verb: string }> = {
    approve: { from: { [WorkerStatus.pending]: 'approve', [WorkerStatus.suspended]: 'reinstate' }, done: WorkerStatus.active, title: 'Approve', past: 'active', verb: 'approved' },
    suspend: { from: { [WorkerStatus.active]: 'suspend' }, done: WorkerStatus.suspended, title: 'Suspend', past: 'suspended', verb: 'suspended' },
    reinstate: { from: { [WorkerStatus.suspended]: 'reinstate' }, done: WorkerStatus.active, title: 'Reinstate', past: 'active', verb: 'reinstated' },
};

interface Step {
    index: number;
    op: Send | 'skip';
    record: WorkerRecord;
}

type SendStep = Step & { op: Send };

/** The registry record of `index`, or a one-line refusal naming the unknown index. */
export async function knownWorker(d: DeployedPool, index: number): Promise<WorkerRecord> {
    const record = await d.registry.getWorker(index);
    if (record === null) throw new OpsError(`worker ${index} is unknown to the registry; nothing was sent`);
    return record;
}

function plan(action: BulkAction, index: number, record: WorkerRecord): Step {
    const a = ACTIONS[action];
    const op = a.from[record.status];
    if (op !== undefined) return { index, op, record };
    if (record.status === a.done) return { index, op: 'skip', record };
    throw new OpsError(`worker ${index} is ${statusName(record.status)}: it cannot be ${a.verb}; nothing was sent`);
}

/** Least value of each op, asked once per op from the registry's get_required_value. */
async function requiredValues(d: DeployedPool, ops: number[]): Promise<Map<number, bigint>> {
    const values = new Map<number, bigint>();
    for (const op of ops) if (!values.has(op)) values.set(op, await d.registry.getRequiredValue(op));
    return values;
}

async function bulk(p: OpsProvider, args: ScriptArgs, action: BulkAction): Promise<void> {
    const d = await loadPool(p, args);
    const indices = readIndices(args);
    const yes = args.flag('yes');
    args.finish();
    requireSender(p, 'operator', d.registryRoles.operator);
    const a = ACTIONS[action];
    const steps: Step[] = [];
    for (const i of indices) steps.push(plan(action, i, await knownWorker(d, i)));
    const todo = steps.filter((s): s is SendStep => s.op !== 'skip');
    const skipped = steps.filter((s) => s.op === 'skip');
    if (todo.length === 0) {
        p.ui().write(`nothing to do: worker(s) ${skipped.map((s) => s.index).join(', ')} already ${a.past}`);
        return;
    }
    const values = await requiredValues(d, todo.map((s) => OPS[s.op].op));
    const total = todo.reduce((sum, s) => sum + values.get(OPS[s.op].op)!, 0n);
    const go = await confirmSend(p, yes, `${a.title} ${todo.length} worker(s)`, [
        ...todo.map((s) => `worker ${s.index}: ${s.op} (member ${s.record.member}, payout ${s.record.payout})`),
        ...(skipped.length > 0 ? [`skipped, already ${a.past}: ${skipped.map((s) => s.index).join(', ')}`] : []),
        `value: ${formatTon(total)} in ${todo.length} message(s); the unspent part comes back`,
    ]);
    if (!go) return;
    for (const s of todo) {
        const how = OPS[s.op];
        await d.registry[how.send](p.sender(), { value: values.get(how.op)!, workerIndex: s.index });
        await p.waitForLastTransaction();
    }
    await waitForStatus(p, d, todo.map((s) => ({ index: s.index, status: OPS[s.op].to })));
    p.ui().write(`${todo.length} worker(s) ${a.past}: ${todo.map((s) => s.index).join(', ')}`);
}

/** Waits until the registry shows each status and the pool mirrors it (active flag via worker_sync). */
async function waitForStatus(p: OpsProvider, d: DeployedPool, wanted: { index: number; status: number }[]): Promise<void> {
    await waitUntil(p, 'the registry and the pool to apply the changes', async () => {
        for (const w of wanted) {
            const r = await d.registry.getWorker(w.index);
            const inPool = await d.pool.getWorker(w.index);
            if (r === null || r.status !== w.status || inPool.active !== (w.status === WorkerStatus.active)) return false;
        }
        return true;
    });
}

export const approveWorkers = (p: OpsProvider, args: ScriptArgs) => bulk(p, args, 'approve');
export const suspendWorkers = (p: OpsProvider, args: ScriptArgs) => bulk(p, args, 'suspend');
export const reinstateWorkers = (p: OpsProvider, args: ScriptArgs) => bulk(p, args, 'reinstate');

/** The record of a worker the connected wallet `me` controls as its member, or a one-line refusal. */
export async function memberWorker(d: DeployedPool, index: number, me: Address, what: string): Promise<WorkerRecord> {
    const record = await knownWorker(d, index);
    if (!record.member.equals(me)) throw new OpsError(`worker ${index} belongs to member ${record.member}; only that wallet may ${what} (connected: ${me})`);
    return record;
}

export async function changePayoutAddress(p: OpsProvider, args: ScriptArgs): Promise<void> {
    const d = await loadPool(p, args);
    const me = senderAddress(p);
    const index = await args.integer(p, 'worker', 'Worker index', 0, WORKER_INDEX_MAX);
    const payout: Address = await args.address(p, 'payout', 'New payout address');
    const yes = args.flag('yes');
    args.finish();
    const record = await memberWorker(d, index, me, 'change its payout address');
    if (record.payout.equals(payout)) {
        p.ui().write(`nothing to do: worker ${index} already pays to ${payout}`);
        return;
    }
    const value = await d.registry.getRequiredValue(RegistryOp.changePayout);
    const go = await confirmSend(p, yes, `Change the payout address of worker ${index}`, [
        `from: ${record.payout}`,
        `to:   ${payout}`,
        `value: ${formatTon(value)}; the unspent part comes back`,
    ]);
    if (!go) return;
    await d.registry.sendChangePayout(p.sender(), { value, workerIndex: index, payout });
    await p.waitForLastTransaction();
    await waitUntil(p, 'the new payout address', async () => {
        const r = await d.registry.getWorker(index);
        if (r === null || !r.payout.equals(payout)) return false;
        if (!r.synced) return true;
        const inPool = await d.pool.getWorker(index);
        return inPool.payout !== null && inPool.payout.equals(payout);
    });
    p.ui().write(`worker ${index} now pays to ${payout}${record.synced ? ' (the pool has it)' : ''}`);
}
