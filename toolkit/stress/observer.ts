/**
 * Watches every transaction the harness causes, once, and keeps only what the report needs: counts,
 * gas per payout, the fees of the payout path, and an independent exactly-once ledger built from
 * the pool's own outgoing payouts and returned bounces (so a double payment is caught even if the
 * pool's getters agreed with themselves). Transactions are then forgotten, which is what lets a
 * 10,000-worker run fit in memory.
 */
import { Address, Cell, Transaction } from '@ton/core';
import { PayoutCodec } from '../reconcile/types';
import { accountCost, actionCount, gasUsed } from '../chain/transactions';
import { divRound, percentile } from './measure';

export interface ObserverOptions {
    pool: Address;
    codec: PayoutCodec;
    /** True for the body of a payout request or its continuation (the payout path whose fees are counted). */
    isPayoutPath: (body: Cell) => boolean;
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
        if (inbound?.info.type !== 'internal' || !inbound.info.dest.equals(this.pool)) return;
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
