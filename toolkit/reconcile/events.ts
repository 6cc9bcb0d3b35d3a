/** Payouts, bounces, unbooked inflow and the attributed books read from the pool's own transactions (one place for both chain sources). */
import { Address, Transaction } from '@ton/core';
import { AttributedCodec, AttributedEvent, PayoutCodec, PayoutEvent, UnbookedInflow } from './types';

/**
 * Events of one pool transaction: every outgoing internal message the codec recognises as a payout
 * (amount = the body's amount, or else the message value), and the inbound message if it is a bounced payout. A transaction
 * whose action phase failed sent nothing, so its outgoing messages are not counted.
 */
export function payoutEventsOf(tx: Transaction, pool: Address, codec: PayoutCodec): PayoutEvent[] {
    const events: PayoutEvent[] = [];
    const inbound = tx.inMessage;
    if (inbound?.info.type === 'internal' && inbound.info.dest.equals(pool) && inbound.info.bounced) {
        const b = codec.parseBounced(inbound.body);
        if (b)
            events.push({
                kind: 'bounce',
                workerIndex: b.workerIndex,
                amount: codec.creditOf(b.amount, inbound.info.value.coins),
                queryId: b.queryId,
                lt: tx.lt,
            });
    }
    if (tx.description.type === 'generic' && tx.description.actionPhase?.success === true) {
        for (const m of tx.outMessages.values()) {
            if (m.info.type !== 'internal' || !m.info.src.equals(pool)) continue;
            const p = codec.parsePayout(m.body);
            if (!p) continue;
            events.push({
                kind: 'payout',
                workerIndex: p.workerIndex,
                amount: p.amount ?? m.info.value.coins,
                queryId: p.queryId,
                lt: tx.lt,
                destination: m.info.dest,
            });
        }
    }
    return events;
}

/**
 * The inbound value of one pool transaction that the pool's code never booked: the compute phase
 * was skipped (the value could not buy the gas to start, e.g. a dust Cocoon payout), or it failed on
 * a non-bounceable message (nothing goes back). Bounced messages are the pool's own payouts
 * returning (payoutEventsOf counts them); undefined for every other transaction.
 */
export function unbookedInflowOf(tx: Transaction, pool: Address): UnbookedInflow | undefined {
    const inbound = tx.inMessage;
    if (inbound?.info.type !== 'internal' || !inbound.info.dest.equals(pool) || inbound.info.bounced) return undefined;
    if (tx.description.type !== 'generic') return undefined;
    const compute = tx.description.computePhase;
    const credited = tx.description.creditPhase?.credit.coins ?? 0n;
    if (credited === 0n) return undefined;
    const from = inbound.info.src;
    if (compute.type === 'skipped') return { amount: credited, from, lt: tx.lt, reason: 'compute-skipped' };
    if (!compute.success && !inbound.info.bounce)
        return { amount: credited, from, lt: tx.lt, reason: 'compute-failed' };
    return undefined;
}

/** Net nanoton each worker received according to `events`: payouts minus bounces. */
export function receivedByWorker(events: readonly PayoutEvent[]): Map<number, bigint> {
    const out = new Map<number, bigint>();
    for (const e of events)
        out.set(e.workerIndex, (out.get(e.workerIndex) ?? 0n) + (e.kind === 'payout' ? e.amount : -e.amount));
    return out;
}

/**
 * The changes one pool transaction made to the attributed books. An aborted transaction changed
 * nothing (its compute failed, or its action phase did: a pay_owed whose reserve failed paid no one).
 * An attributed_revenue is the named worker's only when it comes from that worker's earnings address,
 * as the pool itself checks; any other is `forged` (plain revenue). Payouts are read from the sent
 * messages, bounces from the inbound bounced copy, the commission rate from the deploying StateInit
 * and from set_params (which only the owner's message gets past).
 */
export function attributedEventsOf(tx: Transaction, pool: Address, codec: AttributedCodec): AttributedEvent[] {
    const inbound = tx.inMessage;
    if (inbound?.info.type !== 'internal' || !inbound.info.dest.equals(pool)) return [];
    if (tx.description.type !== 'generic' || tx.description.aborted) return [];
    const events: AttributedEvent[] = [];
    const lt = tx.lt;
    const deployed = tx.oldStatus !== 'active' && tx.endStatus === 'active' && inbound.init?.data;
    const atDeploy = deployed ? codec.commissionAtDeploy(inbound.init!.data!) : undefined;
    if (atDeploy !== undefined) events.push({ kind: 'commission', bps: atDeploy, at: 'deploy', lt });
    const value = inbound.info.value.coins;
    const from = inbound.info.src;
    if (inbound.info.bounced) {
        const b = codec.parseBounced(inbound.body);
        if (b) events.push({ kind: 'bounce', workerIndex: b.workerIndex, amount: b.amount, value, lt });
    } else {
        const revenue = codec.parseRevenue(inbound.body);
        const bps = codec.parseCommissionChange(inbound.body);
        if (revenue?.workerIndex !== undefined && codec.isEarningsAddress(from, revenue.workerIndex)) {
            events.push({ kind: 'credit', workerIndex: revenue.workerIndex, value, from, lt });
        } else if (revenue) {
            events.push({ kind: 'forged', workerIndex: revenue.workerIndex, value, from, lt });
        } else if (bps !== undefined) {
            events.push({ kind: 'commission', bps, at: 'set_params', lt });
        }
    }
    for (const m of tx.outMessages.values()) {
        if (m.info.type !== 'internal' || !m.info.src.equals(pool)) continue;
        const p = codec.parsePayout(m.body);
        if (p)
            events.push({ kind: 'payout', workerIndex: p.workerIndex, amount: p.amount, destination: m.info.dest, lt });
    }
    return events;
}
