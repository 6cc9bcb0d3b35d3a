/**
 * The pool under stress: WorkerRegistry and PoolPayout deployed in one sandbox, with the people
 * around them (owner, operator keys, members, Cocoon proxies) and the payout recipients. Every
 * transaction any action causes goes through `absorb` once: into the observer and the
 * reconciliation source, after which the sandbox forgets it.
 *
 * Scale: the bulk of the workers is deployed as initial state, built by the wrappers'
 * config-to-cell functions (registry records active and synced, pool ledger pages known and
 * active), exactly what registering and approving them would have left; a sample registers and is
 * approved through real transactions, so the registry -> pool sync path is exercised too.
 */
import { Address, Cell, Transaction } from '@ton/core';
import { internal, SandboxContract } from '@ton/sandbox';
import { compileContract } from '../func/compile';
import { FeeSchedule } from '../chain/fees';
import { PriceSet } from '../chain/prices';
import { exitCode, gasUsed } from '../chain/transactions';
import { PayoutEntry, PayoutRequest } from '../batching/types';
import { POOL_BATCH_LIMITS, poolRequiredValue } from '../batching/pool-limits';
import { poolPayoutCodec, poolStateReader, sandboxPoolData } from '../reconcile/pool-adapter';
import { SandboxChainSource } from '../reconcile/sandbox-source';
import { PoolReader, PoolTotals as ReconcileTotals, WorkerLedger } from '../reconcile/types';
import {
    bookedRevenue,
    parsePayoutExcesses,
    payoutBatchBody,
    PoolGas,
    PoolOp,
    PoolPayout,
    PoolTotals,
    PoolWorker,
    setOperatorBody as poolSetOperatorBody,
    setPausedBody,
    StopReason,
    StopReasonCode,
} from '../../wrappers/PoolPayout';
import { RegistryOp, WorkerStatus } from '../../wrappers/RegistryConstants';
import { cocoonPayoutBody } from '../../wrappers/shared';
import {
    approveWorkerBody,
    changePayoutBody,
    registerWorkerBody,
    reinstateWorkerBody,
    setOperatorBody as registrySetOperatorBody,
    setParamsBody as registrySetParamsBody,
    suspendWorkerBody,
    WorkerRecord,
    WorkerRegistry,
} from '../../wrappers/WorkerRegistry';
import { BounceKind } from './faults';
import { Observer } from './observer';
import { Progress } from './progress';
import { plantContract, plantRecipient, recipientAddress, StressChain } from './sandbox';

export const STOP_REASON = StopReason;

/** Sandbox clock at deployment (2026-11-01T00:00:00Z): fixed so that storage fees replay exactly. */
const START_TIME = 1_793_491_200;
const COMMISSION_BPS = 500;
/** Stake each member puts in (the registry's minimum). */
const MIN_STAKE = 1_000_000_000n;
/** Registry storage surplus and the pool's reserve at deployment (storage for years at either price set). */
const STORAGE_SURPLUS = 10_000_000_000n;
const COOLDOWN = 7 * 86_400;
/** Workers that register and get approved through real transactions (the rest is initial state). */
const SAMPLE_REGISTRATIONS_MAX = 16;
const SAMPLE_SHARE = 8;
const PROXIES = 5;

/** The owner's per-period cap on the operator, set far above what the run pays (its own tests are the pool's). */
const PERIOD_CAP = 10n ** 18n;
const PERIOD_LENGTH = 30 * 86_400;

export interface WorldOptions {
    workers: number;
    prices: PriceSet;
    seed: number;
    progress: Progress;
}

export interface RequestResult {
    /** The pool's compute phase accepted the request. */
    accepted: boolean;
    exitCode: number | undefined;
    /** From the final excesses report (undefined when refused). */
    stopReason: StopReasonCode | undefined;
    paidCount: number;
    /** Entries the pool skipped because they were already paid (a duplicate pays zero). */
    notIncreased: number;
}

export interface MoneySnapshot {
    revenue: bigint;
    commissionAccrued: bigint;
    paid: bigint;
    returned: bigint;
    owed: bigint;
    /** |observed payouts - pool paid| + |observed bounces - pool returned| + |sum of ledger paid - (paid - returned)|. */
    conservationGap: bigint;
}

export class PoolWorld implements PoolReader {
    readonly observer: Observer;
    readonly source: SandboxChainSource;
    readonly limits = POOL_BATCH_LIMITS;
    readonly requiredValue: (entries: readonly PayoutEntry[]) => bigint;
    registeredByTransaction = 0;

    private readonly fees: FeeSchedule;
    private readonly suspended = new Set<number>();
    private readonly members = new Set<number>();
    /** Payout addresses changed during the run (the rest are payoutAddress(i)). */
    private readonly payoutOf = new Map<number, Address>();
    private readonly kindByAddress = new Map<string, BounceKind>();
    private readonly bouncesByKind: Record<BounceKind, number> = { 'missing-wallet': 0, 'frozen-account': 0, 'throwing-contract': 0 };
    private readonly registryValue = new Map<number, bigint>();
    private operatorKey = 0;
    private recipients = 0;
    private queryId = 1n << 32n;
    /** The pool's storage as of the last moneySnapshot(), for reconciliation (10,000 getter calls would take minutes). */
    private ledger: PoolReader | undefined;
    private money: MoneySnapshot | undefined;

    private constructor(
        readonly chain: StressChain,
        readonly registry: SandboxContract<WorkerRegistry>,
        readonly pool: SandboxContract<PoolPayout>,
        readonly workers: number,
    ) {
        this.fees = new FeeSchedule(chain.config);
        this.requiredValue = poolRequiredValue(this.fees);
        const codec = poolPayoutCodec(this.fees);
        this.observer = new Observer({ pool: pool.address, codec, isPayoutPath: (body) => isPayoutPath(body) });
        this.source = new SandboxChainSource({ blockchain: chain, pool: pool.address, reader: this, codec });
    }

    static async create(opts: WorldOptions): Promise<PoolWorld> {
        const { progress } = opts;
        const chain = await StressChain.open({ prices: opts.prices, now: START_TIME });
        const { registryCode, poolCode, earningsCode } = await contractCodes();
        const sample = Math.min(SAMPLE_REGISTRATIONS_MAX, Math.floor(opts.workers / SAMPLE_SHARE));
        const bulk = opts.workers - sample;
        const owner = role('owner');
        const operator = role('operator-0');

        progress.phase('build initial state', bulk);
        const records: WorkerRecord[] = [];
        const ledger: PoolWorker[] = [];
        for (let i = 0; i < bulk; i++) {
            const payout = payoutAddress(i);
            records.push({
                member: memberAddress(i),
                payout,
                status: WorkerStatus.active,
                synced: true,
                stake: MIN_STAKE,
                weight: 1,
                registeredAt: START_TIME,
                exitRequestedAt: 0,
            });
            ledger.push({ index: i, payout, active: true });
        }
        // The registry's pool address is set once both addresses exist (the pool's depends on the registry's).
        const registryParams = { minStake: MIN_STAKE, cooldown: COOLDOWN, pool: owner, capacity: opts.workers, maxPerMember: 1 };
        const registry = chain.openContract(
            WorkerRegistry.createFromConfig({ owner, operator, pendingOwner: null, params: registryParams, workers: records }, registryCode),
        );
        const pool = chain.openContract(
            PoolPayout.createFromConfig(
                {
                    earningsCode,
                    owner,
                    operator,
                    registry: registry.address,
                    commissionBps: COMMISSION_BPS,
                    minPayout: 0n,
                    periodCap: PERIOD_CAP,
                    periodLength: PERIOD_LENGTH,
                    workers: ledger,
                },
                poolCode,
            ),
        );
        const world = new PoolWorld(chain, registry, pool, opts.workers);
        // The people around the pool have wallets (excesses and reports land on them).
        for (const name of ['owner', 'operator-0', 'operator-1', ...Array.from({ length: PROXIES }, (_, i) => `proxy-${i}`)]) {
            await plantRecipient(chain, role(name), 'healthy');
        }
        progress.tick(bulk);
        progress.phase('deploy', 3 + bulk);
        // Prebuilt storage is installed as the deployed state (too large for a deploy message); the
        // registry holds the bulk's stakes, the pool its reserve.
        await plantContract(chain, { address: registry.address, ...registry.init!, balance: MIN_STAKE * BigInt(bulk) + STORAGE_SURPLUS });
        await plantContract(chain, { address: pool.address, ...pool.init!, balance: STORAGE_SURPLUS });
        await world.send('registry set_params', owner, registry.address, await world.registryCost(RegistryOp.setParams),
            registrySetParamsBody({ params: { ...registryParams, pool: pool.address } }));
        progress.tick(3);
        for (let i = 0; i < bulk; i++) {
            await plantRecipient(chain, payoutAddress(i), 'healthy');
            progress.tick();
        }

        progress.phase('register and approve', sample);
        for (let i = bulk; i < opts.workers; i++) {
            await plantRecipient(chain, payoutAddress(i), 'healthy');
            await world.send(`register worker ${i}`, await world.member(i), registry.address,
                MIN_STAKE + (await world.registryCost(RegistryOp.registerWorker)), registerWorkerBody({ stake: MIN_STAKE, payout: payoutAddress(i) }));
            await world.send(`approve worker ${i}`, operator, registry.address, await world.registryCost(RegistryOp.approveWorker),
                approveWorkerBody({ workerIndex: i }));
            world.registeredByTransaction++;
            progress.tick();
        }
        progress.finish();
        return world;
    }

    // ---- members and the operator, through the registry (which syncs the pool) ----

    /** The worker's member points its payout at a fresh healthy wallet (registry change_payout, synced to the pool). */
    async changePayout(workerIndex: number): Promise<void> {
        const address = recipientAddress('payout-changed', this.recipients++);
        await plantRecipient(this.chain, address, 'healthy');
        this.payoutOf.set(workerIndex, address);
        await this.send(`change payout of worker ${workerIndex}`, await this.member(workerIndex), this.registry.address,
            await this.registryCost(RegistryOp.changePayout), changePayoutBody({ workerIndex, payout: address }));
    }

    /** The worker's current payout recipient starts refusing: its wallet is deleted or frozen, or its contract throws. */
    async breakRecipient(workerIndex: number, kind: BounceKind): Promise<void> {
        const address = this.payoutOf.get(workerIndex) ?? payoutAddress(workerIndex);
        await plantRecipient(this.chain, address, kind);
        this.kindByAddress.set(address.toRawString(), kind);
    }

    /** The worker's payout recipient is a healthy wallet again (redeployed, unfrozen, fixed). */
    async restoreRecipient(workerIndex: number): Promise<void> {
        const address = this.payoutOf.get(workerIndex) ?? payoutAddress(workerIndex);
        await plantRecipient(this.chain, address, 'healthy');
        this.kindByAddress.delete(address.toRawString());
    }

    async suspend(workerIndex: number): Promise<void> {
        await this.send(`suspend worker ${workerIndex}`, this.operator(), this.registry.address,
            await this.registryCost(RegistryOp.suspendWorker), suspendWorkerBody({ workerIndex }));
        this.suspended.add(workerIndex);
    }

    async reinstate(workerIndex: number): Promise<void> {
        await this.send(`reinstate worker ${workerIndex}`, this.operator(), this.registry.address,
            await this.registryCost(RegistryOp.reinstateWorker), reinstateWorkerBody({ workerIndex }));
        this.suspended.delete(workerIndex);
    }

    isActive(workerIndex: number): boolean {
        return !this.suspended.has(workerIndex);
    }

    // ---- money in ----

    /** Cocoon payouts (op 0xc59a7cd3, non-bounceable) from the proxies in turn. */
    async sendRevenue(values: readonly bigint[]): Promise<void> {
        for (let i = 0; i < values.length; i++) {
            await this.send('revenue', role(`proxy-${i % PROXIES}`), this.pool.address, values[i], cocoonPayoutBody(this.queryId++), false);
        }
    }

    /** Worker money the pool books for these revenue messages (receipt fee, then floored commission). */
    predictWorkerMoney(values: readonly bigint[]): bigint {
        let total = 0n;
        for (const v of values) {
            const b = bookedRevenue(this.fees, v, COMMISSION_BPS);
            total += b.revenue - b.commission;
        }
        return total;
    }

    /** Worker money the pool has booked so far: revenue - commission accrued. */
    async bookedWorkerMoney(): Promise<bigint> {
        const t = await this.pool.getTotals();
        return t.revenue - t.commissionAccrued;
    }

    // ---- the owner ----

    async setPaused(paused: boolean): Promise<void> {
        await this.send('set_paused', role('owner'), this.pool.address, this.ownerOpValue(), setPausedBody({ paused }));
    }

    /** The owner replaces the operator key on both contracts (the old key is then "stale"). */
    async rotateOperator(): Promise<void> {
        const next = role(`operator-${this.operatorKey + 1}`);
        const owner = role('owner');
        await this.send('pool set_operator', owner, this.pool.address, this.ownerOpValue(), poolSetOperatorBody({ operator: next }));
        await this.send('registry set_operator', owner, this.registry.address, await this.registryCost(RegistryOp.setOperator),
            registrySetOperatorBody({ operator: next }));
        this.operatorKey++;
    }

    // ---- the operator's payout requests ----

    /** Sends a request and follows it to its final report. */
    async sendRequest(req: PayoutRequest, opts: { value?: bigint; asStaleOperator?: boolean } = {}): Promise<RequestResult> {
        const from = opts.asStaleOperator ? role(`operator-${this.operatorKey - 1}`) : role(`operator-${this.operatorKey}`);
        const txs: Transaction[] = [];
        for await (const tx of await this.chain.sendMessageIter(this.requestMessage(req, from, opts.value))) txs.push(tx);
        this.absorb(txs);
        return this.outcome(req, from, txs);
    }

    /** Runs requests at once, one transaction of each in turn, until all are done. */
    async interleave(reqs: readonly PayoutRequest[]): Promise<RequestResult[]> {
        const from = role(`operator-${this.operatorKey}`);
        const iters = await Promise.all(reqs.map(async (r) => (await this.chain.sendMessageIter(this.requestMessage(r, from), { allowParallel: true }))[Symbol.asyncIterator]()));
        const txs: Transaction[][] = reqs.map(() => []);
        const live = new Set(iters.map((_, i) => i));
        while (live.size > 0) {
            for (const i of [...live]) {
                const step = await iters[i].next();
                if (step.done) live.delete(i);
                else txs[i].push(step.value);
            }
        }
        this.absorb(txs.flat());
        return reqs.map((r, i) => this.outcome(r, from, txs[i]));
    }

    /** The owner pauses right after the request's first transaction, with its payouts and bounces in flight. */
    async pauseWhileInFlight(req: PayoutRequest): Promise<RequestResult> {
        const from = role(`operator-${this.operatorKey}`);
        const it = (await this.chain.sendMessageIter(this.requestMessage(req, from), { allowParallel: true }))[Symbol.asyncIterator]();
        const txs: Transaction[] = [];
        const first = await it.next();
        if (!first.done) txs.push(first.value);
        const pause = internal({
            from: role('owner'),
            to: this.pool.address,
            value: this.ownerOpValue(),
            body: setPausedBody({ paused: true }),
        });
        const pauseTxs: Transaction[] = [];
        for await (const tx of await this.chain.sendMessageIter(pause, { allowParallel: true })) pauseTxs.push(tx);
        this.expectOkTxs(pauseTxs, 'pause in flight');
        for (let step = await it.next(); !step.done; step = await it.next()) txs.push(step.value);
        this.absorb([...txs, ...pauseTxs]);
        return this.outcome(req, from, txs);
    }

    // ---- reading ----

    /** Pool balance minus what it holds for workers and the owner (must never be negative). */
    async solvencyGap(): Promise<bigint> {
        const t = await this.pool.getTotals();
        return t.balance - t.owed - t.commissionHeld;
    }

    /** Money totals with the conservation check; refreshes the ledger snapshot reconciliation reads. */
    async moneySnapshot(): Promise<MoneySnapshot> {
        const t: PoolTotals = await this.pool.getTotals();
        const ledger = poolStateReader(await sandboxPoolData(this.chain, this.pool.address));
        this.ledger = ledger;
        let ledgerPaid = 0n;
        for (let i = 0; i < this.workers; i++) ledgerPaid += (await ledger.workerLedger(i)).paid;
        const abs = (x: bigint) => (x < 0n ? -x : x);
        const o = this.observer;
        this.money = {
            revenue: t.revenue,
            commissionAccrued: t.commissionAccrued,
            paid: t.paid,
            returned: t.returned,
            owed: t.owed,
            conservationGap: abs(o.paidNanoton - t.paid) + abs(o.returnedNanoton - t.returned) + abs(ledgerPaid - (t.paid - t.returned)),
        };
        return this.money;
    }

    lastMoney(): MoneySnapshot {
        if (!this.money) throw new Error('moneySnapshot() was never taken');
        return this.money;
    }

    bounceCounts(): { bouncedMissingWallet: number; bouncedFrozenAccount: number; bouncedThrowingContract: number } {
        return {
            bouncedMissingWallet: this.bouncesByKind['missing-wallet'],
            bouncedFrozenAccount: this.bouncesByKind['frozen-account'],
            bouncedThrowingContract: this.bouncesByKind['throwing-contract'],
        };
    }

    advanceTime(seconds: number): void {
        this.chain.now = (this.chain.now ?? START_TIME) + seconds;
    }

    // PoolReader: the ledger from the last storage snapshot, the totals live.
    async workerLedger(workerIndex: number): Promise<WorkerLedger> {
        if (!this.ledger) throw new Error('moneySnapshot() must run before reconciliation');
        return this.ledger.workerLedger(workerIndex);
    }

    async totals(): Promise<ReconcileTotals> {
        const t = await this.pool.getTotals();
        return { revenue: t.revenue, commissionAccrued: t.commissionAccrued, paid: t.paid, returned: t.returned };
    }

    // ---- internals ----

    /** Every transaction passes here exactly once; the sandbox then forgets it. */
    private absorb(txs: readonly Transaction[]): void {
        this.observer.record(txs);
        this.source.ingest(txs);
        for (const tx of txs) {
            const m = tx.inMessage;
            if (m?.info.type !== 'internal' || !m.info.bounced || !m.info.dest.equals(this.pool.address)) continue;
            const kind = this.kindByAddress.get(m.info.src.toRawString());
            if (kind) this.bouncesByKind[kind]++;
        }
        this.chain.forgetHistory();
    }

    private requestMessage(req: PayoutRequest, from: Address, value?: bigint) {
        const body = payoutBatchBody({ queryId: req.queryId, entries: req.entries });
        this.observer.chargeRequest(this.fees.forwardOfRef(body));
        return internal({ from, to: this.pool.address, value: value ?? req.value, body });
    }

    private outcome(req: PayoutRequest, from: Address, txs: readonly Transaction[]): RequestResult {
        const first = txs[0];
        const code = first ? exitCode(first) : undefined;
        const accepted = first !== undefined && code === 0 && first.description.type === 'generic' && first.description.aborted === false;
        let report: ReturnType<typeof parsePayoutExcesses> | undefined;
        for (const tx of txs) {
            for (const m of tx.outMessages.values()) {
                if (m.info.type !== 'internal' || !m.info.src.equals(this.pool.address) || !m.info.dest.equals(from)) continue;
                const r = attempt(() => parsePayoutExcesses(m.body));
                if (r && r.queryId === req.queryId) report = r;
            }
        }
        return {
            accepted,
            exitCode: code,
            stopReason: report?.stopReason,
            paidCount: report?.report.paidCount ?? 0,
            notIncreased: report?.report.skippedNotIncreased ?? 0,
        };
    }

    /** The member wallet of a worker (planted on first use). */
    async member(workerIndex: number) {
        const address = memberAddress(workerIndex);
        if (!this.members.has(workerIndex)) {
            await plantRecipient(this.chain, address, 'healthy');
            this.members.add(workerIndex);
        }
        return address;
    }

    private operator(): Address {
        return role(`operator-${this.operatorKey}`);
    }

    /**
     * One message from a wallet, straight into the sandbox (the wrappers' bodies, without the
     * provider's per-send account parse, which costs ~100 ms on a 10,000-worker registry).
     */
    private async send(what: string, from: Address, to: Address, value: bigint, body: Cell, bounce = true): Promise<void> {
        this.expectOk(await this.chain.sendMessage(internal({ from, to, value, body, bounce })), what);
    }

    /**
     * What a registry op is sent with: exactly the registry's own get_required_value, so the run also
     * checks that figure at full size. (An early registry asked for 32,000 gas for register_worker,
     * which used 32,054 at 10,000 workers: the action phase failed. The bound is now 35,000.)
     */
    private async registryCost(op: number): Promise<bigint> {
        let v = this.registryValue.get(op);
        if (v === undefined) {
            v = await this.registry.getRequiredValue(op);
            this.registryValue.set(op, v);
        }
        return v;
    }

    /** Owner ops carry their compute fee and a forward fee, from the live config. */
    private ownerOpValue(): bigint {
        return this.fees.compute(PoolGas.ownerOp) + this.fees.forward(0, 0);
    }

    private expectOk(result: { transactions: Transaction[] }, what: string): void {
        this.expectOkTxs(result.transactions, what);
        this.absorb(result.transactions);
    }

    /** Every registry and pool transaction of an action must succeed (recipients may refuse: that is staged). */
    private expectOkTxs(txs: readonly Transaction[], what: string): void {
        const ours = [this.registry.address, this.pool.address];
        for (const tx of txs) {
            const dest = tx.inMessage?.info.dest;
            if (!Address.isAddress(dest) || !ours.some((a) => a.equals(dest))) continue;
            if (tx.description.type === 'generic' && tx.description.aborted) {
                const action = tx.description.actionPhase?.resultCode;
                throw new Error(
                    `${what}: transaction on ${dest.equals(this.pool.address) ? 'the pool' : 'the registry'} failed ` +
                        `(exit code ${exitCode(tx)}, action result ${action ?? 'none'}, gas ${gasUsed(tx)}, fees ${tx.totalFees.coins})`,
                );
            }
        }
    }
}

// ---- helpers ----

/** The contracts, compiled once per process. */
async function contractCodes(): Promise<{ registryCode: Cell; poolCode: Cell; earningsCode: Cell }> {
    return { registryCode: await compileContract('WorkerRegistry'), poolCode: await compileContract('PoolPayout'), earningsCode: await compileContract('EarningsAddress') };
}

/** Deterministic addresses of the harness's actors. */
function role(name: string): Address {
    return recipientAddress(`role-${name}`, 0);
}

function memberAddress(i: number): Address {
    return recipientAddress('member', i);
}

function payoutAddress(i: number): Address {
    return recipientAddress('payout', i);
}

function isPayoutPath(body: Cell): boolean {
    const s = body.beginParse();
    if (s.remainingBits < 32) return false;
    const op = s.loadUint(32);
    return op === PoolOp.payoutBatch || op === PoolOp.payoutContinue;
}

function attempt<T>(parse: () => T): T | undefined {
    try {
        return parse();
    } catch {
        return undefined;
    }
}
