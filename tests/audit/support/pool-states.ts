/**
 * The worker-state fuzz of PoolPayout (tests/audit/fuzz-pool-states.spec.ts): a pool whose ledger
 * holds a worker in every state the contract knows, raw messages from every role with every field
 * at its TL-B extremes, and a model of the ledger that judges each message's whole chain, one
 * transaction at a time.
 *
 * Ledger states (index: state). Suspended is record state 10, withdrawn 01 (the registry's
 * worker_sync withdrawn: terminal, never paid operator-settled money; a raw sync makes more of them).
 *   0 active, paid 0 · 1 active, paid mid · 2 active, paid 2^64 - 1 · 3 active, paid 2^64 - 2
 *   4 suspended, paid mid, deployed wallet · 5 suspended, paid 0 · 6 withdrawn, paid 2^64 - 1
 *   7 withdrawn, paid mid · 8 held after BOUNCES_TO_HOLD bounces · 9 active, one bounce from held
 *   10 active, paid to a gas burner (its payouts bounce with less) · 11 held: payout = the pool
 *   12 held: payout = the registry · 13, 47 never synced in a written page · 48 active (page 1)
 *   49 suspended, paid 2^64 - 1 (page 1) · 60, 96, 2^32 - 1 never synced (60 in page 1; no page 2)
 */
import { Address, beginCell, Builder, Cell, toNano } from '@ton/core';
import { BlockchainSnapshot } from '@ton/sandbox';
import { FeeSchedule } from '../../../toolkit/chain/fees';
import { PriceSet } from '../../../toolkit/chain/prices';
import { Random } from '../../../toolkit/workload/random';
import {
    batchValue,
    bounceCredit,
    parsePoolPayoutData,
    PoolError,
    PoolGas,
    PoolLimits,
    PoolOp,
    PoolWorker,
} from '../../../wrappers/PoolPayout';
import { fillerAddress, PoolFixture, setupPool } from '../../../audits/harness/pool-fixture';
import { gasBurner } from '../../helpers/pool-recipients';
import { COINS_MAX, rawEntries, RawLeafGroup, rawWorkerSync, rawWorkerSyncV1 } from '../../../audits/harness/pool-raw';
import { expectPoolInvariants } from '../../helpers/invariants';
import { ContractState } from '../../../audits/harness/state';
import { Observation } from '../../../audits/harness/fuzz-runner';
import { judgeCommon } from './oracle';
import { HANDLED, opOf, poolProblems } from './pool-oracle';
import { FuzzMessage, FuzzWorld, randomMessage } from '../../../audits/harness/random-message';
import { MessageTemplate } from '../../../audits/harness/tlb-templates';

export const U64_MAX = (1n << 64n) - 1n;
const BLOCKED = 1n << 64n;
const MID = toNano('7');

export interface StatePool {
    f: PoolFixture;
    snapshot: BlockchainSnapshot;
    /** Every index the fuzz aims at: the ledger's and never-synced ones. */
    indices: number[];
    /** Payout addresses a worker_sync may name: deployed wallets, missing accounts, the burner, the pool, the registry, the zero account. */
    payouts: Address[];
    senders: Address[];
}

export async function setupStatePool(prices: PriceSet): Promise<StatePool> {
    const missing = (i: number) => fillerAddress(`state-${i}`);
    const burner = fillerAddress('state-burner');
    const w = (
        index: number,
        payout: Address,
        active: boolean,
        paid: bigint,
        extra: Partial<PoolWorker> = {},
    ): PoolWorker => ({ index, payout, active, paid, ...extra });
    const ledger = (wallets: Address[]): PoolWorker[] => [
        w(0, wallets[0], true, 0n),
        w(1, wallets[1], true, MID),
        w(2, wallets[2], true, U64_MAX),
        w(3, wallets[3], true, U64_MAX - 1n),
        w(4, wallets[4], false, MID),
        w(5, missing(5), false, 0n),
        w(6, wallets[5], false, U64_MAX, { withdrawn: true }),
        w(7, missing(7), false, MID, { withdrawn: true }),
        w(8, missing(8), true, MID, { bounces: PoolLimits.bouncesToHold, held: true }),
        w(9, missing(9), true, toNano('1'), { bounces: PoolLimits.bouncesToHold - 1 }),
        w(10, burner, true, 0n),
        w(48, wallets[0], true, toNano('2')),
        w(49, wallets[1], false, U64_MAX),
    ];
    // The prefilled ledger was paid before: revenue covers it, so owed is what the fixture's revenue books.
    const paidSum = ledger(Array(6).fill(burner)).reduce((a, x) => a + (x.paid ?? 0n), 0n);
    const f = await setupPool({
        prices,
        workers: 6,
        recipients: 6,
        ledger,
        revenue: toNano('1000'),
        config: { totals: { revenue: paidSum, paid: paidSum } },
    });
    await gasBurner(f.blockchain, 'state-burner');
    // Held by their payout address: the pool and the registry can only be named after the pool exists.
    for (const [index, payout] of [
        [11, f.pool.address],
        [12, f.registry.address],
    ] as const) {
        const r = await f.registry.send({
            to: f.pool.address,
            value: toNano('0.05'),
            body: rawWorkerSync(index, payout, true),
        });
        const tx = r.transactions.find((t) => t.inMessage?.info.dest?.toString() === f.pool.address.toString());
        if (
            !tx ||
            tx.description.type !== 'generic' ||
            tx.description.computePhase.type !== 'vm' ||
            tx.description.computePhase.exitCode !== 0
        ) {
            throw new Error(`state pool: worker_sync of ${index} failed`);
        }
    }
    const expected = new Map(ledger(f.recipients.map((r) => r.address)).map((x) => [x.index, x.paid ?? 0n]));
    await expectPoolInvariants(f.blockchain, f.pool, { paid: expected });
    return {
        f,
        snapshot: f.blockchain.snapshot(),
        indices: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 47, 48, 49, 60, 96, 0xffffffff],
        payouts: [
            ...f.recipients.map((x) => x.address),
            missing(100),
            missing(101),
            burner,
            f.pool.address,
            f.registry.address,
            new Address(0, Buffer.alloc(32)),
        ],
        senders: [
            f.owner.address,
            f.operator.address,
            f.registry.address,
            f.stranger.address,
            f.recipients[0].address,
            new Address(0, Buffer.alloc(32, 9)),
        ],
    };
}

// ---------------------------------------------------------------- generator

function bits(rng: Random, b: Builder, n: number): Builder {
    for (let left = n; left > 0;) {
        const k = Math.min(left, 30);
        b.storeUint(rng.int(0, 2 ** k - 1), k);
        left -= k;
    }
    return b;
}

const queryId = (rng: Random) => rng.pick([0n, U64_MAX, rng.bigint(0n, U64_MAX)]);

/** A cumulative at a TL-B extreme or relative to the worker's slot (blocked:1 paid:64). */
function cumulative(rng: Random, slot: bigint, honest: number): bigint {
    const paid = slot & U64_MAX;
    const x = rng.pick([1n, toNano('0.01'), rng.bigint(1n, toNano('50'))]);
    // Some entries are what an honest operator sends (paid + x, capped at 2^64 - 1), so batches also pay; the rest sit at the extremes.
    if (rng.chance(honest)) return paid + x > U64_MAX ? U64_MAX : paid + x;
    return rng.pick([
        0n,
        1n,
        paid,
        paid === 0n ? 0n : paid - 1n,
        U64_MAX,
        BLOCKED,
        BLOCKED + paid + x,
        slot + x,
        (1n << 65n) + paid + x,
        COINS_MAX,
        rng.bigint(0n, COINS_MAX),
    ]);
}

/** The hot slot (blocked:1 paid:64) of each index, from the storage the message meets. */
export function hotSlots(data: Cell): Map<number, bigint> {
    const slots = new Map<number, bigint>();
    for (const w of parsePoolPayoutData(data).workers)
        slots.set(w.index, (w.active && !w.held ? 0n : BLOCKED) + (w.paid ?? 0n));
    return slots;
}

/** payout_batch#bc282e0f query_id:uint64 count:uint16 entries:^PayoutEntries, raw, with its fields at their extremes. */
function rawBatch(rng: Random, sp: StatePool, before: ContractState): { body: Cell; count: number; label: string } {
    const slots = hotSlots(before.data);
    const keys = [...new Set(sp.indices.map((i) => Math.floor(i / 12)))];
    const groups: RawLeafGroup[] = [];
    // Half the batches are honest but for an extreme entry now and then, half draw every entry at random.
    const honest = rng.chance(0.5) ? 0.93 : 0.5;
    for (let g = rng.int(1, 3); g > 0; g--) {
        const leafKey = rng.chance(0.9) ? rng.pick(keys) : rng.int(0, 0xffffffff);
        const known = sp.indices.filter((i) => Math.floor(i / 12) === leafKey).map((i) => i % 12);
        const slot = () =>
            known.length > 0 && rng.chance(0.6) ? rng.pick(known) : rng.chance(0.97) ? rng.int(0, 11) : rng.int(12, 15);
        let picks = [...new Set(Array.from({ length: rng.int(1, 4) }, slot))].sort((a, b) => a - b);
        if (rng.chance(0.05)) picks = picks.reverse().concat(picks[0]);
        groups.push({
            leafKey,
            entries: picks.map((slot) => ({
                slot,
                cumulative: cumulative(rng, slots.get(leafKey * 12 + slot) ?? BLOCKED, honest),
            })),
        });
    }
    const n = groups.reduce((a, x) => a + x.entries.length, 0);
    const count = rng.chance(0.8)
        ? n
        : rng.pick([n - 1, n + 1, 0, 1, PoolLimits.batchEntriesMax, PoolLimits.batchEntriesMax + 1, 0xffff]);
    let body = beginCell()
        .storeUint(PoolOp.payoutBatch, 32)
        .storeUint(queryId(rng), 64)
        .storeUint(count, 16)
        .storeRef(rawEntries(groups))
        .endCell();
    let label = `raw payout_batch count ${count} of ${n}: ${groups.map((x) => `${x.leafKey}:[${x.entries.map((e) => `${e.slot}=${e.cumulative}`).join(',')}]`).join(' ')}`;
    const m = rng.weighted([88, 3, 3, 3, 3]);
    if (m === 1) {
        const cutAt = rng.int(0, body.bits.length - 1);
        body = beginCell().storeBits(body.beginParse().loadBits(cutAt)).storeRef(body.refs[0]).endCell();
        label += ` cut to ${cutAt} bits`;
    } else if (m === 2) {
        body = bits(rng, beginCell().storeSlice(body.beginParse()), rng.int(1, 64)).endCell();
        label += ' + bits';
    } else if (m === 3) {
        body = beginCell().storeSlice(body.beginParse()).storeRef(Cell.EMPTY).endCell();
        label += ' + a ref';
    } else if (m === 4) {
        const e = body.refs[0];
        body = beginCell()
            .storeBits(body.beginParse().loadBits(body.bits.length))
            .storeRef(
                beginCell()
                    .storeBits(e.beginParse().loadBits(rng.int(0, e.bits.length)))
                    .endCell(),
            )
            .endCell();
        label += ' entries cut';
    }
    return { body, count, label };
}

function rawSync(rng: Random, sp: StatePool): { body: Cell; label: string } {
    const index = rng.chance(0.9) ? rng.pick(sp.indices) : rng.int(0, 0xffffffff);
    const payout = rng.pick(sp.payouts);
    const active = rng.chance(0.6);
    // withdrawn (with active clear as the registry sends it, or set: withdrawn wins), or the legacy v1 sync
    const kind = rng.weighted([70, 15, 3, 12]);
    const withdrawn = kind === 1 || kind === 2;
    let body =
        kind === 3
            ? rawWorkerSyncV1(index, payout, active, queryId(rng))
            : rawWorkerSync(index, payout, kind === 1 ? false : active, queryId(rng), withdrawn);
    let label = `raw worker_sync${kind === 3 ? '_v1' : ''} ${index} -> ${payout.toRawString()} active ${kind === 1 ? false : active} withdrawn ${withdrawn}`;
    const m = rng.weighted([80, 6, 5, 5, 4]);
    if (m === 1) {
        const at = rng.int(96, body.bits.length - 1);
        body = beginCell().storeBits(body.beginParse().loadBits(at)).endCell();
        label += ` cut to ${at} bits`;
    } else if (m === 2) {
        body = bits(rng, beginCell().storeSlice(body.beginParse()), rng.int(1, 64)).endCell();
        label += ' + bits';
    } else if (m === 3) {
        body = beginCell().storeSlice(body.beginParse()).storeRef(Cell.EMPTY).endCell();
        label += ' + a ref';
    } else if (m === 4) {
        body = beginCell()
            .storeUint(rng.pick([0xb42f616c, 0xfa683152]), 32)
            .storeUint(queryId(rng), 64)
            .storeUint(index, 32)
            .storeUint(rng.pick([0, 1, 3]), 2)
            .endCell();
        label += ' with addr_none / addr_extern / addr_var tag';
    }
    return { body, label };
}

const COINS_EXTREMES = (rng: Random) => rng.pick([0n, 1n, toNano('0.01'), toNano('1'), U64_MAX, BLOCKED, COINS_MAX]);

function rawOwnerOp(rng: Random): { body: Cell; label: string } {
    const k = rng.weighted([40, 25, 25, 10]);
    const q = queryId(rng);
    if (k === 0) {
        // Half of them sane (they persist until the next reset and would starve every batch after them).
        const sane = rng.chance(0.5);
        const bps = sane
            ? 1000
            : rng.pick([0, 1, PoolLimits.commissionBpsMax, PoolLimits.commissionBpsMax + 1, 0xffff]);
        const min = sane ? rng.pick([0n, 1n, toNano('0.01')]) : COINS_EXTREMES(rng);
        const cap = sane ? COINS_MAX : COINS_EXTREMES(rng);
        const len = sane ? 86400 : rng.pick([0, 1, 0xffffffff]);
        return {
            body: beginCell()
                .storeUint(PoolOp.setParams, 32)
                .storeUint(q, 64)
                .storeUint(bps, 16)
                .storeCoins(min)
                .storeCoins(cap)
                .storeUint(len, 32)
                .endCell(),
            label: `raw set_params ${bps} ${min} ${cap} ${len}`,
        };
    }
    if (k === 1) {
        const on = rng.chance(0.15);
        return {
            body: beginCell().storeUint(PoolOp.setPaused, 32).storeUint(q, 64).storeBit(on).endCell(),
            label: `raw set_paused ${on}`,
        };
    }
    if (k === 2) {
        const amount = COINS_EXTREMES(rng);
        return {
            body: beginCell().storeUint(PoolOp.withdrawCommission, 32).storeUint(q, 64).storeCoins(amount).endCell(),
            label: `raw withdraw_commission ${amount}`,
        };
    }
    return {
        body: beginCell().storeUint(PoolOp.topUpReserve, 32).storeUint(q, 64).endCell(),
        label: 'raw top_up_reserve',
    };
}

/** A pool_payout this pool sent, or its bounced copy (0xFFFFFFFF first). */
export function isPayout(body: Cell, bounced: boolean): boolean {
    const s = body.beginParse();
    if (bounced) {
        if (s.remainingBits < 64 || s.loadUint(32) !== 0xffffffff) return false;
    } else if (s.remainingBits < 32) return false;
    return s.loadUint(32) === PoolOp.poolPayout;
}

export interface StateGenerator {
    sp: StatePool;
    fees: FeeSchedule;
    templates: MessageTemplate[];
    world: FuzzWorld;
    /** get_reserve's reserve for each pool state met so far (stateKey), for the reserve-floor oracle. */
    reserves: Map<string, bigint>;
}

/** One pool state (data and balance) as a map key. */
export function stateKey(s: ContractState): string {
    return `${s.data.hash().toString('hex')}:${s.balance}`;
}

/**
 * The reserve (issue 9, findings 3 and 6): no chain lowers it beyond the storage rent its pool
 * transactions paid, so it never falls under the floor but by rent. Revenue is booked net of its
 * receipt, bounces credit back net of their handling, a batch's and a withdrawal's fees come from
 * their own value and the rest goes back, a withdrawal takes commission held only, and every other
 * handler runs on its message's value (the pool accepts nothing beyond it). `before` is get_reserve's
 * reserve at the state the chain started from (undefined when that state was never read: then
 * nothing is judged).
 */
export function reserveProblems(
    o: Observation,
    pool: Address,
    before: bigint | undefined,
    after: { reserve: bigint; floor: bigint },
): string[] {
    if (before === undefined) return [];
    let rent = 0n;
    for (const tx of o.all) {
        const inm = tx.inMessage;
        if (inm?.info.type === 'internal' && inm.info.dest.equals(pool))
            rent += tx.description.type === 'generic' ? (tx.description.storagePhase?.storageFeesCollected ?? 0n) : 0n;
    }
    return after.reserve < before - rent
        ? [`reserve fell from ${before} to ${after.reserve} (floor ${after.floor}), more than the rent ${rent}`]
        : [];
}

export function stateMessage(rng: Random, g: StateGenerator, before: ContractState): FuzzMessage {
    const { sp, fees } = g;
    const roles = parsePoolPayoutData(before.data);
    const kind = rng.weighted([45, 15, 10, 8, 12, 10]);
    const other = () => rng.pick(g.world.senders);
    if (kind === 0) {
        const b = rawBatch(rng, sp, before);
        const need = batchValue(fees, Math.min(Math.max(b.count, 1), PoolLimits.batchEntriesMax));
        const value = rng.pick([need, need, need * 2n, need - 1n, toNano('10')]);
        return {
            sender: rng.chance(0.9) ? roles.operator : other(),
            value,
            bounce: rng.chance(0.8),
            bounced: false,
            body: b.body,
            label: b.label,
        };
    }
    if (kind === 1) {
        const s = rawSync(rng, sp);
        return {
            sender: rng.chance(0.85) ? roles.registry : other(),
            value: rng.pick([toNano('0.05'), toNano('1')]),
            bounce: true,
            bounced: false,
            ...s,
        };
    }
    if (kind === 2) {
        const s = rawOwnerOp(rng);
        return {
            sender: rng.chance(0.8) ? roles.owner : other(),
            value: rng.pick([toNano('0.05'), toNano('1')]),
            bounce: true,
            bounced: false,
            ...s,
        };
    }
    if (kind === 3) {
        // Revenue from anyone: a Cocoon payout at value extremes, a bare transfer, an unknown op.
        const body = rng.pick([
            beginCell().storeUint(0xc59a7cd3, 32).storeUint(queryId(rng), 64).endCell(),
            Cell.EMPTY,
            beginCell().storeUint(rng.int(0, 0xffffffff), 32).storeUint(U64_MAX, 64).endCell(),
        ]);
        return {
            sender: other(),
            value: rng.pick([1n, fees.compute(9500), toNano('1'), toNano('1000')]),
            bounce: false,
            bounced: false,
            body,
            label: 'revenue',
        };
    }
    if (kind === 4) {
        // A bounced copy of what a role sends (the pool never sent these, so they change nothing).
        const inner = rng.chance(0.5) ? rawBatch(rng, sp, before).body : rawSync(rng, sp).body;
        const body = beginCell()
            .storeUint(0xffffffff, 32)
            .storeBits(inner.beginParse().loadBits(Math.min(256, inner.bits.length)))
            .endCell();
        return {
            sender: other(),
            value: rng.pick([1n, toNano('0.05'), toNano('5')]),
            bounce: false,
            bounced: true,
            body,
            label: 'bounced copy of a batch or sync',
        };
    }
    return randomMessage(rng, g.world, {
        templates: g.templates,
        ownBounceableOps: [PoolOp.poolPayout, PoolOp.attributedPayout],
    });
}

// ---------------------------------------------------------------- oracle

/** Exit codes each role may meet per op: a role sending its own op never meets its not_X code, every other sender meets exactly that. */
export function allowedCodes(m: FuzzMessage, before: ContractState): Set<number> {
    const op = opOf(m.body);
    if (m.bounced || op === undefined || !HANDLED.has(op) || op === PoolOp.topUpReserve || op === 0x2565934c)
        return new Set([0]);
    const d = parsePoolPayoutData(before.data);
    const E = PoolError;
    const is = (a: Address | null) => !!a && a.equals(m.sender);
    const gate = (ok: boolean, codes: number[], refused: number) =>
        new Set(ok ? [0, ...codes, E.malformedBody] : [refused]);
    switch (op) {
        case PoolOp.payoutBatch:
            return gate(is(d.operator), [E.paused, E.insufficientValue, E.batchTooLarge, E.emptyBatch], E.notOperator);
        case PoolOp.payoutContinue:
        case PoolOp.payOwedContinue:
            return new Set([E.notSelf]);
        case PoolOp.payOwed:
            return gate(true, [E.paused, E.insufficientValue, E.batchTooLarge, E.emptyBatch], E.malformedBody);
        case 0xb42f616c: // worker_sync
        case 0xfa683152: // worker_sync_v1
            return gate(is(d.registry), [E.invalidAddress], E.notRegistry);
        case PoolOp.withdrawCommission:
            return gate(is(d.owner), [E.exceedsCommission, E.insufficientValue, E.insolvent, E.belowFloor], E.notOwner);
        case PoolOp.setParams:
            return gate(is(d.owner), [E.commissionTooHigh, E.invalidPeriod], E.notOwner);
        case PoolOp.setOperator:
        case PoolOp.transferOwnership:
            return gate(is(d.owner), [E.invalidAddress], E.notOwner);
        case PoolOp.setPaused:
        case PoolOp.upgradeCode:
            return gate(is(d.owner), [], E.notOwner);
        case PoolOp.claimOwnership:
            return new Set(is(d.pendingOwner) ? [0, E.malformedBody] : [E.notPendingOwner, E.malformedBody]);
    }
    throw new Error(`allowedCodes: op 0x${op.toString(16)} is handled but has no allowed set`);
}

interface ModelWorker {
    payout: Address;
    active: boolean;
    /** Record state 01: terminal; never paid by a batch. */
    withdrawn: boolean;
    held: boolean;
    paid: bigint;
    bounces: number;
}

function modelOf(data: Cell): Map<number, ModelWorker> {
    return new Map(
        parsePoolPayoutData(data).workers.map((w) => [
            w.index,
            {
                payout: w.payout,
                active: w.active,
                withdrawn: !!w.withdrawn,
                held: !!w.held,
                paid: w.paid ?? 0n,
                bounces: w.bounces ?? 0,
            },
        ]),
    );
}

/** The (index, cumulative) entries a batch or continuation carries, read as the contract reads them. */
function carriedEntries(body: Cell, op: number): Map<number, bigint[]> {
    const out = new Map<number, bigint[]>();
    try {
        const s = body.beginParse().skip(32 + 64);
        if (op === PoolOp.payoutContinue) s.loadAddress();
        let left = s.loadUint(16);
        let e = body.refs[body.refs.length - 1].beginParse();
        while (left > 0) {
            if (e.remainingBits === 0) e = e.loadRef().beginParse();
            const key = e.loadUint(32);
            const n = e.loadUint(4);
            for (let k = 0; k < n; k++) {
                const index = key * 12 + e.loadUint(4);
                out.set(index, [...(out.get(index) ?? []), e.loadCoins()]);
            }
            left -= n;
        }
    } catch {
        // a cut list: what was read is all the contract could have paid from
    }
    return out;
}

const sameAddr = (a: Address, b: Address) => a.equals(b);
/** The zero address 0:0…0: a withdrawal naming it keeps the stored address. */
const ZERO = new Address(0, Buffer.alloc(32));

/**
 * Walks the chain's pool transactions in order over a model of the ledger taken before the message:
 * every payout goes to a known, active, unheld worker, to its recorded address, bounceable, with
 * value = amount >= 1, and brings the worker's paid to a cumulative that transaction named, below
 * 2^64; every bounce credits back a payout this chain sent, by bounce_credit (the value less the fee
 * of gas::bounce, within [0, amount]), and holds the
 * worker at its BOUNCES_TO_HOLD-th bounce; an accepted worker_sync from the registry records exactly
 * its address and state (withdrawn: the zero address keeps the stored one; a withdrawn worker's
 * record never changes again, whatever the sync), and a withdrawn worker is never paid by a batch.
 * The ledger after the chain must equal the model, worker by worker.
 */
export function ledgerProblems(o: Observation, pool: Address, registry: Address, fees: FeeSchedule): string[] {
    const problems: string[] = [];
    const model = modelOf(o.before.data);
    const sent: { index: number; amount: bigint }[] = [];
    for (const tx of o.all) {
        const inm = tx.inMessage;
        if (inm?.info.type !== 'internal' || !inm.info.dest.equals(pool)) continue;
        const d = tx.description;
        const ok =
            d.type === 'generic' && d.computePhase.type === 'vm' && d.computePhase.success && !!d.actionPhase?.success;
        if (!ok) continue;
        const body = inm.body;
        if (inm.info.bounced) {
            const s = body.beginParse();
            if (s.remainingBits < 64 || s.loadUint(32) !== 0xffffffff || s.loadUint(32) !== PoolOp.poolPayout) continue;
            s.skip(64);
            const index = s.loadUint(32);
            const amount = s.loadCoins();
            const k = sent.findIndex((p) => p.index === index && p.amount === amount);
            if (k < 0) {
                problems.push(`a bounce of ${amount} to worker ${index} matches no payout this chain sent`);
                continue;
            }
            sent.splice(k, 1);
            const w = model.get(index)!;
            w.paid -= bounceCredit(fees, amount, inm.info.value.coins);
            w.bounces = Math.min(w.bounces + 1, PoolLimits.bouncesMax);
            if (w.bounces >= PoolLimits.bouncesToHold && w.active) w.held = true;
            continue;
        }
        const op = opOf(body);
        if ((op === 0xb42f616c || op === 0xfa683152) && inm.info.src.equals(registry)) {
            const s = body.beginParse().skip(32 + 64);
            const index = s.loadUint(32);
            const named = s.loadAddress();
            const active = s.loadBit();
            const withdrawn = op === 0xb42f616c && s.loadBit();
            const w = model.get(index) ?? {
                payout: ZERO,
                active: false,
                withdrawn: false,
                held: false,
                paid: 0n,
                bounces: 0,
            };
            if (w.withdrawn) continue; // terminal
            const payout = withdrawn && named.equals(ZERO) ? w.payout : named;
            const bounces = sameAddr(w.payout, payout) ? w.bounces : 0;
            const live = active && !withdrawn;
            model.set(index, {
                payout,
                active: live,
                withdrawn,
                paid: w.paid,
                bounces,
                held: live && (payout.equals(pool) || payout.equals(registry) || bounces >= PoolLimits.bouncesToHold),
            });
            continue;
        }
        if (op !== PoolOp.payoutBatch && op !== PoolOp.payoutContinue) continue;
        const named = carriedEntries(body, op);
        for (const out of tx.outMessages.values()) {
            if (
                out.info.type !== 'internal' ||
                out.body.bits.length < 32 ||
                out.body.beginParse().loadUint(32) !== PoolOp.poolPayout
            )
                continue;
            const s = out.body.beginParse().skip(32 + 64);
            const index = s.loadUint(32);
            const amount = s.loadCoins();
            const w = model.get(index);
            if (!w) problems.push(`paid ${amount} to worker ${index}, whom the registry never synced`);
            else if (w.withdrawn)
                problems.push(`paid ${amount} of operator-settled money to worker ${index}, which is withdrawn`);
            else if (!w.active) problems.push(`paid ${amount} to worker ${index}, which is suspended`);
            else if (w.held) problems.push(`paid ${amount} to worker ${index}, which is held`);
            sent.push({ index, amount });
            if (!w) continue;
            if (!out.info.dest.equals(w.payout))
                problems.push(
                    `worker ${index}'s payout went to ${out.info.dest.toRawString()}, not its address ${w.payout.toRawString()}`,
                );
            if (!out.info.bounce || out.info.value.coins !== amount || amount < 1n)
                problems.push(
                    `worker ${index}'s payout: bounce ${out.info.bounce}, value ${out.info.value.coins}, amount ${amount}`,
                );
            w.paid += amount;
            if (w.paid > U64_MAX || !(named.get(index) ?? []).includes(w.paid)) {
                problems.push(
                    `worker ${index} was paid up to ${w.paid}, a cumulative its entries (${(named.get(index) ?? []).join(', ')}) never named: above entitlement`,
                );
            }
        }
    }
    const after = modelOf(o.after.data);
    for (const index of new Set([...model.keys(), ...after.keys()])) {
        const want = model.get(index);
        const got = after.get(index);
        const show = (w?: ModelWorker) =>
            w
                ? `${w.payout.toRawString()} active ${w.active} withdrawn ${w.withdrawn} held ${w.held} paid ${w.paid} bounces ${w.bounces}`
                : 'unknown';
        if (show(want) !== show(got)) problems.push(`worker ${index}: ledger ${show(got)}, model ${show(want)}`);
    }
    return problems;
}

/** Everything judged for one message: its exit code against its role, the books, the ledger model and the invariants helper. */
export async function judgeState(o: Observation, g: StateGenerator): Promise<string[]> {
    const { f } = g.sp;
    const fees = g.fees;
    const v = judgeCommon(o, {
        documented: new Set([0, ...Object.values(PoolError)]),
        outOfGasBelow: fees.compute(Math.max(...Object.values(PoolGas))),
    });
    const problems = [...v.problems];
    const allowed = allowedCodes(o.message, o.before);
    if (v.exitCode !== undefined && v.exitCode !== -14 && !allowed.has(v.exitCode))
        problems.push(`exit code ${v.exitCode}, allowed for this sender and op: ${[...allowed].join(', ')}`);
    if (!v.accepted) return problems;
    problems.push(...poolProblems(o, fees), ...ledgerProblems(o, f.pool.address, f.registry.address, fees));
    // The getters run the pool's code: skipped after the owner installed random code (trusted, reset next).
    const account = (await f.blockchain.getContract(f.pool.address)).accountState;
    if (account?.type !== 'active' || !account.state.code?.equals(f.code)) return problems;
    try {
        await expectPoolInvariants(f.blockchain, f.pool);
    } catch (e) {
        problems.push(
            `invariants (tests/helpers/invariants.ts): ${(e as Error).message.split('\n').slice(0, 6).join(' ')}`,
        );
    }
    const reserve = await f.pool.getReserve();
    problems.push(...reserveProblems(o, f.pool.address, g.reserves.get(stateKey(o.before)), reserve));
    g.reserves.set(stateKey(o.after), reserve.reserve);
    return problems;
}
