/**
 * Bad input for every op: truncated bodies, trailing bits or refs, and an unknown op. Each is
 * rejected with its own exit code (305 malformed, 300 unknown op) before any state is touched,
 * and each op's valid body from the same sender is shown to pass, so the rejection is the
 * malformation and nothing else.
 */
import { Cell } from '@ton/core';
import { findTransactionRequired } from '@ton/test-utils';
import { RegistryError } from '../../wrappers/RegistryConstants';
import { MIN_STAKE, RegistryFixture, setupRegistry } from '../helpers/registry-fixture';
import { expectBouncedIntact } from '../helpers/bounced';
import { malformedBodies, MalformedKind } from '../helpers/malformed';
import { expectRejected } from '../helpers/rejections';
import { stateOf } from '../../audits/harness/state';
import { expectOpAccepted, OpCase, OP_CASES, opCase } from './op-cases';
import { MEMBERS, standardWorkers } from './workers';

const QID = 1n;
let f: RegistryFixture;

beforeAll(async () => {
    f = await setupRegistry({ members: MEMBERS, workers: standardWorkers });
});
beforeEach(async () => {
    await f.blockchain.loadFrom(f.snapshot);
});

/** Every op whose body has no refs, in its TL-B order; claim_ownership (query id only) below. */
const cases: OpCase[] = OP_CASES.filter((c) => c.op !== 'claim_ownership' && c.scenario !== 'pending worker (no sync)');

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
        // different request (a short address, a zero stake): it is refused whole, and the sender
        // gets its bounce (the refused body's first 256 bits, the value less the fees) and nothing
        // else. The intact body from the same sender does the whole request.
        it(`[MSG-101] ${c.op}: every truncation, a trailing bit and a trailing ref are rejected with malformed_body; the intact body succeeds`, async () => {
            const sender = c.from(f);
            for (const bad of malformedBodies(c.body(f, QID))) {
                const b = await stateOf(f.blockchain, f.registry.address);
                const r = await f.registry.sendRaw(sender.getSender(), { value: value(), body: bad.body });
                try {
                    await expectRejected(f.blockchain, r, {
                        from: sender.address,
                        to: f.registry.address,
                        exitCode: expectedCode[bad.kind],
                        before: b,
                    });
                    expectBouncedIntact(
                        findTransactionRequired(r.transactions, { from: sender.address, to: f.registry.address }),
                        f.fees.schedule,
                        sender.address,
                    );
                } catch (e) {
                    throw new Error(`${c.op}, ${bad.label}: ${(e as Error).message}`);
                }
            }
            await expectOpAccepted(f, c, { value: value(), queryId: QID });
        });
    }

    it('[MSG-101] claim_ownership: a trailing bit, a trailing ref and a cut query_id are rejected with malformed_body', async () => {
        const c = opCase('claim_ownership');
        await c.setup!(f);
        for (const bad of malformedBodies(c.body(f, QID))) {
            const b = await stateOf(f.blockchain, f.registry.address);
            const r = await f.registry.sendRaw(f.stranger.getSender(), { value: value(), body: bad.body });
            await expectRejected(f.blockchain, r, {
                from: f.stranger.address,
                to: f.registry.address,
                exitCode: expectedCode[bad.kind],
                before: b,
            });
            expectBouncedIntact(
                findTransactionRequired(r.transactions, { from: f.stranger.address, to: f.registry.address }),
                f.fees.schedule,
                f.stranger.address,
            );
        }
        await expectOpAccepted(f, c, { value: value(), queryId: QID });
    });

    // Ops the registry does not define (including the pool's and plain text comments) are refused, not
    // swallowed; worker_sync (today's tag and worker_sync_v1's) is one the registry sends, never reads.
    it('[MSG-102] unknown ops — a text comment, excesses, worker_sync, a random op — are rejected with unknown_op', async () => {
        const bodies = [
            Cell.EMPTY.asBuilder().storeUint(0, 32).storeStringTail('a text comment to the registry').endCell(),
            Cell.EMPTY.asBuilder().storeUint(0xd53276db, 32).storeUint(0, 64).endCell(),
            Cell.EMPTY.asBuilder().storeUint(0xb42f616c, 32).storeUint(0, 64).endCell(),
            Cell.EMPTY.asBuilder().storeUint(0xfa683152, 32).storeUint(0, 64).endCell(),
            Cell.EMPTY.asBuilder().storeUint(0x12345678, 32).storeUint(0, 64).endCell(),
        ];
        for (const body of bodies) {
            const b = await stateOf(f.blockchain, f.registry.address);
            const r = await f.registry.sendRaw(f.stranger.getSender(), { value: value(), body });
            await expectRejected(f.blockchain, r, {
                from: f.stranger.address,
                to: f.registry.address,
                exitCode: RegistryError.unknownOp,
                before: b,
            });
        }
    });
});
