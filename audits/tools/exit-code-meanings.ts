/**
 * The one-line meaning of each exit code whose declaration in contracts/<dir>/errors.fc carries no
 * `;;` comment (the comment is the meaning when there is one; a meaning here for a commented code
 * is refused, so there is never a second wording). Keyed by the errors.fc directory and the FunC
 * name. `npm run exit-codes` writes the tables; tests/audit/exit-codes.spec.ts checks them.
 */
export interface ExtraRow {
    /** As shown in the code column, e.g. `5, 9`. */
    codes: string;
    name: string;
    meaning: string;
}

export const MEANINGS: Record<string, Record<string, string>> = {
    registry: {
        unknown_op: 'op not defined here (text comments included)',
        not_operator: 'operator op from anyone else',
        not_owner: 'owner op from anyone else',
        not_pending_owner: 'accept_ownership from anyone but the nominee',
        stake_too_small: 'stake < min_stake',
        registration_paused: 'register_worker while paused',
        not_pending: 'approve or reject of a non-pending worker',
        not_active: 'suspend of a non-active worker',
        not_suspended: 'reinstate of a non-suspended worker',
        already_exited: 'request_exit twice',
        not_exited: 'withdraw before request_exit',
        cooldown_active: 'withdraw before exit_requested_at + cooldown',
    },
    pool: {
        not_owner: 'owner op from anyone else',
        not_operator: 'batch from anyone but the operator',
        not_registry: 'worker_sync from anyone but the registry',
        not_pending_owner: 'claim without a pending transfer or from another address',
        not_self: 'payout_continue or pay_owed_continue not from the pool',
        paused: 'batch or pay_owed while paused',
        insufficient_value:
            'batch below `get_batch_value`, pay_owed below `get_pay_owed_value`, withdrawal below `withdraw_value`',
        batch_too_large: 'count > 1,000 (batch or pay_owed)',
        empty_batch: 'count = 0 (batch or pay_owed)',
        commission_too_high: 'commission bps > 5,000',
        invalid_period: 'period length 0',
        exceeds_commission: 'withdrawal above commission held',
        insolvent: 'withdrawal while balance < owed + attributed owed + held after the storage charge',
        invalid_address: 'payout, operator or owner address not basechain `addr_std`',
    },
    earnings: {},
};

/** Codes the contract does not declare but a reader will see (TVM's own, thrown while parsing). */
export const EXTRA_ROWS: Record<string, ExtraRow[]> = {
    pool: [
        {
            codes: '5, 9',
            name: 'TVM range check / cell underflow',
            meaning: 'malformed batch and worker_sync bodies (descending slots, truncated fields)',
        },
    ],
};
