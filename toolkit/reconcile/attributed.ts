/**
 * Reconciliation of the attributed books (docs/earnings.md): the pool's history replayed as the pool
 * books it, against its attributed getters, per worker and in total, to the nanoton. Nobody states an
 * intent for attributed money (Cocoon's vouchers decide it), so there is no ledger file: the question
 * is whether what the pool says it holds and paid is exactly what its transactions did.
 *
 * Replayed from the AttributedEvents, in logical-time order, as contracts/pool/attributed.fc does:
 * - credit (worker i's earnings address forwarded `value`): net = value - receipt fee; when net > 0,
 *   commission = floor(net x bps / 10000) at the rate then in force, owed[i] += net - commission;
 * - payout (pay_owed sent `amount` to worker i): paid += amount, owed[i] -= amount;
 * - bounce (it came back with `value`): unless amount > paid - returned (not a payout of these books),
 *   credit = min(amount, value - bounce fee), when > 0 owed[i] += credit, returned += credit;
 * - forged (an attributed_revenue from anyone but the named worker's earnings address): plain revenue,
 *   counted apart and never in these books.
 * Differences: a worker's replayed owed against get_attributed_owed (attributed-mismatch), each total
 * against get_attributed_totals (attributed-totals-mismatch; `entries` follows from the balances and
 * is shown, not compared apart), both critical: money the history does
 * not explain (a payout missing from it, a credit the pool never made). Each forged message is
 * forged-attributed: not critical (the pool booked it as operator-settled revenue, as it must), named
 * so that a member's misconfigured node or a forger is seen.
 */
import { Address } from '@ton/core';
import { Difference, DifferenceCause, CRITICAL_CAUSES } from './reconcile';
import { AttributedCodec, AttributedPoolTotals, AttributedReader, ChainSource } from './types';

/** One worker's attributed money according to the history, beside what the pool says it owes. */
export interface AttributedWorkerBooks {
    workerIndex: number;
    /** What its earnings address forwarded to the pool (the attributed_revenue values received). */
    forwarded: bigint;
    /** Booked: forwarded less the pool's receipt fees. */
    revenue: bigint;
    commission: bigint;
    /** Sent by pay_owed (attributed_payout amounts). */
    paid: bigint;
    /** Credited back from bounced attributed payouts. */
    returned: bigint;
    /** revenue - commission - paid + returned. */
    owed: bigint;
    /** get_attributed_owed. */
    poolOwed: bigint;
}

/** The attributed books replayed from the history (the getters' figures, plus what they do not keep). */
export interface AttributedHistoryTotals extends AttributedPoolTotals {
    forwarded: bigint;
    /** What the pool kept of the forwards as its receipt fees (forwarded - revenue). */
    receiptFees: bigint;
}

export interface ForgedAttributed {
    from: Address;
    /** The worker the body names (undefined when too short to name one). */
    workerIndex?: number;
    value: bigint;
    /** What the pool booked as plain (operator-settled) revenue: value less the receipt fee. */
    bookedAsPlain: bigint;
    lt: bigint;
}

export interface AttributedReconciliation {
    workers: AttributedWorkerBooks[];
    history: AttributedHistoryTotals;
    pool: AttributedPoolTotals;
    forged: ForgedAttributed[];
    differences: Difference[];
    /** Sum of the critical differences: 0 when the history explains the getters exactly. */
    unexplainedNanoton: bigint;
    ok: boolean;
}

export interface AttributedReconcileInput {
    /** A source that reads the attributed events (given an AttributedCodec). */
    source: ChainSource;
    codec: AttributedCodec;
    reader: AttributedReader;
    /** The pool's commission rate now (get_pool_params): the rate throughout when the history changes none. */
    commissionBps: number;
    /**
     * The rate before the first set_params of a history that does not reach the pool's deployment
     * (a fixture installed as an active account, a history read from a later logical time).
     */
    openingCommissionBps?: number;
}

const abs = (x: bigint) => (x < 0n ? -x : x);

function openingRate(
    input: AttributedReconcileInput,
    first: { at: 'deploy' | 'set_params' } | undefined,
): number | undefined {
    if (input.openingCommissionBps !== undefined) return input.openingCommissionBps;
    return first === undefined ? input.commissionBps : undefined;
}

export async function reconcileAttributed(input: AttributedReconcileInput): Promise<AttributedReconciliation> {
    if (!input.source.attributedEvents)
        throw new Error(
            'reconcileAttributed: the chain source does not read the attributed books (give it an attributedCodec)',
        );
    const events = await input.source.attributedEvents();
    const { codec } = input;
    const receiptFee = codec.receiptFee();
    let bps = openingRate(
        input,
        events.find((e) => e.kind === 'commission') as { at: 'deploy' | 'set_params' } | undefined,
    );
    const books = new Map<number, AttributedWorkerBooks>();
    const bookOf = (workerIndex: number) => {
        let b = books.get(workerIndex);
        if (!b)
            books.set(
                workerIndex,
                (b = {
                    workerIndex,
                    forwarded: 0n,
                    revenue: 0n,
                    commission: 0n,
                    paid: 0n,
                    returned: 0n,
                    owed: 0n,
                    poolOwed: 0n,
                }),
            );
        return b;
    };
    const forged: ForgedAttributed[] = [];
    let forwarded = 0n;
    let revenue = 0n;
    let commission = 0n;
    let paid = 0n;
    let returned = 0n;
    for (const e of events) {
        if (e.kind === 'commission') {
            bps = e.bps;
        } else if (e.kind === 'forged') {
            const net = e.value - receiptFee;
            forged.push({
                from: e.from,
                workerIndex: e.workerIndex,
                value: e.value,
                bookedAsPlain: net > 0n ? net : 0n,
                lt: e.lt,
            });
        } else if (e.kind === 'credit') {
            const b = bookOf(e.workerIndex);
            b.forwarded += e.value;
            forwarded += e.value;
            const net = e.value - receiptFee;
            if (net <= 0n) continue;
            if (bps === undefined) {
                throw new Error(
                    `reconcileAttributed: the history does not reach the pool's deployment and changes its commission later: give openingCommissionBps (the rate at lt ${e.lt})`,
                );
            }
            const c = (net * BigInt(bps)) / 10000n;
            b.revenue += net;
            b.commission += c;
            b.owed += net - c;
            revenue += net;
            commission += c;
        } else if (e.kind === 'payout') {
            const b = bookOf(e.workerIndex);
            b.paid += e.amount;
            b.owed -= e.amount;
            paid += e.amount;
        } else {
            if (e.amount > paid - returned) continue; // not a payout of these books: the pool changes nothing
            const credit = codec.bounceCreditOf(e.amount, e.value);
            if (credit <= 0n) continue;
            const b = bookOf(e.workerIndex);
            b.returned += credit;
            b.owed += credit;
            returned += credit;
        }
    }
    const pool = await input.reader.totals();
    const indexes = [...new Set([...books.keys(), ...((await input.reader.owedIndexes?.()) ?? [])])].sort(
        (a, b) => a - b,
    );
    const poolOwed = await input.reader.owed(indexes);
    const differences: Difference[] = [];
    const add = (cause: DifferenceCause, amount: bigint, detail: string, workerIndex?: number) => {
        differences.push({ cause, workerIndex, amount, critical: CRITICAL_CAUSES.has(cause), detail });
    };
    const workers = indexes.map((i) => ({ ...bookOf(i), poolOwed: poolOwed.get(i) ?? 0n }));
    for (const w of workers) {
        if (w.owed !== w.poolOwed)
            add(
                'attributed-mismatch',
                abs(w.poolOwed - w.owed),
                `worker ${w.workerIndex}: the pool owes ${w.poolOwed} attributed, its history says ${w.owed}`,
                w.workerIndex,
            );
    }
    const history: AttributedHistoryTotals = {
        forwarded,
        receiptFees: forwarded - revenue,
        revenue,
        commission,
        paid,
        returned,
        owed: revenue - commission - paid + returned,
        entries: workers.filter((w) => w.owed > 0n).length,
    };
    for (const k of ['revenue', 'commission', 'paid', 'returned', 'owed'] as const) {
        if (history[k] !== pool[k])
            add(
                'attributed-totals-mismatch',
                abs(pool[k] - history[k]),
                `pool attributed ${k} ${pool[k]}, its history sums to ${history[k]}`,
            );
    }
    for (const x of forged) {
        const named = x.workerIndex === undefined ? 'naming no worker' : `naming worker ${x.workerIndex}`;
        add(
            'forged-attributed',
            x.value,
            `attributed_revenue of ${x.value} from ${x.from} ${named}, not from its earnings address: booked as plain revenue (${x.bookedAsPlain}), not attributed`,
        );
    }
    const unexplainedNanoton = differences.filter((d) => d.critical).reduce((s, d) => s + d.amount, 0n);
    return { workers, history, pool, forged, differences, unexplainedNanoton, ok: unexplainedNanoton === 0n };
}
