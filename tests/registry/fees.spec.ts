/**
 * Fee edges the stablecoin way: for every handler the least accepted value is computed from the
 * live config (gas bound, forward fees, the pool's worker_sync gas); one nanoton less is rejected
 * with 308 and changes nothing, the minimum itself does the whole request (op-cases.ts) — under the sandbox's old prices and
 * under the mainnet prices of 2026.
 */
import { PRICE_SETS } from '../../toolkit/chain/prices';
import { RegistryError, RegistryOp } from '../../wrappers/RegistryConstants';
import { RegistryFixture, setupRegistry } from '../helpers/registry-fixture';
import { RegistryHandler } from '../../wrappers/WorkerRegistry';
import { expectRejected } from '../helpers/rejections';
import { stateOf } from '../../audits/harness/state';
import { expectOpAccepted, OP_CASES } from './op-cases';
import { MEMBERS, standardWorkers } from './workers';

const QID = 7n;

describe.each(PRICE_SETS)('fee edges under %s prices', (prices) => {
    let f: RegistryFixture;
    beforeAll(async () => {
        f = await setupRegistry({ prices, members: MEMBERS, workers: standardWorkers });
    });

    for (const c of OP_CASES) {
        // Too little value must be refused before anything is written or sent (else the registry
        // would pay the difference from stakes); exactly the minimum must be enough, and do the
        // whole request: every message and value, the balance, the stored change.
        it(`[GAS-101] ${c.handler} (${c.scenario}): min - 1 from the config is rejected with 308, min succeeds`, async () => {
            await f.blockchain.loadFrom(f.snapshot);
            await c.setup?.(f);
            const sender = c.from(f);
            const min = f.fees.required(c.handler, c.syncs, c.others ?? 0) + (c.extra ?? 0n);
            const b = await stateOf(f.blockchain, f.registry.address);
            const low = await f.registry.sendRaw(sender.getSender(), { value: min - 1n, body: c.body(f, QID) });
            await expectRejected(f.blockchain, low, {
                from: sender.address,
                to: f.registry.address,
                exitCode: RegistryError.insufficientValue,
                before: b,
            });
            await expectOpAccepted(f, c, { value: min, queryId: QID });
        });
    }

    // Clients ask the contract what to attach: the getter must agree with the config maths
    // (worst case: with a worker_sync wherever one may follow).
    it('[GAS-104] get_required_value of every op equals the minimum computed from the config', async () => {
        const worst: Record<RegistryHandler, [number, number]> = {
            registerWorker: [0, 0],
            changePayout: [1, 0],
            requestExit: [1, 0],
            withdrawStake: [1, 0],
            approveWorker: [1, 0],
            rejectWorker: [0, 1],
            suspendWorker: [1, 0],
            reinstateWorker: [1, 0],
            setWeight: [0, 0],
            resyncWorker: [1, 0],
            setOperator: [0, 0],
            setParams: [0, 0],
            slashStake: [1, 1],
            setPaused: [0, 0],
            transferOwnership: [0, 0],
            claimOwnership: [0, 0],
        };
        for (const [h, [syncs, others]] of Object.entries(worst) as [RegistryHandler, [number, number]][]) {
            const op = RegistryOp[h];
            expect({ h, v: await f.registry.getRequiredValue(op) }).toEqual({
                h,
                v: f.fees.required(h, syncs, others),
            });
        }
    });
});
