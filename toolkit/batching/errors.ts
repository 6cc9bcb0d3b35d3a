/** Why the batcher refused to build a payout request. */
export type BatchRefusal =
    | 'empty-batch'
    | 'too-many-entries'
    | 'duplicate-worker'
    | 'unknown-worker'
    | 'amount-out-of-range'
    | 'below-paid'
    | 'bad-limits';

export class BatchError extends Error {
    constructor(
        readonly reason: BatchRefusal,
        message: string,
    ) {
        super(`payout batch refused (${reason}): ${message}`);
        this.name = 'BatchError';
    }
}
