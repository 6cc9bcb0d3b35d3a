/**
 * Watches every transaction the harness causes, once, and keeps only what the report needs: counts,
 * gas per payout, the fees of the payout path, and independent exactly-once ledgers built from
 * the pool's own messages (so a double payment is caught even if the pool's getters agreed with
 * themselves): for operator-settled money its outgoing payouts and returned bounces; for attributed
 * money the credits its earnings addresses forwarded (booked with the contract's mirrored fees and
 * rounding), its attributed payouts and their bounces. Transactions are then forgotten, which is
 * what lets a 10,000-worker run fit in memory.
 */
import { Address, Cell, Transaction } from '@ton/core';
import { AttributedPoolTotals, PayoutCodec } from '../../toolkit/reconcile/types';
import { accountCost, actionCount, gasUsed } from '../../toolkit/chain/transactions';
import { CocoonOp } from '../../toolkit/cocoon/contracts';
import { parseAttributedPayout, parseBouncedAttributedPayout, PoolOp } from '../../wrappers/PoolPayout';
import { BOUNCED_PREFIX, SharedOp } from '../../wrappers/shared';
import { divRound, percentile } from './measure';

/** How the pool books attributed money (mirrors of contracts/pool/attributed.fc) and who may send it. */
export interface AttributedBooking {
    /** The worker whose earnings address `address` is (undefined for any other account). */
    earningsIndex(address: Address): number | undefined;
    /** What an authenticated attributed_revenue of `value` books. */
    book(value: bigint): { revenue: bigint; commission: bigint; owed: bigint };
    /** What a bounced attributed_payout of `amount` that came back with `value` credits back. */
    bounceCredit(amount: bigint, value: bigint): bigint;
}

/** The attributed books as the observer rebuilt them from the transactions: the getters' shape. */
export type AttributedLedger = AttributedPoolTotals;

export interface ObserverOptions {
    pool: Address;
    codec: PayoutCodec;
    /** True for the body of a payout request or its continuation (the payout path whose fees are counted). */
    isPayoutPath: (body: Cell) => boolean;
    attributed: AttributedBooking;
}

export interface ExactlyOnceResult {
    /** Workers that received (net of bounces) more than their entitlement. */
    doublePayments: number;
    /** Nanoton received beyond entitlements, summed over those workers. */
    overpaidNanoton: bigint;
}

export class Observer {
    transactions = 0;
    payouts = 0;
    bounced = 0;
    maxTxGas = 0n;
    /** Most actions (outgoing messages) any pool transaction produced (TON's limit is 255). */
    maxActions = 0;
    /** Pool transactions on the payout path (requests and their continuations). */
    payoutTransactions = 0;
    /** Nanoton the pool sent as payouts, and got back by bounces. */
    paidNanoton = 0n;
    returnedNanoton = 0n;
    // ---- attributed money ----
    /** Cocoon proxy payouts (cocoon_payout) that reached an earnings address, and their value. */
    cocoonPayouts = 0;
    cocoonPaidNanoton = 0n;
    /** Everything earnings addresses received, forwarded (attributed_revenue values) and paid in fees. */
    earningsInNanoton = 0n;
    forwardedNanoton = 0n;
    earningsFeesNanoton = 0n;
    /** attributed_revenue transactions the pool booked (authenticated, not aborted). */
    attributedCredits = 0;
    attributedPayouts = 0;
    attributedBounced = 0;
    /** Cocoon's excesses (op 0x2565934c) that reached the pool: reserve, never revenue. */
    cocoonExcessesAtPool = 0;
    /** Attributed payouts whose amount was not the worker's whole owed balance as rebuilt here. */
    attributedWrongAmounts = 0;
    private readonly attributedLedger: AttributedLedger = {
        revenue: 0n,
        commission: 0n,
        paid: 0n,
        returned: 0n,
        owed: 0n,
        entries: 0,
    };
    /** Per worker: booked owed credits, net paid (payouts - bounce credits), owed balance. */
    private readonly credited = new Map<number, bigint>();
    private readonly attributedNet = new Map<number, bigint>();
    private readonly owedOf = new Map<number, bigint>();
    /** Workers that were ever paid more attributed money than they had been credited. */
    private readonly attributedOverpaid = new Set<number>();
    private readonly gasPerAttributedPayout: bigint[] = [];

    private readonly gasPerPayout: bigint[] = [];
    private payoutPathFees = 0n;
    private readonly net = new Map<number, bigint>();
    private readonly pool: Address;

    constructor(private readonly options: ObserverOptions) {
        this.pool = options.pool;
    }

    /** Accounts for `txs` (each must be passed once). */
    record(txs: readonly Transaction[]): void {
        for (const tx of txs) this.recordOne(tx);
    }

    private recordOne(tx: Transaction): void {
        this.transactions++;
        const gas = tx.description.type === 'generic' ? gasUsed(tx) : 0n;
        if (gas > this.maxTxGas) this.maxTxGas = gas;
        const inbound = tx.inMessage;
        if (inbound?.info.type !== 'internal') return;
        if (!inbound.info.dest.equals(this.pool)) {
            if (this.options.attributed.earningsIndex(inbound.info.dest) !== undefined)
                this.recordEarnings(tx, inbound.info.value.coins, inbound.body);
            return;
        }
        if (
            this.recordAttributed(
                tx,
                gas,
                inbound.info.src,
                inbound.info.value.coins,
                inbound.info.bounced,
                inbound.body,
            )
        )
            return;
        const { codec } = this.options;
        if (inbound.info.bounced) {
            const b = codec.parseBounced(inbound.body);
            if (b) {
                const credited = codec.creditOf(b.amount, inbound.info.value.coins);
                this.bounced++;
                this.returnedNanoton += credited;
                this.add(b.workerIndex, -credited);
            }
            return;
        }
        if (!this.options.isPayoutPath(inbound.body)) return;
        this.payoutPathFees += accountCost(tx);
        this.payoutTransactions++;
        this.maxActions = Math.max(this.maxActions, actionCount(tx));
        let paid = 0;
        if (tx.description.type === 'generic' && tx.description.actionPhase?.success === true) {
            for (const m of tx.outMessages.values()) {
                if (m.info.type !== 'internal') continue;
                const p = codec.parsePayout(m.body);
                if (!p) continue;
                paid++;
                const amount = p.amount ?? m.info.value.coins;
                this.paidNanoton += amount;
                this.add(p.workerIndex, amount);
            }
        }
        this.payouts += paid;
        // One sample per payout (its transaction's gas shared among the payouts it sent), so the
        // percentiles describe payouts, not transactions.
        for (let i = 0; i < paid; i++) this.gasPerPayout.push(gas / BigInt(paid));
    }

    /** An earnings address's transaction: what Cocoon paid it, what it forwarded, what it spent. */
    private recordEarnings(tx: Transaction, value: bigint, body: Cell): void {
        if (opOf(body) === CocoonOp.payout) {
            this.cocoonPayouts++;
            this.cocoonPaidNanoton += value;
        }
        this.earningsInNanoton += value;
        this.earningsFeesNanoton += tx.totalFees.coins;
        for (const m of tx.outMessages.values()) {
            if (m.info.type !== 'internal') continue;
            this.forwardedNanoton += m.info.value.coins;
            // the forward fee beyond the action fee (already in totalFees) travels with the message
            this.earningsFeesNanoton += m.info.forwardFee;
        }
    }

    /**
     * The pool's attributed side; true when the transaction was one (handled here). Booked only when
     * the transaction was not aborted (an aborted one changed nothing).
     */
    private recordAttributed(
        tx: Transaction,
        gas: bigint,
        src: Address,
        value: bigint,
        bounced: boolean,
        body: Cell,
    ): boolean {
        const ok = tx.description.type === 'generic' && !tx.description.aborted;
        const a = this.options.attributed;
        const op = opOf(body);
        if (bounced) {
            const s = body.beginParse();
            if (s.remainingBits < 64 || s.loadUint(32) !== BOUNCED_PREFIX || s.loadUint(32) !== PoolOp.attributedPayout)
                return false;
            if (!ok) return true;
            const p = parseBouncedAttributedPayout(body);
            const credit = a.bounceCredit(p.amount, value);
            this.attributedBounced++;
            if (credit > 0n) {
                this.attributedLedger.returned += credit;
                this.moveOwed(p.workerIndex, credit);
                this.attributedNet.set(p.workerIndex, (this.attributedNet.get(p.workerIndex) ?? 0n) - credit);
            }
            return true;
        }
        if (op === SharedOp.cocoonExcesses) {
            this.cocoonExcessesAtPool++;
            return true;
        }
        if (op === SharedOp.attributedRevenue) {
            // The harness stages no forgery: every attributed_revenue comes from the named worker's earnings address.
            const s = body.beginParse();
            const named = s.remainingBits >= 32 + 64 + 32 ? s.skip(32 + 64).loadUint(32) : undefined;
            if (!ok || named === undefined || a.earningsIndex(src) !== named) return true;
            const b = a.book(value);
            this.attributedCredits++;
            if (b.revenue > 0n) {
                this.attributedLedger.revenue += b.revenue;
                this.attributedLedger.commission += b.commission;
                this.credited.set(named, (this.credited.get(named) ?? 0n) + b.owed);
                this.moveOwed(named, b.owed);
            }
            return true;
        }
        if (op !== PoolOp.payOwed && op !== PoolOp.payOwedContinue) return false;
        let paid = 0;
        if (tx.description.type === 'generic' && tx.description.actionPhase?.success === true) {
            for (const m of tx.outMessages.values()) {
                if (m.info.type !== 'internal' || opOf(m.body) !== PoolOp.attributedPayout) continue;
                const p = parseAttributedPayout(m.body);
                paid++;
                // pay_owed pays a worker's whole balance, once: anything else is a double or short payment
                if (p.amount !== (this.owedOf.get(p.workerIndex) ?? 0n) || m.info.value.coins !== p.amount)
                    this.attributedWrongAmounts++;
                this.attributedLedger.paid += p.amount;
                this.moveOwed(p.workerIndex, -p.amount);
                const net = (this.attributedNet.get(p.workerIndex) ?? 0n) + p.amount;
                this.attributedNet.set(p.workerIndex, net);
                if (net > (this.credited.get(p.workerIndex) ?? 0n)) this.attributedOverpaid.add(p.workerIndex);
            }
        }
        this.attributedPayouts += paid;
        for (let i = 0; i < paid; i++) this.gasPerAttributedPayout.push(gas / BigInt(paid));
        return true;
    }

    private moveOwed(workerIndex: number, delta: bigint): void {
        const before = this.owedOf.get(workerIndex) ?? 0n;
        const after = before + delta;
        if (after === 0n) this.owedOf.delete(workerIndex);
        else this.owedOf.set(workerIndex, after);
        this.attributedLedger.owed += delta;
        this.attributedLedger.entries = this.owedOf.size;
    }

    /** The attributed books rebuilt from the transactions so far. */
    attributedTotals(): AttributedLedger {
        return { ...this.attributedLedger };
    }

    /**
     * Attributed exactly once: workers ever paid more than credited, and per worker what it received
     * (net of bounce credits) against what it was credited.
     */
    attributedExactlyOnce(): {
        doublePayments: number;
        wrongAmounts: number;
        creditedNanoton: bigint;
        receivedNanoton: bigint;
        unpaidWorkers: number;
    } {
        let creditedNanoton = 0n;
        let receivedNanoton = 0n;
        let unpaidWorkers = 0;
        for (const [w, c] of this.credited) {
            const got = this.attributedNet.get(w) ?? 0n;
            creditedNanoton += c;
            receivedNanoton += got;
            if (got !== c) unpaidWorkers++;
        }
        return {
            doublePayments: this.attributedOverpaid.size,
            wrongAmounts: this.attributedWrongAmounts,
            creditedNanoton,
            receivedNanoton,
            unpaidWorkers,
        };
    }

    attributedGasStats(): { p50: bigint; p95: bigint; max: bigint } {
        return {
            p50: percentile(this.gasPerAttributedPayout, 50),
            p95: percentile(this.gasPerAttributedPayout, 95),
            max: percentile(this.gasPerAttributedPayout, 100),
        };
    }

    /** The forward fee of an operator's request (its wallet pays it; the sandbox injects the message). */
    chargeRequest(forwardFee: bigint): void {
        this.payoutPathFees += forwardFee;
    }

    private add(workerIndex: number, amount: bigint): void {
        this.net.set(workerIndex, (this.net.get(workerIndex) ?? 0n) + amount);
    }

    /** Net nanoton each worker received so far (payouts minus bounces). */
    received(workerIndex: number): bigint {
        return this.net.get(workerIndex) ?? 0n;
    }

    /** Compares what each worker received with what it was entitled to. */
    exactlyOnce(entitled: ReadonlyMap<number, bigint>): ExactlyOnceResult {
        let doublePayments = 0;
        let overpaidNanoton = 0n;
        for (const [w, got] of this.net) {
            const over = got - (entitled.get(w) ?? 0n);
            if (over > 0n) {
                doublePayments++;
                overpaidNanoton += over;
            }
        }
        return { doublePayments, overpaidNanoton };
    }

    gasStats(): { p50: bigint; p95: bigint; max: bigint } {
        return {
            p50: percentile(this.gasPerPayout, 50),
            p95: percentile(this.gasPerPayout, 95),
            max: percentile(this.gasPerPayout, 100),
        };
    }

    /** Everything the operator and the pool paid on the payout path, per payout sent. */
    feePerPayout(): bigint {
        return divRound(this.payoutPathFees, this.payouts);
    }
}

function opOf(body: Cell): number | undefined {
    const s = body.beginParse();
    return s.remainingBits >= 32 ? s.preloadUint(32) : undefined;
}
