/**
 * Largest-remainder (Hamilton) apportionment of an integer amount in proportion to integer
 * contributions.
 *
 * Rule: worker i's exact quota is q_i = total * c_i / C (C = sum of contributions). Each worker first
 * gets floor(q_i); the L nanoton left over (L = total - sum floor(q_i), always < number of workers)
 * go one each to the L workers with the largest remainders (total * c_i mod C), ties broken by the
 * lowest worker index.
 *
 * Why it is fair:
 * - the parts sum to `total` exactly: no nanoton is created or lost;
 * - every worker gets floor(q_i) or ceil(q_i): never a full nanoton away from its exact quota
 *   (the "quota property", which proportional rounding by e.g. Math.round cannot promise for sums);
 * - a worker with zero contribution gets zero: remainders are < C, so the L leftover nanoton always
 *   find L workers with a positive remainder;
 * - the tie-break depends only on the input (not on input order or a clock), so the result is stable
 *   and any party can reproduce it from the published contributions.
 */
import { SettlementError } from './errors';
import { checkAmount, checkWorkerIndex } from './validate';

export interface Contribution {
    workerIndex: number;
    /** Work credited to the worker this epoch, e.g. weight x work units. Any non-negative integer. */
    contribution: bigint;
}

export interface Share {
    workerIndex: number;
    share: bigint;
}

/**
 * Splits `total` nanoton among `contributions`. Returns one share per input entry, sorted by worker
 * index. Refuses negative or non-bigint amounts, bad or duplicate worker indexes, and a positive
 * `total` with zero total contribution (nobody to give it to).
 */
export function apportion(total: bigint, contributions: readonly Contribution[]): Share[] {
    checkAmount('amount to distribute', total);
    const seen = new Set<number>();
    let sum = 0n;
    for (const c of contributions) {
        checkWorkerIndex(c.workerIndex);
        checkAmount(`contribution of worker ${c.workerIndex}`, c.contribution);
        if (seen.has(c.workerIndex))
            throw new SettlementError('duplicate-worker', `worker ${c.workerIndex} appears twice`);
        seen.add(c.workerIndex);
        sum += c.contribution;
    }
    const sorted = [...contributions].sort((a, b) => a.workerIndex - b.workerIndex);
    if (sum === 0n) {
        if (total > 0n) {
            throw new SettlementError(
                'zero-total-contribution',
                `${total} nanoton to distribute but no worker contributed`,
            );
        }
        return sorted.map((c) => ({ workerIndex: c.workerIndex, share: 0n }));
    }
    const parts = sorted.map((c) => {
        const scaled = total * c.contribution;
        return { workerIndex: c.workerIndex, share: scaled / sum, remainder: scaled % sum };
    });
    let leftover = total - parts.reduce((s, p) => s + p.share, 0n);
    const byRemainder = [...parts].sort((a, b) =>
        a.remainder === b.remainder ? a.workerIndex - b.workerIndex : a.remainder > b.remainder ? -1 : 1,
    );
    for (const p of byRemainder) {
        if (leftover === 0n) break;
        p.share += 1n;
        leftover -= 1n;
    }
    return parts.map((p) => ({ workerIndex: p.workerIndex, share: p.share }));
}

/** Helper for the usual contribution: registry weight times work units done in the epoch. */
export function weightedContribution(weight: bigint | number, workUnits: bigint | number): bigint {
    const w = typeof weight === 'bigint' ? weight : BigInt(checkSafeInteger('weight', weight));
    const u = typeof workUnits === 'bigint' ? workUnits : BigInt(checkSafeInteger('work units', workUnits));
    return checkAmount('weight', w) * checkAmount('work units', u);
}

function checkSafeInteger(what: string, v: number): number {
    if (!Number.isSafeInteger(v)) throw new SettlementError('not-an-integer', `${what} ${v} is not an integer`);
    return v;
}
