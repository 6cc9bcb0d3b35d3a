/**
 * Gas per handler with 10, 1,000, 10,000 and 14,999 (the hard cap less one) existing workers
 * (states built in TypeScript and installed, not registered one by one). Each handler's worst case must stay within its named
 * bound in contracts/registry/gas.fc — the bound the fee check charges for — and the bounds must
 * not go stale: the largest measurement of each handler is within GAS_HEADROOM of its bound.
 */
import { Cell } from '@ton/core';
import { SandboxContract, TreasuryContract } from '@ton/sandbox';
import { findTransactionRequired } from '@ton/test-utils';
import { GasReport } from '../../toolkit/chain/gas-report';
import { gasUsed } from '../../toolkit/chain/transactions';
import { RegistryGas, RegistryLimits } from '../../wrappers/RegistryConstants';
import * as R from '../../wrappers/WorkerRegistry';
import { defaultParams, MIN_STAKE, RegistryFixture, setupRegistry } from '../helpers/registry-fixture';
import { RegistryHandler } from '../../wrappers/WorkerRegistry';
import { HEAVY_EXITED, HEAVY_MEMBER, HEAVY_PENDING, population, POPULATION_MEMBERS } from './population';
import { FREE_MEMBER, W } from './workers';

/** A bound may exceed the largest measurement by at most this share of the bound. */
const GAS_HEADROOM = 0.25;
/** 14,999: the largest registry in which every handler (registration included) can still run. */
const SIZES = [10, 1_000, 10_000, RegistryLimits.maxCapacity - 1];

interface GasCase {
    handler: RegistryHandler;
    scenario: string;
    from: (f: RegistryFixture) => SandboxContract<TreasuryContract>;
    body: (f: RegistryFixture) => Cell;
    extra?: bigint;
    /** Needs the heavy member (1,000 workers and up). */
    heavy?: boolean;
    setup?: (f: RegistryFixture) => Promise<unknown>;
}

const cases: GasCase[] = [
    {
        handler: 'registerWorker',
        scenario: 'new member',
        from: (f) => f.members[FREE_MEMBER],
        body: (f) => R.registerWorkerBody({ stake: MIN_STAKE, payout: f.stranger.address }),
        extra: MIN_STAKE,
    },
    {
        handler: 'registerWorker',
        scenario: "member's 16th worker",
        heavy: true,
        from: (f) => f.members[HEAVY_MEMBER],
        body: (f) => R.registerWorkerBody({ stake: MIN_STAKE, payout: f.stranger.address }),
        extra: MIN_STAKE,
    },
    {
        handler: 'changePayout',
        scenario: 'active worker',
        from: (f) => f.members[W.active],
        body: (f) => R.changePayoutBody({ workerIndex: W.active, payout: f.stranger.address }),
    },
    {
        handler: 'requestExit',
        scenario: 'active worker',
        from: (f) => f.members[W.active],
        body: () => R.requestExitBody({ workerIndex: W.active }),
    },
    {
        handler: 'withdrawStake',
        scenario: 'sole worker of its member',
        from: (f) => f.members[W.exitedDue],
        body: () => R.withdrawStakeBody({ workerIndex: W.exitedDue }),
    },
    {
        handler: 'withdrawStake',
        scenario: 'one of 15 workers of its member',
        heavy: true,
        from: (f) => f.members[HEAVY_MEMBER],
        body: () => R.withdrawStakeBody({ workerIndex: HEAVY_EXITED }),
    },
    {
        handler: 'approveWorker',
        scenario: 'pending worker',
        from: (f) => f.operator,
        body: () => R.approveWorkerBody({ workerIndex: W.pending }),
    },
    {
        handler: 'rejectWorker',
        scenario: 'sole worker of its member',
        from: (f) => f.operator,
        body: () => R.rejectWorkerBody({ workerIndex: W.pending }),
    },
    {
        handler: 'rejectWorker',
        scenario: 'one of 15 workers of its member',
        heavy: true,
        from: (f) => f.operator,
        body: () => R.rejectWorkerBody({ workerIndex: HEAVY_PENDING }),
    },
    {
        handler: 'suspendWorker',
        scenario: 'active worker',
        from: (f) => f.operator,
        body: () => R.suspendWorkerBody({ workerIndex: W.active }),
    },
    {
        handler: 'reinstateWorker',
        scenario: 'suspended worker',
        from: (f) => f.operator,
        body: () => R.reinstateWorkerBody({ workerIndex: W.suspended }),
    },
    {
        handler: 'setWeight',
        scenario: 'active worker',
        from: (f) => f.operator,
        body: () => R.setWeightBody({ workerIndex: W.active, weight: 9 }),
    },
    {
        handler: 'resyncWorker',
        scenario: 'withdrawn worker (record left)',
        from: (f) => f.operator,
        body: () => R.resyncWorkerBody({ workerIndex: W.withdrawn }),
    },
    {
        handler: 'resyncWorker',
        scenario: 'active worker',
        from: (f) => f.operator,
        body: () => R.resyncWorkerBody({ workerIndex: W.active }),
    },
    {
        handler: 'setOperator',
        scenario: 'new operator',
        from: (f) => f.owner,
        body: (f) => R.setOperatorBody({ operator: f.stranger.address }),
    },
    {
        handler: 'setParams',
        scenario: 'all fields',
        from: (f) => f.owner,
        body: (f) =>
            R.setParamsBody({
                params: defaultParams(f.stranger.address, { maxPerMember: RegistryLimits.maxPerMemberLimit }),
            }),
    },
    {
        handler: 'slashStake',
        scenario: 'active worker',
        from: (f) => f.owner,
        body: () => R.slashStakeBody({ workerIndex: W.active, amount: 1n }),
    },
    { handler: 'setPaused', scenario: 'pause', from: (f) => f.owner, body: () => R.setPausedBody({ paused: true }) },
    {
        handler: 'transferOwnership',
        scenario: 'nominate',
        from: (f) => f.owner,
        body: (f) => R.transferOwnershipBody({ newOwner: f.stranger.address }),
    },
    {
        handler: 'claimOwnership',
        scenario: 'nominee accepts',
        from: (f) => f.stranger,
        body: () => R.claimOwnershipBody(),
        setup: (f) =>
            f.registry.sendTransferOwnership(f.owner.getSender(), {
                value: f.fees.required('transferOwnership', 0) * 2n,
                newOwner: f.stranger.address,
            }),
    },
];

const report = new GasReport('WorkerRegistry gas per handler (bound: contracts/registry/gas.fc)');
const worst = new Map<RegistryHandler, bigint>();

afterAll(() => report.print());

describe.each(SIZES)('with %i existing workers', (size) => {
    let f: RegistryFixture;
    beforeAll(async () => {
        f = await setupRegistry({
            members: POPULATION_MEMBERS,
            params: { maxPerMember: RegistryLimits.maxPerMemberLimit },
            workers: ({ members }) => population(size, members),
            install: true,
        });
    });

    for (const c of cases.filter((c) => !c.heavy || size >= 1_000)) {
        // A handler that outgrows its bound would be under-charged by the fee check (the
        // difference paid from stakes) or, past 1,000,000, fail outright.
        it(`[GAS-102] ${c.handler} (${c.scenario}) stays within gas::${c.handler} with ${size.toLocaleString('en-US')} workers`, async () => {
            await f.blockchain.loadFrom(f.snapshot);
            await c.setup?.(f);
            const sender = c.from(f);
            const value = f.fees.required(c.handler, 1, 1) * 2n + (c.extra ?? 0n);
            const r = await f.registry.sendRaw(sender.getSender(), { value, body: c.body(f) });
            const tx = findTransactionRequired(r.transactions, {
                from: sender.address,
                to: f.registry.address,
                success: true,
                exitCode: 0,
            });
            const gas = gasUsed(tx);
            report.record(
                c.handler,
                `${c.scenario}, ${size.toLocaleString('en-US')} workers`,
                gas,
                RegistryGas[c.handler],
            );
            worst.set(c.handler, gas > (worst.get(c.handler) ?? 0n) ? gas : worst.get(c.handler)!);
            expect(gas).toBeLessThanOrEqual(BigInt(RegistryGas[c.handler]));
        });
    }
});

describe('gas bounds', () => {
    // A bound far above the real cost over-charges every member and hides regressions.
    it(`[GAS-103] every gas:: bound is within ${GAS_HEADROOM * 100}% of the largest measurement of its handler`, () => {
        const stale = (Object.keys(RegistryGas) as RegistryHandler[]).flatMap((h) => {
            const measured = worst.get(h);
            if (measured === undefined) return [`${h}: not measured`];
            const bound = RegistryGas[h];
            return Number(measured) < bound * (1 - GAS_HEADROOM)
                ? [`${h}: bound ${bound}, largest measurement ${measured}`]
                : [];
        });
        expect(stale).toEqual([]);
    });
});
