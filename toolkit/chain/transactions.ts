/**
 * Reading what a transaction cost. One place for gas and fee extraction, used by tests, the
 * benchmark and the stress harness.
 */
import { Transaction } from '@ton/core';

/** Compute-phase gas used (0 when the compute phase was skipped). */
export function gasUsed(tx: Transaction): bigint {
    if (tx.description.type !== 'generic') throw new Error(`gasUsed: ${tx.description.type} transaction`);
    const cp = tx.description.computePhase;
    return cp.type === 'vm' ? cp.gasUsed : 0n;
}

/** Compute-phase exit code, or undefined when the compute phase was skipped. */
export function exitCode(tx: Transaction): number | undefined {
    if (tx.description.type !== 'generic') return undefined;
    const cp = tx.description.computePhase;
    return cp.type === 'vm' ? cp.exitCode : undefined;
}

/** Compute fee charged. */
export function computeFees(tx: Transaction): bigint {
    if (tx.description.type !== 'generic') return 0n;
    const cp = tx.description.computePhase;
    return cp.type === 'vm' ? cp.gasFees : 0n;
}

/** Every forward fee the account paid for its outgoing messages (action fees included). */
export function forwardFees(tx: Transaction): bigint {
    if (tx.description.type !== 'generic') return 0n;
    return tx.description.actionPhase?.totalFwdFees ?? 0n;
}

/** Storage fee collected in the storage phase. */
export function storageFees(tx: Transaction): bigint {
    if (tx.description.type !== 'generic') return 0n;
    return tx.description.storagePhase?.storageFeesCollected ?? 0n;
}

/** Everything the account paid in this transaction: storage + compute + all forward fees. */
export function accountCost(tx: Transaction): bigint {
    return storageFees(tx) + computeFees(tx) + forwardFees(tx);
}

/** Number of actions the transaction's action phase produced (0 without one). */
export function actionCount(tx: Transaction): number {
    if (tx.description.type !== 'generic') return 0;
    return tx.description.actionPhase?.totalActions ?? 0;
}
