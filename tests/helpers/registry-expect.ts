/**
 * The registry's success assertion: exit 0, gas within the handler's bound, exactly the expected
 * messages (each worker_sync, the slashed stake or a rejected worker's stake, then the rest of the value back to the sender)
 * with every field computed from the config, and a balance that moved by the stake change only.
 */
import { Address, Cell, SendMode } from '@ton/core';
import { SendMessageResult } from '@ton/sandbox';
import { findTransactionRequired } from '@ton/test-utils';
import { computeFees, gasUsed, storageFees } from '../../toolkit/chain/transactions';
import { RegistryGas } from '../../wrappers/RegistryConstants';
import { parseSlashedStake, parseWorkerSync, WorkerSync, excessesBody } from '../../wrappers/shared';
import { parseStakeWithdrawn, parseWorkerRejected, RegistryHandler } from '../../wrappers/WorkerRegistry';
import { ExpectedMessage, expectSent } from './messages';
import { RegistryFixture } from './registry-fixture';
import { plain } from './plain';
import { ContractState, stateOf } from '../../audits/harness/state';

export interface AcceptedExpectation {
    handler: RegistryHandler;
    from: Address;
    msgValue: bigint;
    queryId: bigint;
    before: ContractState;
    /** Stake change the registry keeps: +stake on register, -stake on withdraw, -amount on slash. */
    kept?: bigint;
    /** worker_syncs, in order (query_id is the handler's; withdrawn false unless given). */
    syncs?: (Omit<WorkerSync, 'queryId' | 'withdrawn'> & { withdrawn?: boolean })[];
    slashed?: { workerIndex: number; amount: bigint };
    /** A rejected worker's stake, sent whole to its member as worker_rejected before the rest. */
    rejected?: { member: Address; workerIndex: number; stake: bigint };
    /** The rest goes back as stake_withdrawn for this worker instead of excesses. */
    stakeWithdrawnFor?: number;
}

export async function expectAccepted(f: RegistryFixture, result: SendMessageResult, e: AcceptedExpectation) {
    const tx = findTransactionRequired(result.transactions, {
        from: e.from,
        to: f.registry.address,
        success: true,
        exitCode: 0,
    });
    const gas = gasUsed(tx);
    expect(gas).toBeLessThanOrEqual(BigInt(RegistryGas[e.handler]));

    const pool = (await f.registry.getParams()).pool;
    const syncs = e.syncs ?? [];
    const expected: ExpectedMessage[] = syncs.map((s) => ({
        to: pool,
        value: f.fees.syncValue,
        bounce: true,
        mode: SendMode.PAY_GAS_SEPARATELY,
        body: (b: Cell) =>
            expect(plain(parseWorkerSync(b))).toEqual(plain({ withdrawn: false, ...s, queryId: e.queryId })),
    }));
    if (e.slashed) {
        const slashed = e.slashed;
        expected.push({
            to: pool,
            value: slashed.amount,
            bounce: true,
            mode: SendMode.PAY_GAS_SEPARATELY,
            body: (b: Cell) =>
                expect(parseSlashedStake(b)).toEqual({ queryId: e.queryId, workerIndex: slashed.workerIndex }),
        });
    }
    if (e.rejected) {
        const rejected = e.rejected;
        expected.push({
            to: rejected.member,
            value: rejected.stake,
            bounce: false,
            mode: SendMode.PAY_GAS_SEPARATELY,
            body: (b: Cell) =>
                expect(parseWorkerRejected(b)).toEqual({ queryId: e.queryId, workerIndex: rejected.workerIndex }),
        });
    }
    const sentAside = e.slashed?.amount ?? e.rejected?.stake;
    expected.push({
        to: e.from,
        value: f.fees.rest({
            msgValue: e.msgValue,
            computeFee: computeFees(tx),
            kept: e.kept,
            syncs: syncs.length,
            others: sentAside === undefined ? 0 : 1,
            sentValue: sentAside ?? 0n,
        }),
        bounce: false,
        mode: SendMode.CARRY_ALL_REMAINING_BALANCE,
        body: (b: Cell) => {
            if (e.stakeWithdrawnFor !== undefined) {
                expect(parseStakeWithdrawn(b)).toEqual({ queryId: e.queryId, workerIndex: e.stakeWithdrawnFor });
            } else {
                expect(b.equals(excessesBody(e.queryId))).toBe(true);
            }
        },
    });
    expectSent(tx, expected);

    const after = await stateOf(f.blockchain, f.registry.address);
    expect(after.balance).toBe(e.before.balance - storageFees(tx) + (e.kept ?? 0n));
    return { tx, gas };
}
