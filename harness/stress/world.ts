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
 *
 * A mixed pool: the attributed share of the workers run Cocoon nodes whose owner_address is their
 * earnings address (wrappers/EarningsAddress). Telegram's own root, proxy and worker contracts
 * (vendor/cocoon, toolkit/cocoon) pay those addresses for proxy-signed vouchers; the earnings
 * contracts forward to the pool, which books attributed revenue per worker; keepers pay it with
 * pay_owed. The rest of the revenue reaches the pool's own address and is operator-settled.
 */
import { Address, Cell, contractAddress, toNano, Transaction } from '@ton/core';
import { internal, SandboxContract } from '@ton/sandbox';
import { cocoonWorkerInit, publicKeyOf, voucherBody } from '../../toolkit/cocoon/contracts';
import { CocoonWorld, deployCocoonWorld, VOUCHER_VALUE } from '../../toolkit/cocoon/world';
import type { CocoonCodes } from '../../toolkit/cocoon/vendor';
import { stressCodes } from './codes';
import { Random } from '../../toolkit/workload/random';
import { earningsAddressOf, earningsStateInit } from '../../wrappers/EarningsAddress';
import { FeeSchedule } from '../../toolkit/chain/fees';
import { PriceSet } from '../../toolkit/chain/prices';
import { exitCode, gasUsed } from '../../toolkit/chain/transactions';
import { PayoutEntry, PayoutRequest } from '../../toolkit/batching/types';
import { POOL_BATCH_LIMITS, poolRequiredValue } from '../../toolkit/batching/pool-limits';
import { reconcileAttributed } from '../../toolkit/reconcile/attributed';
import {
    attributedStateReader,
    poolAttributedCodec,
    poolPayoutCodec,
    poolStateReader,
    sandboxPoolData,
} from '../../toolkit/reconcile/pool-adapter';
import { SandboxChainSource } from '../../toolkit/reconcile/sandbox-source';
import { PoolReader, PoolTotals as ReconcileTotals, WorkerLedger } from '../../toolkit/reconcile/types';
import {
    attributedBounceCredit,
    AttributedTotals,
    bookedAttributed,
    bookedRevenue,
    parsePayOwedExcesses,
    parsePayoutExcesses,
    payOwedBody,
    payOwedValue,
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

/** Keepers: anyone may send pay_owed; the harness's keepers take turns. */
export const KEEPERS = 3;

export interface WorldOptions {
    workers: number;
    prices: PriceSet;
    seed: number;
    progress: Progress;
    /** Share of the workers (0..1) paid by real Cocoon proxies through their earnings addresses (default 0). */
    attributed?: number;
    /** Epochs the run will have (sizes what each Cocoon proxy holds to pay its workers; default 3). */
    epochs?: number;
    /** Keep the compiled code here between runs (harness/stress/codes.ts; relative to the repository). */
    codeCache?: string;
}

/** A keeper's pay_owed: the workers to pay and exactly get_pay_owed_value for them. */
export interface OwedRequest {
    queryId: bigint;
    workers: readonly number[];
    value: bigint;
}

export interface OwedResult {
    accepted: boolean;
    exitCode: number | undefined;
    /** From the final pay_owed_excesses (undefined when refused). */
    stopReason: StopReasonCode | undefined;
}

/** What one voucher did: Cocoon's answer and what its proxy paid the earnings address. */
export interface VoucherResult {
    /** The worker contract's exit code (Cocoon refuses a replayed or older voucher with 1000). */
    workerExit: number | undefined;
    /** What the proxy's cocoon_payout carried to the earnings address (0 when none). */
    paid: bigint;
    /** The proxy paid exactly tokens x worker fee per token for the new tokens. */
    exact: boolean;
}

/** A Cocoon node of an attributed worker: its worker contract on one proxy, paying its earnings address. */
interface AttributedNode {
    proxy: CocoonWorld;
    earnings: Address;
    worker: Address;
    workerInit: { code: Cell; data: Cell };
    /** The node's wallet (submits vouchers, receives Cocoon's excesses). */
    wallet: Address;
    deployed: boolean;
    /** The cumulative tokens of the last voucher the proxy signed for it. */
    tokens: bigint;
    lastVoucher: Cell | undefined;
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
    attributed: AttributedTotals;
    /**
     * Attributed reconciliation: the critical differences of reconcileAttributed (each worker's owed
     * replayed from the pool's history against its owed dict, each total against the storage), plus
     * |each total the observer rebuilt - get_attributed_totals|, plus |revenue - commission - paid +
     * returned - owed|. 0 when the history explains the attributed books to the nanoton.
     */
    attributedDiff: bigint;
}

export class PoolWorld implements PoolReader {
    readonly observer: Observer;
    readonly source: SandboxChainSource;
    readonly limits = POOL_BATCH_LIMITS;
    readonly requiredValue: (entries: readonly PayoutEntry[]) => bigint;
    registeredByTransaction = 0;

    private readonly fees: FeeSchedule;
    private readonly attributedCodec: ReturnType<typeof poolAttributedCodec>;
    private readonly suspended = new Set<number>();
    private readonly members = new Set<number>();
    /** Payout addresses changed during the run (the rest are payoutAddress(i)). */
    private readonly payoutOf = new Map<number, Address>();
    private readonly kindByAddress = new Map<string, BounceKind>();
    private readonly bouncesByKind: Record<BounceKind, number> = {
        'missing-wallet': 0,
        'frozen-account': 0,
        'throwing-contract': 0,
    };
    private readonly attributedBouncesByKind: Record<BounceKind, number> = {
        'missing-wallet': 0,
        'frozen-account': 0,
        'throwing-contract': 0,
    };
    /** Attributed worker -> its Cocoon node; earnings address (raw) -> worker. */
    private readonly nodes = new Map<number, AttributedNode>();
    private readonly earningsIndexOf = new Map<string, number>();
    /** The attributed workers, ascending. */
    attributed: readonly number[] = [];
    vouchersSubmitted = 0;
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
        earningsCode: Cell,
    ) {
        this.fees = new FeeSchedule(chain.config);
        this.requiredValue = poolRequiredValue(this.fees);
        const codec = poolPayoutCodec(this.fees);
        const fees = this.fees;
        this.observer = new Observer({
            pool: pool.address,
            codec,
            isPayoutPath: (body) => isPayoutPath(body),
            attributed: {
                earningsIndex: (a) => (a.workChain === 0 ? this.earningsIndexOf.get(a.toRawString()) : undefined),
                book: (value) => bookedAttributed(fees, value, COMMISSION_BPS),
                bounceCredit: (amount, value) => attributedBounceCredit(fees, amount, value),
            },
        });
        this.attributedCodec = poolAttributedCodec(this.fees, pool.address, earningsCode);
        this.source = new SandboxChainSource({
            blockchain: chain,
            pool: pool.address,
            reader: this,
            codec,
            attributedCodec: this.attributedCodec,
        });
    }

    static async create(opts: WorldOptions): Promise<PoolWorld> {
        const { progress } = opts;
        const chain = await StressChain.open({ prices: opts.prices, now: START_TIME });
        const attributed = chooseAttributed(
            opts.workers,
            opts.attributed ?? 0,
            new Random(opts.seed).fork('attributed'),
        );
        const { registryCode, poolCode, earningsCode, cocoon } = await stressCodes({
            cacheDir: opts.codeCache,
            cocoon: attributed.length > 0,
        });
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
        const registryParams = {
            minStake: MIN_STAKE,
            cooldown: COOLDOWN,
            pool: owner,
            capacity: opts.workers,
            maxPerMember: 1,
        };
        const registry = chain.openContract(
            WorkerRegistry.createFromConfig(
                { owner, operator, pendingOwner: null, params: registryParams, workers: records },
                registryCode,
            ),
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
        const world = new PoolWorld(chain, registry, pool, opts.workers, earningsCode);
        // The people around the pool have wallets (excesses and reports land on them).
        for (const name of [
            'owner',
            'operator-0',
            'operator-1',
            ...Array.from({ length: PROXIES }, (_, i) => `proxy-${i}`),
        ]) {
            await plantRecipient(chain, role(name), 'healthy');
        }
        progress.tick(bulk);
        progress.phase('deploy', 3 + bulk);
        // Prebuilt storage is installed as the deployed state (too large for a deploy message); the
        // registry holds the bulk's stakes, the pool its reserve.
        await plantContract(chain, {
            address: registry.address,
            ...registry.init!,
            balance: MIN_STAKE * BigInt(bulk) + STORAGE_SURPLUS,
        });
        await plantContract(chain, { address: pool.address, ...pool.init!, balance: STORAGE_SURPLUS });
        await world.send(
            'registry set_params',
            owner,
            registry.address,
            await world.registryCost(RegistryOp.setParams),
            registrySetParamsBody({ params: { ...registryParams, pool: pool.address } }),
        );
        progress.tick(3);
        for (let i = 0; i < bulk; i++) {
            await plantRecipient(chain, payoutAddress(i), 'healthy');
            progress.tick();
        }

        await world.setUpCocoon(earningsCode, cocoon, attributed, opts.epochs ?? 3);

        progress.phase('register and approve', sample);
        for (let i = bulk; i < opts.workers; i++) {
            await plantRecipient(chain, payoutAddress(i), 'healthy');
            await world.send(
                `register worker ${i}`,
                await world.member(i),
                registry.address,
                MIN_STAKE + (await world.registryCost(RegistryOp.registerWorker)),
                registerWorkerBody({ stake: MIN_STAKE, payout: payoutAddress(i) }),
            );
            await world.send(
                `approve worker ${i}`,
                operator,
                registry.address,
                await world.registryCost(RegistryOp.approveWorker),
                approveWorkerBody({ workerIndex: i }),
            );
            world.registeredByTransaction++;
            progress.tick();
        }
        progress.finish();
        return world;
    }

    /**
     * Cocoon for the attributed workers: one root and PROXIES proxies (Telegram's contracts, test
     * keys), and per worker its earnings contract (installed as a deploying sweep leaves it: active,
     * balance 0), its node's wallet and the worker contract Cocoon derives from (earnings address,
     * proxy), deployed by its first voucher. Worker i is served by proxy i mod PROXIES.
     */
    private async setUpCocoon(
        earningsCode: Cell,
        codes: CocoonCodes,
        attributed: readonly number[],
        epochs: number,
    ): Promise<void> {
        this.attributed = attributed;
        if (attributed.length === 0) return;
        // Each proxy holds what its workers can earn over the run (at most REVENUE_PER_WORKER_MAX an epoch), and a margin.
        const proxyFunds = toNano(2) * BigInt(Math.ceil(attributed.length / PROXIES) * epochs) + toNano(100);
        const proxies: CocoonWorld[] = [];
        for (let p = 0; p < PROXIES; p++)
            proxies.push(await deployCocoonWorld(this.chain, { label: `stress-proxy-${p}`, proxyFunds, codes }));
        for (const i of attributed) {
            const earnings = earningsAddressOf({ pool: this.pool.address, workerIndex: i }, earningsCode);
            await plantContract(this.chain, {
                address: earnings,
                ...earningsStateInit({ pool: this.pool.address, workerIndex: i }, earningsCode),
                balance: 0n,
            });
            this.earningsIndexOf.set(earnings.toRawString(), i);
            const proxy = proxies[i % PROXIES];
            const workerInit = cocoonWorkerInit({
                owner: earnings,
                proxy: proxy.proxy,
                proxyPublicKey: publicKeyOf(proxy.proxyKey),
                params: proxy.params,
                code: proxy.codes.worker,
            });
            const wallet = recipientAddress('cocoon-node-wallet', i);
            await plantRecipient(this.chain, wallet, 'healthy');
            this.nodes.set(i, {
                proxy,
                earnings,
                worker: contractAddressOf(workerInit),
                workerInit: { code: workerInit.code!, data: workerInit.data! },
                wallet,
                deployed: false,
                tokens: 0n,
                lastVoucher: undefined,
            });
        }
        for (let k = 0; k < KEEPERS; k++) await plantRecipient(this.chain, role(`keeper-${k}`), 'healthy');
        // Cocoon's deployment ran through sandbox treasuries: nothing of the pool's among it.
        this.chain.forgetHistory();
    }

    isAttributed(workerIndex: number): boolean {
        return this.nodes.has(workerIndex);
    }

    /** Cocoon's worker fee per token (the same on every proxy). */
    workerFeePerToken(): bigint {
        const first = this.nodes.values().next().value;
        if (!first) throw new Error('workerFeePerToken: no attributed worker');
        return first.proxy.params.workerFeePerToken;
    }

    // ---- Cocoon: vouchers ----

    /**
     * The proxy signs a voucher for `tokens` more tokens of worker `workerIndex` and its node submits
     * it to the worker contract (with the StateInit the first time). The cascade runs: worker ->
     * proxy -> cocoon_payout to the earnings address -> attributed_revenue to the pool.
     * `excessesToPool`: the submitter names the pool as send_excesses_to (Cocoon's gas change lands there).
     */
    async submitVoucher(
        workerIndex: number,
        tokens: bigint,
        o: { excessesToPool?: boolean } = {},
    ): Promise<VoucherResult> {
        const node = this.node(workerIndex);
        node.tokens += tokens;
        const body = voucherBody({
            tokens: node.tokens,
            worker: node.worker,
            sendExcessesTo: o.excessesToPool ? this.pool.address : node.wallet,
            key: node.proxy.proxyKey,
            queryId: this.queryId++,
        });
        node.lastVoucher = body;
        const r = await this.sendVoucher(node, body);
        const expected = tokens * node.proxy.params.workerFeePerToken;
        return { ...r, exact: r.paid === expected };
    }

    /** The node submits its last voucher again, unchanged (Cocoon must refuse it with 1000 and move nothing). */
    async replayVoucher(workerIndex: number): Promise<VoucherResult> {
        const node = this.node(workerIndex);
        if (!node.lastVoucher) throw new Error(`replayVoucher: worker ${workerIndex} has no voucher yet`);
        const r = await this.sendVoucher(node, node.lastVoucher);
        return { ...r, exact: r.paid === 0n };
    }

    private async sendVoucher(node: AttributedNode, body: Cell): Promise<Omit<VoucherResult, 'exact'>> {
        const init = node.deployed ? undefined : node.workerInit;
        const result = await this.chain.sendMessage(
            internal({ from: node.wallet, to: node.worker, value: VOUCHER_VALUE, body, stateInit: init, bounce: true }),
        );
        node.deployed = true;
        this.vouchersSubmitted++;
        const workerTx = result.transactions.find(
            (t) => t.inMessage?.info.dest instanceof Address && t.inMessage.info.dest.equals(node.worker),
        );
        let paid = 0n;
        for (const t of result.transactions) {
            const m = t.inMessage;
            if (m?.info.type === 'internal' && m.info.dest.equals(node.earnings) && m.info.src.equals(node.proxy.proxy))
                paid += m.info.value.coins;
        }
        this.expectOk(result, `voucher for ${node.earnings}`);
        return { workerExit: workerTx ? exitCode(workerTx) : undefined, paid };
    }

    private node(workerIndex: number): AttributedNode {
        const node = this.nodes.get(workerIndex);
        if (!node) throw new Error(`worker ${workerIndex} is not attributed`);
        return node;
    }

    // ---- keepers: pay_owed ----

    owedRequest(queryId: bigint, workers: readonly number[]): OwedRequest {
        return { queryId, workers, value: payOwedValue(this.fees, workers.length) };
    }

    /** A keeper sends pay_owed and follows it to its final report. */
    async sendPayOwed(req: OwedRequest, keeper: number, opts: { value?: bigint } = {}): Promise<OwedResult> {
        const from = role(`keeper-${keeper}`);
        const txs: Transaction[] = [];
        for await (const tx of await this.chain.sendMessageIter(this.owedMessage(req, from, opts.value))) txs.push(tx);
        this.absorb(txs);
        return this.owedOutcome(req, from, txs);
    }

    /** Two keepers' pay_owed at once, one transaction of each in turn. */
    async interleavePayOwed(reqs: readonly { req: OwedRequest; keeper: number }[]): Promise<OwedResult[]> {
        const froms = reqs.map((r) => role(`keeper-${r.keeper}`));
        const txs = await this.runInterleaved(reqs.map((r, i) => this.owedMessage(r.req, froms[i])));
        return reqs.map((r, i) => this.owedOutcome(r.req, froms[i], txs[i]));
    }

    /** The owner pauses right after the pay_owed's first transaction, with its payouts (and their bounces) in flight. */
    async pausePayOwedInFlight(req: OwedRequest, keeper: number): Promise<OwedResult> {
        const from = role(`keeper-${keeper}`);
        return this.owedOutcome(req, from, await this.runPausedInFlight(this.owedMessage(req, from)));
    }

    private owedMessage(req: OwedRequest, from: Address, value?: bigint) {
        return internal({
            from,
            to: this.pool.address,
            value: value ?? req.value,
            body: payOwedBody({ queryId: req.queryId, workers: req.workers }),
        });
    }

    private owedOutcome(req: OwedRequest, from: Address, txs: readonly Transaction[]): OwedResult {
        const first = txs[0];
        const code = first ? exitCode(first) : undefined;
        const accepted =
            first !== undefined &&
            code === 0 &&
            first.description.type === 'generic' &&
            first.description.aborted === false;
        let report: ReturnType<typeof parsePayOwedExcesses> | undefined;
        for (const tx of txs) {
            for (const m of tx.outMessages.values()) {
                if (m.info.type !== 'internal' || !m.info.src.equals(this.pool.address) || !m.info.dest.equals(from))
                    continue;
                const r = attempt(() => parsePayOwedExcesses(m.body));
                if (r && r.queryId === req.queryId) report = r;
            }
        }
        return { accepted, exitCode: code, stopReason: report?.stopReason };
    }

    // ---- members and the operator, through the registry (which syncs the pool) ----

    /** The worker's member points its payout at a fresh healthy wallet (registry change_payout, synced to the pool). */
    async changePayout(workerIndex: number): Promise<void> {
        const address = recipientAddress('payout-changed', this.recipients++);
        await plantRecipient(this.chain, address, 'healthy');
        this.payoutOf.set(workerIndex, address);
        await this.send(
            `change payout of worker ${workerIndex}`,
            await this.member(workerIndex),
            this.registry.address,
            await this.registryCost(RegistryOp.changePayout),
            changePayoutBody({ workerIndex, payout: address }),
        );
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
        await this.send(
            `suspend worker ${workerIndex}`,
            this.operator(),
            this.registry.address,
            await this.registryCost(RegistryOp.suspendWorker),
            suspendWorkerBody({ workerIndex }),
        );
        this.suspended.add(workerIndex);
    }

    async reinstate(workerIndex: number): Promise<void> {
        await this.send(
            `reinstate worker ${workerIndex}`,
            this.operator(),
            this.registry.address,
            await this.registryCost(RegistryOp.reinstateWorker),
            reinstateWorkerBody({ workerIndex }),
        );
        this.suspended.delete(workerIndex);
    }

    isActive(workerIndex: number): boolean {
        return !this.suspended.has(workerIndex);
    }

    // ---- money in ----

    /** Cocoon payouts (op 0xc59a7cd3, non-bounceable) from the proxies in turn. */
    async sendRevenue(values: readonly bigint[]): Promise<void> {
        for (let i = 0; i < values.length; i++) {
            await this.send(
                'revenue',
                role(`proxy-${i % PROXIES}`),
                this.pool.address,
                values[i],
                cocoonPayoutBody(this.queryId++),
                false,
            );
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
        await this.send(
            'pool set_operator',
            owner,
            this.pool.address,
            this.ownerOpValue(),
            poolSetOperatorBody({ operator: next }),
        );
        await this.send(
            'registry set_operator',
            owner,
            this.registry.address,
            await this.registryCost(RegistryOp.setOperator),
            registrySetOperatorBody({ operator: next }),
        );
        this.operatorKey++;
    }

    // ---- the operator's payout requests ----

    /** Sends a request and follows it to its final report. */
    async sendRequest(
        req: PayoutRequest,
        opts: { value?: bigint; asStaleOperator?: boolean } = {},
    ): Promise<RequestResult> {
        const from = opts.asStaleOperator
            ? role(`operator-${this.operatorKey - 1}`)
            : role(`operator-${this.operatorKey}`);
        const txs: Transaction[] = [];
        for await (const tx of await this.chain.sendMessageIter(this.requestMessage(req, from, opts.value)))
            txs.push(tx);
        this.absorb(txs);
        return this.outcome(req, from, txs);
    }

    /** Runs requests at once, one transaction of each in turn, until all are done. */
    async interleave(reqs: readonly PayoutRequest[]): Promise<RequestResult[]> {
        const from = role(`operator-${this.operatorKey}`);
        const txs = await this.runInterleaved(reqs.map((r) => this.requestMessage(r, from)));
        return reqs.map((r, i) => this.outcome(r, from, txs[i]));
    }

    private async runInterleaved(messages: readonly ReturnType<typeof internal>[]): Promise<Transaction[][]> {
        const iters = await Promise.all(
            messages.map(async (m) =>
                (await this.chain.sendMessageIter(m, { allowParallel: true }))[Symbol.asyncIterator](),
            ),
        );
        const txs: Transaction[][] = messages.map(() => []);
        const live = new Set(iters.map((_, i) => i));
        while (live.size > 0) {
            for (const i of [...live]) {
                const step = await iters[i].next();
                if (step.done) live.delete(i);
                else txs[i].push(step.value);
            }
        }
        this.absorb(txs.flat());
        return txs;
    }

    /** The owner pauses right after the request's first transaction, with its payouts and bounces in flight. */
    async pauseWhileInFlight(req: PayoutRequest): Promise<RequestResult> {
        const from = role(`operator-${this.operatorKey}`);
        return this.outcome(req, from, await this.runPausedInFlight(this.requestMessage(req, from)));
    }

    private async runPausedInFlight(message: ReturnType<typeof internal>): Promise<Transaction[]> {
        const it = (await this.chain.sendMessageIter(message, { allowParallel: true }))[Symbol.asyncIterator]();
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
        return txs;
    }

    // ---- reading ----

    /** Pool balance minus what it holds for workers (both books) and the owner (must never be negative). */
    async solvencyGap(): Promise<bigint> {
        const t = await this.pool.getTotals();
        return t.balance - t.owed - t.attributedOwed - t.commissionHeld;
    }

    /**
     * The oracle after one step (an action and every transaction it caused), from the getters and the
     * observer's books: solvency over both books; operator-settled conservation (owed = revenue -
     * commission - paid + returned; the payouts and bounce credits seen = the pool's paid and
     * returned); commission accrued + attributed commission = withdrawn + storage charged + held; the
     * attributed totals rebuilt from the transactions = get_attributed_totals, field by field; no
     * attributed payout other than a worker's whole balance, no worker paid more than it was
     * credited. Returns what broke (empty: everything held).
     */
    async checkStep(opts: { light?: boolean } = {}): Promise<{ solvencyGap: bigint; broken: string[] }> {
        const t = await this.pool.getTotals();
        const o = this.observer;
        const m = o.attributedTotals();
        // A light step reads get_pool_totals only (a getter costs ~25 ms on a 1,000-worker pool): the
        // attributed owed there must equal the rebuilt one, so any move of attributed money shows;
        // the other attributed totals are compared field by field at full steps (every pay_owed).
        const a =
            this.attributed.length === 0
                ? ZERO_ATTRIBUTED_TOTALS
                : opts.light
                  ? { ...m, owed: t.attributedOwed }
                  : await this.pool.getAttributedTotals();
        const broken: string[] = [];
        const gap = t.balance - t.owed - t.attributedOwed - t.commissionHeld;
        if (gap < 0n) broken.push(`solvency: balance short by ${-gap}`);
        if (t.owed !== t.revenue - t.commissionAccrued - t.paid + t.returned)
            broken.push(`settled owed ${t.owed} != revenue - commission - paid + returned`);
        if (o.paidNanoton !== t.paid || o.returnedNanoton !== t.returned)
            broken.push(
                `settled paid/returned seen ${o.paidNanoton}/${o.returnedNanoton}, pool ${t.paid}/${t.returned}`,
            );
        if (t.commissionAccrued + a.commission !== t.commissionWithdrawn + t.storageCharged + t.commissionHeld)
            broken.push('commission accrued + attributed != withdrawn + storage charged + held');
        for (const k of ['revenue', 'commission', 'paid', 'returned', 'owed', 'entries'] as const) {
            if (BigInt(m[k]) !== BigInt(a[k])) broken.push(`attributed ${k}: rebuilt ${m[k]}, pool ${a[k]}`);
        }
        if (a.owed !== t.attributedOwed || a.owed !== a.revenue - a.commission - a.paid + a.returned)
            broken.push(`attributed owed ${a.owed} != revenue - commission - paid + returned`);
        const once = o.attributedExactlyOnce();
        if (once.doublePayments > 0 || once.wrongAmounts > 0)
            broken.push(
                `attributed: ${once.doublePayments} worker(s) overpaid, ${once.wrongAmounts} payout(s) not the whole balance`,
            );
        return { solvencyGap: gap, broken };
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
        // Attributed: the toolkit's reconciliation (toolkit/reconcile/attributed.ts: the pool's history
        // replayed per worker against its owed dict and totals), and the observer's own books against the getters.
        const a = this.attributed.length > 0 ? await this.pool.getAttributedTotals() : ZERO_ATTRIBUTED_TOTALS;
        const books = await reconcileAttributed({
            source: this.source,
            codec: this.attributedCodec,
            reader: attributedStateReader(await sandboxPoolData(this.chain, this.pool.address)),
            commissionBps: COMMISSION_BPS,
        });
        let attributedDiff = books.unexplainedNanoton;
        const m = o.attributedTotals();
        for (const k of ['revenue', 'commission', 'paid', 'returned', 'owed'] as const)
            attributedDiff += abs(m[k] - a[k]);
        attributedDiff += abs(a.revenue - a.commission - a.paid + a.returned - a.owed) + abs(a.owed - t.attributedOwed);
        this.money = {
            revenue: t.revenue,
            commissionAccrued: t.commissionAccrued,
            paid: t.paid,
            returned: t.returned,
            owed: t.owed,
            conservationGap:
                abs(o.paidNanoton - t.paid) +
                abs(o.returnedNanoton - t.returned) +
                abs(ledgerPaid - (t.paid - t.returned)),
            attributed: a,
            attributedDiff,
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

    /** Attributed payouts bounced, by how the recipient refused. */
    attributedBounceCounts(): Record<BounceKind, number> {
        return { ...this.attributedBouncesByKind };
    }

    /** Balances left at the attributed workers' earnings contracts (what they hold, not yet forwarded). */
    async earningsBalances(): Promise<bigint> {
        let total = 0n;
        for (const n of this.nodes.values()) total += (await this.chain.getContract(n.earnings)).balance;
        return total;
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
    private absorb(unordered: readonly Transaction[]): void {
        // In the order the chain ran them (logical time): interleaved requests and a pause in flight
        // collect their transactions per message, and the observer's per-worker books depend on the
        // order (a payout of B, its bounce's credit, then A's payout of what came back: read A first
        // and A seems to pay a balance the worker did not have yet, B more than its credits).
        const txs = [...unordered].sort((a, b) => (a.lt < b.lt ? -1 : a.lt > b.lt ? 1 : 0));
        this.observer.record(txs);
        this.source.ingest(txs);
        for (const tx of txs) {
            const m = tx.inMessage;
            if (m?.info.type !== 'internal' || !m.info.bounced || !m.info.dest.equals(this.pool.address)) continue;
            const kind = this.kindByAddress.get(m.info.src.toRawString());
            if (!kind) continue;
            if (isBouncedAttributedPayout(m.body)) this.attributedBouncesByKind[kind]++;
            else this.bouncesByKind[kind]++;
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
        const accepted =
            first !== undefined &&
            code === 0 &&
            first.description.type === 'generic' &&
            first.description.aborted === false;
        let report: ReturnType<typeof parsePayoutExcesses> | undefined;
        for (const tx of txs) {
            for (const m of tx.outMessages.values()) {
                if (m.info.type !== 'internal' || !m.info.src.equals(this.pool.address) || !m.info.dest.equals(from))
                    continue;
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
    private async send(
        what: string,
        from: Address,
        to: Address,
        value: bigint,
        body: Cell,
        bounce = true,
    ): Promise<void> {
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

/** Picks round(share x workers) workers for Cocoon, spread by the seeded PRNG, ascending. */
export function chooseAttributed(workers: number, share: number, rng: Random): number[] {
    const count = Math.round(workers * share);
    const all = Array.from({ length: workers }, (_, i) => i);
    for (let i = all.length - 1; i > 0; i--) {
        const j = rng.int(0, i);
        [all[i], all[j]] = [all[j], all[i]];
    }
    return all.slice(0, count).sort((a, b) => a - b);
}

const ZERO_ATTRIBUTED_TOTALS: AttributedTotals = {
    revenue: 0n,
    commission: 0n,
    paid: 0n,
    returned: 0n,
    owed: 0n,
    entries: 0,
};

function contractAddressOf(init: { code?: Cell | null; data?: Cell | null }): Address {
    return contractAddress(0, { code: init.code!, data: init.data! });
}

function isBouncedAttributedPayout(body: Cell): boolean {
    const s = body.beginParse();
    return s.remainingBits >= 64 && s.loadUint(32) === 0xffffffff && s.loadUint(32) === PoolOp.attributedPayout;
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
