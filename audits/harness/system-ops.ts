/**
 * Operations on the wired system (system.ts) by every role, and a model of the money they
 * move, booked from the messages the chain actually carried. Used by the property test (random
 * sequences) and by the coverage scenarios (a scripted one).
 */
import { Address, beginCell, toNano } from '@ton/core';
import { SendMessageResult } from '@ton/sandbox';
import { createHash } from 'crypto';
import { FeeSchedule } from '../../toolkit/chain/fees';
import {
    bookedRevenue,
    bounceCredit,
    parseBouncedPoolPayout,
    parsePoolPayout,
    PoolError,
    PoolOp,
    withdrawValue,
} from '../../wrappers/PoolPayout';
import { RegistryOp, WorkerStatus } from '../../wrappers/RegistryConstants';
import { SharedOp } from '../../wrappers/shared';
import { parseWorkerRegistryData, WorkerRecord } from '../../wrappers/WorkerRegistry';
import { stateOf } from './state';
import { System, SYSTEM_MIN_STAKE } from './system';

export type Op =
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

/** An account nobody deployed: a payout there bounces. */
export const missing = (i: number) => new Address(0, createHash('sha256').update(`missing-${i}`).digest());

/** Money as the model expects it, from the messages the chain actually carried. */
export class Model {
    revenue = 0n;
    commission = 0n;
    withdrawn = 0n;
    returned = 0n;
    sent = 0n;
    entitled = new Map<number, bigint>();
    delivered = new Map<number, bigint>();
    /** Payout messages the pool sent, per worker index (what a blocked worker must never gain). */
    payoutMessages = new Map<number, number>();
    constructor(
        readonly pool: Address,
        readonly fees: () => FeeSchedule,
        readonly bps: number,
    ) {}

    clone(): Model {
        const c = Object.assign(new Model(this.pool, this.fees, this.bps), this);
        c.entitled = new Map(this.entitled);
        c.delivered = new Map(this.delivered);
        c.payoutMessages = new Map(this.payoutMessages);
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
                this.payoutMessages.set(p.workerIndex, (this.payoutMessages.get(p.workerIndex) ?? 0) + 1);
            }
            if (!msg.info.dest.equals(this.pool) || !ok) continue;
            if (msg.info.bounced) {
                if (msg.body.beginParse().skip(32).loadUint(32) === PoolOp.poolPayout) {
                    // The pool credits back what came back less its handling, never more than the
                    // payout: the worker bears what its address cost (issue 9, finding 3).
                    const p = parseBouncedPoolPayout(msg.body);
                    const credit = bounceCredit(this.fees(), p.amount, msg.info.value.coins);
                    this.returned += credit;
                    this.delivered.set(p.workerIndex, (this.delivered.get(p.workerIndex) ?? 0n) - credit);
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

/** A live worker the pool may pay: active, or exited (its stake is still there: the final settlement window). */
export const payable = (r: WorkerRecord) => r.status === WorkerStatus.active || r.status === WorkerStatus.exited;

export function poolTx(r: SendMessageResult, pool: Address) {
    return r.transactions.find(
        (t) => t.inMessage?.info.type === 'internal' && t.inMessage.info.dest.equals(pool) && !t.inMessage.info.bounced,
    );
}
export function exitOf(r: SendMessageResult, pool: Address): number | undefined {
    const tx = poolTx(r, pool);
    return tx?.description.type === 'generic' && tx.description.computePhase.type === 'vm'
        ? tx.description.computePhase.exitCode
        : undefined;
}

export async function step(s: System, model: Model, op: Op): Promise<string[]> {
    const problems: string[] = [];
    const data = parseWorkerRegistryData((await stateOf(s.blockchain, s.registry.address)).data);
    const n = data.nextIndex;
    const req = (o: number) => s.registry.getRequiredValue(o);
    switch (op.t) {
        case 'revenue':
            model.track(
                await s.pool.sendCocoonPayout(s.cocoon.getSender(), { value: toNano(op.ton), queryId: BigInt(op.ton) }),
            );
            break;
        case 'register':
            model.track(
                await s.registry.sendRegisterWorker(s.members[op.m].getSender(), {
                    value: SYSTEM_MIN_STAKE + (await req(RegistryOp.registerWorker)),
                    stake: SYSTEM_MIN_STAKE,
                    payout: s.members[op.m].address,
                }),
            );
            break;
        case 'approve':
        case 'suspend':
        case 'reinstate': {
            const send = {
                approve: 'sendApproveWorker',
                suspend: 'sendSuspendWorker',
                reinstate: 'sendReinstateWorker',
            } as const;
            const code = {
                approve: RegistryOp.approveWorker,
                suspend: RegistryOp.suspendWorker,
                reinstate: RegistryOp.reinstateWorker,
            } as const;
            model.track(
                await s.registry[send[op.t]](s.operator.getSender(), {
                    value: await req(code[op.t]),
                    workerIndex: op.w,
                }),
            );
            break;
        }
        case 'changePayout':
            model.track(
                await s.registry.sendChangePayout(s.members[op.by].getSender(), {
                    value: await req(RegistryOp.changePayout),
                    workerIndex: op.w,
                    payout: op.missing ? missing(op.w) : s.members[op.by].address,
                }),
            );
            break;
        case 'exit':
            model.track(
                await s.registry.sendRequestExit(s.members[op.by].getSender(), {
                    value: await req(RegistryOp.requestExit),
                    workerIndex: op.w,
                }),
            );
            break;
        case 'withdraw':
            model.track(
                await s.registry.sendWithdrawStake(s.members[op.by].getSender(), {
                    value: await req(RegistryOp.withdrawStake),
                    workerIndex: op.w,
                }),
            );
            break;
        case 'time':
            s.blockchain.now = (s.blockchain.now ?? 0) + op.hours * 3600;
            break;
        case 'entitle':
            if (op.w < n)
                model.entitled.set(
                    op.w,
                    (model.entitled.get(op.w) ?? 0n) + (model.unallocated() * BigInt(op.pct)) / 100n,
                );
            break;
        case 'batch': {
            const entries = op.ws
                .filter((i) => i < n)
                .map((i) => ({ workerIndex: i, cumulative: model.entitled.get(i) ?? 0n }));
            if (entries.length === 0) break;
            const value = (await s.pool.getBatchValue(entries.length)) - (op.underpay ? 1n : 0n);
            for (let k = 0; k < (op.retry ? 2 : 1); k++) {
                const r = await s.pool.sendPayoutBatch(s.operator.getSender(), { value, queryId: BigInt(k), entries });
                model.track(r);
                const paused = (await s.pool.getParams()).paused;
                const want = paused ? PoolError.paused : op.underpay ? PoolError.insufficientValue : 0;
                if (exitOf(r, s.pool.address) !== want)
                    problems.push(`batch: exit ${exitOf(r, s.pool.address)}, expected ${want}`);
            }
            break;
        }
        case 'withdrawCommission': {
            const t = await s.pool.getTotals();
            const amount = (t.commissionHeld * BigInt(op.pct)) / 100n;
            model.track(
                await s.pool.sendWithdrawCommission(s.owner.getSender(), {
                    value: withdrawValue(model.fees()) + toNano('0.01'),
                    amount,
                }),
            );
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
                r = await s.pool.sendPayoutBatch(who.getSender(), {
                    value: toNano('1'),
                    queryId: 9n,
                    entries: [{ workerIndex: 0, cumulative: t.owed }],
                });
                want = PoolError.notOperator;
            } else if (op.kind === 'withdraw') {
                r = await s.pool.sendWithdrawCommission(who.getSender(), {
                    value: toNano('1'),
                    amount: t.commissionHeld,
                });
                want = PoolError.notOwner;
            } else if (op.kind === 'setParams') {
                r = await s.pool.sendSetParams(who.getSender(), {
                    value: toNano('1'),
                    commissionBps: 5000,
                    minPayout: 1n,
                    periodCap: toNano('1000000'),
                    periodLength: 3600,
                });
                want = PoolError.notOwner;
            } else {
                r = await s.pool.sendRevenue(who.getSender(), {
                    value: toNano('1'),
                    bounce: true,
                    body: beginCell()
                        .storeUint(SharedOp.workerSync, 32)
                        .storeUint(0, 64)
                        .storeUint(0, 32)
                        .storeAddress(who.address)
                        .storeBit(true)
                        .storeBit(false)
                        .endCell(),
                });
                want = PoolError.notRegistry;
            }
            if (exitOf(r, s.pool.address) !== want)
                problems.push(`hostile ${op.kind}: exit ${exitOf(r, s.pool.address)}, expected ${want}`);
            if (!(await stateOf(s.blockchain, s.pool.address)).data.equals(before.data))
                problems.push(`hostile ${op.kind} changed the pool`);
            break;
        }
    }
    return problems;
}

/** The operator's final settlement: unpause, bring bounced payouts home, pay every entitlement. */
export async function settle(s: System, model: Model): Promise<string[]> {
    model.track(await s.pool.sendSetPaused(s.owner.getSender(), { value: toNano('0.05'), paused: false }));
    const { workers: records, nextIndex } = parseWorkerRegistryData(
        (await stateOf(s.blockchain, s.registry.address)).data,
    );
    for (const [i, r] of records) {
        if (!r.payout.equals(r.member)) {
            model.track(
                await s.registry.sendChangePayout(s.members.find((x) => x.address.equals(r.member))!.getSender(), {
                    value: await s.registry.getRequiredValue(RegistryOp.changePayout),
                    workerIndex: i,
                    payout: r.member,
                }),
            );
        }
    }
    // every index ever assigned, departed ones too (the pool must skip them)
    const departed = Array.from({ length: nextIndex }, (_, i) => i).filter((i) => !records.has(i));
    const deliveredBefore = new Map(departed.map((i) => [i, model.delivered.get(i) ?? 0n]));
    const entries = Array.from({ length: nextIndex }, (_, i) => ({
        workerIndex: i,
        cumulative: model.entitled.get(i) ?? 0n,
    }));
    if (entries.length > 0)
        model.track(
            await s.pool.sendPayoutBatch(s.operator.getSender(), {
                value: await s.pool.getBatchValue(entries.length),
                queryId: 77n,
                entries,
            }),
        );
    const problems: string[] = [];
    // a departed index (stake withdrawn, or rejected) is never paid operator-settled money again; one
    // the pool knew is withdrawn there (the registry's withdrawal sync), never active or suspended
    for (const i of departed) {
        if ((model.delivered.get(i) ?? 0n) !== deliveredBefore.get(i))
            problems.push(`departed worker ${i} was paid operator-settled money after its stake left`);
        const w = await s.pool.getWorker(i);
        if (w.known && !w.withdrawn)
            problems.push(`departed worker ${i} is known to the pool but not withdrawn (active ${w.active})`);
    }
    const after = parseWorkerRegistryData((await stateOf(s.blockchain, s.registry.address)).data).workers;
    for (const [i, r] of after) {
        const entitled = model.entitled.get(i) ?? 0n;
        const delivered = model.delivered.get(i) ?? 0n;
        if (r.synced && payable(r) && delivered !== entitled)
            problems.push(`settled worker ${i} received ${delivered}, entitled to ${entitled}`);
    }
    return problems;
}
