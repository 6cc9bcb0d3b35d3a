/**
 * Property-based test of the whole pool: fast-check draws random sequences of operations from
 * every role (members register, change payout addresses, including to accounts that bounce, exit
 * and withdraw; the operator approves, suspends, reinstates and submits batches with duplicates,
 * retries and too little value; Cocoon pays revenue; the owner pauses and withdraws commission;
 * strangers and members try privileged pool ops; time passes) against the registry wired to the
 * pool, and an off-chain model of the money. After every step the DESIGN.md invariants must hold
 * to the nanoton; at the end, a settlement batch must bring every payable worker to exactly its
 * funded cumulative entitlement.
 */
import { Address, beginCell, toNano } from '@ton/core';
import { SendMessageResult } from '@ton/sandbox';
import fc from 'fast-check';
import { createHash } from 'crypto';
import { FeeSchedule } from '../../toolkit/chain/fees';
import { PRICE_SETS } from '../../toolkit/chain/prices';
import { bookedRevenue, parseBouncedPoolPayout, parsePoolPayout, PoolError, PoolOp, withdrawValue } from '../../wrappers/PoolPayout';
import { RegistryOp, WorkerStatus } from '../../wrappers/RegistryConstants';
import { SharedOp } from '../../wrappers/shared';
import { parseWorkerRegistryData, WorkerRecord } from '../../wrappers/WorkerRegistry';
import { stateOf } from '../helpers/state';
import { poolBookProblems, registryBookProblems } from './support/books';
import { FUZZ_RUNS, fuzzSeed, replayHint } from './support/seed';
import { setupSystem, System, SYSTEM_MIN_STAKE } from './support/system';

const WORKERS = 8;
const MEMBERS = 4;
/** Property runs per price set: FUZZ_RUNS / 10 (10 by default), each of up to 14 steps plus the settlement. */
const RUNS = Math.max(2, Math.floor(FUZZ_RUNS / 10));

type Op =
    | { t: 'revenue'; ton: number }
    | { t: 'register'; m: number }
    | { t: 'approve' | 'suspend' | 'reinstate'; w: number }
    | { t: 'changePayout'; w: number; by: number; missing: boolean }
    | { t: 'exit' | 'withdraw'; w: number; by: number }
    | { t: 'time'; hours: number }
    | { t: 'entitle'; w: number; pct: number }
    | { t: 'batch'; ws: number[]; retry: boolean; underpay: boolean }
    | { t: 'withdrawCommission'; pct: number }
    | { t: 'pause'; on: boolean }
    | { t: 'hostile'; kind: 'batch' | 'withdraw' | 'setParams' | 'sync'; from: number };

const w = fc.integer({ min: 0, max: WORKERS - 1 });
const m = fc.integer({ min: 0, max: MEMBERS - 1 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
    { weight: 3, arbitrary: fc.record({ t: fc.constant('revenue' as const), ton: fc.integer({ min: 1, max: 300 }) }) },
    { weight: 3, arbitrary: fc.record({ t: fc.constant('register' as const), m }) },
    { weight: 3, arbitrary: fc.record({ t: fc.constantFrom('approve' as const, 'suspend' as const, 'reinstate' as const), w }) },
    { weight: 2, arbitrary: fc.record({ t: fc.constant('changePayout' as const), w, by: m, missing: fc.boolean() }) },
    { weight: 1, arbitrary: fc.record({ t: fc.constantFrom('exit' as const, 'withdraw' as const), w, by: m }) },
    { weight: 1, arbitrary: fc.record({ t: fc.constant('time' as const), hours: fc.integer({ min: 1, max: 72 }) }) },
    { weight: 4, arbitrary: fc.record({ t: fc.constant('entitle' as const), w, pct: fc.integer({ min: 1, max: 60 }) }) },
    { weight: 4, arbitrary: fc.record({ t: fc.constant('batch' as const), ws: fc.array(w, { minLength: 1, maxLength: 12 }), retry: fc.boolean(), underpay: fc.boolean() }) },
    { weight: 1, arbitrary: fc.record({ t: fc.constant('withdrawCommission' as const), pct: fc.integer({ min: 1, max: 100 }) }) },
    { weight: 1, arbitrary: fc.record({ t: fc.constant('pause' as const), on: fc.boolean() }) },
    { weight: 2, arbitrary: fc.record({ t: fc.constant('hostile' as const), kind: fc.constantFrom('batch' as const, 'withdraw' as const, 'setParams' as const, 'sync' as const), from: fc.integer({ min: -1, max: MEMBERS - 1 }) }) },
);

/** An account nobody deployed: a payout there bounces. */
const missing = (i: number) => new Address(0, createHash('sha256').update(`missing-${i}`).digest());

/** Money as the model expects it, from the messages the chain actually carried. */
class Model {
    revenue = 0n;
    commission = 0n;
    withdrawn = 0n;
    returned = 0n;
    sent = 0n;
    entitled = new Map<number, bigint>();
    delivered = new Map<number, bigint>();
    constructor(readonly pool: Address, readonly fees: () => FeeSchedule, readonly bps: number) {}

    clone(): Model {
        const c = Object.assign(new Model(this.pool, this.fees, this.bps), this);
        c.entitled = new Map(this.entitled);
        c.delivered = new Map(this.delivered);
        return c;
    }

    /** Books every payout, returned payout and revenue message of a chain. */
    track(r: SendMessageResult): void {
        for (const tx of r.transactions) {
            const msg = tx.inMessage;
            if (msg?.info.type !== 'internal' || tx.description.type !== 'generic') continue;
            const ok = tx.description.computePhase.type === 'vm' && tx.description.computePhase.success;
            const body = msg.body.beginParse();
            const op = body.remainingBits >= 32 ? body.preloadUint(32) : undefined;
            if (msg.info.src.equals(this.pool) && op === PoolOp.poolPayout) {
                const p = parsePoolPayout(msg.body);
                this.sent += p.amount;
                this.delivered.set(p.workerIndex, (this.delivered.get(p.workerIndex) ?? 0n) + p.amount);
            }
            if (!msg.info.dest.equals(this.pool) || !ok) continue;
            if (msg.info.bounced) {
                if (msg.body.beginParse().skip(32).loadUint(32) === PoolOp.poolPayout) {
                    const p = parseBouncedPoolPayout(msg.body);
                    this.returned += p.amount;
                    this.delivered.set(p.workerIndex, (this.delivered.get(p.workerIndex) ?? 0n) - p.amount);
                }
            } else if (op === SharedOp.cocoonPayout) {
                const b = bookedRevenue(this.fees(), msg.info.value.coins, this.bps);
                this.revenue += b.revenue;
                this.commission += b.commission;
            } else if (op === PoolOp.withdrawCommission) {
                this.withdrawn += msg.body.beginParse().skip(96).loadCoins();
            }
        }
    }

    unallocated(): bigint {
        let e = 0n;
        for (const v of this.entitled.values()) e += v;
        return this.revenue - this.commission - e;
    }
}

/** A worker the pool may pay: active, or exited with the stake still there (the final settlement window). */
const payable = (r: WorkerRecord) => r.status === WorkerStatus.active || (r.status === WorkerStatus.exited && !r.withdrawn);

function poolTx(r: SendMessageResult, pool: Address) {
    return r.transactions.find((t) => t.inMessage?.info.type === 'internal' && t.inMessage.info.dest.equals(pool) && !t.inMessage.info.bounced);
}
function exitOf(r: SendMessageResult, pool: Address): number | undefined {
    const tx = poolTx(r, pool);
    return tx?.description.type === 'generic' && tx.description.computePhase.type === 'vm' ? tx.description.computePhase.exitCode : undefined;
}

async function invariants(s: System, model: Model): Promise<string[]> {
    const problems: string[] = [];
    const reg = await stateOf(s.blockchain, s.registry.address);
    const pool = await stateOf(s.blockchain, s.pool.address);
    problems.push(...registryBookProblems(reg.data, reg.balance), ...poolBookProblems(pool.data, pool.balance));
    const totals = await s.pool.getTotals();
    // 2. Conservation: revenue and commission booked as the model computes them from the messages,
    //    paid/returned equal to the payouts that left and came back.
    const expected = { revenue: model.revenue, commissionAccrued: model.commission, commissionWithdrawn: model.withdrawn, paid: model.sent, returned: model.returned };
    const got = { revenue: totals.revenue, commissionAccrued: totals.commissionAccrued, commissionWithdrawn: totals.commissionWithdrawn, paid: totals.paid, returned: totals.returned };
    for (const k of Object.keys(expected) as (keyof typeof expected)[]) if (expected[k] !== got[k]) problems.push(`${k}: pool ${got[k]}, model ${expected[k]}`);
    if (totals.owed !== model.revenue - model.commission - model.sent + model.returned) problems.push('owed is not revenue - commission - paid + returned');
    // 1 and 4. Exactly once: each worker's ledger equals what reached it net of bounces, never more than it is entitled to.
    const records = parseWorkerRegistryData(reg.data).workers;
    for (const [i, r] of records) {
        const pw = await s.pool.getWorker(i);
        const delivered = model.delivered.get(i) ?? 0n;
        if (pw.paid !== delivered) problems.push(`worker ${i}: ledger paid ${pw.paid}, delivered net ${delivered}`);
        if (delivered > (model.entitled.get(i) ?? 0n)) problems.push(`worker ${i}: received ${delivered}, entitled to ${model.entitled.get(i) ?? 0n}`);
        // 5. The pool's view follows the registry (one ordered sender/receiver pair).
        if (r.synced) {
            if (!pw.known || !pw.payout?.equals(r.payout) || pw.active !== payable(r)) {
                problems.push(`worker ${i}: pool sees ${JSON.stringify({ known: pw.known, payout: pw.payout?.toRawString(), active: pw.active })}, registry ${JSON.stringify({ payout: r.payout.toRawString(), payable: payable(r) })}`);
            }
        } else if (pw.known) problems.push(`worker ${i}: the pool knows a worker the registry never synced`);
    }
    return problems;
}

async function step(s: System, model: Model, op: Op): Promise<string[]> {
    const problems: string[] = [];
    const data = parseWorkerRegistryData((await stateOf(s.blockchain, s.registry.address)).data);
    const n = data.nextIndex;
    const req = (o: number) => s.registry.getRequiredValue(o);
    switch (op.t) {
        case 'revenue':
            model.track(await s.pool.sendCocoonPayout(s.cocoon.getSender(), { value: toNano(op.ton), queryId: BigInt(op.ton) }));
            break;
        case 'register':
            model.track(await s.registry.sendRegisterWorker(s.members[op.m].getSender(), { value: SYSTEM_MIN_STAKE + (await req(RegistryOp.registerWorker)), stake: SYSTEM_MIN_STAKE, payout: s.members[op.m].address }));
            break;
        case 'approve':
        case 'suspend':
        case 'reinstate': {
            const send = { approve: 'sendApproveWorker', suspend: 'sendSuspendWorker', reinstate: 'sendReinstateWorker' } as const;
            const code = { approve: RegistryOp.approveWorker, suspend: RegistryOp.suspendWorker, reinstate: RegistryOp.reinstateWorker } as const;
            model.track(await s.registry[send[op.t]](s.operator.getSender(), { value: await req(code[op.t]), workerIndex: op.w }));
            break;
        }
        case 'changePayout':
            model.track(await s.registry.sendChangePayout(s.members[op.by].getSender(), { value: await req(RegistryOp.changePayout), workerIndex: op.w, payout: op.missing ? missing(op.w) : s.members[op.by].address }));
            break;
        case 'exit':
            model.track(await s.registry.sendRequestExit(s.members[op.by].getSender(), { value: await req(RegistryOp.requestExit), workerIndex: op.w }));
            break;
        case 'withdraw':
            model.track(await s.registry.sendWithdrawStake(s.members[op.by].getSender(), { value: await req(RegistryOp.withdrawStake), workerIndex: op.w }));
            break;
        case 'time':
            s.blockchain.now = (s.blockchain.now ?? 0) + op.hours * 3600;
            break;
        case 'entitle':
            if (op.w < n) model.entitled.set(op.w, (model.entitled.get(op.w) ?? 0n) + (model.unallocated() * BigInt(op.pct)) / 100n);
            break;
        case 'batch': {
            const entries = op.ws.filter((i) => i < n).map((i) => ({ workerIndex: i, cumulative: model.entitled.get(i) ?? 0n }));
            if (entries.length === 0) break;
            const value = (await s.pool.getBatchValue(entries.length)) - (op.underpay ? 1n : 0n);
            for (let k = 0; k < (op.retry ? 2 : 1); k++) {
                const r = await s.pool.sendPayoutBatch(s.operator.getSender(), { value, queryId: BigInt(k), entries });
                model.track(r);
                const paused = (await s.pool.getParams()).paused;
                const want = paused ? PoolError.paused : op.underpay ? PoolError.insufficientValue : 0;
                if (exitOf(r, s.pool.address) !== want) problems.push(`batch: exit ${exitOf(r, s.pool.address)}, expected ${want}`);
            }
            break;
        }
        case 'withdrawCommission': {
            const t = await s.pool.getTotals();
            const amount = (t.commissionHeld * BigInt(op.pct)) / 100n;
            model.track(await s.pool.sendWithdrawCommission(s.owner.getSender(), { value: withdrawValue(model.fees()) + toNano('0.01'), amount }));
            break;
        }
        case 'pause':
            model.track(await s.pool.sendSetPaused(s.owner.getSender(), { value: toNano('0.05'), paused: op.on }));
            break;
        case 'hostile': {
            // 6. Every privileged pool op rejects every other role, and changes nothing.
            const who = op.from < 0 ? s.stranger : s.members[op.from];
            const before = await stateOf(s.blockchain, s.pool.address);
            const t = await s.pool.getTotals();
            let r: SendMessageResult;
            let want: number;
            if (op.kind === 'batch') {
                r = await s.pool.sendPayoutBatch(who.getSender(), { value: toNano('1'), queryId: 9n, entries: [{ workerIndex: 0, cumulative: t.owed }] });
                want = PoolError.notOperator;
            } else if (op.kind === 'withdraw') {
                r = await s.pool.sendWithdrawCommission(who.getSender(), { value: toNano('1'), amount: t.commissionHeld });
                want = PoolError.notOwner;
            } else if (op.kind === 'setParams') {
                r = await s.pool.sendSetParams(who.getSender(), { value: toNano('1'), commissionBps: 5000, minPayout: 1n, periodCap: toNano('1000000'), periodLength: 3600 });
                want = PoolError.notOwner;
            } else {
                r = await s.pool.sendRevenue(who.getSender(), {
                    value: toNano('1'),
                    bounce: true,
                    body: beginCell().storeUint(SharedOp.workerSync, 32).storeUint(0, 64).storeUint(0, 32).storeAddress(who.address).storeBit(true).endCell(),
                });
                want = PoolError.notRegistry;
            }
            if (exitOf(r, s.pool.address) !== want) problems.push(`hostile ${op.kind}: exit ${exitOf(r, s.pool.address)}, expected ${want}`);
            if (!(await stateOf(s.blockchain, s.pool.address)).data.equals(before.data)) problems.push(`hostile ${op.kind} changed the pool`);
            break;
        }
    }
    return problems;
}

/** The operator's final settlement: unpause, bring bounced payouts home, pay every entitlement. */
async function settle(s: System, model: Model): Promise<string[]> {
    model.track(await s.pool.sendSetPaused(s.owner.getSender(), { value: toNano('0.05'), paused: false }));
    const records = parseWorkerRegistryData((await stateOf(s.blockchain, s.registry.address)).data).workers;
    for (const [i, r] of records) {
        if (!r.withdrawn && !r.payout.equals(r.member)) {
            model.track(await s.registry.sendChangePayout(s.members.find((x) => x.address.equals(r.member))!.getSender(), { value: await s.registry.getRequiredValue(RegistryOp.changePayout), workerIndex: i, payout: r.member }));
        }
    }
    const entries = [...records.keys()].map((i) => ({ workerIndex: i, cumulative: model.entitled.get(i) ?? 0n }));
    if (entries.length > 0) model.track(await s.pool.sendPayoutBatch(s.operator.getSender(), { value: await s.pool.getBatchValue(entries.length), queryId: 77n, entries }));
    const problems: string[] = [];
    const after = parseWorkerRegistryData((await stateOf(s.blockchain, s.registry.address)).data).workers;
    for (const [i, r] of after) {
        const entitled = model.entitled.get(i) ?? 0n;
        const delivered = model.delivered.get(i) ?? 0n;
        if (r.synced && payable(r) && delivered !== entitled) problems.push(`settled worker ${i} received ${delivered}, entitled to ${entitled}`);
    }
    return problems;
}

describe.each(PRICE_SETS)('property: the pool under random operations from every role (%s prices)', (prices) => {
    // Attack and fault mix: hostile members and strangers, an operator retrying, duplicating and
    // underpaying batches, payouts to accounts that bounce, pauses, fee-priced revenue, time jumps.
    // Must hold after every step: conservation and solvency to the nanoton (2, 3), every worker's
    // ledger equal to what reached it net of bounces and never above its entitlement (1, 4), the
    // pool's worker table equal to the registry's (5), privileged ops rejected for everyone else
    // (6); after the settlement every payable worker holds exactly its funded entitlement (1).
    it(`[FIN-500][DUP-500][ASY-500][ACC-500] random operation sequences keep conservation, solvency and exactly-once payment to the nanoton (${prices})`, async () => {
        const s = await setupSystem(prices, MEMBERS);
        const seed = fuzzSeed(0x5eed0502 + PRICE_SETS.indexOf(prices));
        // Warm-up, so random steps act on a live pool: four members registered and approved, revenue in.
        const start = new Model(s.pool.address, () => new FeeSchedule(s.blockchain.config), (await s.pool.getParams()).commissionBps);
        const warmUp: Op[] = [0, 1, 2, 3].flatMap((i): Op[] => [{ t: 'register', m: i }, { t: 'approve', w: i }]).concat([{ t: 'revenue', ton: 200 }]);
        for (const op of warmUp) expect(await step(s, start, op)).toEqual([]);
        expect(await invariants(s, start)).toEqual([]);
        const warm = s.blockchain.snapshot();
        // One fixed sequence beside the random ones, so the bounce path is always exercised: a payout
        // to a missing account bounces, is credited back once, and is paid again after the fix.
        const bouncePath: Op[] = [
            { t: 'entitle', w: 1, pct: 30 },
            { t: 'changePayout', w: 1, by: 1, missing: true },
            { t: 'batch', ws: [1, 0, 1], retry: true, underpay: false },
            { t: 'changePayout', w: 1, by: 1, missing: false },
            { t: 'batch', ws: [1], retry: true, underpay: false },
        ];
        let sent = 0n;
        let returned = 0n;
        await fc.assert(
            fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 14 }), async (ops) => {
                await s.blockchain.loadFrom(warm);
                const model = start.clone();
                for (const [k, op] of ops.entries()) {
                    const problems = [...(await step(s, model, op)), ...(await invariants(s, model))];
                    if (problems.length > 0) throw new Error(`after step ${k} ${JSON.stringify(op)}:\n  ${problems.join('\n  ')}`);
                }
                const problems = [...(await settle(s, model)), ...(await invariants(s, model))];
                if (problems.length > 0) throw new Error(`after the settlement:\n  ${problems.join('\n  ')}`);
                sent += model.sent;
                returned += model.returned;
            }),
            { numRuns: RUNS, seed, endOnFailure: true, verbose: 1, examples: [[bouncePath]] },
        ).catch((e: Error) => {
            throw new Error(`${e.message}\n${replayHint(seed, 'tests/audit/property-system.spec.ts')}`);
        });
        // Not vacuous: payouts were made and some came back.
        expect(sent).toBeGreaterThan(0n);
        expect(returned).toBeGreaterThan(0n);
    });
});
