/**
 * The submission journal, `<deployment file without .json>.submitted.jsonl`, one JSON object per line
 * (checked by a zod schema when read). submitPayouts writes a request's **intent** before it sends the
 * request, and a **settled** line once the pool has applied it (or processed and stopped it). So a
 * crash between the send and the pool's answer leaves an open intent: the next submitPayouts reads it
 * and refuses to plan while that request may still land (until its `inFlightUntil`), since a second
 * batch built from the same, not yet updated ledger would pay 0 and cost fees; reconcile counts every
 * intent as submitted (it tells `unfunded` from `not-submitted`).
 */
import { appendFileSync, readFileSync } from 'fs';
import { z } from 'zod';
import { PayoutRequest } from '../batching';
import { BadInput } from './errors';

/**
 * How long a sent request may still arrive and be processed: TON Connect signs an external message
 * valid for 5 minutes (blueprint's TonConnectProvider; wallets signed from a mnemonic: 60 s), and a
 * batch of 1,000 entries continues through a handful of self-messages, seconds each. 10 minutes covers both.
 */
export const IN_FLIGHT_SECONDS = 600;

export function journalPath(deploymentFile: string): string {
    return deploymentFile.replace(/\.json$/, '') + '.submitted.jsonl';
}

export interface Intent extends PayoutRequest {
    /** Unix seconds when it was written, just before the send. */
    at: number;
    /** Until then the request may still be applied (unix seconds). */
    inFlightUntil: number;
    settled: boolean;
}

const nanoton = z.string().regex(/^\d+$/);
const line = z.discriminatedUnion('kind', [
    z.strictObject({
        kind: z.literal('intent'),
        at: z.iso.datetime(),
        inFlightUntil: z.iso.datetime(),
        queryId: nanoton,
        value: nanoton,
        entries: z.array(z.tuple([z.number().int().nonnegative(), nanoton])),
    }),
    z.strictObject({
        kind: z.literal('settled'),
        at: z.iso.datetime(),
        queryId: nanoton,
        outcome: z.enum(['applied', 'stopped', 'expired']),
    }),
]);

const iso = (unix: number) => new Date(unix * 1000).toISOString();

/** Written before the request is sent. */
export function appendIntent(path: string, r: PayoutRequest, now: number): void {
    const intent = {
        kind: 'intent',
        at: iso(now),
        inFlightUntil: iso(now + IN_FLIGHT_SECONDS),
        queryId: r.queryId.toString(),
        value: r.value.toString(),
        entries: r.entries.map((e) => [e.workerIndex, e.cumulative.toString()]),
    };
    appendFileSync(path, JSON.stringify(intent) + '\n');
}

/** Written once the pool has processed the request: every entry applied, the batch stopped, or its window passed. */
export function appendSettled(
    path: string,
    queryId: bigint,
    outcome: 'applied' | 'stopped' | 'expired',
    now: number,
): void {
    appendFileSync(
        path,
        JSON.stringify({ kind: 'settled', at: iso(now), queryId: queryId.toString(), outcome }) + '\n',
    );
}

/** Every intent, in the order written, with whether a settled line followed (none when the journal does not exist yet). */
export function readJournal(path: string): Intent[] {
    let text: string;
    try {
        text = readFileSync(path, 'utf8');
    } catch {
        return [];
    }
    const intents = new Map<string, Intent>();
    text.split('\n').forEach((raw, i) => {
        if (raw.trim().length === 0) return;
        let parsed: z.infer<typeof line>;
        try {
            parsed = line.parse(JSON.parse(raw));
        } catch {
            throw new BadInput(
                `${path}:${i + 1}: not a journal line (one JSON object per line, written by submitPayouts)`,
            );
        }
        if (parsed.kind === 'intent') {
            const unix = (t: string) => Math.floor(Date.parse(t) / 1000);
            intents.set(parsed.queryId, {
                queryId: BigInt(parsed.queryId),
                value: BigInt(parsed.value),
                entries: parsed.entries.map(([workerIndex, c]) => ({ workerIndex, cumulative: BigInt(c) })),
                at: unix(parsed.at),
                inFlightUntil: unix(parsed.inFlightUntil),
                settled: false,
            });
        } else {
            const intent = intents.get(parsed.queryId);
            if (intent === undefined)
                throw new BadInput(
                    `${path}:${i + 1}: settles query id ${parsed.queryId}, which no earlier line intends`,
                );
            intent.settled = true;
        }
    });
    return [...intents.values()];
}

/** The requests submitted so far, for reconcile: every intent (an intent may have been sent). */
export function readSubmitted(path: string): PayoutRequest[] {
    return readJournal(path).map(({ queryId, value, entries }) => ({ queryId, value, entries }));
}
