/**
 * One accepted request per handler on the standard population, with everything its success must
 * show: the messages and balance (expectAccepted: every worker_sync, slashed or returned stake and
 * the rest to the sender, values from the config) and the stored change, read back by getter.
 * The fee edges (GAS-101) and the malformed-body suites (MSG-101) prove their "min succeeds" and
 * "the intact body succeeds" with these, so a handler that succeeds but does the wrong thing fails.
 */
import { Address, Cell } from '@ton/core';
import { SandboxContract, SendMessageResult, TreasuryContract } from '@ton/sandbox';
import { WorkerStatus } from '../../wrappers/RegistryConstants';
import * as R from '../../wrappers/WorkerRegistry';
import { AcceptedExpectation, expectAccepted } from '../helpers/registry-expect';
import { RegistryHandler } from '../../wrappers/WorkerRegistry';
import { COOLDOWN, defaultParams, MIN_STAKE, RegistryFixture, START_TIME } from '../helpers/registry-fixture';
import { plain } from '../helpers/plain';
import { ContractState, stateOf } from '../../audits/harness/state';
import { FREE_MEMBER, RECORDS, W } from './workers';

/** What an accepted request sends (beyond the rest to the sender) and keeps. */
export type Effects = Pick<AcceptedExpectation, 'kept' | 'syncs' | 'slashed' | 'rejected' | 'stakeWithdrawnFor'>;

export interface Outcome {
    effects: Effects;
    /** Asserts the stored change; `before` is the registry's state right before the request. */
    stored: (before: ContractState) => Promise<void>;
}

export interface OpCase {
    /** The TL-B constructor name. */
    op: string;
    handler: RegistryHandler;
    scenario: string;
    from: (f: RegistryFixture) => SandboxContract<TreasuryContract>;
    body: (f: RegistryFixture, queryId: bigint) => Cell;
    /** Messages the handler sends besides the rest: worker_syncs, and others (slashed or rejected stake). */
    syncs: number;
    others?: number;
    /** Value on top of the fees that is not a fee (the stake). */
    extra?: bigint;
    /** Runs first (e.g. nominate an owner). */
    setup?: (f: RegistryFixture) => Promise<unknown>;
    /** Read before the request is sent (stakes, params). */
    outcome: (f: RegistryFixture) => Promise<Outcome>;
}

const same = (a: Address | null, b: Address | null) => expect(a?.toString() ?? null).toBe(b?.toString() ?? null);
const stakeOf = async (f: RegistryFixture, i: number) => (await f.registry.getWorker(i))!.stake;
const CHANGED_PARAMS = (f: RegistryFixture) =>
    defaultParams(f.pool.address, { cooldown: COOLDOWN + 1, maxPerMember: 2 });

export const OP_CASES: OpCase[] = [
    {
        op: 'register_worker',
        handler: 'registerWorker',
        scenario: 'stake = min_stake',
        syncs: 0,
        extra: MIN_STAKE,
        from: (f) => f.members[FREE_MEMBER],
        body: (f, queryId) => R.registerWorkerBody({ queryId, stake: MIN_STAKE, payout: f.stranger.address }),
        outcome: async (f) => ({
            effects: { kept: MIN_STAKE },
            stored: async () => {
                expect(plain(await f.registry.getWorker(RECORDS))).toEqual(
                    plain({
                        member: f.members[FREE_MEMBER].address,
                        payout: f.stranger.address,
                        status: WorkerStatus.pending,
                        synced: false,
                        stake: MIN_STAKE,
                        weight: 0,
                        registeredAt: START_TIME,
                        exitRequestedAt: 0,
                    }),
                );
                expect(await f.registry.getMemberWorkers(f.members[FREE_MEMBER].address)).toEqual([RECORDS]);
            },
        }),
    },
    {
        op: 'change_payout',
        handler: 'changePayout',
        scenario: 'active worker (sync)',
        syncs: 1,
        from: (f) => f.members[W.active],
        body: (f, queryId) => R.changePayoutBody({ queryId, workerIndex: W.active, payout: f.stranger.address }),
        outcome: async (f) => ({
            effects: { syncs: [{ workerIndex: W.active, payout: f.stranger.address, active: true }] },
            stored: async () => same((await f.registry.getWorker(W.active))!.payout, f.stranger.address),
        }),
    },
    {
        op: 'change_payout',
        handler: 'changePayout',
        scenario: 'pending worker (no sync)',
        syncs: 0,
        from: (f) => f.members[W.pending],
        body: (f, queryId) => R.changePayoutBody({ queryId, workerIndex: W.pending, payout: f.stranger.address }),
        outcome: async (f) => ({
            effects: {},
            stored: async () => same((await f.registry.getWorker(W.pending))!.payout, f.stranger.address),
        }),
    },
    {
        op: 'request_exit',
        handler: 'requestExit',
        scenario: 'active worker',
        syncs: 1,
        from: (f) => f.members[W.active],
        body: (_f, queryId) => R.requestExitBody({ queryId, workerIndex: W.active }),
        outcome: async (f) => ({
            // exited with the stake still here stays payable for the final settlement
            effects: { syncs: [{ workerIndex: W.active, payout: f.members[W.active].address, active: true }] },
            stored: async () =>
                expect(await f.registry.getWorker(W.active)).toMatchObject({
                    status: WorkerStatus.exited,
                    exitRequestedAt: f.blockchain.now,
                }),
        }),
    },
    {
        op: 'withdraw_stake',
        handler: 'withdrawStake',
        scenario: 'cooldown over',
        syncs: 1,
        from: (f) => f.members[W.exitedDue],
        body: (_f, queryId) => R.withdrawStakeBody({ queryId, workerIndex: W.exitedDue }),
        outcome: async (f) => {
            const stake = await stakeOf(f, W.exitedDue);
            const total = (await f.registry.getCounts()).totalStake;
            return {
                effects: {
                    kept: -stake,
                    syncs: [
                        {
                            workerIndex: W.exitedDue,
                            payout: f.members[W.exitedDue].address,
                            active: false,
                            withdrawn: true,
                        },
                    ],
                    stakeWithdrawnFor: W.exitedDue,
                },
                stored: async () => {
                    expect(await f.registry.getWorker(W.exitedDue)).toBeNull();
                    expect(await f.registry.getMemberWorkers(f.members[W.exitedDue].address)).toEqual([]);
                    expect((await f.registry.getCounts()).totalStake).toBe(total - stake);
                },
            };
        },
    },
    {
        op: 'approve_worker',
        handler: 'approveWorker',
        scenario: 'pending worker',
        syncs: 1,
        from: (f) => f.operator,
        body: (_f, queryId) => R.approveWorkerBody({ queryId, workerIndex: W.pending }),
        outcome: async (f) => ({
            effects: { syncs: [{ workerIndex: W.pending, payout: f.members[W.pending].address, active: true }] },
            stored: async () =>
                expect(await f.registry.getWorker(W.pending)).toMatchObject({
                    status: WorkerStatus.active,
                    synced: true,
                }),
        }),
    },
    {
        op: 'reject_worker',
        handler: 'rejectWorker',
        scenario: 'pending worker (stake to the member)',
        syncs: 0,
        others: 1,
        from: (f) => f.operator,
        body: (_f, queryId) => R.rejectWorkerBody({ queryId, workerIndex: W.pending }),
        outcome: async (f) => {
            const stake = await stakeOf(f, W.pending);
            return {
                effects: {
                    kept: -stake,
                    rejected: { member: f.members[W.pending].address, workerIndex: W.pending, stake },
                },
                stored: async () => expect(await f.registry.getWorker(W.pending)).toBeNull(),
            };
        },
    },
    {
        op: 'suspend_worker',
        handler: 'suspendWorker',
        scenario: 'active worker',
        syncs: 1,
        from: (f) => f.operator,
        body: (_f, queryId) => R.suspendWorkerBody({ queryId, workerIndex: W.active }),
        outcome: async (f) => ({
            effects: { syncs: [{ workerIndex: W.active, payout: f.members[W.active].address, active: false }] },
            stored: async () =>
                expect(await f.registry.getWorker(W.active)).toMatchObject({ status: WorkerStatus.suspended }),
        }),
    },
    {
        op: 'reinstate_worker',
        handler: 'reinstateWorker',
        scenario: 'suspended worker',
        syncs: 1,
        from: (f) => f.operator,
        body: (_f, queryId) => R.reinstateWorkerBody({ queryId, workerIndex: W.suspended }),
        outcome: async (f) => ({
            effects: { syncs: [{ workerIndex: W.suspended, payout: f.members[W.suspended].address, active: true }] },
            stored: async () =>
                expect(await f.registry.getWorker(W.suspended)).toMatchObject({ status: WorkerStatus.active }),
        }),
    },
    {
        op: 'set_weight',
        handler: 'setWeight',
        scenario: 'active worker',
        syncs: 0,
        from: (f) => f.operator,
        body: (_f, queryId) => R.setWeightBody({ queryId, workerIndex: W.active, weight: 5 }),
        outcome: async (f) => ({
            effects: {},
            stored: async () => expect((await f.registry.getWorker(W.active))!.weight).toBe(5),
        }),
    },
    {
        op: 'resync_worker',
        handler: 'resyncWorker',
        scenario: 'active worker',
        syncs: 1,
        from: (f) => f.operator,
        body: (_f, queryId) => R.resyncWorkerBody({ queryId, workerIndex: W.active }),
        outcome: async (f) => ({
            effects: { syncs: [{ workerIndex: W.active, payout: f.members[W.active].address, active: true }] },
            stored: async (before) =>
                expect((await stateOf(f.blockchain, f.registry.address)).data.equals(before.data)).toBe(true),
        }),
    },
    {
        op: 'set_operator',
        handler: 'setOperator',
        scenario: 'new operator',
        syncs: 0,
        from: (f) => f.owner,
        body: (f, queryId) => R.setOperatorBody({ queryId, operator: f.stranger.address }),
        outcome: async (f) => ({
            effects: {},
            stored: async () => same((await f.registry.getRoles()).operator, f.stranger.address),
        }),
    },
    {
        op: 'set_params',
        handler: 'setParams',
        scenario: 'new cooldown and max_per_member',
        syncs: 0,
        from: (f) => f.owner,
        body: (f, queryId) => R.setParamsBody({ queryId, params: CHANGED_PARAMS(f) }),
        outcome: async (f) => ({
            effects: {},
            stored: async () =>
                expect(plain(await f.registry.getParams())).toEqual(plain({ ...CHANGED_PARAMS(f), paused: false })),
        }),
    },
    {
        op: 'slash_stake',
        handler: 'slashStake',
        scenario: 'active worker (sync + slashed_stake)',
        syncs: 1,
        others: 1,
        from: (f) => f.owner,
        body: (_f, queryId) => R.slashStakeBody({ queryId, workerIndex: W.active, amount: 1n }),
        outcome: async (f) => {
            const stake = await stakeOf(f, W.active);
            return {
                effects: {
                    kept: -1n,
                    syncs: [{ workerIndex: W.active, payout: f.members[W.active].address, active: false }],
                    slashed: { workerIndex: W.active, amount: 1n },
                },
                stored: async () =>
                    expect(await f.registry.getWorker(W.active)).toMatchObject({
                        status: WorkerStatus.suspended,
                        stake: stake - 1n,
                    }),
            };
        },
    },
    {
        op: 'set_paused',
        handler: 'setPaused',
        scenario: 'pause',
        syncs: 0,
        from: (f) => f.owner,
        body: (_f, queryId) => R.setPausedBody({ queryId, paused: true }),
        outcome: async (f) => ({
            effects: {},
            stored: async () => expect((await f.registry.getParams()).paused).toBe(true),
        }),
    },
    {
        op: 'transfer_ownership',
        handler: 'transferOwnership',
        scenario: 'nominate',
        syncs: 0,
        from: (f) => f.owner,
        body: (f, queryId) => R.transferOwnershipBody({ queryId, newOwner: f.stranger.address }),
        outcome: async (f) => ({
            effects: {},
            stored: async () => {
                const roles = await f.registry.getRoles();
                same(roles.owner, f.owner.address);
                same(roles.pendingOwner, f.stranger.address);
            },
        }),
    },
    {
        op: 'claim_ownership',
        handler: 'claimOwnership',
        scenario: 'nominee accepts',
        syncs: 0,
        from: (f) => f.stranger,
        body: (_f, queryId) => R.claimOwnershipBody({ queryId }),
        setup: (f) =>
            f.registry.sendTransferOwnership(f.owner.getSender(), {
                value: f.fees.required('transferOwnership', 0) * 2n,
                newOwner: f.stranger.address,
            }),
        outcome: async (f) => ({
            effects: {},
            stored: async () => {
                const roles = await f.registry.getRoles();
                same(roles.owner, f.stranger.address);
                same(roles.pendingOwner, null);
            },
        }),
    },
];

/** The case for one handler and scenario (the first for a handler when no scenario is given). */
export function opCase(op: string, scenario?: string): OpCase {
    const c = OP_CASES.find((x) => x.op === op && (scenario === undefined || x.scenario === scenario));
    if (!c) throw new Error(`opCase: no case ${op}${scenario ? ` (${scenario})` : ''}`);
    return c;
}

/** Sends `c`'s request with `value` and asserts its whole outcome: messages, balance and stored change. */
export async function expectOpAccepted(
    f: RegistryFixture,
    c: OpCase,
    o: { value: bigint; queryId: bigint },
): Promise<SendMessageResult> {
    const sender = c.from(f);
    const outcome = await c.outcome(f);
    const before = await stateOf(f.blockchain, f.registry.address);
    const result = await f.registry.sendRaw(sender.getSender(), { value: o.value, body: c.body(f, o.queryId) });
    await expectAccepted(f, result, {
        handler: c.handler,
        from: sender.address,
        msgValue: o.value,
        queryId: o.queryId,
        before,
        ...outcome.effects,
    });
    await outcome.stored(before);
    return result;
}
