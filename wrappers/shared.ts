/**
 * Messages shared by both contracts and the outside world (spec: contracts/common/shared.tlb),
 * mirrored from contracts/common/op-codes.fc and gas.fc (tests/common/mirror.spec.ts compares them),
 * and the fee formulas every fee mirror of the wrappers takes.
 */
import { Address, beginCell, Builder, Cell, Slice } from '@ton/core';

export const SharedOp = {
    workerSync: 0xb42f616c,
    /** worker_sync without `withdrawn`, as registries built before it send it (an upgraded pool still reads it). */
    workerSyncV1: 0xfa683152,
    slashedStake: 0xfa753094,
    excesses: 0xd53276db,
    cocoonPayout: 0xc59a7cd3,
    /** Cocoon proxy -> send_excesses_to: gas change, kept by the pool as reserve (not revenue). */
    cocoonExcesses: 0x2565934c,
    textComment: 0,
    attributedRevenue: 0x53d8636a,
} as const;

/** Gas bounds one contract knows of the other's handlers (contracts/common/gas.fc). */
export const SharedGas = {
    /** The pool's worst case for one worker_sync: the registry attaches its compute fee to each sync. */
    poolWorkerSync: 25000,
} as const;

/**
 * The two fee formulas of one chain config the fee mirrors need: the compute fee of `gas` units
 * (GETGASFEE) and the forward fee of a message whose cells beyond the root hold `bits` and `cells`
 * (GETFORWARDFEE). toolkit/chain/fees.ts's FeeSchedule implements them from a config cell.
 */
export interface FeeFormulas {
    compute(gas: bigint | number): bigint;
    forward(bits: bigint | number, cells: bigint | number): bigint;
}

/** Bits of a bounced body after the 0xFFFFFFFF prefix: TON returns only the first 256 of the original. */
export const BOUNCED_BODY_BITS = 256;
export const BOUNCED_PREFIX = 0xffffffff;

export interface WorkerSync {
    queryId: bigint;
    workerIndex: number;
    payout: Address;
    active: boolean;
    /** The stake and the record left the registry (active is then false): the pool's record becomes terminal. */
    withdrawn: boolean;
}

/**
 * Bits of a worker_sync body (op 32, query_id 64, worker_index 32, payout addr_std 267, active 1,
 * withdrawn 1), sent in one ref cell (contracts/registry/messages.fc WORKER_SYNC_BODY_BITS).
 */
export const WORKER_SYNC_BODY_BITS = 32 + 64 + 32 + 267 + 1 + 1;

/** worker_sync#b42f616c; `withdrawn` defaults to false. */
export function storeWorkerSync(m: Omit<WorkerSync, 'withdrawn'> & { withdrawn?: boolean }) {
    return (b: Builder) =>
        b
            .storeUint(SharedOp.workerSync, 32)
            .storeUint(m.queryId, 64)
            .storeUint(m.workerIndex, 32)
            .storeAddress(m.payout)
            .storeBit(m.active)
            .storeBit(m.withdrawn ?? false);
}

export function parseWorkerSync(body: Cell): WorkerSync {
    const s = body.beginParse();
    expectOp(s, SharedOp.workerSync, 'worker_sync');
    const m = {
        queryId: s.loadUintBig(64),
        workerIndex: s.loadUint(32),
        payout: s.loadAddress(),
        active: s.loadBit(),
        withdrawn: s.loadBit(),
    };
    s.endParse();
    return m;
}

export function parseSlashedStake(body: Cell): { queryId: bigint; workerIndex: number } {
    const s = body.beginParse();
    expectOp(s, SharedOp.slashedStake, 'slashed_stake');
    const m = { queryId: s.loadUintBig(64), workerIndex: s.loadUint(32) };
    s.endParse();
    return m;
}

export function excessesBody(queryId: bigint): Cell {
    return beginCell().storeUint(SharedOp.excesses, 32).storeUint(queryId, 64).endCell();
}

/** What a Cocoon proxy sends to a worker's owner address. */
/** cocoon_excesses#2565934c query_id:uint64, as a Cocoon proxy sends it to a voucher's send_excesses_to. */
export function cocoonExcessesBody(queryId: bigint): Cell {
    return beginCell().storeUint(SharedOp.cocoonExcesses, 32).storeUint(queryId, 64).endCell();
}

export function cocoonPayoutBody(queryId: bigint): Cell {
    return beginCell().storeUint(SharedOp.cocoonPayout, 32).storeUint(queryId, 64).endCell();
}

export interface AttributedRevenue {
    queryId: bigint;
    workerIndex: number;
}

/** attributed_revenue#53d8636a query_id:uint64 worker_index:uint32: an earnings address forwarding to the pool. */
export function attributedRevenueBody(m: AttributedRevenue): Cell {
    return beginCell()
        .storeUint(SharedOp.attributedRevenue, 32)
        .storeUint(m.queryId, 64)
        .storeUint(m.workerIndex, 32)
        .endCell();
}

export function parseAttributedRevenue(body: Cell): AttributedRevenue {
    const s = body.beginParse();
    expectOp(s, SharedOp.attributedRevenue, 'attributed_revenue');
    const m = { queryId: s.loadUintBig(64), workerIndex: s.loadUint(32) };
    s.endParse();
    return m;
}

export function textCommentBody(text: string): Cell {
    return beginCell().storeUint(SharedOp.textComment, 32).storeStringTail(text).endCell();
}

/** Reads the op and checks it; every parser in the wrappers starts here. */
export function expectOp(s: Slice, op: number, name: string): void {
    const got = s.loadUint(32);
    if (got !== op) throw new Error(`${name}: op 0x${got.toString(16)} is not 0x${op.toString(16)}`);
}

/**
 * Both contracts' Roles keep `pending_owner:(Maybe ^MsgAddressInt)`: the nominee of a
 * transfer_ownership in a cell of its own, nothing when no transfer is under way.
 */
export function pendingOwnerCell(pendingOwner: Address | null | undefined): Cell | null {
    return pendingOwner ? beginCell().storeAddress(pendingOwner).endCell() : null;
}

/** The nominee a Roles cell's pending_owner ref holds (null for none); the ref holds the address and nothing else. */
export function parsePendingOwner(ref: Cell | null): Address | null {
    if (ref === null) return null;
    const s = ref.beginParse();
    const owner = s.loadAddress();
    s.endParse();
    return owner;
}
