/**
 * docs/DESIGN.md's invariants for a PoolPayout, asserted to the nanoton after a scenario:
 *  1. exactly once — each worker's ledger `paid` equals its expected (latest funded) cumulative,
 *     and, over the given transactions, what reached it (payouts sent minus payouts bounced back)
 *     equals what it was expected to receive in them;
 *  2. conservation — the ledger's paid amounts add up to paid - returned, worker money owed is
 *     revenue - commission - (paid - returned) and never negative, commission accrued + attributed
 *     commission = withdrawn + storage charged + held; attributed owed is attributed revenue -
 *     commission - (paid - returned), equals the sum of the per-worker owed balances (one dict entry
 *     per non-zero balance, `entries` of them) and is never negative;
 *  3. solvency — balance >= owed + attributed owed + commission held (+ a storage reserve when given).
 * Reused by the stress and property suites: it needs only the pool and the expectations.
 */
import { Address, Cell } from '@ton/core';
import { Blockchain, BlockchainTransaction, SandboxContract } from '@ton/sandbox';
import { FeeSchedule } from '../../toolkit/chain/fees';
import {
    bounceCredit,
    parseBouncedPoolPayout,
    parsePoolPayout,
    parsePoolPayoutData,
    PoolOp,
    PoolPayout,
} from '../../wrappers/PoolPayout';

export interface PayoutFlow {
    /** Sum of pool_payout amounts the pool sent to this worker. */
    sent: bigint;
    /** Sum of amounts of this worker's payouts that bounced back to the pool. */
    returned: bigint;
    /** Payout messages sent. */
    messages: number;
    bounces: number;
}

function bodyOp(body: Cell): number | undefined {
    const s = body.beginParse();
    return s.remainingBits >= 32 ? s.loadUint(32) : undefined;
}

/** Payouts sent and bounced per worker index, over a list of transactions. */
export function payoutFlows(pool: Address, transactions: readonly BlockchainTransaction[]): Map<number, PayoutFlow> {
    const flows = new Map<number, PayoutFlow>();
    const flow = (i: number) => {
        let f = flows.get(i);
        if (!f) flows.set(i, (f = { sent: 0n, returned: 0n, messages: 0, bounces: 0 }));
        return f;
    };
    for (const tx of transactions) {
        const inMsg = tx.inMessage;
        // bounced copies arriving at the pool
        if (inMsg?.info.type === 'internal' && inMsg.info.dest.equals(pool) && inMsg.info.bounced) {
            const s = inMsg.body.beginParse();
            if (
                s.remainingBits >= 64 &&
                s.preloadUint(32) === 0xffffffff &&
                s.skip(32).preloadUint(32) === PoolOp.poolPayout
            ) {
                const p = parseBouncedPoolPayout(inMsg.body);
                const f = flow(p.workerIndex);
                f.returned += p.amount;
                f.bounces += 1;
            }
        }
        // payouts leaving the pool
        if (inMsg?.info.type === 'internal' && inMsg.info.dest.equals(pool)) {
            for (const m of tx.outMessages.values()) {
                if (m.info.type !== 'internal' || bodyOp(m.body) !== PoolOp.poolPayout) continue;
                const p = parsePoolPayout(m.body);
                if (m.info.value.coins !== p.amount)
                    throw new Error(
                        `payout to worker ${p.workerIndex} carries ${m.info.value.coins}, body says ${p.amount}`,
                    );
                const f = flow(p.workerIndex);
                f.sent += p.amount;
                f.messages += 1;
            }
        }
    }
    return flows;
}

/**
 * What the pool credits back for each bounced payout among `transactions` (contracts/pool/workers.fc
 * on_bounce): the bounced value less the handling of the bounce, within [0, payout], at `fees`.
 * Summed per worker index.
 */
export function bounceCredits(
    pool: Address,
    transactions: readonly BlockchainTransaction[],
    fees: FeeSchedule,
): Map<number, bigint> {
    const credits = new Map<number, bigint>();
    for (const tx of transactions) {
        const inMsg = tx.inMessage;
        if (inMsg?.info.type !== 'internal' || !inMsg.info.dest.equals(pool) || !inMsg.info.bounced) continue;
        const s = inMsg.body.beginParse();
        if (
            s.remainingBits < 64 ||
            s.preloadUint(32) !== 0xffffffff ||
            s.skip(32).preloadUint(32) !== PoolOp.poolPayout
        )
            continue;
        const p = parseBouncedPoolPayout(inMsg.body);
        const credit = bounceCredit(fees, p.amount, inMsg.info.value.coins);
        credits.set(p.workerIndex, (credits.get(p.workerIndex) ?? 0n) + credit);
    }
    return credits;
}

export interface InvariantExpectations {
    /** Worker index -> the ledger's paid (latest funded cumulative, net of bounces) after the scenario. */
    paid?: ReadonlyMap<number, bigint>;
    /** Transactions of the scenario and, per worker, what must have reached it in them (sent - returned). */
    transactions?: readonly BlockchainTransaction[];
    received?: ReadonlyMap<number, bigint>;
    /** Extra balance the pool must hold beyond owed + commission held. */
    storageReserve?: bigint;
}

export async function expectPoolInvariants(
    blockchain: Blockchain,
    pool: SandboxContract<PoolPayout>,
    e: InvariantExpectations = {},
) {
    const contract = await blockchain.getContract(pool.address);
    const state = contract.accountState;
    if (state?.type !== 'active' || !state.state.data) throw new Error('expectPoolInvariants: pool is not active');
    const data = parsePoolPayoutData(state.state.data);
    const totals = await pool.getTotals();

    // 2. conservation
    const ledgerPaid = data.workers.reduce((acc, w) => acc + (w.paid ?? 0n), 0n);
    expect({ ledgerPaid }).toEqual({ ledgerPaid: totals.paid - totals.returned });
    expect(totals.owed).toBe(totals.revenue - totals.commissionAccrued - totals.paid + totals.returned);
    expect(totals.owed >= 0n).toBe(true);
    expect(totals.commissionAccrued + data.attributed.commission).toBe(
        totals.commissionWithdrawn + totals.storageCharged + totals.commissionHeld,
    );
    expect(totals.commissionHeld >= 0n).toBe(true);
    const a = data.attributed;
    const owedSum = [...data.owed.values()].reduce((acc, v) => acc + v, 0n);
    expect({ attributedOwed: totals.attributedOwed, sum: owedSum }).toEqual({
        attributedOwed: a.revenue - a.commission - a.paid + a.returned,
        sum: totals.attributedOwed,
    });
    expect(totals.attributedOwed >= 0n).toBe(true);
    expect(data.owedEntries).toBe(data.owed.size);
    for (const v of data.owed.values()) expect(v > 0n).toBe(true);

    // 3. solvency
    expect(totals.balance).toBe(contract.balance);
    expect(
        contract.balance >= totals.owed + totals.attributedOwed + totals.commissionHeld + (e.storageReserve ?? 0n),
    ).toBe(true);

    // 1. exactly once
    if (e.paid) {
        const actual = new Map(data.workers.map((w) => [w.index, w.paid ?? 0n]));
        for (const [index, paid] of e.paid) expect({ index, paid: actual.get(index) ?? 0n }).toEqual({ index, paid });
    }
    if (e.received) {
        if (!e.transactions) throw new Error('expectPoolInvariants: `received` needs `transactions`');
        const flows = payoutFlows(pool.address, e.transactions);
        for (const [index, received] of e.received) {
            const f = flows.get(index);
            expect({ index, received: f ? f.sent - f.returned : 0n }).toEqual({ index, received });
        }
        for (const [index, f] of flows) {
            if (!e.received.has(index))
                expect({ index, received: f.sent - f.returned }).toEqual({ index, received: 0n });
        }
    }
    return { totals, data };
}
