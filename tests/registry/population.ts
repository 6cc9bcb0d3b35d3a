/**
 * Large registries built in TypeScript (records straight into the storage cell) for the gas,
 * capacity and load suites: the standard seven workers first (held by fixture treasuries), then
 * a "heavy" member holding 15 workers (the most a member can hold before its 16th: the first
 * pending, the last exited with its cooldown over, the rest active), then
 * fillers, each held by its own synthetic member.
 */
import { Address } from '@ton/core';
import { createHash } from 'crypto';
import { RegistryLimits, WorkerStatus } from '../../wrappers/RegistryConstants';
import { WorkerRecord } from '../../wrappers/WorkerRegistry';
import { COOLDOWN, START_TIME, workerRecord } from '../helpers/registry-fixture';
import { RECORDS, standardWorkers } from './workers';

/** A deterministic basechain address per number (no account behind it). */
export function syntheticAddress(i: number, salt = 'member'): Address {
    return new Address(0, createHash('sha256').update(`${salt}:${i}`).digest());
}

/** The heavy member: fixture members[HEAVY_MEMBER] holds HEAVY_COUNT workers from index HEAVY_FIRST. */
export const HEAVY_MEMBER = 8;
export const HEAVY_FIRST = RECORDS;
export const HEAVY_COUNT = RegistryLimits.maxPerMemberLimit - 1;
/** The heavy member's worker whose cooldown is over (withdrawal removes it from a 15-entry list). */
export const HEAVY_EXITED = HEAVY_FIRST + HEAVY_COUNT - 1;
/** The heavy member's pending worker, first in its list (rejection removes it from a 15-entry list). */
export const HEAVY_PENDING = HEAVY_FIRST;
export const POPULATION_MEMBERS = 9;

/** `total` records (at least the standard seven); the heavy member is included when there is room. */
export function population(total: number, members: Address[]): (WorkerRecord | null)[] {
    const out = standardWorkers({ members });
    if (total >= RECORDS + HEAVY_COUNT) {
        for (let i = 0; i < HEAVY_COUNT; i++) {
            const exited = HEAVY_FIRST + i === HEAVY_EXITED;
            const pending = HEAVY_FIRST + i === HEAVY_PENDING;
            out.push(
                workerRecord(members[HEAVY_MEMBER], {
                    status: exited ? WorkerStatus.exited : pending ? WorkerStatus.pending : WorkerStatus.active,
                    synced: !pending,
                    exitRequestedAt: exited ? START_TIME - COOLDOWN : 0,
                }),
            );
        }
    }
    for (let i = out.length; i < total; i++) {
        const m = syntheticAddress(i);
        out.push(
            workerRecord(m, {
                payout: syntheticAddress(i, 'payout'),
                status: WorkerStatus.active,
                synced: true,
                weight: i,
            }),
        );
    }
    return out;
}
