/**
 * PoolPayout: typed config, storage (de)serialisation, message builders and parsers, getters.
 * Spec: contracts/pool/pool_payout.tlb. Constants: ./PoolConstants.ts.
 */
import {
    Address,
    beginCell,
    Cell,
    Contract,
    contractAddress,
    ContractProvider,
    Dictionary,
    DictionaryValue,
    Sender,
    SendMode,
    Slice,
    TupleReader,
} from '@ton/core';
import { earningsAddressOf } from './EarningsAddress';
import { PoolGas, PoolLimits, PoolOp, StopReasonCode } from './PoolConstants';
import { BOUNCED_PREFIX, expectOp, FeeFormulas, parsePendingOwner, pendingOwnerCell, SharedOp } from './shared';

export * from './PoolConstants';

/** Largest cumulative a ledger slot holds (paid is uint64). */
export const MAX_CUMULATIVE = (1n << 64n) - 1n;

// ---------------------------------------------------------------- storage

/** One worker as the pool knows it. */
export interface PoolWorker {
    index: number;
    payout: Address;
    active: boolean;
    /** Its stake left the registry (record state 01, terminal; `active` is then false). */
    withdrawn?: boolean;
    /** Cumulative amount paid (net of returned payouts). */
    paid?: bigint;
    bounces?: number;
    /** Known and active but not paid (hot slot blocked): see PoolWorkerState.held. */
    held?: boolean;
}

export interface PoolTotalsState {
    revenue: bigint;
    commissionAccrued: bigint;
    commissionWithdrawn: bigint;
    paid: bigint;
    returned: bigint;
    periodStart: number;
    periodPaid: bigint;
    /** Storage the reserve could not pay, charged to commission held (contracts/pool/reserve.fc). */
    storageCharged: bigint;
}

/** The attributed books (AttributedState; contracts/pool/attributed.fc, docs/earnings.md). */
export interface AttributedTotalsState {
    revenue: bigint;
    commission: bigint;
    paid: bigint;
    returned: bigint;
}

export interface PoolPayoutConfig {
    /** The EarningsAddress code the pool derives its workers' earnings addresses from: set here, never changed. */
    earningsCode: Cell;
    owner: Address;
    operator: Address;
    registry: Address;
    pendingOwner?: Address | null;
    commissionBps: number;
    minPayout: bigint;
    /** Most the operator can pay out per period. */
    periodCap: bigint;
    /** Seconds; > 0. */
    periodLength: number;
    paused?: boolean;
    /** Pre-filled ledger (for tests and benchmarks of large pools); normally empty. */
    workers?: PoolWorker[];
    totals?: Partial<PoolTotalsState>;
    /** Pre-filled attributed books (tests and benchmarks); normally empty. */
    attributed?: Partial<AttributedTotalsState>;
    /** Pre-filled attributed balances by worker index (zero balances are not stored). */
    owed?: ReadonlyMap<number, bigint>;
}

const ZERO_ATTRIBUTED: AttributedTotalsState = { revenue: 0n, commission: 0n, paid: 0n, returned: 0n };

const coinsValue: DictionaryValue<bigint> = {
    serialize: (src, b) => b.storeCoins(src),
    parse: (s) => s.loadCoins(),
};

/** attributed_state$_ earnings_code:^Cell owed:(HashmapE 32 Coins) entries:uint32 revenue commission paid returned */
function attributedToCell(code: Cell, owed: ReadonlyMap<number, bigint>, t: AttributedTotalsState): Cell {
    const dict = Dictionary.empty(Dictionary.Keys.Uint(PoolLimits.owedKeyBits), coinsValue);
    for (const [i, v] of owed) {
        if (v < 0n) throw new Error(`PoolPayout: attributed owed ${v} of worker ${i} is negative`);
        if (v > 0n) dict.set(i, v);
    }
    return beginCell()
        .storeRef(code)
        .storeDict(dict)
        .storeUint(dict.size, 32)
        .storeCoins(t.revenue)
        .storeCoins(t.commission)
        .storeCoins(t.paid)
        .storeCoins(t.returned)
        .endCell();
}

const ZERO_TOTALS: PoolTotalsState = {
    revenue: 0n,
    commissionAccrued: 0n,
    commissionWithdrawn: 0n,
    paid: 0n,
    returned: 0n,
    periodStart: 0,
    periodPaid: 0n,
    storageCharged: 0n,
};

/** The account id of a basechain address (the ledger stores nothing else). */
function accountId(a: Address): bigint {
    if (a.workChain !== 0) throw new Error(`PoolPayout: payout address ${a} is not on the basechain`);
    return BigInt('0x' + a.hash.toString('hex'));
}

/**
 * A record's state, the first two bits of its WorkerFlags (contracts/pool/ledger.fc state::): 00
 * unknown, 10 inactive, 11 active, 01 withdrawn (the bits were known:Bool active:Bool before).
 */
export const RecordState = { unknown: 0, withdrawn: 1, inactive: 2, active: 3 } as const;

function recordState(w: PoolWorker | undefined): number {
    if (!w) return RecordState.unknown;
    if (w.withdrawn) return RecordState.withdrawn;
    return w.active ? RecordState.active : RecordState.inactive;
}

/** One leaf: LEAF_SIZE slots (undefined = unknown worker): hot slots inline, accounts and flags in four cold cells. */
export function leafToCell(slots: (PoolWorker | undefined)[]): Cell {
    const b = beginCell();
    for (let i = 0; i < PoolLimits.leafSize; i++) {
        const w = slots[i];
        b.storeBit(!w || !w.active || !!w.withdrawn || !!w.held).storeUint(w?.paid ?? 0n, PoolLimits.paidBits);
    }
    for (let c = 0; c < PoolLimits.coldCells; c++) {
        const cold = beginCell();
        const records = Array.from(
            { length: PoolLimits.recordsPerCold },
            (_, r) => slots[c * PoolLimits.recordsPerCold + r],
        );
        for (const w of records) cold.storeUint(w ? accountId(w.payout) : 0n, 256);
        for (const w of records) cold.storeUint(recordState(w), 2).storeUint(w?.bounces ?? 0, PoolLimits.bouncesBits);
        b.storeRef(cold.endCell());
    }
    return b.endCell();
}

/** One page: PAGE_SIZE slots as four leaves. */
export function pageToCell(slots: (PoolWorker | undefined)[]): Cell {
    const b = beginCell();
    for (let l = 0; l < PoolLimits.leavesPerPage; l++) {
        b.storeRef(leafToCell(slots.slice(l * PoolLimits.leafSize, (l + 1) * PoolLimits.leafSize)));
    }
    return b.endCell();
}

export interface LedgerSlot {
    /** Any state but unknown (00). */
    known: boolean;
    /** State 11. */
    active: boolean;
    /** State 01. */
    withdrawn: boolean;
    /** The hot blocked bit: set for unknown and inactive workers. */
    blocked: boolean;
    bounces: number;
    payout: Address | null;
    paid: bigint;
}

export function parseLeaf(leaf: Cell): LedgerSlot[] {
    const s = leaf.beginParse();
    const hot = Array.from({ length: PoolLimits.leafSize }, () => ({
        blocked: s.loadBit(),
        paid: s.loadUintBig(PoolLimits.paidBits),
    }));
    const slots: LedgerSlot[] = [];
    for (let c = 0; c < PoolLimits.coldCells; c++) {
        const cold = s.loadRef().beginParse();
        const accounts = Array.from({ length: PoolLimits.recordsPerCold }, () => cold.loadBuffer(32));
        for (let r = 0; r < PoolLimits.recordsPerCold; r++) {
            const state = cold.loadUint(2);
            const bounces = cold.loadUint(PoolLimits.bouncesBits);
            const known = state !== RecordState.unknown;
            slots.push({
                known,
                active: state === RecordState.active,
                withdrawn: state === RecordState.withdrawn,
                bounces,
                payout: known ? new Address(0, accounts[r]) : null,
                ...hot[slots.length],
            });
        }
        cold.endParse();
    }
    s.endParse();
    return slots;
}

export function parsePage(page: Cell): LedgerSlot[] {
    const s = page.beginParse();
    const slots = Array.from({ length: PoolLimits.leavesPerPage }, () => parseLeaf(s.loadRef())).flat();
    s.endParse();
    return slots;
}

const pageValue: DictionaryValue<Cell> = {
    serialize: (src, b) => b.storeRef(src),
    parse: (s) => s.loadRef(),
};

/** The ledger dict (page index -> ^Page) of a list of workers. */
export function ledgerToDict(workers: PoolWorker[]): Dictionary<number, Cell> {
    const pages = new Map<number, (PoolWorker | undefined)[]>();
    for (const w of workers) {
        const p = Math.floor(w.index / PoolLimits.pageSize);
        const slots = pages.get(p) ?? new Array(PoolLimits.pageSize).fill(undefined);
        slots[w.index % PoolLimits.pageSize] = w;
        pages.set(p, slots);
    }
    const dict = Dictionary.empty(Dictionary.Keys.Uint(PoolLimits.pageKeyBits), pageValue);
    for (const [p, slots] of pages) dict.set(p, pageToCell(slots));
    return dict;
}

export function poolPayoutConfigToCell(config: PoolPayoutConfig): Cell {
    const t = { ...ZERO_TOTALS, ...config.totals };
    return beginCell()
        .storeDict(ledgerToDict(config.workers ?? []))
        .storeRef(
            beginCell()
                .storeCoins(t.revenue)
                .storeCoins(t.commissionAccrued)
                .storeCoins(t.commissionWithdrawn)
                .storeCoins(t.paid)
                .storeCoins(t.returned)
                .storeUint(t.periodStart, 32)
                .storeCoins(t.periodPaid)
                .storeCoins(t.storageCharged)
                .storeRef(
                    attributedToCell(config.earningsCode, config.owed ?? new Map(), {
                        ...ZERO_ATTRIBUTED,
                        ...config.attributed,
                    }),
                )
                .endCell(),
        )
        .storeRef(
            beginCell()
                .storeBit(config.paused ?? false)
                .storeUint(config.commissionBps, 16)
                .storeCoins(config.minPayout)
                .storeCoins(config.periodCap)
                .storeUint(config.periodLength, 32)
                .endCell(),
        )
        .storeRef(
            beginCell()
                .storeAddress(config.owner)
                .storeAddress(config.operator)
                .storeAddress(config.registry)
                .storeMaybeRef(pendingOwnerCell(config.pendingOwner))
                .endCell(),
        )
        .endCell();
}

/** The inverse of poolPayoutConfigToCell: the whole storage, ledger included. */
export function parsePoolPayoutData(data: Cell): Required<Omit<PoolPayoutConfig, 'totals' | 'attributed' | 'owed'>> & {
    totals: PoolTotalsState;
    attributed: AttributedTotalsState;
    owed: Map<number, bigint>;
    /** The owed dict's entry count as stored (equals owed.size). */
    owedEntries: number;
} {
    const s = data.beginParse();
    const ledger = s.loadDict(Dictionary.Keys.Uint(PoolLimits.pageKeyBits), pageValue);
    const t = s.loadRef().beginParse();
    const totals: PoolTotalsState = {
        revenue: t.loadCoins(),
        commissionAccrued: t.loadCoins(),
        commissionWithdrawn: t.loadCoins(),
        paid: t.loadCoins(),
        returned: t.loadCoins(),
        periodStart: t.loadUint(32),
        periodPaid: t.loadCoins(),
        storageCharged: t.loadCoins(),
    };
    const a = t.loadRef().beginParse();
    t.endParse();
    const earningsCode = a.loadRef();
    const owedDict = a.loadDict(Dictionary.Keys.Uint(PoolLimits.owedKeyBits), coinsValue);
    const owedEntries = a.loadUint(32);
    const attributed: AttributedTotalsState = {
        revenue: a.loadCoins(),
        commission: a.loadCoins(),
        paid: a.loadCoins(),
        returned: a.loadCoins(),
    };
    a.endParse();
    const owed = new Map([...owedDict].sort((x, y) => x[0] - y[0]));
    const p = s.loadRef().beginParse();
    const paused = p.loadBit();
    const commissionBps = p.loadUint(16);
    const minPayout = p.loadCoins();
    const periodCap = p.loadCoins();
    const periodLength = p.loadUint(32);
    p.endParse();
    const r = s.loadRef().beginParse();
    const owner = r.loadAddress();
    const operator = r.loadAddress();
    const registry = r.loadAddress();
    const pending = r.loadMaybeRef();
    r.endParse();
    s.endParse();
    const workers: PoolWorker[] = [];
    for (const [page, cell] of [...ledger].sort((a, b) => a[0] - b[0])) {
        parsePage(cell).forEach((slot, i) => {
            if (slot.known) {
                workers.push({
                    index: page * PoolLimits.pageSize + i,
                    payout: slot.payout!,
                    active: slot.active,
                    ...(slot.withdrawn ? { withdrawn: true } : {}),
                    paid: slot.paid,
                    bounces: slot.bounces,
                    ...(slot.active && slot.blocked ? { held: true } : {}),
                });
            }
        });
    }
    return {
        earningsCode,
        owner,
        operator,
        registry,
        pendingOwner: parsePendingOwner(pending),
        commissionBps,
        minPayout,
        periodCap,
        periodLength,
        paused,
        workers,
        totals,
        attributed,
        owed,
        owedEntries,
    };
}

// ---------------------------------------------------------------- batches

export interface PayoutEntry {
    workerIndex: number;
    /** Cumulative amount the worker ever earned (never a delta). */
    cumulative: bigint;
}

function coinsBits(v: bigint): number {
    return 4 + (v === 0n ? 0 : Math.ceil(v.toString(16).length / 2)) * 8;
}

const GROUP_HEADER_BITS = 32 + 4;
const SLOT_FIELD_BITS = 4;

/**
 * The request's entries as leaf groups (pool_payout.tlb): sorted by worker index, one group per run
 * of one leaf's workers with strictly ascending slots (a repeated worker starts a new group), as
 * many whole groups per cell as fit, then a ref to the next cell.
 */
export function packEntries(entries: readonly PayoutEntry[]): Cell {
    for (const e of entries) {
        if (e.workerIndex < 0 || e.workerIndex > 0xffffffff || !Number.isInteger(e.workerIndex)) {
            throw new Error(`PoolPayout: worker index ${e.workerIndex} is not a uint32`);
        }
        if (e.cumulative < 0n || e.cumulative > MAX_CUMULATIVE) {
            throw new Error(
                `PoolPayout: cumulative ${e.cumulative} of worker ${e.workerIndex} is outside 0..${MAX_CUMULATIVE}`,
            );
        }
    }
    const sorted = entries
        .map((e, i) => ({ e, i }))
        .sort((a, b) => a.e.workerIndex - b.e.workerIndex || a.i - b.i)
        .map((x) => x.e);
    const groups: { leafKey: number; entries: PayoutEntry[] }[] = [];
    for (const e of sorted) {
        const leafKey = Math.floor(e.workerIndex / PoolLimits.leafSize);
        const last = groups[groups.length - 1];
        if (last && last.leafKey === leafKey && last.entries[last.entries.length - 1].workerIndex < e.workerIndex) {
            last.entries.push(e);
        } else {
            groups.push({ leafKey, entries: [e] });
        }
    }
    const cells: (typeof groups)[] = [[]];
    let bits = 0;
    for (const g of groups) {
        const n = GROUP_HEADER_BITS + g.entries.reduce((acc, e) => acc + SLOT_FIELD_BITS + coinsBits(e.cumulative), 0);
        if (bits + n > 1023) {
            cells.push([]);
            bits = 0;
        }
        cells[cells.length - 1].push(g);
        bits += n;
    }
    let next: Cell | null = null;
    for (let c = cells.length - 1; c >= 0; c--) {
        const b = beginCell();
        for (const g of cells[c]) {
            b.storeUint(g.leafKey, 32).storeUint(g.entries.length, 4);
            for (const e of g.entries)
                b.storeUint(e.workerIndex % PoolLimits.leafSize, SLOT_FIELD_BITS).storeCoins(e.cumulative);
        }
        if (next) b.storeRef(next);
        next = b.endCell();
    }
    return next!;
}

/** The entries of a packed list (at most `count`), in the order the pool reads them. */
export function unpackEntries(cell: Cell, count = Infinity): PayoutEntry[] {
    const out: PayoutEntry[] = [];
    let s: Slice | null = cell.beginParse();
    while (s && out.length < count) {
        if (s.remainingBits === 0) {
            s = s.remainingRefs > 0 ? s.loadRef().beginParse() : null;
            continue;
        }
        const leafKey = s.loadUint(32);
        const n = s.loadUint(4);
        for (let i = 0; i < n; i++) {
            const slot = s.loadUint(SLOT_FIELD_BITS);
            out.push({ workerIndex: leafKey * PoolLimits.leafSize + slot, cumulative: s.loadCoins() });
        }
    }
    return out;
}

export interface PayoutBatch {
    queryId: bigint;
    entries: readonly PayoutEntry[];
}

/** payout_batch#bc282e0f query_id:uint64 count:uint16 entries:^PayoutEntries */
export function payoutBatchBody(batch: PayoutBatch): Cell {
    const n = batch.entries.length;
    if (n === 0) throw new Error('PoolPayout: a batch needs at least one entry');
    if (n > PoolLimits.batchEntriesMax) {
        throw new Error(`PoolPayout: ${n} entries exceed the limit of ${PoolLimits.batchEntriesMax} per request`);
    }
    return beginCell()
        .storeUint(PoolOp.payoutBatch, 32)
        .storeUint(batch.queryId, 64)
        .storeUint(n, 16)
        .storeRef(packEntries(batch.entries))
        .endCell();
}

export function parsePayoutBatch(body: Cell): PayoutBatch & { count: number } {
    const s = body.beginParse();
    expectOp(s, PoolOp.payoutBatch, 'payout_batch');
    const queryId = s.loadUintBig(64);
    const count = s.loadUint(16);
    const entries = unpackEntries(s.loadRef(), count);
    s.endParse();
    return { queryId, count, entries };
}

export interface PayoutReport {
    paidCount: number;
    paidAmount: bigint;
    skippedUnknown: number;
    skippedInactive: number;
    skippedNotIncreased: number;
    skippedBelowMin: number;
    /** Known and active but held (payout address is the pool or the registry). */
    skippedHeld: number;
    /** Cumulative at or above 2^64, beyond what a ledger slot holds: never paid. */
    skippedOutOfRange: number;
}

function loadReport(s: Slice): PayoutReport {
    return {
        paidCount: s.loadUint(16),
        paidAmount: s.loadCoins(),
        skippedUnknown: s.loadUint(16),
        skippedInactive: s.loadUint(16),
        skippedNotIncreased: s.loadUint(16),
        skippedBelowMin: s.loadUint(16),
        skippedHeld: s.loadUint(16),
        skippedOutOfRange: s.loadUint(16),
    };
}

/** payout_continue#def6e3f4 query_id response count report entries (pool -> pool). */
export function parsePayoutContinue(body: Cell): {
    queryId: bigint;
    response: Address;
    count: number;
    report: PayoutReport;
    entries: PayoutEntry[];
} {
    const s = body.beginParse();
    expectOp(s, PoolOp.payoutContinue, 'payout_continue');
    const queryId = s.loadUintBig(64);
    const response = s.loadAddress();
    const count = s.loadUint(16);
    const report = loadReport(s);
    const entries = unpackEntries(s.loadRef(), count);
    s.endParse();
    return { queryId, response, count, report, entries };
}

/**
 * The batch's final message to the operator: excesses#d53276db query_id report stop_reason. The
 * same body is the external log of a continuation dropped after set_operator (stop reason operatorChanged).
 */
export function parsePayoutExcesses(body: Cell): { queryId: bigint; report: PayoutReport; stopReason: StopReasonCode } {
    const s = body.beginParse();
    expectOp(s, SharedOp.excesses, 'payout_excesses');
    const queryId = s.loadUintBig(64);
    const report = loadReport(s);
    const stopReason = s.loadUint(8) as StopReasonCode;
    s.endParse();
    return { queryId, report, stopReason };
}

export interface PoolPayoutMessage {
    queryId: bigint;
    workerIndex: number;
    amount: bigint;
}

/** pool_payout#9dda7c15 query_id:uint64 worker_index:uint32 amount:Coins (pool -> worker). */
export function poolPayoutBody(m: PoolPayoutMessage): Cell {
    return beginCell()
        .storeUint(PoolOp.poolPayout, 32)
        .storeUint(m.queryId, 64)
        .storeUint(m.workerIndex, 32)
        .storeCoins(m.amount)
        .endCell();
}

export function parsePoolPayout(body: Cell): PoolPayoutMessage {
    const s = body.beginParse();
    expectOp(s, PoolOp.poolPayout, 'pool_payout');
    const m = { queryId: s.loadUintBig(64), workerIndex: s.loadUint(32), amount: s.loadCoins() };
    s.endParse();
    return m;
}

/** A bounced pool_payout: 0xFFFFFFFF + the first 256 bits of the payout body. */
export function parseBouncedPoolPayout(body: Cell): PoolPayoutMessage {
    const s = body.beginParse();
    expectOp(s, BOUNCED_PREFIX, 'bounced');
    expectOp(s, PoolOp.poolPayout, 'bounced pool_payout');
    return { queryId: s.loadUintBig(64), workerIndex: s.loadUint(32), amount: s.loadCoins() };
}

/**
 * What a batch of `count` entries must carry, computed as the contract's get_batch_value does
 * (contracts/pool/fees.fc) from a fee schedule of the same config.
 */
export function batchValue(fees: FeeFormulas, count: number): bigint {
    const n = BigInt(count);
    const chunks = (n + BigInt(PoolLimits.entriesPerChunkMin) - 1n) / BigInt(PoolLimits.entriesPerChunkMin);
    const perEntry = fees.compute(PoolGas.payoutEntry) + fees.forward(0, 0);
    const perChunk =
        fees.compute(PoolGas.payoutChunk) +
        fees.forward(
            n * BigInt(PoolLimits.entryBitsMax) + BigInt(PoolLimits.continueBitsMax),
            n / BigInt(PoolLimits.entriesPerCellMin) + 2n,
        );
    return n * perEntry + chunks * perChunk;
}

/** What a withdrawal must carry (contracts/pool/fees.fc withdraw_value). */
export function withdrawValue(fees: FeeFormulas): bigint {
    return fees.compute(PoolGas.withdrawCommission) + fees.forward(0, 0);
}

/** What the pool keeps as its cost of receiving a revenue message; the rest is booked. */
export function revenueReceiptFee(fees: FeeFormulas): bigint {
    return fees.compute(PoolGas.revenue);
}

/**
 * What the pool credits back to a worker for a bounced payout of `amount` that came back with `value`
 * (contracts/pool/fees.fc bounce_credit): the value less the handling of the bounce, within [0, amount].
 */
export function bounceCredit(fees: FeeFormulas, amount: bigint, value: bigint): bigint {
    const credit = value - fees.compute(PoolGas.bounce);
    return credit < 0n ? 0n : credit > amount ? amount : credit;
}

/**
 * Booked revenue and commission of one revenue message of `value` (rounded down, as on chain). An
 * attributed_revenue that is not from the named worker's earnings address is plain revenue net of
 * the attributed receipt fee: pass `receiptGas: PoolGas.attributedRevenue`.
 */
export function bookedRevenue(
    fees: FeeFormulas,
    value: bigint,
    commissionBps: number,
    receiptGas: number = PoolGas.revenue,
): { revenue: bigint; commission: bigint } {
    const net = value - fees.compute(receiptGas);
    if (net <= 0n) return { revenue: 0n, commission: 0n };
    return { revenue: net, commission: (net * BigInt(commissionBps)) / BigInt(PoolLimits.bpsDenominator) };
}

// ---------------------------------------------------------------- attributed revenue

/** The worker indexes of a pay_owed (worker_list: WORKERS_PER_CELL uint32 per cell, then a ref). */
export function packWorkerList(workers: readonly number[]): Cell {
    for (const i of workers) {
        if (!Number.isInteger(i) || i < 0 || i > 0xffffffff)
            throw new Error(`PoolPayout: worker index ${i} is not a uint32`);
    }
    let next: Cell | null = null;
    for (
        let start = Math.floor((workers.length - 1) / PoolLimits.workersPerCell) * PoolLimits.workersPerCell;
        start >= 0;
        start -= PoolLimits.workersPerCell
    ) {
        const b = beginCell();
        for (const i of workers.slice(start, start + PoolLimits.workersPerCell))
            b.storeUint(i, PoolLimits.workerIndexBits);
        if (next) b.storeRef(next);
        next = b.endCell();
    }
    return next ?? beginCell().endCell();
}

/** The first `count` indexes of a worker list. */
export function unpackWorkerList(cell: Cell, count = Infinity): number[] {
    const out: number[] = [];
    let s: Slice | null = cell.beginParse();
    while (s && out.length < count) {
        if (s.remainingBits === 0) {
            s = s.remainingRefs > 0 ? s.loadRef().beginParse() : null;
            continue;
        }
        out.push(s.loadUint(PoolLimits.workerIndexBits));
    }
    return out;
}

export interface PayOwed {
    queryId: bigint;
    workers: readonly number[];
}

/** pay_owed#f95ec6ee query_id:uint64 count:uint16 workers:^WorkerList (anyone). */
export function payOwedBody(m: PayOwed): Cell {
    const n = m.workers.length;
    if (n === 0) throw new Error('PoolPayout: pay_owed needs at least one worker');
    if (n > PoolLimits.payOwedEntriesMax) {
        throw new Error(`PoolPayout: ${n} workers exceed the limit of ${PoolLimits.payOwedEntriesMax} per pay_owed`);
    }
    return beginCell()
        .storeUint(PoolOp.payOwed, 32)
        .storeUint(m.queryId, 64)
        .storeUint(n, 16)
        .storeRef(packWorkerList(m.workers))
        .endCell();
}

export function parsePayOwed(body: Cell): PayOwed & { count: number } {
    const s = body.beginParse();
    expectOp(s, PoolOp.payOwed, 'pay_owed');
    const queryId = s.loadUintBig(64);
    const count = s.loadUint(16);
    const workers = unpackWorkerList(s.loadRef(), count);
    s.endParse();
    return { queryId, count, workers };
}

export interface OwedReport {
    paidCount: number;
    paidAmount: bigint;
    skippedUnknown: number;
    skippedInactive: number;
    skippedHeld: number;
    /** Owed below max(min_payout, 1), nothing owed included. */
    skippedBelowMin: number;
}

function loadOwedReport(s: Slice): OwedReport {
    return {
        paidCount: s.loadUint(16),
        paidAmount: s.loadCoins(),
        skippedUnknown: s.loadUint(16),
        skippedInactive: s.loadUint(16),
        skippedHeld: s.loadUint(16),
        skippedBelowMin: s.loadUint(16),
    };
}

/** pay_owed_continue#3e8f23de query_id response count report workers (pool -> pool). */
export function parsePayOwedContinue(body: Cell): {
    queryId: bigint;
    response: Address;
    count: number;
    report: OwedReport;
    workers: number[];
} {
    const s = body.beginParse();
    expectOp(s, PoolOp.payOwedContinue, 'pay_owed_continue');
    const queryId = s.loadUintBig(64);
    const response = s.loadAddress();
    const count = s.loadUint(16);
    const report = loadOwedReport(s);
    const workers = unpackWorkerList(s.loadRef(), count);
    s.endParse();
    return { queryId, response, count, report, workers };
}

/** pay_owed_excesses#d53276db query_id report stop_reason (pool -> the sender of pay_owed). */
export function parsePayOwedExcesses(body: Cell): { queryId: bigint; report: OwedReport; stopReason: StopReasonCode } {
    const s = body.beginParse();
    expectOp(s, SharedOp.excesses, 'pay_owed_excesses');
    const queryId = s.loadUintBig(64);
    const report = loadOwedReport(s);
    const stopReason = s.loadUint(8) as StopReasonCode;
    s.endParse();
    return { queryId, report, stopReason };
}

/** attributed_payout#7fe8329d query_id:uint64 worker_index:uint32 amount:Coins (pool -> worker). */
export function attributedPayoutBody(m: PoolPayoutMessage): Cell {
    return beginCell()
        .storeUint(PoolOp.attributedPayout, 32)
        .storeUint(m.queryId, 64)
        .storeUint(m.workerIndex, 32)
        .storeCoins(m.amount)
        .endCell();
}

export function parseAttributedPayout(body: Cell): PoolPayoutMessage {
    const s = body.beginParse();
    expectOp(s, PoolOp.attributedPayout, 'attributed_payout');
    const m = { queryId: s.loadUintBig(64), workerIndex: s.loadUint(32), amount: s.loadCoins() };
    s.endParse();
    return m;
}

/** A bounced attributed_payout: 0xFFFFFFFF + the first 256 bits of the payout body. */
export function parseBouncedAttributedPayout(body: Cell): PoolPayoutMessage {
    const s = body.beginParse();
    expectOp(s, BOUNCED_PREFIX, 'bounced');
    expectOp(s, PoolOp.attributedPayout, 'bounced attributed_payout');
    return { queryId: s.loadUintBig(64), workerIndex: s.loadUint(32), amount: s.loadCoins() };
}

/** What the pool keeps of an attributed_revenue (authenticated or not); the rest is booked. */
export function attributedReceiptFee(fees: FeeFormulas): bigint {
    return fees.compute(PoolGas.attributedRevenue);
}

/**
 * What one authenticated attributed_revenue of `value` books (contracts/pool/attributed.fc):
 * revenue net of the receipt fee, commission rounded down, the rest to the worker's owed.
 */
export function bookedAttributed(
    fees: FeeFormulas,
    value: bigint,
    commissionBps: number,
): { revenue: bigint; commission: bigint; owed: bigint } {
    const net = value - attributedReceiptFee(fees);
    if (net <= 0n) return { revenue: 0n, commission: 0n, owed: 0n };
    const commission = (net * BigInt(commissionBps)) / BigInt(PoolLimits.bpsDenominator);
    return { revenue: net, commission, owed: net - commission };
}

/** What a bounced attributed payout of `amount` that came back with `bounced` credits (0 if nothing). */
export function attributedBounceCredit(fees: FeeFormulas, amount: bigint, bounced: bigint): bigint {
    const back = bounced - fees.compute(PoolGas.attributedBounce);
    const credit = back < amount ? back : amount;
    return credit > 0n ? credit : 0n;
}

/** What a pay_owed of `count` workers must carry (contracts/pool/fees.fc pay_owed_value). */
export function payOwedValue(fees: FeeFormulas, count: number): bigint {
    const n = BigInt(count);
    const chunks = (n + BigInt(PoolLimits.owedPerChunkMin) - 1n) / BigInt(PoolLimits.owedPerChunkMin);
    const perEntry = fees.compute(PoolGas.payOwedEntry) + fees.forward(0, 0);
    const perChunk =
        fees.compute(PoolGas.payOwedChunk) +
        fees.forward(
            n * BigInt(PoolLimits.workerIndexBits) + BigInt(PoolLimits.continueBitsMax),
            n / BigInt(PoolLimits.workersPerCell) + 2n,
        );
    return n * perEntry + chunks * perChunk;
}

// ---------------------------------------------------------------- owner messages

export function topUpReserveBody(queryId = 0n): Cell {
    return beginCell().storeUint(PoolOp.topUpReserve, 32).storeUint(queryId, 64).endCell();
}

export function withdrawCommissionBody(o: { queryId?: bigint; amount: bigint }): Cell {
    return beginCell()
        .storeUint(PoolOp.withdrawCommission, 32)
        .storeUint(o.queryId ?? 0n, 64)
        .storeCoins(o.amount)
        .endCell();
}

export interface PoolParams {
    commissionBps: number;
    minPayout: bigint;
    periodCap: bigint;
    periodLength: number;
}

export function setParamsBody(o: PoolParams & { queryId?: bigint }): Cell {
    return beginCell()
        .storeUint(PoolOp.setParams, 32)
        .storeUint(o.queryId ?? 0n, 64)
        .storeUint(o.commissionBps, 16)
        .storeCoins(o.minPayout)
        .storeCoins(o.periodCap)
        .storeUint(o.periodLength, 32)
        .endCell();
}

export function setOperatorBody(o: { queryId?: bigint; operator: Address }): Cell {
    return beginCell()
        .storeUint(PoolOp.setOperator, 32)
        .storeUint(o.queryId ?? 0n, 64)
        .storeAddress(o.operator)
        .endCell();
}

export function setPausedBody(o: { queryId?: bigint; paused: boolean }): Cell {
    return beginCell()
        .storeUint(PoolOp.setPaused, 32)
        .storeUint(o.queryId ?? 0n, 64)
        .storeBit(o.paused)
        .endCell();
}

export function transferOwnershipBody(o: { queryId?: bigint; newOwner: Address }): Cell {
    return beginCell()
        .storeUint(PoolOp.transferOwnership, 32)
        .storeUint(o.queryId ?? 0n, 64)
        .storeAddress(o.newOwner)
        .endCell();
}

export function claimOwnershipBody(queryId = 0n): Cell {
    return beginCell().storeUint(PoolOp.claimOwnership, 32).storeUint(queryId, 64).endCell();
}

export function upgradeCodeBody(o: { queryId?: bigint; code: Cell }): Cell {
    return beginCell()
        .storeUint(PoolOp.upgradeCode, 32)
        .storeUint(o.queryId ?? 0n, 64)
        .storeRef(o.code)
        .endCell();
}

// ---------------------------------------------------------------- getters' types

export interface PoolTotals {
    revenue: bigint;
    commissionAccrued: bigint;
    commissionWithdrawn: bigint;
    commissionHeld: bigint;
    paid: bigint;
    returned: bigint;
    /** Worker money held and not yet paid: revenue - commissionAccrued - paid + returned. */
    owed: bigint;
    balance: bigint;
    /** Storage charged to commission held: commissionAccrued = commissionWithdrawn + storageCharged + commissionHeld. */
    storageCharged: bigint;
    /** Attributed money held and not yet paid (the sum of get_attributed_owed): outside `owed` and the batches' limit. */
    attributedOwed: bigint;
    /** balance - owed - attributedOwed - commissionHeld: what pays storage and the pool's own costs. */
    reserve: bigint;
}

export interface AttributedTotals extends AttributedTotalsState {
    /** revenue - commission - paid + returned: the sum of every worker's attributed owed. */
    owed: bigint;
    /** Workers with a non-zero attributed balance. */
    entries: number;
}

export interface PoolParamsState extends PoolParams {
    owner: Address;
    operator: Address;
    registry: Address;
    pendingOwner: Address | null;
    paused: boolean;
    periodStart: number;
    periodPaid: bigint;
}

export interface PoolWorkerState {
    known: boolean;
    payout: Address | null;
    active: boolean;
    paid: bigint;
    bounces: number;
    /**
     * Payable by its state (active; withdrawn, for its attributed earnings) but not paid: its payout
     * address is the pool or the registry (withdrawn: or the zero address), or it bounced BOUNCES_TO_HOLD times.
     */
    held: boolean;
    /** Its stake left the registry: never paid operator-settled money again; its attributed earnings go to `payout`. */
    withdrawn: boolean;
}

// ---------------------------------------------------------------- contract

export class PoolPayout implements Contract {
    constructor(
        readonly address: Address,
        readonly init?: { code: Cell; data: Cell },
    ) {}

    static createFromAddress(address: Address) {
        return new PoolPayout(address);
    }

    static createFromConfig(config: PoolPayoutConfig, code: Cell, workchain = 0) {
        const data = poolPayoutConfigToCell(config);
        const init = { code, data };
        return new PoolPayout(contractAddress(workchain, init), init);
    }

    /** Deploys with a reserve top-up (the value is reserve, not revenue). */
    async sendDeploy(provider: ContractProvider, via: Sender, value: bigint) {
        await this.sendTopUpReserve(provider, via, { value });
    }

    async sendPayoutBatch(provider: ContractProvider, via: Sender, o: PayoutBatch & { value: bigint }) {
        await provider.internal(via, {
            value: o.value,
            sendMode: SendMode.PAY_GAS_SEPARATELY,
            body: payoutBatchBody(o),
        });
    }

    /** Revenue as a Cocoon proxy sends it: cocoon_payout, non-bounceable. */
    async sendCocoonPayout(provider: ContractProvider, via: Sender, o: { value: bigint; queryId?: bigint }) {
        await provider.internal(via, {
            value: o.value,
            bounce: false,
            sendMode: SendMode.PAY_GAS_SEPARATELY,
            body: beginCell()
                .storeUint(SharedOp.cocoonPayout, 32)
                .storeUint(o.queryId ?? 0n, 64)
                .endCell(),
        });
    }

    /** Any revenue message (plain transfer when body is omitted). */
    async sendRevenue(provider: ContractProvider, via: Sender, o: { value: bigint; body?: Cell; bounce?: boolean }) {
        await provider.internal(via, {
            value: o.value,
            bounce: o.bounce ?? false,
            sendMode: SendMode.PAY_GAS_SEPARATELY,
            body: o.body,
        });
    }

    /** pay_owed (anyone): pays the listed workers their attributed owed; the rest of `value` comes back. */
    async sendPayOwed(provider: ContractProvider, via: Sender, o: PayOwed & { value: bigint }) {
        await provider.internal(via, { value: o.value, sendMode: SendMode.PAY_GAS_SEPARATELY, body: payOwedBody(o) });
    }

    async sendTopUpReserve(provider: ContractProvider, via: Sender, o: { value: bigint; queryId?: bigint }) {
        await provider.internal(via, {
            value: o.value,
            sendMode: SendMode.PAY_GAS_SEPARATELY,
            body: topUpReserveBody(o.queryId),
        });
    }

    async sendWithdrawCommission(
        provider: ContractProvider,
        via: Sender,
        o: { value: bigint; amount: bigint; queryId?: bigint },
    ) {
        await provider.internal(via, {
            value: o.value,
            sendMode: SendMode.PAY_GAS_SEPARATELY,
            body: withdrawCommissionBody(o),
        });
    }

    async sendSetParams(provider: ContractProvider, via: Sender, o: PoolParams & { value: bigint; queryId?: bigint }) {
        await provider.internal(via, { value: o.value, sendMode: SendMode.PAY_GAS_SEPARATELY, body: setParamsBody(o) });
    }

    async sendSetOperator(
        provider: ContractProvider,
        via: Sender,
        o: { value: bigint; operator: Address; queryId?: bigint },
    ) {
        await provider.internal(via, {
            value: o.value,
            sendMode: SendMode.PAY_GAS_SEPARATELY,
            body: setOperatorBody(o),
        });
    }

    async sendSetPaused(
        provider: ContractProvider,
        via: Sender,
        o: { value: bigint; paused: boolean; queryId?: bigint },
    ) {
        await provider.internal(via, { value: o.value, sendMode: SendMode.PAY_GAS_SEPARATELY, body: setPausedBody(o) });
    }

    async sendTransferOwnership(
        provider: ContractProvider,
        via: Sender,
        o: { value: bigint; newOwner: Address; queryId?: bigint },
    ) {
        await provider.internal(via, {
            value: o.value,
            sendMode: SendMode.PAY_GAS_SEPARATELY,
            body: transferOwnershipBody(o),
        });
    }

    async sendClaimOwnership(provider: ContractProvider, via: Sender, o: { value: bigint; queryId?: bigint }) {
        await provider.internal(via, {
            value: o.value,
            sendMode: SendMode.PAY_GAS_SEPARATELY,
            body: claimOwnershipBody(o.queryId),
        });
    }

    async sendUpgradeCode(provider: ContractProvider, via: Sender, o: { value: bigint; code: Cell; queryId?: bigint }) {
        await provider.internal(via, {
            value: o.value,
            sendMode: SendMode.PAY_GAS_SEPARATELY,
            body: upgradeCodeBody(o),
        });
    }

    async getTotals(provider: ContractProvider): Promise<PoolTotals> {
        const r = (await provider.get('get_pool_totals', [])).stack;
        const t = {
            revenue: r.readBigNumber(),
            commissionAccrued: r.readBigNumber(),
            commissionWithdrawn: r.readBigNumber(),
            commissionHeld: r.readBigNumber(),
            paid: r.readBigNumber(),
            returned: r.readBigNumber(),
            owed: r.readBigNumber(),
            balance: r.readBigNumber(),
            storageCharged: r.readBigNumber(),
            attributedOwed: r.readBigNumber(),
        };
        return { ...t, reserve: t.balance - t.owed - t.attributedOwed - t.commissionHeld };
    }

    async getAttributedTotals(provider: ContractProvider): Promise<AttributedTotals> {
        const r = (await provider.get('get_attributed_totals', [])).stack;
        return {
            revenue: r.readBigNumber(),
            commission: r.readBigNumber(),
            paid: r.readBigNumber(),
            returned: r.readBigNumber(),
            owed: r.readBigNumber(),
            entries: r.readNumber(),
        };
    }

    /** Worker `workerIndex`'s attributed balance (0 when nothing is owed). */
    async getAttributedOwed(provider: ContractProvider, workerIndex: number): Promise<bigint> {
        return (
            await provider.get('get_attributed_owed', [{ type: 'int', value: BigInt(workerIndex) }])
        ).stack.readBigNumber();
    }

    async getEarningsCode(provider: ContractProvider): Promise<Cell> {
        return (await provider.get('get_earnings_code', [])).stack.readCell();
    }

    /** Worker `workerIndex`'s earnings address, derived from the code this pool recognises. */
    async getEarningsAddress(provider: ContractProvider, workerIndex: number): Promise<Address> {
        return earningsAddressOf({ pool: this.address, workerIndex }, await this.getEarningsCode(provider));
    }

    async getPayOwedValue(provider: ContractProvider, count: number): Promise<bigint> {
        return (
            await provider.get('get_pay_owed_value', [{ type: 'int', value: BigInt(count) }])
        ).stack.readBigNumber();
    }

    /**
     * get_reserve: the reserve (balance - owed - attributed owed - commission held, after the storage charge; a signed
     * integer, negative only when storage has reached worker money) and its floor. Batches stop
     * (StopReason.belowFloor) and withdrawals fail (PoolError.belowFloor) while reserve < floor.
     */
    async getReserve(provider: ContractProvider): Promise<{ reserve: bigint; floor: bigint }> {
        const r = (await provider.get('get_reserve', [])).stack;
        return { reserve: r.readBigNumber(), floor: r.readBigNumber() };
    }

    async getParams(provider: ContractProvider): Promise<PoolParamsState> {
        const r = (await provider.get('get_pool_params', [])).stack;
        return {
            owner: r.readAddress(),
            operator: r.readAddress(),
            registry: r.readAddress(),
            pendingOwner: r.readAddressOpt(),
            paused: r.readBoolean(),
            commissionBps: r.readNumber(),
            minPayout: r.readBigNumber(),
            periodCap: r.readBigNumber(),
            periodLength: r.readNumber(),
            periodStart: r.readNumber(),
            periodPaid: r.readBigNumber(),
        };
    }

    async getWorker(provider: ContractProvider, workerIndex: number): Promise<PoolWorkerState> {
        const r: TupleReader = (await provider.get('get_worker', [{ type: 'int', value: BigInt(workerIndex) }])).stack;
        return {
            known: r.readBoolean(),
            payout: r.readAddressOpt(),
            active: r.readBoolean(),
            paid: r.readBigNumber(),
            bounces: r.readNumber(),
            held: r.readBoolean(),
            withdrawn: r.readBoolean(),
        };
    }

    async getBatchValue(provider: ContractProvider, count: number): Promise<bigint> {
        return (await provider.get('get_batch_value', [{ type: 'int', value: BigInt(count) }])).stack.readBigNumber();
    }
}
