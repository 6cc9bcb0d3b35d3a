/**
 * EarningsAddress constants mirrored from contracts/earnings/{op-codes,errors,gas,params}.fc.
 * tests/common/mirror.spec.ts compares every op, error and gas value with the FunC source;
 * tests/earnings/forward.spec.ts compares the limits.
 */
export const EarningsOp = {
    earningsSweep: 0x93fb27dc,
} as const;

export const EarningsError = {
    insufficientValue: 501,
} as const;

export const EarningsGas = {
    forward: 4000,
    sweep: 6000,
} as const;

/** contracts/earnings/params.fc. */
export const EarningsLimits = {
    /** A forward happens at a balance of this many times its own cost (fees <= 1/10 of what moves). */
    forwardCostMultiple: 10,
} as const;
