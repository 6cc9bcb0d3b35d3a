/**
 * The stress run: a whole pool in the sandbox, epoch after epoch, with the fault plan staged on the
 * payment path, then a final settle-up, reconciliation and docs/DESIGN.md's invariants.
 *
 * Per epoch: the registry-side faults of the plan (bouncing payout addresses, address changes,
 * suspensions), revenue from several Cocoon proxies (half of it first: the pool is underfunded
 * mid-batch until the rest arrives), the workload model's contributions settled into cumulative
 * entitlements, and the payout requests sent with duplicates, retries after a timeout, an overlapping
 * request interleaved transaction by transaction, a pause with payouts and bounces in flight, one
 * request with too little value, and (once per run) an operator key rotation.
 */
import { planBatches } from '../batching/build';
import { ResubmissionQueue } from '../batching/resubmit';
import { PayoutRequest } from '../batching/types';
import { reconcile, ReconciliationReport } from '../reconcile/reconcile';
import { settleEpoch } from '../settlement/entitlements';
import { fairness } from '../workload/fairness';
import { generateTasks, generateWorkers, ModelWorker } from '../workload/model';
import { Random } from '../workload/random';
import { schedule, Strategy } from '../workload/scheduler';
import { EpochFaults, FaultPlanner } from './faults';
import { divRound, peakRssMiB, Stopwatch } from './measure';
import { StressOptions } from './options';
import { Progress } from './progress';
import { DifferenceGroup, FaultCounts, InvariantResult, PhaseTiming, StrategyStats, StressReport } from './report';
import { PoolWorld, RequestResult, STOP_REASON } from './world';

/** Revenue per worker per epoch, drawn uniformly in this range (nanoton). */
const REVENUE_PER_WORKER_MIN = 200_000_000n;
const REVENUE_PER_WORKER_MAX = 1_000_000_000n;
/** Revenue messages per epoch: one per this many workers, 8 to 40, spread over the proxies. */
const WORKERS_PER_REVENUE_MESSAGE = 50;
const MIN_REVENUE_MESSAGES = 8;
const MAX_REVENUE_MESSAGES = 40;
/** Requests per epoch the harness aims for (smaller requests than the contract allows, so faults have room). */
const REQUESTS_PER_EPOCH = 8;
/** Simulated seconds between two sends, and the resubmission timeout on that clock. */
const SEND_INTERVAL = 5;
const RESUBMIT_TIMEOUT = 60;
/** Seconds between epochs (the sandbox clock advances by this: storage fees are real). */
const EPOCH_SECONDS = 86_400;

export interface RunHooks {
    progress?: Progress;
}

/** Runs the whole scenario and returns the report (the caller decides what a failure means). */
export async function runStress(options: StressOptions, hooks: RunHooks = {}): Promise<StressReport> {
    const clock = new Stopwatch();
    const progress = hooks.progress ?? new Progress(null);
    const rng = new Random(options.seed);
    const phases: PhaseTiming[] = [];
    const phase = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
        const t = new Stopwatch();
        const before = w.observer.transactions;
        const out = await run();
        phases.push({ name, seconds: t.seconds(), transactions: w.observer.transactions - before });
        return out;
    };

    const setup = new Stopwatch();
    const w = await PoolWorld.create({ workers: options.workers, prices: options.prices, seed: options.seed, progress });
    phases.push({ name: 'deploy and register', seconds: setup.seconds(), transactions: w.observer.transactions });
    const run = new Run(w, options, rng, progress);
    for (let epoch = 0; epoch < options.epochs; epoch++) {
        const strategy = options.strategies[epoch % options.strategies.length];
        await phase(`epoch ${epoch + 1} (${strategy})`, () => run.epoch(epoch, strategy));
    }
    const before = await phase('reconcile before settle-up', () => run.reconcile());
    await phase('settle-up', () => run.settleUp());
    const after = await phase('reconcile', () => run.reconcile());
    await w.moneySnapshot();
    const wallSeconds = clock.seconds();
    return run.report({ before, after, phases, wallSeconds });
}

class Run {
    private readonly planner: FaultPlanner;
    private readonly revenueRng: Random;
    private readonly taskRng: Random;
    private readonly model: ModelWorker[];
    /** The operator's intent: worker -> cumulative entitlement. */
    private entitled = new Map<number, bigint>();
    /** Worker money the operator expects the pool to have booked, over all epochs. */
    private predictedWorkerMoney = 0n;
    private readonly sent: PayoutRequest[] = [];
    private nextQueryId = 1n;
    private now = 0;
    private readonly resubmit = new ResubmissionQueue({ timeoutSeconds: RESUBMIT_TIMEOUT, maxAttempts: 3 });
    private readonly strategyStats: Partial<Record<Strategy, { ginis: number[]; starved: number; epochs: number }>> = {};
    private readonly invariants = new Map<string, InvariantResult>();
    private readonly faults: FaultCounts = {
        duplicateRequests: 0,
        retriedRequests: 0,
        interleavedPairs: 0,
        bouncedMissingWallet: 0,
        bouncedFrozenAccount: 0,
        bouncedThrowingContract: 0,
        payoutAddressChanges: 0,
        suspensions: 0,
        pausesWithPayoutsInFlight: 0,
        lowValueRequests: 0,
        underfundedRequests: 0,
        operatorRotations: 0,
        staleOperatorRequests: 0,
    };
    private retried = 0;
    private notIncreased = 0;
    private solvencyChecks = 0;
    private solvencyFailures: string[] = [];
    private lastPlan: EpochFaults | undefined;

    constructor(
        private readonly world: PoolWorld,
        private readonly options: StressOptions,
        rng: Random,
        private readonly progress: Progress,
    ) {
        this.planner = new FaultPlanner(((r) => () => r.next())(rng.fork('faults')));
        this.revenueRng = rng.fork('revenue');
        this.taskRng = rng.fork('tasks');
        this.model = generateWorkers(rng.fork('workers'), { count: options.workers });
    }

    async epoch(epoch: number, strategy: Strategy): Promise<void> {
        const w = this.world;
        w.advanceTime(EPOCH_SECONDS);
        await this.undoPreviousEpochFaults();

        // Plan with the request count the epoch will have (the model's active workers).
        const active = this.model.filter((m) => w.isActive(m.workerIndex)).map((m) => m.workerIndex);
        const requestSize = this.requestSize();
        const plan = this.planner.planEpoch({
            epoch,
            strategy,
            activeWorkers: active,
            requestCount: Math.ceil(this.options.workers / requestSize),
            bounceRate: this.options.bounceRate,
            duplicateRate: this.options.duplicateRate,
            epochs: this.options.epochs,
        });
        this.lastPlan = plan;

        this.progress.phase(`epoch ${epoch + 1}: registry`, plan.bouncers.length + plan.addressChangesBefore.length + plan.suspendBefore.length);
        for (const b of plan.bouncers) {
            await w.breakRecipient(b.workerIndex, b.kind);
            this.progress.tick();
        }
        for (const i of plan.addressChangesBefore) {
            await w.changePayout(i);
            this.faults.payoutAddressChanges++;
            this.progress.tick();
        }
        for (const i of plan.suspendBefore) {
            await w.suspend(i);
            this.faults.suspensions++;
            this.progress.tick();
        }

        // Revenue: half now, the rest once a request has hit the funding wall.
        const revenue = this.revenueMessages();
        const firstHalf = revenue.slice(0, Math.ceil(revenue.length / 2));
        let rest = revenue.slice(firstHalf.length);
        await w.sendRevenue(firstHalf);
        // The operator settles the epoch on the revenue its proxies reported, booked with the contract's
        // own rounding (receipt fee, then commission per message); checked against the getters below.
        const distributable = w.predictWorkerMoney(revenue);
        this.predictedWorkerMoney += distributable;

        // The workload model decides who did the work.
        const modelNow = this.model.map((m) => ({ ...m, active: w.isActive(m.workerIndex) }));
        const tasks = generateTasks(this.taskRng, modelNow);
        const sched = schedule(modelNow, tasks, strategy);
        const fair = fairness(modelNow, sched);
        const stats = (this.strategyStats[strategy] ??= { ginis: [], starved: 0, epochs: 0 });
        stats.ginis.push(fair.gini);
        stats.starved += fair.starved.length;
        stats.epochs++;
        const settlement = settleEpoch({ distributable, contributions: sched.contributions, previous: this.entitled });
        this.entitled = settlement.cumulative;

        const requests = planBatches({
            entitlements: this.entitled,
            limits: { ...w.limits, maxEntriesPerRequest: requestSize },
            requiredValue: (e) => w.requiredValue(e),
            firstQueryId: this.takeQueryIds(Math.ceil(this.entitled.size / requestSize)),
        });

        this.progress.phase(`epoch ${epoch + 1}: payouts`, requests.length);
        for (let k = 0; k < requests.length; k++) {
            const req = requests[k];
            if (plan.rotateOperatorBeforeRequest === k) await this.rotateOperator(req);
            if (plan.lowValueRequest === k) await this.lowValue(req);
            let result: RequestResult;
            if (plan.pauseDuringRequest === k) result = await this.pausedInFlight(req);
            else if (plan.interleaveRequest === k && k + 1 < requests.length) result = await this.interleaved(req, requests[k + 1]);
            else result = await this.send(req);
            if (result.stopReason === STOP_REASON.noWorkerMoney && rest.length > 0) {
                // The pool ran dry mid-batch: the rest of the revenue arrives, the same request goes again.
                this.faults.underfundedRequests++;
                await w.sendRevenue(rest);
                rest = [];
                result = await this.send(req, { resend: true });
            }
            if (result.stopReason === STOP_REASON.done) this.resubmit.confirm(req.queryId);
            if (plan.duplicateRequests.includes(k)) {
                this.faults.duplicateRequests++;
                await this.send(req, { resend: true });
            }
            if (plan.midEpochAfterRequest === k) await this.midEpoch(plan);
            this.progress.tick();
        }
        if (rest.length > 0) await w.sendRevenue(rest);
        const booked = await w.bookedWorkerMoney();
        this.invariant('settlement matches booking', booked === this.predictedWorkerMoney,
            `worker money booked by the pool ${booked}, settled by the operator ${this.predictedWorkerMoney}`);
        // Retries after a timeout: requests whose outcome the operator "did not see".
        this.now += RESUBMIT_TIMEOUT;
        for (const k of plan.retryRequests) {
            if (k >= requests.length) continue;
            this.faults.retriedRequests++;
            await this.send(requests[k], { resend: true });
        }
        for (const req of this.resubmit.due(this.now)) {
            const r = await this.send(req, { resend: true, tracked: true });
            if (r.stopReason === STOP_REASON.done) this.resubmit.confirm(req.queryId);
        }
        this.progress.finish();
    }

    /** Pays everything still owed: faults undone, everyone active, every request sent once more. */
    async settleUp(): Promise<void> {
        await this.undoPreviousEpochFaults();
        const requests = planBatches({
            entitlements: this.entitled,
            limits: { ...this.world.limits, maxEntriesPerRequest: this.requestSize() },
            requiredValue: (e) => this.world.requiredValue(e),
            firstQueryId: this.takeQueryIds(Math.ceil(this.entitled.size / this.requestSize())),
        });
        this.progress.phase('settle-up', requests.length);
        for (const req of requests) {
            await this.send(req);
            this.progress.tick();
        }
        this.progress.finish();
    }

    async reconcile(): Promise<ReconciliationReport> {
        await this.world.moneySnapshot();
        return reconcile({ intended: this.entitled, source: this.world.source, submitted: this.sent });
    }

    report(r: { before: ReconciliationReport; after: ReconciliationReport; phases: PhaseTiming[]; wallSeconds: number }): StressReport {
        const w = this.world;
        const o = w.observer;
        const exact = o.exactlyOnce(this.entitled);
        const diff = r.after.differences.reduce((s, d) => s + d.amount, 0n) + (r.after.totals.intended - r.after.totals.received);
        const money = w.lastMoney();
        this.invariant('exactly once', exact.doublePayments === 0 && r.after.totals.received === r.after.totals.intended,
            `${this.entitled.size} workers: received ${r.after.totals.received} of ${r.after.totals.intended} entitled; overpaid ${exact.overpaidNanoton}`);
        this.invariant('conservation', money.conservationGap === 0n,
            `revenue - commission = paid - returned + owed: gap ${money.conservationGap}; commission accrued = withdrawn + held`);
        this.invariant('solvency', this.solvencyFailures.length === 0,
            this.solvencyFailures.length === 0 ? `balance >= owed + commission held after each of ${this.solvencyChecks} sends` : this.solvencyFailures.slice(0, 3).join('; '));
        this.invariant('reconciliation explained', r.before.unexplainedNanoton === 0n && r.after.ok,
            `critical differences: ${r.before.unexplainedNanoton} before settle-up, ${r.after.unexplainedNanoton} after`);
        const gas = o.gasStats();
        const perStrategy: Partial<Record<Strategy, StrategyStats>> = {};
        for (const [s, v] of Object.entries(this.strategyStats) as [Strategy, { ginis: number[]; starved: number; epochs: number }][]) {
            perStrategy[s] = { gini: round4(v.ginis.reduce((a, b) => a + b, 0) / v.ginis.length), starved: v.starved, epochs: v.epochs };
        }
        const payoutSeconds = r.phases.filter((p) => p.name.startsWith('epoch') || p.name === 'settle-up').reduce((s, p) => s + p.seconds, 0);
        return {
            seed: this.options.seed,
            prices: this.options.prices,
            workers: this.options.workers,
            registeredByTransaction: w.registeredByTransaction,
            epochs: this.options.epochs,
            payouts: o.payouts,
            transactions: o.transactions,
            doublePayments: exact.doublePayments,
            reconciliationDiffNanoton: diff.toString(),
            bounced: o.bounced,
            retried: this.retried,
            duplicatesRejected: this.notIncreased,
            maxTxGas: Number(o.maxTxGas),
            gasPerPayout: { p50: Number(gas.p50), p95: Number(gas.p95), max: Number(gas.max) },
            feePerPayoutNanoton: Number(o.feePerPayout()),
            payoutsPerSecond: payoutSeconds > 0 ? Math.round((o.payouts / payoutSeconds) * 10) / 10 : 0,
            peakRssMiB: peakRssMiB(),
            wallSeconds: Math.round(r.wallSeconds * 10) / 10,
            perStrategy,
            faults: { ...this.faults, ...w.bounceCounts() },
            totals: {
                revenueNanoton: money.revenue.toString(),
                commissionNanoton: money.commissionAccrued.toString(),
                entitledNanoton: r.after.totals.intended.toString(),
                paidNanoton: money.paid.toString(),
                returnedNanoton: money.returned.toString(),
                owedNanoton: money.owed.toString(),
            },
            invariants: [...this.invariants.values()],
            differences: groupDifferences(r.before),
            phases: r.phases.map((p) => ({ ...p, seconds: Math.round(p.seconds * 10) / 10 })),
        };
    }

    // ---- staging ----

    private async send(req: PayoutRequest, opts: { resend?: boolean; tracked?: boolean; value?: bigint } = {}): Promise<RequestResult> {
        this.now += SEND_INTERVAL;
        if (!opts.resend) {
            this.sent.push(req);
            this.resubmit.sent(req, this.now);
        } else this.retried++;
        const result = await this.world.sendRequest(req, { value: opts.value });
        this.notIncreased += result.notIncreased;
        await this.checkSolvency();
        return result;
    }

    private async rotateOperator(next: PayoutRequest): Promise<void> {
        await this.world.rotateOperator();
        this.faults.operatorRotations++;
        // The old key tries once more: the pool must refuse it and pay nothing.
        const stale = await this.world.sendRequest(next, { asStaleOperator: true });
        this.faults.staleOperatorRequests++;
        if (stale.accepted) this.invariant('stale operator refused', false, `request ${next.queryId} from the rotated-out operator was accepted`);
    }

    private async lowValue(req: PayoutRequest): Promise<void> {
        const r = await this.world.sendRequest(req, { value: req.value - 1n });
        this.faults.lowValueRequests++;
        if (r.accepted) this.invariant('too little value refused', false, `request ${req.queryId} with value - 1 was accepted`);
    }

    private async pausedInFlight(req: PayoutRequest): Promise<RequestResult> {
        this.sent.push(req);
        this.resubmit.sent(req, this.now);
        const r = await this.world.pauseWhileInFlight(req);
        this.faults.pausesWithPayoutsInFlight++;
        this.notIncreased += r.notIncreased;
        await this.checkSolvency();
        await this.world.setPaused(false);
        return r.stopReason === STOP_REASON.done ? r : this.send(req, { resend: true });
    }

    private async interleaved(req: PayoutRequest, next: PayoutRequest): Promise<RequestResult> {
        // An overlapping request: the second half of this one and the first half of the next, same cumulatives.
        const a = req.entries.slice(Math.floor(req.entries.length / 2));
        const b = next.entries.slice(0, Math.ceil(next.entries.length / 2));
        const entries = [...a, ...b];
        const overlap: PayoutRequest = { queryId: this.takeQueryIds(1), entries, value: this.world.requiredValue(entries) };
        this.sent.push(req, overlap);
        const [r] = await this.world.interleave([req, overlap]);
        this.faults.interleavedPairs++;
        this.notIncreased += r.notIncreased;
        await this.checkSolvency();
        return r;
    }

    private async midEpoch(plan: EpochFaults): Promise<void> {
        for (const i of plan.addressChangesDuring) {
            if (!this.world.isActive(i)) continue;
            await this.world.changePayout(i);
            this.faults.payoutAddressChanges++;
        }
        for (const i of plan.suspendDuring) {
            if (!this.world.isActive(i)) continue;
            await this.world.suspend(i);
            this.faults.suspensions++;
        }
    }

    /** Reinstates the suspended and points bouncing workers at healthy wallets again. */
    private async undoPreviousEpochFaults(): Promise<void> {
        const plan = this.lastPlan;
        if (!plan) return;
        for (const i of [...plan.suspendBefore, ...plan.suspendDuring]) if (!this.world.isActive(i)) await this.world.reinstate(i);
        for (const b of plan.bouncers) await this.world.restoreRecipient(b.workerIndex);
        this.lastPlan = undefined;
    }

    private async checkSolvency(): Promise<void> {
        this.solvencyChecks++;
        const gap = await this.world.solvencyGap();
        if (gap < 0n) this.solvencyFailures.push(`check ${this.solvencyChecks}: balance short by ${-gap} nanoton`);
    }

    private invariant(name: string, held: boolean, detail: string): void {
        const prev = this.invariants.get(name);
        if (prev && !prev.held) return;
        this.invariants.set(name, { name, held, detail });
    }

    private requestSize(): number {
        return Math.max(1, Math.min(this.world.limits.maxEntriesPerRequest, Math.ceil(this.options.workers / REQUESTS_PER_EPOCH)));
    }

    private takeQueryIds(n: number): bigint {
        const first = this.nextQueryId;
        this.nextQueryId += BigInt(Math.max(n, 1));
        return first;
    }

    private revenueMessages(): bigint[] {
        const n = Math.min(MAX_REVENUE_MESSAGES, Math.max(MIN_REVENUE_MESSAGES, Math.ceil(this.options.workers / WORKERS_PER_REVENUE_MESSAGE)));
        const total = this.revenueRng.bigint(REVENUE_PER_WORKER_MIN, REVENUE_PER_WORKER_MAX) * BigInt(this.options.workers);
        const out: bigint[] = [];
        let left = total;
        for (let i = 0; i < n - 1; i++) {
            const v = divRound(left, n - i) + this.revenueRng.bigint(0n, 1_000_000n);
            out.push(v);
            left -= v;
        }
        out.push(left);
        return out;
    }
}

function groupDifferences(r: ReconciliationReport): DifferenceGroup[] {
    const by = new Map<string, { workers: Set<number>; nanoton: bigint }>();
    for (const d of r.differences) {
        const g = by.get(d.cause) ?? { workers: new Set<number>(), nanoton: 0n };
        if (d.workerIndex !== undefined) g.workers.add(d.workerIndex);
        g.nanoton += d.amount;
        by.set(d.cause, g);
    }
    return [...by.entries()].map(([cause, g]) => ({ cause, workers: g.workers.size, nanoton: g.nanoton.toString() }));
}

function round4(x: number): number {
    return Math.round(x * 10_000) / 10_000;
}
