/**
 * Sending a payout batch in a test and reading what it did: the pool's transactions, the payouts
 * they sent, and the final report to the operator.
 */
import { Address } from '@ton/core';
import { BlockchainTransaction, SandboxContract, SendMessageResult, TreasuryContract } from '@ton/sandbox';
import { parsePayoutExcesses, parsePoolPayout, PayoutEntry, PoolOp } from '../../wrappers/PoolPayout';
import { PoolFixture } from '../../audits/harness/pool-fixture';

export interface BatchRun {
    result: SendMessageResult;
    /** The pool's transactions caused by the request (request first, then continuations). */
    poolTxs: BlockchainTransaction[];
    /** Payouts sent, in order. */
    payouts: { to: Address; workerIndex: number; amount: bigint }[];
    /** The final report, when the batch got that far. */
    report?: ReturnType<typeof parsePayoutExcesses> & { value: bigint };
}

export function readBatch(pool: Address, response: Address, result: SendMessageResult): BatchRun {
    const poolTxs = result.transactions.filter(
        (t) => t.inMessage?.info.type === 'internal' && t.inMessage.info.dest.equals(pool) && !t.inMessage.info.bounced,
    );
    const payouts: BatchRun['payouts'] = [];
    let report: BatchRun['report'];
    for (const tx of poolTxs) {
        for (const m of tx.outMessages.values()) {
            if (m.info.type !== 'internal') continue;
            const s = m.body.beginParse();
            const op = s.remainingBits >= 32 ? s.preloadUint(32) : -1;
            if (op === PoolOp.poolPayout) {
                const p = parsePoolPayout(m.body);
                payouts.push({ to: m.info.dest, workerIndex: p.workerIndex, amount: p.amount });
            } else if (m.info.dest.equals(response) && op === 0xd53276db) {
                report = { ...parsePayoutExcesses(m.body), value: m.info.value.coins };
            }
        }
    }
    return { result, poolTxs, payouts, report };
}

export async function sendBatch(
    f: PoolFixture,
    entries: PayoutEntry[],
    o: { value?: bigint; queryId?: bigint; via?: SandboxContract<TreasuryContract> } = {},
): Promise<BatchRun> {
    const via = o.via ?? f.operator;
    const value = o.value ?? (await f.pool.getBatchValue(entries.length));
    const result = await f.pool.sendPayoutBatch(via.getSender(), { value, queryId: o.queryId ?? 1n, entries });
    return readBatch(f.pool.address, via.address, result);
}
