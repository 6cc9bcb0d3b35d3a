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
 *
 * A mixed pool: the attributed share of the workers is paid by Telegram's Cocoon contracts. The
 * workload model's contributions of those workers become proxy-signed vouchers (half before the
 * payouts, half after the mid-epoch faults); the keepers' pay_owed requests go between the
 * operator's requests with the same faults (duplicates, retries, an interleaved overlapping pair, a
 * pause in flight, one nanoton too little), and a closing round pays what the epoch credited. The
 * oracle (world.ts checkStep) runs after every step.
 */
import { execFileSync } from 'child_process';
import { planBatches } from '../../toolkit/batching/build';
import { ResubmissionQueue } from '../../toolkit/batching/resubmit';
import { PayoutRequest } from '../../toolkit/batching/types';
import { CocoonError } from '../../toolkit/cocoon/contracts';
import { reconcile, ReconciliationReport } from '../../toolkit/reconcile/reconcile';
import { apportion, Contribution } from '../../toolkit/settlement/apportion';
import { settleEpoch } from '../../toolkit/settlement/entitlements';
import { PoolLimits } from '../../wrappers/PoolPayout';
import { fairness } from '../../toolkit/workload/fairness';
import { generateTasks, generateWorkers, ModelWorker } from '../../toolkit/workload/model';
import { Random } from '../../toolkit/workload/random';
import { schedule, Strategy } from '../../toolkit/workload/scheduler';
import { EpochFaults, FaultPlanner } from './faults';
import { divRound, peakRssMiB, Stopwatch } from './measure';
import { StressOptions } from './options';
import { Progress } from './progress';
import { DifferenceGroup, FaultCounts, InvariantResult, PhaseTiming, StrategyStats, StressReport } from './report';
import { KEEPERS, OwedRequest, OwedResult, PoolWorld, RequestResult, STOP_REASON } from './world';

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
/** Share of the attributed workers whose node submits a voucher in an epoch (the rest accumulate tokens). */
const VOUCHER_SHARE = 0.4;
/** The keepers' pay_owed requests per epoch (at least; each lists at most the contract's 1,000 workers). */
const OWED_REQUESTS_MIN = 3;

export interface RunHooks {
    progress?: Progress;
    /** Keep the compiled code here between runs (the CLI's temp/stress-codes; the specs compile). */
    codeCache?: string;
}

/** Runs the whole scenario and returns the report (the caller decides what a failure means). */
export async function runStress(options: StressOptions, hooks: RunHooks = {}): Promise<StressReport> {
    const clock = new Stopwatch();
    const cpu = process.cpuUsage();
    // the code as it was when the run began (the tree may change while a long run goes on)
    const commit = gitCommit();
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
    const w = await PoolWorld.create({
        workers: options.workers,
        prices: options.prices,
        seed: options.seed,
        progress,
        attributed: options.attributed,
        epochs: options.epochs,
        codeCache: hooks.codeCache,
    });
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
    const used = process.cpuUsage(cpu);
    const report = await run.report({ before, after, phases, wallSeconds });
    return { ...report, cpuSeconds: Math.round((used.user + used.system) / 100_000) / 10, commit };
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
    private readonly strategyStats: Partial<Record<Strategy, { ginis: number[]; starved: number; epochs: number }>> =
        {};
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
        voucherReplays: 0,
        cocoonExcessesToPool: 0,
        owedDuplicates: 0,
        owedRetries: 0,
        owedInterleavedPairs: 0,
        owedPausesInFlight: 0,
        owedLowValue: 0,
        attributedBouncedMissingWallet: 0,
        attributedBouncedFrozenAccount: 0,
        attributedBouncedThrowingContract: 0,
    };
    private retried = 0;
    private notIncreased = 0;
    private solvencyChecks = 0;
    private solvencyFailures: string[] = [];
    /** What the oracle found broken after a step (the first few, with the step). */
    private stepFailures: string[] = [];
    private voucherFailures: string[] = [];
    /** Tokens each attributed worker has served and not yet had a voucher for. */
    private readonly pendingTokens = new Map<number, bigint>();
    private readonly voucherRng: Random;
    private vouchersPaid = 0;
    private payOwedRequests = 0;
    private lastPlan: EpochFaults | undefined;

    constructor(
        private readonly world: PoolWorld,
        private readonly options: StressOptions,
        rng: Random,
        private readonly progress: Progress,
    ) {
        this.planner = new FaultPlanner(
            (
                (r) => () =>
                    r.next()
            )(rng.fork('faults')),
        );
        this.revenueRng = rng.fork('revenue');
        this.taskRng = rng.fork('tasks');
        this.voucherRng = rng.fork('vouchers');
        this.model = generateWorkers(rng.fork('workers'), { count: options.workers });
    }

    async epoch(epoch: number, strategy: Strategy): Promise<void> {
        const w = this.world;
        w.advanceTime(EPOCH_SECONDS);
        await this.undoPreviousEpochFaults();

        // Plan with the request count the epoch will have (the model's active workers).
        const active = this.model.filter((m) => w.isActive(m.workerIndex)).map((m) => m.workerIndex);
        const requestSize = this.requestSize();
        const owedRequests = this.owedRequests();
        const plan = this.planner.planEpoch({
            epoch,
            strategy,
            activeWorkers: active,
            isAttributed: (i) => w.isAttributed(i),
            owedRequestCount: owedRequests.length,
            requestCount: Math.ceil(this.settledWorkers() / requestSize),
            bounceRate: this.options.bounceRate,
            duplicateRate: this.options.duplicateRate,
            epochs: this.options.epochs,
        });
        this.lastPlan = plan;

        this.progress.phase(
            `epoch ${epoch + 1}: registry`,
            plan.bouncers.length + plan.addressChangesBefore.length + plan.suspendBefore.length,
        );
        for (const b of plan.bouncers) {
            await w.breakRecipient(b.workerIndex, b.kind);
            this.progress.tick();
        }
        for (const i of plan.addressChangesBefore) {
            await w.changePayout(i);
            this.faults.payoutAddressChanges++;
            await this.checkStep('change payout');
            this.progress.tick();
        }
        for (const i of plan.suspendBefore) {
            await w.suspend(i);
            this.faults.suspensions++;
            await this.checkStep('suspend');
            this.progress.tick();
        }

        // Revenue: half now, the rest once a request has hit the funding wall.
        const revenue = this.revenueMessages();
        const firstHalf = revenue.slice(0, Math.ceil(revenue.length / 2));
        let rest = revenue.slice(firstHalf.length);
        await w.sendRevenue(firstHalf);
        await this.checkStep('revenue');
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
        // Attributed workers are paid by Cocoon for their work; the operator settles the others'.
        const settledWork = sched.contributions.filter((c) => !w.isAttributed(c.workerIndex));
        const vouchers = this.vouchersFor(
            sched.contributions.filter((c) => w.isAttributed(c.workerIndex)),
            plan,
        );
        const settlement = settleEpoch({ distributable, contributions: settledWork, previous: this.entitled });
        this.entitled = settlement.cumulative;
        const firstVouchers = vouchers.slice(0, Math.ceil(vouchers.length / 2));
        let laterVouchers = vouchers.slice(firstVouchers.length);
        this.progress.phase(`epoch ${epoch + 1}: vouchers`, firstVouchers.length);
        await this.submitVouchers(firstVouchers, plan);

        const requests = planBatches({
            entitlements: this.entitled,
            limits: { ...w.limits, maxEntriesPerRequest: requestSize },
            requiredValue: (e) => w.requiredValue(e),
            firstQueryId: this.takeQueryIds(Math.ceil(this.entitled.size / requestSize)),
        });

        this.progress.phase(`epoch ${epoch + 1}: payouts`, requests.length + laterVouchers.length);
        for (let k = 0; k < Math.max(requests.length, owedRequests.length); k++) {
            if (k < owedRequests.length) await this.payOwedStaged(k, owedRequests, plan);
            if (k >= requests.length) continue;
            const req = requests[k];
            if (plan.rotateOperatorBeforeRequest === k) await this.rotateOperator(req);
            if (plan.lowValueRequest === k) await this.lowValue(req);
            let result: RequestResult;
            if (plan.pauseDuringRequest === k) result = await this.pausedInFlight(req);
            else if (plan.interleaveRequest === k && k + 1 < requests.length)
                result = await this.interleaved(req, requests[k + 1]);
            else result = await this.send(req);
            if (result.stopReason === STOP_REASON.noWorkerMoney && rest.length > 0) {
                // The pool ran dry mid-batch: the rest of the revenue arrives, the same request goes again.
                this.faults.underfundedRequests++;
                await w.sendRevenue(rest);
                await this.checkStep('revenue');
                rest = [];
                result = await this.send(req, { resend: true });
            }
            if (result.stopReason === STOP_REASON.done) this.resubmit.confirm(req.queryId);
            if (plan.duplicateRequests.includes(k)) {
                this.faults.duplicateRequests++;
                await this.send(req, { resend: true });
            }
            if (plan.midEpochAfterRequest === k) {
                await this.midEpoch(plan);
                // The rest of Cocoon's vouchers: some now credit workers suspended a moment ago (held, not lost).
                await this.submitVouchers(laterVouchers, plan);
                laterVouchers = [];
            }
            this.progress.tick();
        }
        await this.submitVouchers(laterVouchers, plan);
        if (rest.length > 0) {
            await w.sendRevenue(rest);
            await this.checkStep('revenue');
        }
        const booked = await w.bookedWorkerMoney();
        this.invariant(
            'settlement matches booking',
            booked === this.predictedWorkerMoney,
            `worker money booked by the pool ${booked}, settled by the operator ${this.predictedWorkerMoney}`,
        );
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
        for (const k of plan.owedRetries) {
            if (k >= owedRequests.length) continue;
            this.faults.owedRetries++;
            await this.sendOwed(owedRequests[k], k % KEEPERS);
        }
        // The keepers' closing round: what the epoch credited since their first round (later vouchers, bounce credits).
        for (const [k, req] of this.owedRequests().entries()) await this.sendOwed(req, k % KEEPERS);
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
        const owed = this.owedRequests();
        this.progress.phase('settle-up', requests.length + owed.length);
        for (const req of requests) {
            await this.send(req);
            this.progress.tick();
        }
        for (const [k, req] of owed.entries()) {
            await this.sendOwed(req, k % KEEPERS);
            this.progress.tick();
        }
        this.progress.finish();
    }

    async reconcile(): Promise<ReconciliationReport> {
        await this.world.moneySnapshot();
        return reconcile({ intended: this.entitled, source: this.world.source, submitted: this.sent });
    }

    async report(r: {
        before: ReconciliationReport;
        after: ReconciliationReport;
        phases: PhaseTiming[];
        wallSeconds: number;
    }): Promise<StressReport> {
        const w = this.world;
        const o = w.observer;
        const exact = o.exactlyOnce(this.entitled);
        const diff =
            r.after.differences.reduce((s, d) => s + d.amount, 0n) +
            (r.after.totals.intended - r.after.totals.received);
        const money = w.lastMoney();
        this.invariant(
            'exactly once',
            exact.doublePayments === 0 && r.after.totals.received === r.after.totals.intended,
            `${this.entitled.size} workers: received ${r.after.totals.received} of ${r.after.totals.intended} entitled; overpaid ${exact.overpaidNanoton}`,
        );
        this.invariant(
            'conservation',
            money.conservationGap === 0n,
            `revenue - commission = paid - returned + owed: gap ${money.conservationGap}; commission accrued = withdrawn + held`,
        );
        this.invariant(
            'solvency',
            this.solvencyFailures.length === 0,
            this.solvencyFailures.length === 0
                ? `balance >= owed + attributed owed + commission held after each of ${this.solvencyChecks} steps`
                : this.solvencyFailures.slice(0, 3).join('; '),
        );
        this.invariant(
            'oracle after every step',
            this.stepFailures.length === 0,
            this.stepFailures.length === 0
                ? `${this.solvencyChecks} steps: both books conserved, attributed totals rebuilt from the transactions = get_attributed_totals, nobody paid beyond its due`
                : this.stepFailures.slice(0, 3).join('; '),
        );
        const once = o.attributedExactlyOnce();
        this.invariant(
            'attributed exactly once',
            once.doublePayments === 0 &&
                once.wrongAmounts === 0 &&
                once.unpaidWorkers === 0 &&
                money.attributed.owed === 0n,
            `${w.attributed.length} workers: received ${once.receivedNanoton} of ${once.creditedNanoton} credited; ${once.doublePayments} overpaid, ` +
                `${once.wrongAmounts} payouts not a whole balance, ${once.unpaidWorkers} not paid in full, ${money.attributed.owed} still owed`,
        );
        const earningsHeld = await w.earningsBalances();
        const earningsGap = o.earningsInNanoton - o.forwardedNanoton - o.earningsFeesNanoton - earningsHeld;
        this.invariant(
            'attributed reconciliation',
            money.attributedDiff === 0n && earningsGap === 0n,
            `owed per worker and totals rebuilt from the transactions vs the pool: ${money.attributedDiff}; ` +
                `earnings addresses received - forwarded - fees - held: ${earningsGap}`,
        );
        this.invariant(
            'Cocoon vouchers',
            this.voucherFailures.length === 0 && o.cocoonExcessesAtPool === this.faults.cocoonExcessesToPool,
            this.voucherFailures.length === 0
                ? `${w.vouchersSubmitted} vouchers: each new one paid tokens x fee exactly, each replay refused (${CocoonError.oldMessage}) and paid nothing; ` +
                      `${o.cocoonExcessesAtPool} Cocoon excesses at the pool kept as reserve`
                : this.voucherFailures.slice(0, 3).join('; '),
        );
        this.invariant(
            'reconciliation explained',
            r.before.unexplainedNanoton === 0n && r.after.ok,
            `critical differences: ${r.before.unexplainedNanoton} before settle-up, ${r.after.unexplainedNanoton} after`,
        );
        const gas = o.gasStats();
        const agas = o.attributedGasStats();
        const perStrategy: Partial<Record<Strategy, StrategyStats>> = {};
        for (const [s, v] of Object.entries(this.strategyStats) as [
            Strategy,
            { ginis: number[]; starved: number; epochs: number },
        ][]) {
            perStrategy[s] = {
                gini: round4(v.ginis.reduce((a, b) => a + b, 0) / v.ginis.length),
                starved: v.starved,
                epochs: v.epochs,
            };
        }
        const payoutSeconds = r.phases
            .filter((p) => p.name.startsWith('epoch') || p.name === 'settle-up')
            .reduce((s, p) => s + p.seconds, 0);
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
            attributed: {
                workers: w.attributed.length,
                vouchers: w.vouchersSubmitted,
                vouchersPaid: o.cocoonPayouts,
                credits: o.attributedCredits,
                payOwedRequests: this.payOwedRequests,
                payouts: o.attributedPayouts,
                bounced: o.attributedBounced,
                doublePayments: once.doublePayments,
                wrongAmounts: once.wrongAmounts,
                reconciliationDiffNanoton: (
                    money.attributedDiff + (earningsGap < 0n ? -earningsGap : earningsGap)
                ).toString(),
                gasPerPayout: { p50: Number(agas.p50), p95: Number(agas.p95), max: Number(agas.max) },
                cocoonPaidNanoton: o.cocoonPaidNanoton.toString(),
                forwardedNanoton: o.forwardedNanoton.toString(),
                earningsFeesNanoton: o.earningsFeesNanoton.toString(),
                earningsHeldNanoton: earningsHeld.toString(),
                revenueNanoton: money.attributed.revenue.toString(),
                commissionNanoton: money.attributed.commission.toString(),
                paidNanoton: money.attributed.paid.toString(),
                returnedNanoton: money.attributed.returned.toString(),
                owedNanoton: money.attributed.owed.toString(),
            },
            stepChecks: this.solvencyChecks,
            faults: { ...this.faults, ...w.bounceCounts(), ...attributedBounces(w) },
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

    private async send(
        req: PayoutRequest,
        opts: { resend?: boolean; tracked?: boolean; value?: bigint } = {},
    ): Promise<RequestResult> {
        this.now += SEND_INTERVAL;
        if (!opts.resend) {
            this.sent.push(req);
            this.resubmit.sent(req, this.now);
        } else this.retried++;
        const result = await this.world.sendRequest(req, { value: opts.value });
        this.notIncreased += result.notIncreased;
        await this.checkStep('payout request');
        return result;
    }

    private async rotateOperator(next: PayoutRequest): Promise<void> {
        await this.world.rotateOperator();
        this.faults.operatorRotations++;
        // The old key tries once more: the pool must refuse it and pay nothing.
        const stale = await this.world.sendRequest(next, { asStaleOperator: true });
        await this.checkStep('stale operator request');
        this.faults.staleOperatorRequests++;
        if (stale.accepted)
            this.invariant(
                'stale operator refused',
                false,
                `request ${next.queryId} from the rotated-out operator was accepted`,
            );
    }

    private async lowValue(req: PayoutRequest): Promise<void> {
        const r = await this.world.sendRequest(req, { value: req.value - 1n });
        await this.checkStep('low-value request');
        this.faults.lowValueRequests++;
        if (r.accepted)
            this.invariant('too little value refused', false, `request ${req.queryId} with value - 1 was accepted`);
    }

    private async pausedInFlight(req: PayoutRequest): Promise<RequestResult> {
        this.sent.push(req);
        this.resubmit.sent(req, this.now);
        const r = await this.world.pauseWhileInFlight(req);
        this.faults.pausesWithPayoutsInFlight++;
        this.notIncreased += r.notIncreased;
        await this.checkStep('payout request');
        await this.world.setPaused(false);
        return r.stopReason === STOP_REASON.done ? r : this.send(req, { resend: true });
    }

    private async interleaved(req: PayoutRequest, next: PayoutRequest): Promise<RequestResult> {
        // An overlapping request: the second half of this one and the first half of the next, same cumulatives.
        const a = req.entries.slice(Math.floor(req.entries.length / 2));
        const b = next.entries.slice(0, Math.ceil(next.entries.length / 2));
        const entries = [...a, ...b];
        const overlap: PayoutRequest = {
            queryId: this.takeQueryIds(1),
            entries,
            value: this.world.requiredValue(entries),
        };
        this.sent.push(req, overlap);
        const [r] = await this.world.interleave([req, overlap]);
        this.faults.interleavedPairs++;
        this.notIncreased += r.notIncreased;
        await this.checkStep('payout request');
        return r;
    }

    private async midEpoch(plan: EpochFaults): Promise<void> {
        for (const i of plan.addressChangesDuring) {
            if (!this.world.isActive(i)) continue;
            await this.world.changePayout(i);
            this.faults.payoutAddressChanges++;
            await this.checkStep('change payout');
        }
        for (const i of plan.suspendDuring) {
            if (!this.world.isActive(i)) continue;
            await this.world.suspend(i);
            this.faults.suspensions++;
            await this.checkStep('suspend');
        }
    }

    /**
     * Reinstates the suspended, and the members of bouncing workers name a new, healthy payout
     * address: the pool's third bounce at one address holds the worker until a worker_sync changes
     * its address (POOL-210), and duplicates and retries can bounce a worker's payout three times in
     * an epoch, so fixing the old wallet alone could leave it held (the old default run left one
     * worker unpaid that way).
     */
    private async undoPreviousEpochFaults(): Promise<void> {
        const plan = this.lastPlan;
        if (!plan) return;
        for (const i of [...plan.suspendBefore, ...plan.suspendDuring])
            if (!this.world.isActive(i)) await this.world.reinstate(i);
        for (const b of plan.bouncers) {
            await this.world.restoreRecipient(b.workerIndex);
            await this.world.changePayout(b.workerIndex);
            await this.checkStep('change payout');
        }
        this.lastPlan = undefined;
    }

    /** The oracle after one step (world.ts checkStep), and the operator's exactly-once against its intent. */
    private async checkStep(what: string, o: { full?: boolean } = {}): Promise<void> {
        this.solvencyChecks++;
        const { solvencyGap, broken } = await this.world.checkStep({ light: !o.full });
        if (solvencyGap < 0n)
            this.solvencyFailures.push(
                `step ${this.solvencyChecks} (${what}): balance short by ${-solvencyGap} nanoton`,
            );
        const settled = this.world.observer.exactlyOnce(this.entitled);
        if (settled.doublePayments > 0)
            broken.push(`${settled.doublePayments} operator-settled worker(s) paid beyond their entitlement`);
        if (broken.length > 0 && this.stepFailures.length < 10)
            this.stepFailures.push(`step ${this.solvencyChecks} (${what}): ${broken.join(', ')}`);
    }

    // ---- Cocoon and the keepers ----

    /**
     * The epoch's Cocoon earnings of the attributed workers: revenue drawn like the operator's pot,
     * apportioned by the workload model's contributions, in whole tokens at Cocoon's worker fee.
     */
    private vouchersFor(
        contributions: readonly Contribution[],
        plan: EpochFaults,
    ): { workerIndex: number; tokens: bigint }[] {
        if (contributions.every((c) => c.contribution === 0n)) return [];
        const fee = this.world.workerFeePerToken();
        const total =
            this.revenueRng.bigint(REVENUE_PER_WORKER_MIN, REVENUE_PER_WORKER_MAX) * BigInt(contributions.length);
        // A node submits its voucher when it chooses: this epoch, VOUCHER_SHARE of them do (the others'
        // tokens wait for a later voucher), and so do those the plan stages a voucher fault or a refusing recipient on.
        const staged = new Set([
            ...plan.voucherReplays,
            ...(plan.excessesToPool === null ? [] : [plan.excessesToPool]),
            ...plan.bouncers.map((b) => b.workerIndex),
        ]);
        return apportion(total, contributions)
            .map((s) => {
                this.pendingTokens.set(s.workerIndex, (this.pendingTokens.get(s.workerIndex) ?? 0n) + s.share / fee);
                return s.workerIndex;
            })
            .filter(
                (i) =>
                    (this.pendingTokens.get(i) ?? 0n) > 0n && (this.voucherRng.chance(VOUCHER_SHARE) || staged.has(i)),
            )
            .map((workerIndex) => {
                const tokens = this.pendingTokens.get(workerIndex)!;
                this.pendingTokens.delete(workerIndex);
                return { workerIndex, tokens };
            });
    }

    private async submitVouchers(
        vouchers: readonly { workerIndex: number; tokens: bigint }[],
        plan: EpochFaults,
    ): Promise<void> {
        for (const v of vouchers) {
            const excessesToPool = plan.excessesToPool === v.workerIndex;
            const r = await this.world.submitVoucher(v.workerIndex, v.tokens, { excessesToPool });
            if (excessesToPool) this.faults.cocoonExcessesToPool++;
            if (r.workerExit !== 0 || !r.exact)
                this.voucherFailures.push(`voucher of worker ${v.workerIndex}: exit ${r.workerExit}, paid ${r.paid}`);
            else this.vouchersPaid++;
            await this.checkStep('voucher');
            if (plan.voucherReplays.includes(v.workerIndex)) {
                // The node (or anyone) submits the same signed voucher again: Cocoon refuses it, nothing moves.
                const again = await this.world.replayVoucher(v.workerIndex);
                this.faults.voucherReplays++;
                if (again.workerExit !== CocoonError.oldMessage || again.paid !== 0n)
                    this.voucherFailures.push(
                        `replay of worker ${v.workerIndex}: exit ${again.workerExit}, paid ${again.paid}`,
                    );
                await this.checkStep('voucher replay');
            }
            this.progress.tick();
        }
    }

    /** The attributed workers split into the keepers' pay_owed lists (fresh query ids). */
    private owedRequests(): OwedRequest[] {
        const all = this.world.attributed;
        if (all.length === 0) return [];
        const count = Math.max(OWED_REQUESTS_MIN, Math.ceil(all.length / PoolLimits.payOwedEntriesMax));
        const size = Math.ceil(all.length / count);
        const out: OwedRequest[] = [];
        for (let i = 0; i < all.length; i += size)
            out.push(this.world.owedRequest(this.takeQueryIds(1), all.slice(i, i + size)));
        return out;
    }

    private async sendOwed(req: OwedRequest, keeper: number, value?: bigint): Promise<OwedResult> {
        this.payOwedRequests++;
        const r = await this.world.sendPayOwed(req, keeper, { value });
        await this.checkStep('pay_owed', { full: true });
        return r;
    }

    /** Keeper request k with the faults the plan stages on it. */
    private async payOwedStaged(k: number, reqs: readonly OwedRequest[], plan: EpochFaults): Promise<void> {
        const req = reqs[k];
        const keeper = k % KEEPERS;
        if (plan.owedLowValue === k) {
            const low = await this.sendOwed(req, keeper, req.value - 1n);
            this.faults.owedLowValue++;
            if (low.accepted)
                this.invariant(
                    'too little value refused',
                    false,
                    `pay_owed ${req.queryId} with value - 1 was accepted`,
                );
        }
        let r: OwedResult;
        if (plan.owedPause === k) {
            this.payOwedRequests++;
            r = await this.world.pausePayOwedInFlight(req, keeper);
            this.faults.owedPausesInFlight++;
            await this.checkStep('pay_owed paused in flight', { full: true });
            await this.world.setPaused(false);
            if (r.stopReason !== STOP_REASON.done) r = await this.sendOwed(req, keeper);
        } else if (plan.owedInterleave === k && k + 1 < reqs.length) {
            // Another keeper's overlapping list: the second half of this one and the first half of the next.
            const next = reqs[k + 1];
            const overlap = this.world.owedRequest(this.takeQueryIds(1), [
                ...req.workers.slice(Math.floor(req.workers.length / 2)),
                ...next.workers.slice(0, Math.ceil(next.workers.length / 2)),
            ]);
            this.payOwedRequests += 2;
            [r] = await this.world.interleavePayOwed([
                { req, keeper },
                { req: overlap, keeper: (keeper + 1) % KEEPERS },
            ]);
            this.faults.owedInterleavedPairs++;
            await this.checkStep('pay_owed interleaved', { full: true });
        } else r = await this.sendOwed(req, keeper);
        if (!r.accepted)
            this.invariant('pay_owed accepted', false, `pay_owed ${req.queryId} refused with ${r.exitCode}`);
        if (plan.owedDuplicates.includes(k)) {
            this.faults.owedDuplicates++;
            await this.sendOwed(req, keeper);
        }
    }

    private invariant(name: string, held: boolean, detail: string): void {
        const prev = this.invariants.get(name);
        if (prev && !prev.held) return;
        this.invariants.set(name, { name, held, detail });
    }

    private requestSize(): number {
        return Math.max(
            1,
            Math.min(this.world.limits.maxEntriesPerRequest, Math.ceil(this.settledWorkers() / REQUESTS_PER_EPOCH)),
        );
    }

    /** Workers the operator settles (the attributed ones are paid by Cocoon). */
    private settledWorkers(): number {
        return this.options.workers - this.world.attributed.length;
    }

    private takeQueryIds(n: number): bigint {
        const first = this.nextQueryId;
        this.nextQueryId += BigInt(Math.max(n, 1));
        return first;
    }

    private revenueMessages(): bigint[] {
        const n = Math.min(
            MAX_REVENUE_MESSAGES,
            Math.max(MIN_REVENUE_MESSAGES, Math.ceil(this.settledWorkers() / WORKERS_PER_REVENUE_MESSAGE)),
        );
        const total =
            this.revenueRng.bigint(REVENUE_PER_WORKER_MIN, REVENUE_PER_WORKER_MAX) * BigInt(this.settledWorkers());
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

function attributedBounces(w: PoolWorld) {
    const b = w.attributedBounceCounts();
    return {
        attributedBouncedMissingWallet: b['missing-wallet'],
        attributedBouncedFrozenAccount: b['frozen-account'],
        attributedBouncedThrowingContract: b['throwing-contract'],
    };
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

/**
 * HEAD of the checkout the harness runs from, `+dirty` when tracked files other than docs/figures/
 * (where the runs write their JSON) have changes; undefined outside git.
 */
function gitCommit(): string | undefined {
    const git = (...args: string[]) =>
        execFileSync('git', args, { cwd: __dirname, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    try {
        const changed = git(
            'status',
            '--porcelain',
            '--untracked-files=no',
            '--',
            ':(top)',
            ':(top,exclude)docs/figures',
        );
        return git('rev-parse', 'HEAD') + (changed === '' ? '' : '+dirty');
    } catch {
        return undefined;
    }
}

function round4(x: number): number {
    return Math.round(x * 10_000) / 10_000;
}
