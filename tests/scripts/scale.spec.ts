/**
 * submitPayouts on a pool larger than one request: the ledger of 1,001 workers is built in
 * TypeScript (the pool's config-to-cell with a pre-filled ledger, as the gas tests do) instead of
 * registering 1,001 members, then the real script and reconcile run against it.
 */
import { toNano } from '@ton/core';
import { PoolLimits } from '../../wrappers/PoolConstants';
import { parsePayoutBatch, PoolPayout } from '../../wrappers/PoolPayout';
import { RegistryOp } from '../../wrappers/RegistryConstants';
import { WorkerRegistry } from '../../wrappers/WorkerRegistry';
import * as reconcile from '../../scripts/operator/reconcile';
import * as submitPayouts from '../../scripts/operator/submitPayouts';
import { formatTon } from '../../toolkit/ops/args';
import { hashHex, localCode } from '../../toolkit/ops/code-hash';
import { writeDeployment } from '../../toolkit/ops/deployment';
import { ScriptsEnv } from './support/env';
import { expectOk, payoutsIn, sendRevenue, writeLedger } from './support/pool-setup';

const WORKERS = PoolLimits.batchEntriesMax + 1;

// Property: a file of max+1 entries becomes two requests (max entries, then 1), each carrying exactly
// get_batch_value for its size; every worker is paid once, and reconcile finds no difference.
it('[FIN-407] a file larger than one request is split into requests of at most 1,000 entries, each with its own required value', async () => {
    const env = await ScriptsEnv.create(0);
    const [registryCode, poolCode] = [await localCode('WorkerRegistry'), await localCode('PoolPayout')];
    const roles = { owner: env.owner.address, operator: env.operator.address };
    const params = { minStake: toNano('1'), cooldown: 3600, pool: env.owner.address, capacity: 15000, maxPerMember: 1 };
    const registry = env.blockchain.openContract(
        WorkerRegistry.createFromConfig({ ...roles, pendingOwner: null, params }, registryCode),
    );
    const workers = Array.from({ length: WORKERS }, (_, index) => ({
        index,
        payout: env.stranger.address,
        active: true,
    }));
    const pool = env.blockchain.openContract(
        PoolPayout.createFromConfig(
            {
                ...roles,
                earningsCode: await localCode('EarningsAddress'),
                registry: registry.address,
                commissionBps: 0,
                minPayout: 0n,
                periodCap: toNano('100000'),
                periodLength: 86400,
                workers,
            },
            poolCode,
        ),
    );
    await registry.sendDeploy(env.owner.getSender(), toNano('1'));
    await pool.sendDeploy(env.owner.getSender(), toNano('5'));
    await registry.sendSetParams(env.owner.getSender(), {
        value: await registry.getRequiredValue(RegistryOp.setParams),
        params: { ...params, pool: pool.address },
    });
    writeDeployment(env.deploymentFile, {
        network: 'testnet',
        createdAt: new Date().toISOString(),
        registry: { address: registry.address, codeHash: hashHex(registryCode) },
        pool: { address: pool.address, codeHash: hashHex(poolCode) },
        ...roles,
    });
    await sendRevenue(env, pool, '1100');

    const file = writeLedger(
        env,
        'big.csv',
        workers.map((w) => [w.index, toNano('1') + BigInt(w.index)]),
    );
    const r = expectOk(await env.run(submitPayouts, env.operator, [`file=${file}`, 'yes']));
    expect(r.sent.map((s) => [parsePayoutBatch(s.args.body!).entries.length, s.args.value])).toEqual([
        [PoolLimits.batchEntriesMax, await pool.getBatchValue(PoolLimits.batchEntriesMax)],
        [1, await pool.getBatchValue(1)],
    ]);
    const paid = payoutsIn(r, pool.address);
    expect(paid.map((p) => [p.workerIndex, p.amount])).toEqual(
        workers.map((w) => [w.index, toNano('1') + BigInt(w.index)]),
    );
    const total = workers.reduce((sum, w) => sum + toNano('1') + BigInt(w.index), 0n);
    expect(r.lines.slice(-2)[0]).toBe(`paid ${formatTon(total)} to ${WORKERS} worker(s)`);
    expect((await env.run(reconcile, env.operator, [`ledger=${file}`])).exitCode).toBe(0);
});
