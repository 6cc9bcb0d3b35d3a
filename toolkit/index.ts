/**
 * The off-chain operator toolkit: settlement maths, payout batching, reconciliation against the
 * chain and the workload model. The stress harness and the operator scripts import from here.
 */
export * from './settlement';
export * from './batching';
export * from './reconcile';
export * from './workload';
