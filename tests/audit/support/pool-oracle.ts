/**
 * The pool's books after an accepted fuzz message, shared by the malformed-input fuzz and the
 * worker-state fuzz: revenue booked net of the receipt fee with its commission and nothing else, a
 * request moving `paid` by exactly the payouts sent and `returned` by exactly what bounces credited
 * back, no commission leaving but by the owner's withdrawal, and the books solvent.
 */
import { Address, Cell } from '@ton/core';
import { FeeSchedule } from '../../../toolkit/chain/fees';
import {
    attributedBounceCredit,
    bookedRevenue,
    bounceCredit,
    parseAttributedPayout,
    parsePoolPayout,
    parsePoolPayoutData,
    PoolGas,
    PoolOp,
} from '../../../wrappers/PoolPayout';
import { SharedOp } from '../../../wrappers/shared';
import { poolBookProblems } from './books';
import { Observation } from '../../../audits/harness/fuzz-runner';
import { outMessages } from './oracle';

/** The ops recv_internal dispatches; everything else (and any body under 96 bits) is revenue. */
export const HANDLED = new Set<number>([
    PoolOp.payoutBatch,
    PoolOp.payoutContinue,
    PoolOp.topUpReserve,
    PoolOp.withdrawCommission,
    PoolOp.setParams,
    PoolOp.setOperator,
    PoolOp.setPaused,
    PoolOp.transferOwnership,
    PoolOp.claimOwnership,
    PoolOp.upgradeCode,
    PoolOp.payOwed,
    PoolOp.payOwedContinue,
    0xb42f616c, // worker_sync
    0xfa683152, // worker_sync_v1 (a registry built before withdrawn)
    0x2565934c, // cocoon_excesses: reserve, like a top-up
]);

export function opOf(body: Cell): number | undefined {
    return body.bits.length >= 96 ? body.beginParse().loadUint(32) : undefined;
}

export const json = (x: unknown) =>
    JSON.stringify(x, (_, v) => (typeof v === 'bigint' ? v.toString() : v instanceof Address ? v.toRawString() : v));

/** The pool's books after an accepted message, and what that message may have changed. */
export function poolProblems(o: Observation, fees: FeeSchedule): string[] {
    const problems: string[] = [];
    const pool = o.own[0].inMessage!.info.dest as Address;
    const before = parsePoolPayoutData(o.before.data);
    const after = parsePoolPayoutData(o.after.data);
    const t0 = before.totals;
    const t1 = after.totals;
    // the earnings code (a cell) and the owed balances (a map) compared by value, not through JSON
    const { totals: _a, earningsCode: code0, owed: owed0, ...r0 } = before;
    const { totals: _b, earningsCode: code1, owed: owed1, ...r1 } = after;
    const rest0 = { ...r0, code: code0.hash().toString('hex'), owed: [...owed0] };
    const rest1 = { ...r1, code: code1.hash().toString('hex'), owed: [...owed1] };
    const m = o.message;
    const op = opOf(m.body);

    if (m.bounced || op === PoolOp.topUpReserve || op === 0x2565934c) {
        if (!o.after.data.equals(o.before.data)) problems.push('a forged bounce or a top-up changed the data');
    } else if (op === undefined || !HANDLED.has(op)) {
        // Revenue: booked net of the receipt fee, commission in basis points, nothing else touched. No
        // fuzz sender is an earnings address: an attributed_revenue is plain revenue net of its own receipt fee.
        const booked = bookedRevenue(
            fees,
            m.value,
            before.commissionBps,
            op === SharedOp.attributedRevenue ? PoolGas.attributedRevenue : PoolGas.revenue,
        );
        const expected = {
            ...t0,
            revenue: t0.revenue + booked.revenue,
            commissionAccrued: t0.commissionAccrued + booked.commission,
        };
        if (json(t1) !== json(expected)) problems.push(`revenue booked as ${json(t1)}, expected ${json(expected)}`);
        if (json(rest1) !== json(rest0)) problems.push('revenue changed more than the totals');
        if (outMessages(o.own[0]).length > 0) problems.push('revenue caused outgoing messages');
    } else {
        if (t1.revenue !== t0.revenue || t1.commissionAccrued !== t0.commissionAccrued)
            problems.push('a request changed the revenue or the accrued commission');
        if (
            t1.commissionWithdrawn !== t0.commissionWithdrawn &&
            !(op === PoolOp.withdrawCommission && m.sender.equals(before.owner))
        ) {
            problems.push('commission left on a request that is not the owner withdrawing');
        }
        // Every payout the pool sent in the chain is booked as paid, every bounced one as returned.
        let sent = 0n;
        let returned = 0n;
        for (const tx of o.all) {
            for (const out of tx.outMessages.values()) {
                // reports and change (excesses) go back non-bounceable: a refusing response address keeps them
                if (
                    out.info.type === 'internal' &&
                    out.info.src.equals(pool) &&
                    out.body.bits.length >= 32 &&
                    out.body.beginParse().loadUint(32) === SharedOp.excesses &&
                    out.info.bounce
                ) {
                    problems.push('an excesses report went out bounceable');
                }
                if (
                    out.info.type !== 'internal' ||
                    !out.info.src.equals(pool) ||
                    out.body.bits.length < 32 ||
                    out.body.beginParse().loadUint(32) !== PoolOp.poolPayout
                )
                    continue;
                const p = parsePoolPayout(out.body);
                if (out.info.value.coins !== p.amount)
                    problems.push(`payout of ${p.amount} carried ${out.info.value.coins}`);
                if (!out.info.bounce) problems.push('a payout went out non-bounceable');
                sent += p.amount;
            }
            const inm = tx.inMessage;
            if (
                inm?.info.type === 'internal' &&
                inm.info.dest.equals(pool) &&
                inm.info.bounced &&
                inm.body.beginParse().skip(32).loadUint(32) === PoolOp.poolPayout
            ) {
                // credited back: what came back less the bounce's handling, within [0, payout]
                const amount = inm.body
                    .beginParse()
                    .skip(32 + 32 + 64 + 32)
                    .loadCoins();
                returned += bounceCredit(fees, amount, inm.info.value.coins);
            }
        }
        if (t1.paid - t0.paid !== sent) problems.push(`paid moved by ${t1.paid - t0.paid}, payouts sent ${sent}`);
        if (t1.returned - t0.returned !== returned)
            problems.push(`returned moved by ${t1.returned - t0.returned}, payouts bounced back ${returned}`);
        // The attributed books: a request books no attributed revenue; paid moves by the attributed
        // payouts sent, returned by what their bounces credited back.
        const a0 = before.attributed;
        const a1 = after.attributed;
        let aSent = 0n;
        let aReturned = 0n;
        for (const tx of o.all) {
            for (const out of tx.outMessages.values()) {
                if (
                    out.info.type !== 'internal' ||
                    !out.info.src.equals(pool) ||
                    out.body.bits.length < 32 ||
                    out.body.beginParse().loadUint(32) !== PoolOp.attributedPayout
                )
                    continue;
                const p = parseAttributedPayout(out.body);
                if (out.info.value.coins !== p.amount || !out.info.bounce)
                    problems.push(
                        `attributed payout of ${p.amount} carried ${out.info.value.coins}, bounce ${out.info.bounce}`,
                    );
                aSent += p.amount;
            }
            const inm = tx.inMessage;
            if (
                inm?.info.type === 'internal' &&
                inm.info.dest.equals(pool) &&
                inm.info.bounced &&
                inm.body.beginParse().skip(32).loadUint(32) === PoolOp.attributedPayout
            ) {
                aReturned += attributedBounceCredit(
                    fees,
                    inm.body
                        .beginParse()
                        .skip(32 + 32 + 64 + 32)
                        .loadCoins(),
                    inm.info.value.coins,
                );
            }
        }
        if (a1.revenue !== a0.revenue || a1.commission !== a0.commission)
            problems.push('a request changed the attributed revenue or commission');
        if (a1.paid - a0.paid !== aSent)
            problems.push(`attributed paid moved by ${a1.paid - a0.paid}, attributed payouts sent ${aSent}`);
        if (a1.returned - a0.returned !== aReturned)
            problems.push(`attributed returned moved by ${a1.returned - a0.returned}, credited back ${aReturned}`);
    }
    return [...problems, ...poolBookProblems(o.after.data, o.after.balance)];
}
