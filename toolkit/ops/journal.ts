/**
 * The submission journal: every payout request submitPayouts sends is appended, one JSON line each,
 * to `<deployment file without .json>.submitted.jsonl`. reconcile reads it to tell a worker whose
 * entitlement was submitted but not applied (`unfunded`: the batch stopped, or is in flight) from one
 * the operator has not sent yet (`not-submitted`).
 */
import { appendFileSync, readFileSync } from 'fs';
import { PayoutRequest } from '../batching';
import { OpsError } from './errors';

export function journalPath(deploymentFile: string): string {
    return deploymentFile.replace(/\.json$/, '') + '.submitted.jsonl';
}

export function appendSubmitted(path: string, r: PayoutRequest, sentAt: Date): void {
    const line = {
        sentAt: sentAt.toISOString(),
        queryId: r.queryId.toString(),
        value: r.value.toString(),
        entries: r.entries.map((e) => [e.workerIndex, e.cumulative.toString()]),
    };
    appendFileSync(path, JSON.stringify(line) + '\n');
}

/** The requests sent so far (none when the journal does not exist yet). */
export function readSubmitted(path: string): PayoutRequest[] {
    let text: string;
    try {
        text = readFileSync(path, 'utf8');
    } catch {
        return [];
    }
    return text
        .split('\n')
        .map((l, i) => ({ l: l.trim(), line: i + 1 }))
        .filter(({ l }) => l.length > 0)
        .map(({ l, line }) => {
            try {
                const j = JSON.parse(l) as { queryId: string; value: string; entries: [number, string][] };
                return { queryId: BigInt(j.queryId), value: BigInt(j.value), entries: j.entries.map(([workerIndex, c]) => ({ workerIndex, cumulative: BigInt(c) })) };
            } catch {
                throw new OpsError(`${path}:${line}: not a journal line (one JSON object per line, written by submitPayouts)`);
            }
        });
}
