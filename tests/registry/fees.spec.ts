/**
 * Fee edges the stablecoin way: for every handler the least accepted value is computed from the
 * live config (gas bound, forward fees, the pool's worker_sync gas); one nanoton less is rejected
 * with 308 and changes nothing, the minimum itself succeeds — under the sandbox's old prices and
 * under the mainnet prices of 2026.
 */
import { Cell } from '@ton/core';
import { SandboxContract, TreasuryContract } from '@ton/sandbox';
import { PRICE_SETS } from '../../toolkit/chain/prices';
import { RegistryError, RegistryOp } from '../../wrappers/RegistryConstants';
import * as R from '../../wrappers/WorkerRegistry';
import { defaultParams, MIN_STAKE, RegistryFixture, setupRegistry } from '../helpers/registry-fixture';
import { RegistryHandler } from '../helpers/registry-fees';
import { expectRejected } from '../helpers/rejections';
import { stateOf } from '../helpers/state';
import { FREE_MEMBER, MEMBERS, standardWorkers, W } from './workers';

interface FeeCase {
    handler: RegistryHandler;
    op: number;
    scenario: string;
    from: (f: RegistryFixture) => SandboxContract<TreasuryContract>;
    body: (f: RegistryFixture) => Cell;
    syncs: number;
    others?: number;
    /** Value on top of the fees that is not a fee (the stake). */
    extra?: bigint;
    /** Runs first (e.g. nominate an owner). */
    setup?: (f: RegistryFixture) => Promise<unknown>;
}

const cases: FeeCase[] = [
    { handler: 'registerWorker', op: RegistryOp.registerWorker, scenario: 'stake = min_stake', from: (f) => f.members[FREE_MEMBER], body: (f) => R.registerWorkerBody({ stake: MIN_STAKE, payout: f.members[FREE_MEMBER].address }), syncs: 0, extra: MIN_STAKE },
    { handler: 'changePayout', op: RegistryOp.changePayout, scenario: 'active worker (sync)', from: (f) => f.members[W.active], body: (f) => R.changePayoutBody({ workerIndex: W.active, payout: f.stranger.address }), syncs: 1 },
    { handler: 'changePayout', op: RegistryOp.changePayout, scenario: 'pending worker (no sync)', from: (f) => f.members[W.pending], body: (f) => R.changePayoutBody({ workerIndex: W.pending, payout: f.stranger.address }), syncs: 0 },
    { handler: 'requestExit', op: RegistryOp.requestExit, scenario: 'active worker', from: (f) => f.members[W.active], body: () => R.requestExitBody({ workerIndex: W.active }), syncs: 1 },
    { handler: 'withdrawStake', op: RegistryOp.withdrawStake, scenario: 'cooldown over', from: (f) => f.members[W.exitedDue], body: () => R.withdrawStakeBody({ workerIndex: W.exitedDue }), syncs: 1 },
    { handler: 'approveWorker', op: RegistryOp.approveWorker, scenario: 'pending worker', from: (f) => f.operator, body: () => R.approveWorkerBody({ workerIndex: W.pending }), syncs: 1 },
    { handler: 'rejectWorker', op: RegistryOp.rejectWorker, scenario: 'pending worker (stake to the member)', from: (f) => f.operator, body: () => R.rejectWorkerBody({ workerIndex: W.pending }), syncs: 0, others: 1 },
    { handler: 'suspendWorker', op: RegistryOp.suspendWorker, scenario: 'active worker', from: (f) => f.operator, body: () => R.suspendWorkerBody({ workerIndex: W.active }), syncs: 1 },
    { handler: 'reinstateWorker', op: RegistryOp.reinstateWorker, scenario: 'suspended worker', from: (f) => f.operator, body: () => R.reinstateWorkerBody({ workerIndex: W.suspended }), syncs: 1 },
    { handler: 'setWeight', op: RegistryOp.setWeight, scenario: 'active worker', from: (f) => f.operator, body: () => R.setWeightBody({ workerIndex: W.active, weight: 5 }), syncs: 0 },
    { handler: 'resyncWorker', op: RegistryOp.resyncWorker, scenario: 'active worker', from: (f) => f.operator, body: () => R.resyncWorkerBody({ workerIndex: W.active }), syncs: 1 },
    { handler: 'setOperator', op: RegistryOp.setOperator, scenario: 'new operator', from: (f) => f.owner, body: (f) => R.setOperatorBody({ operator: f.stranger.address }), syncs: 0 },
    { handler: 'setParams', op: RegistryOp.setParams, scenario: 'defaults', from: (f) => f.owner, body: (f) => R.setParamsBody({ params: defaultParams(f.pool.address) }), syncs: 0 },
    { handler: 'slashStake', op: RegistryOp.slashStake, scenario: 'active worker (sync + slashed_stake)', from: (f) => f.owner, body: () => R.slashStakeBody({ workerIndex: W.active, amount: 1n }), syncs: 1, others: 1 },
    { handler: 'setPaused', op: RegistryOp.setPaused, scenario: 'pause', from: (f) => f.owner, body: () => R.setPausedBody({ paused: true }), syncs: 0 },
    { handler: 'transferOwnership', op: RegistryOp.transferOwnership, scenario: 'nominate', from: (f) => f.owner, body: (f) => R.transferOwnershipBody({ newOwner: f.stranger.address }), syncs: 0 },
    {
        handler: 'acceptOwnership',
        op: RegistryOp.acceptOwnership,
        scenario: 'nominee accepts',
        from: (f) => f.stranger,
        body: () => R.acceptOwnershipBody(),
        syncs: 0,
        setup: (f) => f.registry.sendTransferOwnership(f.owner.getSender(), { value: f.fees.required('transferOwnership', 0) * 2n, newOwner: f.stranger.address }),
    },
];

describe.each(PRICE_SETS)('fee edges under %s prices', (prices) => {
    let f: RegistryFixture;
    beforeAll(async () => {
        f = await setupRegistry({ prices, members: MEMBERS, workers: standardWorkers });
    });

    for (const c of cases) {
        // Too little value must be refused before anything is written or sent (else the registry
        // would pay the difference from stakes); exactly the minimum must be enough.
        it(`[GAS-101] ${c.handler} (${c.scenario}): min - 1 from the config is rejected with 308, min succeeds`, async () => {
            await f.blockchain.loadFrom(f.snapshot);
            await c.setup?.(f);
            const sender = c.from(f);
            const min = f.fees.required(c.handler, c.syncs, c.others ?? 0) + (c.extra ?? 0n);
            const b = await stateOf(f.blockchain, f.registry.address);
            const low = await f.registry.sendRaw(sender.getSender(), { value: min - 1n, body: c.body(f) });
            await expectRejected(f.blockchain, low, { from: sender.address, to: f.registry.address, exitCode: RegistryError.notEnoughValue, before: b });
            const ok = await f.registry.sendRaw(sender.getSender(), { value: min, body: c.body(f) });
            expect(ok.transactions).toHaveTransaction({ from: sender.address, to: f.registry.address, success: true, exitCode: 0 });
            expect(ok.transactions).toHaveTransaction({ from: f.registry.address, to: sender.address, success: true });
        });
    }

    // Clients ask the contract what to attach: the getter must agree with the config maths
    // (worst case: with a worker_sync wherever one may follow).
    it('[GAS-104] get_required_value of every op equals the minimum computed from the config', async () => {
        const worst: Record<RegistryHandler, [number, number]> = {
            registerWorker: [0, 0], changePayout: [1, 0], requestExit: [1, 0], withdrawStake: [1, 0], approveWorker: [1, 0], rejectWorker: [0, 1],
            suspendWorker: [1, 0], reinstateWorker: [1, 0], setWeight: [0, 0], resyncWorker: [1, 0], setOperator: [0, 0],
            setParams: [0, 0], slashStake: [1, 1], setPaused: [0, 0], transferOwnership: [0, 0], acceptOwnership: [0, 0],
        };
        for (const [h, [syncs, others]] of Object.entries(worst) as [RegistryHandler, [number, number]][]) {
            const op = RegistryOp[h];
            expect({ h, v: await f.registry.getRequiredValue(op) }).toEqual({ h, v: f.fees.required(h, syncs, others) });
        }
    });
});
