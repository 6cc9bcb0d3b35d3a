/**
 * Attack messages to PoolPayout built with raw beginCell() from contracts/pool/pool_payout.tlb and
 * contracts/common/shared.tlb, never through the wrapper's builders (which refuse what an attacker
 * sends: cumulatives above 2^64 - 1, slots out of order, foreign payout addresses). Op-codes are
 * written as the literals of the .tlb tags so a wrapper typo cannot hide a contract bug.
 */
import { Address, beginCell, Cell } from '@ton/core';

/** group_entry$_ slot:(## 4) cumulative:Coins; any cumulative up to Coins' 2^120 - 1. */
export interface RawGroupEntry {
    slot: number;
    cumulative: bigint;
}

/** leaf_group$_ leaf_key:uint32 n:(## 4) entries:(n * GroupEntry) */
export interface RawLeafGroup {
    leafKey: number;
    entries: RawGroupEntry[];
}

/** The largest Coins value (var_uint 16: 15 bytes). */
export const COINS_MAX = (1n << 120n) - 1n;

/** payout_entries$_ groups:(LeafGroup ...) next:(Maybe ^PayoutEntries): as many groups per cell as fit. */
export function rawEntries(groups: RawLeafGroup[]): Cell {
    const cells: RawLeafGroup[][] = [[]];
    let bits = 0;
    const coinsBits = (v: bigint) => 4 + (v === 0n ? 0 : Math.ceil(v.toString(16).length / 2)) * 8;
    for (const g of groups) {
        const n = 36 + g.entries.reduce((a, e) => a + 4 + coinsBits(e.cumulative), 0);
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
            for (const e of g.entries) b.storeUint(e.slot, 4).storeCoins(e.cumulative);
        }
        if (next) b.storeRef(next);
        next = b.endCell();
    }
    return next!;
}

/** One group per worker index (leaf_key = index / 12, slot = index % 12). */
export function rawEntriesOf(entries: { workerIndex: number; cumulative: bigint }[]): Cell {
    return rawEntries(
        entries.map((e) => ({
            leafKey: Math.floor(e.workerIndex / 12),
            entries: [{ slot: e.workerIndex % 12, cumulative: e.cumulative }],
        })),
    );
}

/** payout_batch#bc282e0f query_id:uint64 count:uint16 entries:^PayoutEntries */
export function rawPayoutBatch(queryId: bigint, count: number, entries: Cell): Cell {
    return beginCell()
        .storeUint(0xbc282e0f, 32)
        .storeUint(queryId, 64)
        .storeUint(count, 16)
        .storeRef(entries)
        .endCell();
}

/** worker_sync#b42f616c query_id:uint64 worker_index:uint32 payout:MsgAddressInt active:Bool withdrawn:Bool */
export function rawWorkerSync(
    workerIndex: number,
    payout: Address,
    active: boolean,
    queryId = 0n,
    withdrawn = false,
): Cell {
    return beginCell()
        .storeUint(0xb42f616c, 32)
        .storeUint(queryId, 64)
        .storeUint(workerIndex, 32)
        .storeAddress(payout)
        .storeBit(active)
        .storeBit(withdrawn)
        .endCell();
}

/** worker_sync_v1#fa683152 query_id:uint64 worker_index:uint32 payout:MsgAddressInt active:Bool (a registry built before `withdrawn`) */
export function rawWorkerSyncV1(workerIndex: number, payout: Address, active: boolean, queryId = 0n): Cell {
    return beginCell()
        .storeUint(0xfa683152, 32)
        .storeUint(queryId, 64)
        .storeUint(workerIndex, 32)
        .storeAddress(payout)
        .storeBit(active)
        .endCell();
}

/** The zero address 0:0…0 a registry names in the sync of an index whose record left. */
export const ZERO_ADDRESS = new Address(0, Buffer.alloc(32));

/** set_operator#c1cbfad7 query_id:uint64 operator:MsgAddressInt */
export function rawSetOperator(operator: Address, queryId = 0n): Cell {
    return beginCell().storeUint(0xc1cbfad7, 32).storeUint(queryId, 64).storeAddress(operator).endCell();
}
