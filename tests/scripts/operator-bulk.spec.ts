/**
 * The operator's remaining bulk scripts, end to end: reinstateWorkers (suspended -> active, the pool pays
 * them again) and setWeights (the registry's weight, nothing sent to the pool). One message per worker
 * with the registry's required value, a re-run sends nothing, and one bad worker, a bad value or the
 * wrong wallet stops the run before anything is sent.
 */
import { writeFileSync } from 'fs';
import { Cell } from '@ton/core';
import { SandboxContract } from '@ton/sandbox';
import * as registerWorker from '../../scripts/member/registerWorker';
import * as requestExit from '../../scripts/member/requestExit';
import * as reinstateWorkers from '../../scripts/operator/reinstateWorkers';
import * as setWeights from '../../scripts/operator/setWeights';
import * as suspendWorkers from '../../scripts/operator/suspendWorkers';
import * as withdrawStake from '../../scripts/member/withdrawStake';
import { PoolPayout } from '../../wrappers/PoolPayout';
import { RegistryOp, WorkerStatus } from '../../wrappers/RegistryConstants';
import { parseWorkerSync, SharedOp } from '../../wrappers/shared';
import { reinstateWorkerBody, setWeightBody, WorkerRegistry } from '../../wrappers/WorkerRegistry';
import { EnvSnapshot, RunResult, ScriptsEnv } from './support/env';
import {
    deploy,
    expectOk,
    expectBadInput,
    expectRefused,
    message,
    registerAndApprove,
    sentMessages,
    STAKE,
} from './support/pool-setup';

let env: ScriptsEnv;
let registry: SandboxContract<WorkerRegistry>;
let pool: SandboxContract<PoolPayout>;
let suspended: EnvSnapshot;

beforeAll(async () => {
    env = await ScriptsEnv.create(3);
    ({ registry, pool } = await deploy(env));
    await registerAndApprove(env);
    // Worker 3: registered by a stranger, never approved (pending).
    expectOk(await env.run(registerWorker, env.stranger, [`stake=${STAKE}`, 'yes']));
    expectOk(await env.run(suspendWorkers, env.operator, ['workers=0,1', 'yes']));
    suspended = env.snapshot();
});

beforeEach(async () => env.restore(suspended));

const msg = (value: bigint, body: Cell) => message(registry, value, body);

/** Every internal message the registry sent in a run's transactions: [destination, op]. */
function registryOut(r: RunResult): [string, number][] {
    return r.sent.flatMap((s) =>
        s.transactions.flatMap((t) =>
            [...t.outMessages.values()]
                .filter((m) => m.info.type === 'internal' && m.info.src.equals(registry.address))
                .map((m): [string, number] => [m.info.dest!.toString(), m.body.beginParse().preloadUint(32)]),
        ),
    );
}

describe('reinstateWorkers', () => {
    // Property: each suspended worker gets one reinstate_worker with exactly get_required_value; the
    // registry marks it active and the pool learns it (worker_sync active=true); a re-run sends nothing.
    it('[POOL-406] reinstateWorkers reactivates suspended workers in the registry and the pool; a re-run sends nothing', async () => {
        expect([(await pool.getWorker(0)).active, (await pool.getWorker(1)).active]).toEqual([false, false]);
        const value = await registry.getRequiredValue(RegistryOp.reinstateWorker);
        const r = await env.run(reinstateWorkers, env.operator, ['workers=0-1', 'yes']);
        expect(sentMessages(r)).toEqual([
            msg(value, reinstateWorkerBody({ workerIndex: 0 })),
            msg(value, reinstateWorkerBody({ workerIndex: 1 })),
        ]);
        const syncs = r.sent.flatMap((s) =>
            s.transactions.flatMap((t) =>
                [...t.outMessages.values()].filter(
                    (m) =>
                        m.info.src?.toString() === registry.address.toString() &&
                        m.info.dest?.toString() === pool.address.toString(),
                ),
            ),
        );
        expect(syncs.map((m) => parseWorkerSync(m.body)).map((w) => [w.workerIndex, w.active])).toEqual([
            [0, true],
            [1, true],
        ]);
        for (const i of [0, 1]) {
            expect((await registry.getWorker(i))!.status).toBe(WorkerStatus.active);
            expect((await pool.getWorker(i)).active).toBe(true);
        }
        expect(r.lines[r.lines.length - 1]).toBe('2 worker(s) active: 0, 1');
        const again = await env.run(reinstateWorkers, env.operator, ['workers=0-1', 'yes']);
        expect({ sent: again.sent.length, lines: again.lines }).toEqual({
            sent: 0,
            lines: ['nothing to do: worker(s) 0, 1 already active'],
        });
    });

    // Faults: a pending worker (reinstating would skip the operator's review: that is approveWorkers),
    // an unknown worker, a repeated index, the owner or a stranger instead of the operator.
    // Property: one line, nothing sent, even for the valid workers listed before the bad one.
    it('[ACC-413] reinstateWorkers refuses a pending or unknown worker, a repeated index and any wallet but the operator', async () => {
        expectRefused(
            await env.run(reinstateWorkers, env.operator, ['workers=0,3', 'yes']),
            'worker 3 is pending: it cannot be reinstated; nothing was sent',
        );
        expectRefused(
            await env.run(reinstateWorkers, env.operator, ['workers=0,7', 'yes']),
            'worker 7 is unknown to the registry; nothing was sent',
        );
        expectBadInput(
            await env.run(reinstateWorkers, env.operator, ['workers=0,0', 'yes']),
            'workers: worker 0 is listed twice',
        );
        expectRefused(
            await env.run(reinstateWorkers, env.owner, ['workers=0', 'yes']),
            `this needs the operator wallet ${env.operator.address}, but the connected wallet is ${env.owner.address}`,
        );
        expectRefused(
            await env.run(reinstateWorkers, env.stranger, ['workers=0', 'yes']),
            `this needs the operator wallet ${env.operator.address}, but the connected wallet is ${env.stranger.address}`,
        );
        expect((await registry.getWorker(0))!.status).toBe(WorkerStatus.suspended);
    });
});

describe('setWeights', () => {
    // Property: one set_weight per worker whose weight differs, with exactly get_required_value; the
    // registry stores the weight, returns the rest to the operator and sends the pool nothing (weight is
    // not part of the sync); workers already at that weight are skipped; a re-run sends nothing.
    it('[POOL-407] setWeights sets the weight of each listed worker, skips those already set, and a re-run sends nothing', async () => {
        const file = env.path('weights.txt');
        writeFileSync(file, '# GPU class A\n0, 2\n3\n');
        const value = await registry.getRequiredValue(RegistryOp.setWeight);
        const r = await env.run(setWeights, env.operator, [`file=${file}`, 'weight=250', 'yes']);
        expect(sentMessages(r)).toEqual(
            [0, 2, 3].map((i) => msg(value, setWeightBody({ workerIndex: i, weight: 250 }))),
        );
        expect(registryOut(r)).toEqual(
            [0, 2, 3].map((): [string, number] => [env.operator.address.toString(), SharedOp.excesses]),
        );
        expect(await Promise.all([0, 1, 2, 3].map(async (i) => (await registry.getWorker(i))!.weight))).toEqual([
            250, 0, 250, 250,
        ]);
        expect(r.lines[r.lines.length - 1]).toBe('3 worker(s) now weigh 250: 0, 2, 3');

        const again = await env.run(setWeights, env.operator, ['workers=0-3', 'weight=250', 'yes']);
        expect(sentMessages(again)).toEqual([msg(value, setWeightBody({ workerIndex: 1, weight: 250 }))]);
        expect(again.lines).toContain('  skipped, already 250: 0, 2, 3');
        const third = await env.run(setWeights, env.operator, ['workers=0-3', 'weight=250', 'yes']);
        expect({ sent: third.sent.length, lines: third.lines }).toEqual({
            sent: 0,
            lines: ['nothing to do: worker(s) 0..3 already have weight 250'],
        });
    });

    // Faults: a weight beyond uint32 or not a number, a missing worker list, an unknown worker, the owner's
    // wallet, a worker that left and withdrawn its stake. Property: one line naming the argument or the limit, nothing sent, weights unchanged.
    it('[ACC-414] setWeights refuses an out-of-range weight, an unknown or withdrawn worker and any wallet but the operator', async () => {
        expectBadInput(
            await env.run(setWeights, env.operator, ['workers=0', 'weight=4294967296', 'yes']),
            'weight: 4294967296 is outside 0..4294967295',
        );
        expectBadInput(
            await env.run(setWeights, env.operator, ['workers=0', 'weight=-1', 'yes']),
            'weight: "-1" is not a whole number',
        );
        expectBadInput(
            await env.run(setWeights, env.operator, ['weight=5', 'yes']),
            'give the workers as workers=3,5,10-12 or as file=PATH (one of the two)',
        );
        expectRefused(
            await env.run(setWeights, env.operator, ['workers=0,8', 'weight=5', 'yes']),
            'worker 8 is unknown to the registry; nothing was sent',
        );
        expectRefused(
            await env.run(setWeights, env.owner, ['workers=0', 'weight=5', 'yes']),
            `this needs the operator wallet ${env.operator.address}, but the connected wallet is ${env.owner.address}`,
        );
        expect((await registry.getWorker(0))!.weight).toBe(0);
        // Worker 2 leaves (exit, cooldown, withdrawal): the registry would refuse its weight (320).
        const now = Math.floor(Date.now() / 1000);
        env.blockchain.now = now;
        expectOk(await env.run(requestExit, env.members[2], ['worker=2', 'yes']));
        env.blockchain.now = now + (await registry.getParams()).cooldown;
        expectOk(await env.run(withdrawStake, env.members[2], ['worker=2', 'yes']));
        expectRefused(
            await env.run(setWeights, env.operator, ['workers=0,2', 'weight=5', 'yes']),
            'worker 2 has left the registry (its stake was withdrawn or it was rejected); nothing was sent',
        );
    });
});
