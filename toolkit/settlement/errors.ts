/** Why settlement refused its input. Every refusal names the offending worker or amount. */
export type SettlementRefusal =
    | 'negative-amount'
    | 'not-an-integer'
    | 'bad-worker-index'
    | 'duplicate-worker'
    | 'zero-total-contribution'
    | 'bad-commission'
    | 'cumulative-decreases';

export class SettlementError extends Error {
    constructor(
        readonly reason: SettlementRefusal,
        message: string,
    ) {
        super(`settlement refused (${reason}): ${message}`);
        this.name = 'SettlementError';
    }
}
