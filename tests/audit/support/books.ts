/**
 * The books each contract must keep after every transaction, read from its storage cell.
 * Registry: status counters, total stake and the member index agree with the live records (none
 * at or above next_index); the balance covers every stake. Pool: owed (operator-settled and
 * attributed, the latter equal to the sum of the per-worker balances) and commission held are never
 * negative and the balance covers them all (docs/DESIGN.md invariants 2 and 3).
 */
import { Cell } from '@ton/core';
import { parsePoolPayoutData } from '../../../wrappers/PoolPayout';
import { countWorkers, memberKey, parseWorkerRegistryData } from '../../../wrappers/WorkerRegistry';

const text = (x: unknown) => JSON.stringify(x, (_, v) => (typeof v === 'bigint' ? v.toString() : v));

export function registryBookProblems(data: Cell, balance: bigint): string[] {
    const d = parseWorkerRegistryData(data);
    const records = [...d.workers.entries()].sort((a, b) => a[0] - b[0]);
    const problems: string[] = [];
    if (records.some(([k]) => k >= d.nextIndex)) problems.push(`a record at or above next_index ${d.nextIndex}`);
    const c = countWorkers(
        records.map(([, w]) => w),
        d.nextIndex,
    );
    const have = {
        nextIndex: d.nextIndex,
        pending: d.pending,
        active: d.active,
        suspended: d.suspended,
        exited: d.exited,
        totalStake: d.totalStake,
    };
    if (text(have) !== text(c)) problems.push(`counters ${text(have)} disagree with the records ${text(c)}`);
    const index = new Map<bigint, number[]>();
    for (const [i, w] of records) index.set(memberKey(w.member), [...(index.get(memberKey(w.member)) ?? []), i]);
    const sorted = (m: Map<bigint, number[]>) => text([...m].map(([k, v]) => [k, [...v].sort((a, b) => a - b)]).sort());
    if (sorted(index) !== sorted(d.members)) problems.push('the member index disagrees with the records');
    if (balance < d.totalStake) problems.push(`balance ${balance} does not cover the total stake ${d.totalStake}`);
    return problems;
}

export function poolBookProblems(data: Cell, balance: bigint): string[] {
    const d = parsePoolPayoutData(data);
    const t = d.totals;
    const a = d.attributed;
    const owed = t.revenue - t.commissionAccrued - t.paid + t.returned;
    const attributedOwed = a.revenue - a.commission - a.paid + a.returned;
    const held = t.commissionAccrued + a.commission - t.commissionWithdrawn - t.storageCharged;
    const problems: string[] = [];
    if (owed < 0n) problems.push(`owed to workers is negative: ${owed}`);
    if (attributedOwed < 0n) problems.push(`attributed owed is negative: ${attributedOwed}`);
    const sum = [...d.owed.values()].reduce((acc, v) => acc + v, 0n);
    if (sum !== attributedOwed)
        problems.push(`the owed balances add up to ${sum}, the attributed books say ${attributedOwed}`);
    if (d.owedEntries !== d.owed.size) problems.push(`entries ${d.owedEntries}, the owed dict holds ${d.owed.size}`);
    if (held < 0n) problems.push(`commission held is negative: ${held}`);
    if (balance < owed + attributedOwed + held)
        problems.push(
            `insolvent: balance ${balance} < owed ${owed} + attributed owed ${attributedOwed} + commission held ${held}`,
        );
    return problems;
}
