/**
 * Worker scripts. Members: registerWorker, changePayoutAddress (the exit is in exit.ts). Operator:
 * approveWorkers, suspendWorkers and reinstateWorkers, in bulk from a list (`workers=3,5,10-12`) or a
 * file of indices (weights: weights.ts). Every worker is checked against one snapshot of the registry
 * before the first message leaves, so one bad index sends nothing; a worker already in the wanted state
 * is skipped, so a re-run after an interruption is safe. The messages go in as few wallet transactions
 * as the wallet allows (batch.ts: 255 per transaction with wallet v5r1), with a progress line after each.
 */
import { Address } from '@ton/core';
import { RegistryOp, WorkerStatus } from '../../wrappers/RegistryConstants';
import { approveWorkerBody, reinstateWorkerBody, suspendWorkerBody, WorkerRecord } from '../../wrappers/WorkerRegistry';
import { formatTon } from './args';
import { batchSenderOf, OutMessage, sendInBatches, transactionsFor } from './batch';
import { defineScript, RunContext } from './cli/script';
import { kinds, optional, required, selectedWorkers, workerSelection } from './cli/spec';
import { confirmSend } from './confirm';
import { OpsError } from './errors';
import { WORKER_INDEX_MAX } from './indices';
import { DeployedPool, loadPool, requireSender, senderAddress } from './pool';
import { OpsProvider } from './provider';
import { poolLedger, registryWorkers } from './snapshot';
import { waitUntil } from './wait';

export { WORKER_INDEX_MAX };
const STATUS_NAMES = ['pending', 'active', 'suspended', 'exited'];

export function statusName(s: number): string {
    return STATUS_NAMES[s] ?? `status ${s}`;
}

export const registerWorker = defineScript(
    {
        name: 'member/registerWorker',
        role: 'member',
        about: "registers a worker with its stake, pending the operator's approval",
        example: 'stake=10 payout=<address>',
        sends: true,
        args: {
            stake: required(
                kinds.ton({ positive: true }),
                "the stake to lock, in TON (at least the registry's min_stake)",
                'Stake to lock, in TON',
            ),
            payout: optional(kinds.address(), "where the pool pays this worker (default: the member's wallet)"),
        },
    },
    async (p, input, ctx) => {
        const d = await loadPool(p, ctx);
        const me = senderAddress(p);
        const payout = input.payout ?? me;
        const stake = input.stake;
        if (d.registryParams.paused) throw new OpsError('registration is paused by the pool owner');
        if (stake < d.registryParams.minStake)
            throw new OpsError(
                `stake: ${formatTon(stake)} is below the minimum stake ${formatTon(d.registryParams.minStake)}`,
            );
        const before = await d.registry.getMemberWorkers(me);
        if (before.length >= d.registryParams.maxPerMember) {
            throw new OpsError(
                `this wallet already has ${before.length} live worker(s) (${before.join(', ')}); the pool allows ${d.registryParams.maxPerMember} per member`,
            );
        }
        const fee = await d.registry.getRequiredValue(RegistryOp.registerWorker);
        const go = await confirmSend(p, ctx, 'Register a worker', [
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
        ctx.result.worker = added;
        p.ui().write(`worker ${added} registered (pending the operator's approval)`);
    },
);

type BulkAction = 'approve' | 'suspend' | 'reinstate';
type Send = 'approve' | 'reinstate' | 'suspend';

const OPS: Record<Send, { op: number; body: (o: { workerIndex: number }) => OutMessage['body']; to: WorkerStatus }> = {
    approve: { op: RegistryOp.approveWorker, body: approveWorkerBody, to: WorkerStatus.active },
    reinstate: { op: RegistryOp.reinstateWorker, body: reinstateWorkerBody, to: WorkerStatus.active },
    suspend: { op: RegistryOp.suspendWorker, body: suspendWorkerBody, to: WorkerStatus.suspended },
};

/** Per action: the op for each status it acts on, the status it skips, and its words. */
const ACTIONS: Record<
    BulkAction,
    { from: Partial<Record<WorkerStatus, Send>>; done: WorkerStatus; title: string; past: string; verb: string }
> = {
    approve: {
        from: { [WorkerStatus.pending]: 'approve', [WorkerStatus.suspended]: 'reinstate' },
        done: WorkerStatus.active,
        title: 'Approve',
        past: 'active',
        verb: 'approved',
    },
    suspend: {
        from: { [WorkerStatus.active]: 'suspend' },
        done: WorkerStatus.suspended,
        title: 'Suspend',
        past: 'suspended',
        verb: 'suspended',
    },
    reinstate: {
        from: { [WorkerStatus.suspended]: 'reinstate' },
        done: WorkerStatus.active,
        title: 'Reinstate',
        past: 'active',
        verb: 'reinstated',
    },
};

interface Step {
    index: number;
    op: Send | 'skip';
    record: WorkerRecord;
}

type SendStep = Step & { op: Send };

/** The refusal for an index with no live record: one whose record left, or one never assigned. */
async function missingWorker(d: DeployedPool, index: number): Promise<OpsError> {
    if (index < (await d.registry.getCounts()).nextIndex) {
        return new OpsError(
            `worker ${index} has left the registry (its stake was withdrawn or it was rejected); nothing was sent`,
        );
    }
    return new OpsError(`worker ${index} is unknown to the registry; nothing was sent`);
}

/** The live registry record of `index`, or a one-line refusal naming an unknown or departed index. */
export async function knownWorker(d: DeployedPool, index: number): Promise<WorkerRecord> {
    const record = await d.registry.getWorker(index);
    if (record !== null) return record;
    throw await missingWorker(d, index);
}

/** The records of `indices` from one registry snapshot; an unknown or departed index refuses the whole run. */
export async function knownWorkers(
    p: OpsProvider,
    d: DeployedPool,
    indices: number[],
): Promise<Map<number, WorkerRecord>> {
    const all = await registryWorkers(p, d);
    const out = new Map<number, WorkerRecord>();
    for (const i of indices) {
        const r = all.get(i);
        if (r === undefined) throw await missingWorker(d, i);
        out.set(i, r);
    }
    return out;
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

/** `0, 1, 2, 5, 7, 8` -> `0..2, 5, 7, 8` (runs of three or more): lists of a thousand workers stay one readable line. */
export function ranges(indices: number[]): string {
    const out: string[] = [];
    for (let i = 0; i < indices.length;) {
        let j = i;
        while (j + 1 < indices.length && indices[j + 1] === indices[j] + 1) j++;
        if (j >= i + 2) out.push(`${indices[i]}..${indices[j]}`);
        else for (let k = i; k <= j; k++) out.push(`${indices[k]}`);
        i = j + 1;
    }
    return out.join(', ');
}

/** The wallet pays the messages' value and the forward fees: refuse before sending what it cannot pay. */
export async function requireBalance(p: OpsProvider, wallet: Address, value: bigint): Promise<void> {
    const balance = (await p.getContractState(wallet)).balance;
    if (balance < value)
        throw new OpsError(
            `the wallet ${wallet} holds ${formatTon(balance)} but these messages carry ${formatTon(value)} (plus forward fees); top it up; nothing was sent`,
        );
}

async function bulk(p: OpsProvider, workers: number[], ctx: RunContext, action: BulkAction): Promise<void> {
    const d = await loadPool(p, ctx);
    requireSender(p, 'operator', d.registryRoles.operator);
    const a = ACTIONS[action];
    const records = await knownWorkers(p, d, workers);
    const steps = workers.map((i) => plan(action, i, records.get(i)!));
    const todo = steps.filter((s): s is SendStep => s.op !== 'skip');
    const skipped = steps.filter((s) => s.op === 'skip').map((s) => s.index);
    ctx.result.skipped = skipped;
    if (todo.length === 0) {
        p.ui().write(`nothing to do: worker(s) ${ranges(skipped)} already ${a.past}`);
        ctx.result.done = [];
        return;
    }
    const values = await requiredValues(
        d,
        todo.map((s) => OPS[s.op].op),
    );
    const messages = todo.map((s): OutMessage => ({
        to: d.deployment.registry.address,
        value: values.get(OPS[s.op].op)!,
        body: OPS[s.op].body({ workerIndex: s.index }),
    }));
    const total = messages.reduce((sum, m) => sum + m.value, 0n);
    const sender = await batchSenderOf(p);
    const byOp = (op: Send) => todo.filter((s) => s.op === op).map((s) => s.index);
    const go = await confirmSend(p, ctx, `${a.title} ${todo.length} worker(s)`, [
        ...(['approve', 'reinstate', 'suspend'] as const)
            .filter((op) => byOp(op).length > 0)
            .map((op) => `${op}: ${ranges(byOp(op))}`),
        ...(todo.length <= 20
            ? todo.map((s) => `worker ${s.index}: member ${s.record.member}, payout ${s.record.payout}`)
            : []),
        ...(skipped.length > 0 ? [`skipped, already ${a.past}: ${ranges(skipped)}`] : []),
        `value: ${formatTon(total)} in ${todo.length} message(s); the unspent part comes back`,
        `wallet: ${transactionsFor(sender, todo.length)} transaction(s), ${sender.describe}`,
    ]);
    if (!go) return;
    await requireBalance(p, sender.address, total);
    await sendInBatches(p, sender, action, messages);
    await waitForStatus(
        p,
        d,
        todo.map((s) => ({ index: s.index, status: OPS[s.op].to })),
    );
    ctx.result.done = todo.map((s) => s.index);
    p.ui().write(`${todo.length} worker(s) ${a.past}: ${ranges(todo.map((s) => s.index))}`);
}

/** Waits until the registry shows each status and the pool mirrors it (active flag via worker_sync); one snapshot of each per poll. */
async function waitForStatus(
    p: OpsProvider,
    d: DeployedPool,
    wanted: { index: number; status: number }[],
): Promise<void> {
    let open = wanted;
    await waitUntil(p, 'the registry and the pool to apply the changes', async () => {
        const registry = await registryWorkers(p, d);
        const pool = await poolLedger(p, d);
        const still = [];
        for (const w of open) {
            const r = registry.get(w.index);
            if (
                r === undefined ||
                r.status !== w.status ||
                (await pool.worker(w.index)).active !== (w.status === WorkerStatus.active)
            )
                still.push(w);
        }
        open = still;
        return open.length === 0;
    });
}

const bulkSpec = (action: BulkAction, about: string) => ({
    name: `operator/${action}Workers`,
    role: 'operator' as const,
    about,
    example: 'workers=0,3,10-19',
    sends: true,
    args: workerSelection,
    validate: selectedWorkers,
});

export const approveWorkers = defineScript(
    bulkSpec('approve', 'approves pending workers and reinstates suspended ones'),
    (p, input, ctx) => bulk(p, selectedWorkers(input), ctx, 'approve'),
);
export const suspendWorkers = defineScript(
    bulkSpec('suspend', 'suspends active workers (the pool stops paying them)'),
    (p, input, ctx) => bulk(p, selectedWorkers(input), ctx, 'suspend'),
);
export const reinstateWorkers = defineScript(
    bulkSpec('reinstate', 'reinstates suspended workers (not pending ones: approve those)'),
    (p, input, ctx) => bulk(p, selectedWorkers(input), ctx, 'reinstate'),
);

/** The record of a worker the connected wallet `me` controls as its member, or a one-line refusal. */
export async function memberWorker(d: DeployedPool, index: number, me: Address, what: string): Promise<WorkerRecord> {
    const record = await knownWorker(d, index);
    if (!record.member.equals(me))
        throw new OpsError(
            `worker ${index} belongs to member ${record.member}; only that wallet may ${what} (connected: ${me})`,
        );
    return record;
}

export const changePayoutAddress = defineScript(
    {
        name: 'member/changePayoutAddress',
        role: 'member',
        about: "changes a worker's payout address (the registry tells the pool)",
        example: 'worker=3 payout=<address>',
        sends: true,
        args: {
            worker: required(kinds.worker(), 'the worker index', 'Worker index'),
            payout: required(kinds.address(), 'the new payout address', 'New payout address'),
        },
    },
    async (p, { worker: index, payout }, ctx) => {
        const d = await loadPool(p, ctx);
        const me = senderAddress(p);
        const record = await memberWorker(d, index, me, 'change its payout address');
        if (record.payout.equals(payout)) {
            p.ui().write(`nothing to do: worker ${index} already pays to ${payout}`);
            return;
        }
        const value = await d.registry.getRequiredValue(RegistryOp.changePayout);
        const go = await confirmSend(p, ctx, `Change the payout address of worker ${index}`, [
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
    },
);
