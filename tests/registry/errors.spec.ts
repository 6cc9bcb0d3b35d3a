/**
 * WorkerRegistry's access exit codes, one raw message each (contracts/registry/errors.fc): each
 * refusal must carry exactly its own code, so a client, the scripts and the docs' tables can tell
 * the reasons apart. Named like errors.fc, so its mutants (a code off by one) meet this spec first
 * (audits/MUTATION.md). Bodies are raw from worker_registry.tlb, with value to spare.
 */
import { beginCell, Cell, toNano } from '@ton/core';
import { RegistryError, RegistryOp } from '../../wrappers/RegistryConstants';
import { RegistryFixture, setupRegistry } from '../helpers/registry-fixture';
import { expectRejected } from '../helpers/rejections';
import { stateOf } from '../../audits/harness/state';
import { MEMBERS, standardWorkers, W } from './workers';

let f: RegistryFixture;
const QID = 11n;

beforeAll(async () => {
    f = await setupRegistry({ members: MEMBERS, workers: standardWorkers });
});

const op = (code: number) => beginCell().storeUint(code, 32).storeUint(QID, 64);

describe('WorkerRegistry access exit codes', () => {
    // Attack staged: a stranger sends every privileged request raw. Must hold: each is refused with
    // exactly its code (unknown op 300, operator op 301, owner op 302, member op 303, accept with no
    // nominee 304), the value bounces back and the registry's state is unchanged.
    const cases: { name: string; code: number; body: () => Cell }[] = [
        {
            name: 'an op the registry does not define',
            code: RegistryError.unknownOp,
            body: () => op(0x7fffffff).endCell(),
        },
        {
            name: 'approve_worker',
            code: RegistryError.notOperator,
            body: () => op(RegistryOp.approveWorker).storeUint(W.pending, 32).endCell(),
        },
        {
            name: 'set_paused',
            code: RegistryError.notOwner,
            body: () => op(RegistryOp.setPaused).storeBit(true).endCell(),
        },
        {
            name: 'request_exit',
            code: RegistryError.notMember,
            body: () => op(RegistryOp.requestExit).storeUint(W.active, 32).endCell(),
        },
        {
            name: 'claim_ownership with no nominee',
            code: RegistryError.notPendingOwner,
            body: () => op(RegistryOp.claimOwnership).endCell(),
        },
    ];
    it.each(cases)('[ACC-107] $name from a stranger is refused with its own exit code', async ({ code, body }) => {
        const before = await stateOf(f.blockchain, f.registry.address);
        const r = await f.stranger.send({ to: f.registry.address, value: toNano('1'), body: body() });
        await expectRejected(f.blockchain, r, {
            from: f.stranger.address,
            to: f.registry.address,
            exitCode: code,
            before,
        });
    });
});
