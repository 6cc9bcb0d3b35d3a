/**
 * A model of PoolPayout's payment semantics (contracts/pool/batch.fc, workers.fc) for the toolkit's
 * unit tests: cumulative entries pay `cumulative - paid`, unknown and inactive workers and
 * non-increased or below-minimum entries are skipped, a batch stops when worker money runs out, a
 * bounce lowers `paid` by the amount. It implements ChainSource so the reconciler can read it; the
 * sandbox spec checks the same properties against the real contract.
 */
import { PayoutRequest } from '../../toolkit/batching';
import { ChainSource, PayoutEvent, PoolTotals, WorkerLedger } from '../../toolkit/reconcile';

export type StopReason = 'done' | 'no-worker-money' | 'paused';

export class FakePool implements ChainSource {
    readonly records = new Map<number, WorkerLedger>();
    readonly events: PayoutEvent[] = [];
    revenue = 0n;
    paid = 0n;
    returned = 0n;
    minPayout = 0n;
    paused = false;
    private lt = 0n;

    addWorker(workerIndex: number, active = true): void {
        this.records.set(workerIndex, { workerIndex, known: true, active, paid: 0n, bounces: 0 });
    }

    setActive(workerIndex: number, active: boolean): void {
        this.records.get(workerIndex)!.active = active;
    }

    /** The registry's withdrawal sync: not active, withdrawn for good. */
    setWithdrawn(workerIndex: number): void {
        Object.assign(this.records.get(workerIndex)!, { active: false, withdrawn: true });
    }

    book(revenue: bigint): void {
        this.revenue += revenue;
    }

    workerMoney(): bigint {
        return this.revenue - this.paid + this.returned;
    }

    /** Applies a request as the contract does; returns what it paid and why it stopped. */
    apply(request: PayoutRequest): { paid: bigint; stop: StopReason } {
        if (this.paused) return { paid: 0n, stop: 'paused' };
        let paidNow = 0n;
        for (const e of request.entries) {
            const r = this.records.get(e.workerIndex);
            if (!r?.known || !r.active) continue;
            const amount = e.cumulative - r.paid;
            if (amount <= 0n || amount < this.minPayout) continue;
            if (amount > this.workerMoney()) return { paid: paidNow, stop: 'no-worker-money' };
            r.paid = e.cumulative;
            this.paid += amount;
            paidNow += amount;
            this.events.push({
                kind: 'payout',
                workerIndex: e.workerIndex,
                amount,
                queryId: request.queryId,
                lt: ++this.lt,
            });
        }
        return { paid: paidNow, stop: 'done' };
    }

    private readonly bounced = new Set<PayoutEvent>();

    private lastUnbounced(workerIndex: number): PayoutEvent | undefined {
        return [...this.events]
            .reverse()
            .find((e) => e.kind === 'payout' && e.workerIndex === workerIndex && !this.bounced.has(e));
    }

    canBounce(workerIndex: number): boolean {
        return this.lastUnbounced(workerIndex) !== undefined;
    }

    /** The last payout to `workerIndex` that has not bounced yet bounces back (once, as on chain). */
    bounceLast(workerIndex: number): bigint {
        const last = this.lastUnbounced(workerIndex);
        if (!last) throw new Error(`FakePool: no payout to worker ${workerIndex} left to bounce`);
        this.bounced.add(last);
        const r = this.records.get(workerIndex)!;
        r.paid -= last.amount;
        r.bounces += 1;
        this.returned += last.amount;
        this.events.push({ kind: 'bounce', workerIndex, amount: last.amount, queryId: last.queryId, lt: ++this.lt });
        return last.amount;
    }

    /** What each worker holds: payouts minus bounces. */
    received(workerIndex: number): bigint {
        return this.events
            .filter((e) => e.workerIndex === workerIndex)
            .reduce((s, e) => s + (e.kind === 'payout' ? e.amount : -e.amount), 0n);
    }

    paidLedger(): Map<number, bigint> {
        return new Map([...this.records].map(([i, r]) => [i, r.paid]));
    }

    async workers(indexes: readonly number[]): Promise<Map<number, WorkerLedger>> {
        const out = new Map<number, WorkerLedger>();
        for (const i of indexes)
            out.set(i, {
                ...(this.records.get(i) ?? { workerIndex: i, known: false, active: false, paid: 0n, bounces: 0 }),
            });
        return out;
    }

    async totals(): Promise<PoolTotals> {
        return { revenue: this.revenue, commissionAccrued: 0n, paid: this.paid, returned: this.returned };
    }

    async payoutEvents(): Promise<PayoutEvent[]> {
        return [...this.events];
    }
}
