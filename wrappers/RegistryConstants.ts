/**
 * TypeScript mirror of the WorkerRegistry's FunC constants: contracts/registry/op-codes.fc,
 * errors.fc, gas.fc, storage.fc and worker.fc. tests/common/mirror.spec.ts checks ops, errors and gas against
 * the FunC sources and every op-code against worker_registry.tlb; tests/registry/constants.spec.ts
 * checks the limits and statuses.
 */

export const RegistryOp = {
    registerWorker: 0xae2ee719,
    changePayout: 0xda14b0a3,
    requestExit: 0xd29cd499,
    withdrawStake: 0x683fb1eb,
    approveWorker: 0xd40ff561,
    suspendWorker: 0x1cb45506,
    reinstateWorker: 0x9c0f886a,
    setWeight: 0xecba6b39,
    resyncWorker: 0xcb193ceb,
    rejectWorker: 0xb67fcee1,
    setOperator: 0xc1cbfad7,
    setParams: 0xc233b81c,
    slashStake: 0xdd004aee,
    setPaused: 0x00dc73fc,
    transferOwnership: 0xf58535ca,
    claimOwnership: 0x0c98bdcf,
    stakeWithdrawn: 0x95dca00b,
    workerRejected: 0x72d9f464,
} as const;

export const RegistryError = {
    unknownOp: 300,
    notOperator: 301,
    notOwner: 302,
    notMember: 303,
    notPendingOwner: 304,
    malformedBody: 305,
    notBasechainAddress: 306,
    memberNotBasechain: 307,
    insufficientValue: 308,
    stakeTooSmall: 309,
    memberLimit: 310,
    capacityReached: 311,
    registrationPaused: 312,
    noSuchWorker: 313,
    notPending: 314,
    notActive: 315,
    notSuspended: 316,
    alreadyExited: 317,
    notExited: 318,
    cooldownActive: 319,
    neverSynced: 321,
    badSlashAmount: 322,
    badParams: 323,
    unexpectedBounce: 324,
    payoutIsPool: 325,
    payoutIsRegistry: 326,
    indexSpaceExhausted: 327,
} as const;

/** Worst-case gas per handler (contracts/registry/gas.fc), measured up to the 15,000-record hard cap. */
export const RegistryGas = {
    registerWorker: 34000,
    changePayout: 25500,
    requestExit: 25500,
    withdrawStake: 41000,
    approveWorker: 26000,
    rejectWorker: 40000,
    suspendWorker: 26500,
    reinstateWorker: 26500,
    setWeight: 23000,
    resyncWorker: 15000,
    setOperator: 13500,
    setParams: 14500,
    slashStake: 30000,
    setPaused: 12000,
    transferOwnership: 14000,
    claimOwnership: 13000,
} as const;

/** contracts/registry/storage.fc (limits) and worker.fc (statuses) */
export const RegistryLimits = {
    /** Live records (stake not yet withdrawn or rejected). */
    maxCapacity: 15000,
    maxPerMemberLimit: 16,
    maxCooldown: 30 * 24 * 3600,
} as const;

export const WorkerStatus = {
    pending: 0,
    active: 1,
    suspended: 2,
    exited: 3,
} as const;
export type WorkerStatus = (typeof WorkerStatus)[keyof typeof WorkerStatus];
