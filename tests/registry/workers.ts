/**
 * The registry suites' standard population: one worker in each state the handlers distinguish,
 * each held by its own member (members[i] holds worker i), deployed in the storage cell.
 */
import { Address, toNano } from '@ton/core';
import { WorkerStatus } from '../../wrappers/RegistryConstants';
import { WorkerRecord } from '../../wrappers/WorkerRegistry';
import { COOLDOWN, START_TIME, workerRecord } from '../helpers/registry-fixture';

export const W = {
    pending: 0,
    active: 1,
    suspended: 2,
    /** exited, cooldown over, stake still here, known to the pool */
    exitedDue: 3,
    /** exited just now: cooldown running */
    exitedCooling: 4,
    /** exited and stake withdrawn: the record left, the index stays assigned */
    withdrawn: 5,
    /** exited straight from pending (never approved), cooldown over */
    exitedUnsynced: 6,
} as const;

/** Indices assigned in the standard population (the next index); all but W.withdrawn are live. */
export const RECORDS = 7;
/** Live records in the standard population. */
export const LIVE = RECORDS - 1;

/** Members in the fixture: one per worker above, plus members[7] holding nothing. */
export const MEMBERS = 8;
export const FREE_MEMBER = 7;

export const STAKE = toNano('12');

export function standardWorkers({ members }: { members: Address[] }): (WorkerRecord | null)[] {
    const at = (i: number, o: Partial<WorkerRecord>) =>
        workerRecord(members[i], { stake: STAKE + BigInt(i), weight: 10 + i, ...o });
    return [
        at(W.pending, {}),
        at(W.active, { status: WorkerStatus.active, synced: true }),
        at(W.suspended, { status: WorkerStatus.suspended, synced: true }),
        at(W.exitedDue, { status: WorkerStatus.exited, synced: true, exitRequestedAt: START_TIME - COOLDOWN }),
        at(W.exitedCooling, { status: WorkerStatus.exited, synced: true, exitRequestedAt: START_TIME }),
        null,
        at(W.exitedUnsynced, { status: WorkerStatus.exited, exitRequestedAt: START_TIME - COOLDOWN }),
    ];
}
