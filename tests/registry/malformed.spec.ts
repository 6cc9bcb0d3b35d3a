/**
 * Bad input for every op: truncated bodies, trailing bits or refs, and an unknown op. Each is
 * rejected with its own exit code (305 malformed, 300 unknown op) before any state is touched,
 * and each op's valid body from the same sender is shown to pass, so the rejection is the
 * malformation and nothing else.
 */
import { Cell } from '@ton/core';
import { SandboxContract, TreasuryContract } from '@ton/sandbox';
import { RegistryError } from '../../wrappers/RegistryConstants';
import * as R from '../../wrappers/WorkerRegistry';
import { defaultParams, MIN_STAKE, RegistryFixture, setupRegistry } from '../helpers/registry-fixture';
import { malformedBodies, MalformedKind } from '../helpers/malformed';
import { expectRejected } from '../helpers/rejections';
import { stateOf } from '../helpers/state';
import { FREE_MEMBER, MEMBERS, standardWorkers, W } from './workers';

let f: RegistryFixture;

beforeAll(async () => {
    f = await setupRegistry({ members: MEMBERS, workers: standardWorkers });
});
beforeEach(async () => {
    await f.blockchain.loadFrom(f.snapshot);
});

interface Case {
    op: string;
    from: () => SandboxContract<TreasuryContract>;
    body: () => Cell;
}

const cases: Case[] = [
    { op: 'register_worker', from: () => f.members[FREE_MEMBER], body: () => R.registerWorkerBody({ queryId: 1n, stake: MIN_STAKE, payout: f.stranger.address }) },
    { op: 'change_payout', from: () => f.members[W.active], body: () => R.changePayoutBody({ queryId: 1n, workerIndex: W.active, payout: f.stranger.address }) },
    { op: 'request_exit', from: () => f.members[W.active], body: () => R.requestExitBody({ queryId: 1n, workerIndex: W.active }) },
    { op: 'withdraw_stake', from: () => f.members[W.exitedDue], body: () => R.withdrawStakeBody({ queryId: 1n, workerIndex: W.exitedDue }) },
    { op: 'approve_worker', from: () => f.operator, body: () => R.approveWorkerBody({ queryId: 1n, workerIndex: W.pending }) },
    { op: 'suspend_worker', from: () => f.operator, body: () => R.suspendWorkerBody({ queryId: 1n, workerIndex: W.active }) },
    { op: 'reinstate_worker', from: () => f.operator, body: () => R.reinstateWorkerBody({ queryId: 1n, workerIndex: W.suspended }) },
    { op: 'set_weight', from: () => f.operator, body: () => R.setWeightBody({ queryId: 1n, workerIndex: W.active, weight: 3 }) },
    { op: 'resync_worker', from: () => f.operator, body: () => R.resyncWorkerBody({ queryId: 1n, workerIndex: W.active }) },
    { op: 'set_operator', from: () => f.owner, body: () => R.setOperatorBody({ queryId: 1n, operator: f.stranger.address }) },
    { op: 'set_params', from: () => f.owner, body: () => R.setParamsBody({ queryId: 1n, params: defaultParams(f.pool.address) }) },
    { op: 'slash_stake', from: () => f.owner, body: () => R.slashStakeBody({ queryId: 1n, workerIndex: W.active, amount: 1n }) },
    { op: 'set_paused', from: () => f.owner, body: () => R.setPausedBody({ queryId: 1n, paused: true }) },
    { op: 'transfer_ownership', from: () => f.owner, body: () => R.transferOwnershipBody({ queryId: 1n, newOwner: f.stranger.address }) },
];

const expectedCode: Record<MalformedKind, number> = {
    truncated: RegistryError.malformedBody,
    extra_bit: RegistryError.malformedBody,
    extra_ref: RegistryError.malformedBody,
    wrong_op: RegistryError.unknownOp,
};

/** More than any handler needs, so only the body decides. */
const value = () => MIN_STAKE + f.fees.required('slashStake', 1, 1) * 2n;

describe('malformed bodies', () => {
    for (const c of cases) {
        // A body cut anywhere, or with anything after its last field, must never be read as a
        // different request (a short address, a zero stake): it is refused whole.
        it(`[MSG-101] ${c.op}: every truncation, a trailing bit and a trailing ref are rejected with 305; the intact body succeeds`, async () => {
            const sender = c.from();
            for (const bad of malformedBodies(c.body())) {
                const b = await stateOf(f.blockchain, f.registry.address);
                const r = await f.registry.sendRaw(sender.getSender(), { value: value(), body: bad.body });
                try {
                    await expectRejected(f.blockchain, r, { from: sender.address, to: f.registry.address, exitCode: expectedCode[bad.kind], before: b });
                } catch (e) {
                    throw new Error(`${c.op}, ${bad.label}: ${(e as Error).message}`);
                }
            }
            const ok = await f.registry.sendRaw(sender.getSender(), { value: value(), body: c.body() });
            expect(ok.transactions).toHaveTransaction({ from: sender.address, to: f.registry.address, success: true });
        });
    }

    it('[MSG-101] accept_ownership: a trailing bit, a trailing ref and a cut query_id are rejected with 305', async () => {
        await f.registry.sendTransferOwnership(f.owner.getSender(), { value: value(), newOwner: f.stranger.address });
        for (const bad of malformedBodies(R.acceptOwnershipBody({ queryId: 1n }))) {
            const b = await stateOf(f.blockchain, f.registry.address);
            const r = await f.registry.sendRaw(f.stranger.getSender(), { value: value(), body: bad.body });
            await expectRejected(f.blockchain, r, { from: f.stranger.address, to: f.registry.address, exitCode: expectedCode[bad.kind], before: b });
        }
        const ok = await f.registry.sendAcceptOwnership(f.stranger.getSender(), { value: value(), queryId: 1n });
        expect(ok.transactions).toHaveTransaction({ from: f.stranger.address, to: f.registry.address, success: true });
    });

    // Ops the registry does not define (including the pool's and plain text comments) are refused, not swallowed.
    it('[MSG-102] unknown ops — a text comment, excesses, worker_sync, a random op — are rejected with 300', async () => {
        const bodies = [
            Cell.EMPTY.asBuilder().storeUint(0, 32).storeStringTail('a text comment to the registry').endCell(),
            Cell.EMPTY.asBuilder().storeUint(0xd53276db, 32).storeUint(0, 64).endCell(),
            Cell.EMPTY.asBuilder().storeUint(0xfa683152, 32).storeUint(0, 64).endCell(),
            Cell.EMPTY.asBuilder().storeUint(0x12345678, 32).storeUint(0, 64).endCell(),
        ];
        for (const body of bodies) {
            const b = await stateOf(f.blockchain, f.registry.address);
            const r = await f.registry.sendRaw(f.stranger.getSender(), { value: value(), body });
            await expectRejected(f.blockchain, r, { from: f.stranger.address, to: f.registry.address, exitCode: RegistryError.unknownOp, before: b });
        }
    });
});
