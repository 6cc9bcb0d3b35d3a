/**
 * PoolPayout constants mirrored from contracts/pool/{op-codes,errors,gas,params,reserve}.fc.
 * tests/common/mirror.spec.ts compares PoolOp, PoolError and PoolGas with the FunC sources;
 * tests/payout/limits.spec.ts compares PoolLimits (params.fc), PoolReserve (reserve.fc) and
 * StopReason (params.fc's `stop::` codes that leave the contract).
 */
export const PoolOp = {
    payoutBatch: 0xbc282e0f,
    payoutContinue: 0xdef6e3f4,
    poolPayout: 0x9dda7c15,
    topUpReserve: 0x9ca159dd,
    withdrawCommission: 0x4c12b587,
    setParams: 0x41e3cd93,
    setOperator: 0xc1cbfad7,
    setPaused: 0x00dc73fc,
    transferOwnership: 0xf58535ca,
    claimOwnership: 0x0c98bdcf,
    upgradeCode: 0xc5867a23,
    payOwed: 0xf95ec6ee,
    payOwedContinue: 0x3e8f23de,
    attributedPayout: 0x7fe8329d,
} as const;

export const PoolError = {
    notOwner: 401,
    notOperator: 402,
    notRegistry: 403,
    notPendingOwner: 404,
    notSelf: 405,
    paused: 406,
    insufficientValue: 407,
    batchTooLarge: 408,
    emptyBatch: 409,
    commissionTooHigh: 410,
    invalidPeriod: 411,
    exceedsCommission: 412,
    insolvent: 413,
    invalidAddress: 414,
    malformedBody: 415,
    /** The reserve is under its floor (contracts/pool/reserve.fc): a withdrawal is refused. */
    belowFloor: 416,
} as const;

export const PoolGas = {
    revenue: 11000,
    payoutEntry: 16000,
    payoutChunk: 30000,
    bounce: 20000,
    withdrawCommission: 16000,
    ownerOp: 12000,
    attributedRevenue: 36000,
    payOwedEntry: 30000,
    payOwedChunk: 20000,
    attributedBounce: 48000,
} as const;

/** Layout and limits (contracts/pool/params.fc). */
export const PoolLimits = {
    leafSize: 12,
    leavesPerPage: 4,
    pageSize: 48,
    pageKeyBits: 32,
    paidBits: 64,
    slotBits: 65,
    leafHotBits: 780,
    recordsPerCold: 3,
    coldAccountsBits: 768,
    flagsBits: 18,
    coldFlagsBits: 54,
    recordFlagBits: 2,
    bouncesBits: 16,
    bouncesMax: 65535,
    bouncesToHold: 3,
    coldCells: 4,
    bpsDenominator: 10000,
    commissionBpsMax: 5000,
    batchEntriesMax: 1000,
    payoutsPerTx: 253,
    chunkGasBudget: 900000,
    entriesPerChunkMin: 56,
    cellBitsMax: 1023,
    entryBitsMax: 164,
    entriesPerCellMin: 6,
    continueBitsMax: 1023,
    owedKeyBits: 32,
    payOwedEntriesMax: 1000,
    owedPerChunkMin: 30,
    workerIndexBits: 32,
    workersPerCell: 31,
    /** StateInit prefix split_depth:0 special:0 code:1 data:1 library:0 (earnings addresses). */
    stateInitCodeAndData: 6,
    stateInitPrefixBits: 5,
} as const;

/**
 * The reserve floor (contracts/pool/reserve.fc): RESERVE_HORIZON seconds of storage at the config's
 * storage prices for POOL_FIXED_* plus PAGE_* per ledger page up to the highest page key plus
 * OWED_ENTRY_* per entry of the attributed owed dict.
 */
export const PoolReserve = {
    horizon: 31536000,
    pageCells: 23,
    pageBits: 16352,
    owedEntryCells: 2,
    owedEntryBits: 204,
    fixedCells: 128,
    fixedBits: 72000,
} as const;

/** Upper bound of the account's (bits, cells) the floor prices, for `pages` ledger pages and `owedEntries` owed entries. */
export function reserveFloorSize(pages: number, owedEntries = 0): { bits: bigint; cells: bigint } {
    return {
        bits: BigInt(PoolReserve.fixedBits + pages * PoolReserve.pageBits + owedEntries * PoolReserve.owedEntryBits),
        cells: BigInt(
            PoolReserve.fixedCells + pages * PoolReserve.pageCells + owedEntries * PoolReserve.owedEntryCells,
        ),
    };
}

/** Why a batch stopped (the last field of its excesses report; `stop::running` and `stop::more` never leave the contract). */
export const StopReason = {
    done: 0,
    noWorkerMoney: 1,
    periodCap: 2,
    paused: 3,
    /** A continuation after set_operator: dropped, reported only by an external log, its value kept. */
    operatorChanged: 5,
    /** The reserve was under its floor: nothing paid (top up the reserve and resubmit). */
    belowFloor: 6,
} as const;
export type StopReasonCode = (typeof StopReason)[keyof typeof StopReason];
