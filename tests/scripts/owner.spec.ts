/**
 * The owner's scripts (cold key) and the reserve top-up, end to end: each sends exactly what the
 * contract needs, changes exactly what it says, keeps the deployment file in step with the chain,
 * and leaves the previous holder of a role with nothing it can still do.
 */
import { toNano } from '@ton/core';
import { SandboxContract, TreasuryContract } from '@ton/sandbox';
import * as claimOwnership from '../../scripts/owner/claimOwnership';
import * as fundReserve from '../../scripts/owner/fundReserve';
import * as pause from '../../scripts/owner/pause';
import * as proposeOwner from '../../scripts/owner/proposeOwner';
import * as registerWorker from '../../scripts/member/registerWorker';
import * as rotateOperator from '../../scripts/owner/rotateOperator';
import * as submitPayouts from '../../scripts/operator/submitPayouts';
import * as unpause from '../../scripts/owner/unpause';
import * as withdrawCommission from '../../scripts/owner/withdrawCommission';
import { FeeSchedule } from '../../toolkit/chain/fees';
import { formatTon } from '../../toolkit/ops/args';
import { readDeployment } from '../../toolkit/ops/deployment';
import { PoolGas } from '../../wrappers/PoolConstants';
import {
    claimOwnershipBody as poolClaimBody,
    PoolPayout,
    setOperatorBody as poolSetOperatorBody,
    setPausedBody as poolSetPausedBody,
    topUpReserveBody,
    transferOwnershipBody as poolTransferBody,
    withdrawCommissionBody,
    withdrawValue,
} from '../../wrappers/PoolPayout';
import { RegistryOp } from '../../wrappers/RegistryConstants';
import {
    claimOwnershipBody as registryClaimBody,
    setOperatorBody as registrySetOperatorBody,
    setPausedBody as registrySetPausedBody,
    transferOwnershipBody as registryTransferBody,
    WorkerRegistry,
} from '../../wrappers/WorkerRegistry';
import { EnvSnapshot, ScriptsEnv } from './support/env';
import {
    deploy,
    expectOk,
    expectRefused,
    message,
    registerAndApprove,
    sendRevenue,
    sentMessages,
    storageFee,
    txOn,
    writeLedger,
} from './support/pool-setup';

let env: ScriptsEnv;
let registry: SandboxContract<WorkerRegistry>;
let pool: SandboxContract<PoolPayout>;
let funded: EnvSnapshot;
let newOwner: SandboxContract<TreasuryContract>;
let newOperator: SandboxContract<TreasuryContract>;

beforeAll(async () => {
    env = await ScriptsEnv.create(2);
    newOwner = await env.blockchain.treasury('new-owner-multisig');
    newOperator = await env.blockchain.treasury('operator-2');
    ({ registry, pool } = await deploy(env));
    await registerAndApprove(env);
    await sendRevenue(env, pool, '10');
    funded = env.snapshot();
});

beforeEach(async () => env.restore(funded));

const fees = () => new FeeSchedule(env.blockchain.config);

describe('commission and reserve', () => {
    // Property: the owner receives exactly the commission held plus the unspent value of its request
    // (value - the pool's compute, storage and forward fees of that transaction); the held commission
    // drops to 0 and worker money is untouched.
    it('[FIN-403] withdrawCommission sends the owner exactly the commission held, never worker money', async () => {
        const before = await pool.getTotals();
        const r = await env.run(withdrawCommission, env.owner, ['amount=all', 'yes']);
        const value = withdrawValue(fees());
        expect(sentMessages(r)).toEqual([
            message(pool, value, withdrawCommissionBody({ amount: before.commissionHeld })),
        ]);
        const tx = txOn(r, pool.address);
        const out = [...tx.outMessages.values()];
        expect(out).toHaveLength(1);
        const info = out[0].info as {
            dest: { toString(): string };
            value: { coins: bigint };
            bounce: boolean;
            forwardFee: bigint;
        };
        expect({ to: info.dest.toString(), bounce: info.bounce }).toEqual({
            to: env.owner.address.toString(),
            bounce: false,
        });
        // The pool reserves its balance less the commission and sends the rest: it keeps exactly its
        // pre-transaction balance less the storage fee and the commission, and the owner gets the
        // commission plus what is left of the request's value after the pool's fees.
        const storage = storageFee(tx);
        expect((await pool.getTotals()).balance).toBe(before.balance - storage - before.commissionHeld);
        // mode 128 after the reserve: the message carries value + commission less the compute fee, and
        // pays its own forward fee out of that
        const d = tx.description as {
            computePhase: { type: string; gasFees?: bigint };
            actionPhase?: { totalFwdFees?: bigint };
        };
        if (d.computePhase.type !== 'vm') throw new Error('expected the pool to run its code');
        expect(info.value.coins).toBe(
            before.commissionHeld + value - d.computePhase.gasFees! - d.actionPhase!.totalFwdFees!,
        );
        const after = await pool.getTotals();
        expect({ held: after.commissionHeld, withdrawn: after.commissionWithdrawn, owed: after.owed }).toEqual({
            held: 0n,
            withdrawn: before.commissionHeld,
            owed: before.owed,
        });
        expectRefused(
            await env.run(withdrawCommission, env.owner, ['yes']),
            'no commission to withdraw (the pool holds 0)',
        );
    });

    // Fault: asking for more than the commission held. Property: refused before sending.
    it('[FIN-403] withdrawCommission refuses more than the commission held', async () => {
        const held = (await pool.getTotals()).commissionHeld;
        expectRefused(
            await env.run(withdrawCommission, env.owner, ['amount=1', 'yes']),
            `amount: 1 TON is more than the ${formatTon(held)} of commission the pool holds`,
        );
    });

    // Property: a top-up is reserve, not revenue: revenue, commission and worker money are unchanged,
    // the balance grows by the value less the pool's own transaction fees.
    it('[FIN-404] fundReserve adds to the reserve and books nothing as revenue', async () => {
        const before = await pool.getTotals();
        const r = await env.run(fundReserve, env.stranger, ['amount=2', 'yes']);
        expect(sentMessages(r)).toEqual([message(pool, toNano('2'), topUpReserveBody())]);
        const tx = txOn(r, pool.address);
        const after = await pool.getTotals();
        expect(after.balance - before.balance).toBe(toNano('2') - tx.totalFees.coins);
        expect([after.revenue, after.commissionAccrued, after.owed]).toEqual([
            before.revenue,
            before.commissionAccrued,
            before.owed,
        ]);
    });
});

describe('pause', () => {
    // Property: pause stops payout batches (the script refuses, the pool would too) and registrations;
    // unpause restores both. Each contract gets the value its owner op needs.
    it('[POOL-404] pause stops payouts and registrations on both contracts; unpause restores them', async () => {
        const r = await env.run(pause, env.owner, ['yes']);
        expect(sentMessages(r)).toEqual([
            message(pool, fees().compute(PoolGas.ownerOp), poolSetPausedBody({ paused: true })),
            message(
                registry,
                await registry.getRequiredValue(RegistryOp.setPaused),
                registrySetPausedBody({ paused: true }),
            ),
        ]);
        expect([(await pool.getParams()).paused, (await registry.getParams()).paused]).toEqual([true, true]);
        const file = writeLedger(env, 'e1.csv', [[0, toNano('1')]]);
        expectRefused(
            await env.run(submitPayouts, env.operator, [`file=${file}`, 'yes']),
            'the pool is paused by its owner (payout batches are refused); ask the owner to run unpause; nothing was sent',
        );
        expectRefused(
            await env.run(registerWorker, env.stranger, ['stake=1', 'yes']),
            'registration is paused by the pool owner',
        );
        expect((await env.run(pause, env.owner, ['yes'])).lines).toEqual(['nothing to do: already paused']);

        expectOk(await env.run(unpause, env.owner, ['target=pool', 'yes']));
        expect([(await pool.getParams()).paused, (await registry.getParams()).paused]).toEqual([false, true]);
        expectOk(await env.run(submitPayouts, env.operator, [`file=${file}`, 'yes']));
        expect((await pool.getWorker(0)).paid).toBe(toNano('1'));
    });
});

describe('roles', () => {
    // Property: ownership moves in two steps on both contracts; until the new owner accepts, the old one
    // stays in charge; afterwards the file names the new owner and the old key is refused.
    it('[ACC-408] proposeOwner then claimOwnership moves both contracts to the new owner and updates the file', async () => {
        const p = await env.run(proposeOwner, env.owner, [`new_owner=${newOwner.address}`, 'yes']);
        expect(sentMessages(p)).toEqual([
            message(
                registry,
                await registry.getRequiredValue(RegistryOp.transferOwnership),
                registryTransferBody({ newOwner: newOwner.address }),
            ),
            message(pool, fees().compute(PoolGas.ownerOp), poolTransferBody({ newOwner: newOwner.address })),
        ]);
        expect(p.lines[p.lines.length - 1]).toBe(
            `proposed: ${newOwner.address}; next, from that wallet: npx blueprint run owner/claimOwnership --testnet`,
        );
        expectRefused(
            await env.run(claimOwnership, env.stranger, ['yes']),
            `this wallet ${env.stranger.address} is not the registry's pending owner; the current owner must run proposeOwner new_owner=${env.stranger.address} first`,
        );

        const a = await env.run(claimOwnership, newOwner, ['yes']);
        expect(sentMessages(a)).toEqual([
            message(registry, await registry.getRequiredValue(RegistryOp.claimOwnership), registryClaimBody()),
            message(pool, fees().compute(PoolGas.ownerOp), poolClaimBody()),
        ]);
        expect([
            (await registry.getRoles()).owner.equals(newOwner.address),
            (await pool.getParams()).owner.equals(newOwner.address),
        ]).toEqual([true, true]);
        expect(readDeployment(env.deploymentFile, 'testnet').owner.equals(newOwner.address)).toBe(true);
        expectRefused(
            await env.run(pause, env.owner, ['yes']),
            `this needs the owner wallet ${newOwner.address}, but the connected wallet is ${env.owner.address}`,
        );
    });

    // Fault: the transfer was interrupted after the registry accepted. Property: re-running
    // claimOwnership finishes the pool only and the file catches up.
    it('[ACC-408] a half-done ownership transfer is finished by re-running claimOwnership', async () => {
        expectOk(await env.run(proposeOwner, env.owner, [`new_owner=${newOwner.address}`, 'yes']));
        await registry.sendClaimOwnership(newOwner.getSender(), {
            value: await registry.getRequiredValue(RegistryOp.claimOwnership),
        });
        const a = await env.run(claimOwnership, newOwner, ['yes']);
        expect(sentMessages(a)).toEqual([message(pool, fees().compute(PoolGas.ownerOp), poolClaimBody())]);
        expect(readDeployment(env.deploymentFile, 'testnet').owner.equals(newOwner.address)).toBe(true);
    });

    // Incident: the operator key is stolen. Property: one owner run replaces the operator on both
    // contracts; the old key is refused by the scripts and by the contract; the new one pays.
    it('[ACC-409] rotateOperator replaces the operator on both contracts and the old key can no longer pay', async () => {
        const r = await env.run(rotateOperator, env.owner, [`operator=${newOperator.address}`, 'yes']);
        expect(sentMessages(r)).toEqual([
            message(
                registry,
                await registry.getRequiredValue(RegistryOp.setOperator),
                registrySetOperatorBody({ operator: newOperator.address }),
            ),
            message(pool, fees().compute(PoolGas.ownerOp), poolSetOperatorBody({ operator: newOperator.address })),
        ]);
        expect(readDeployment(env.deploymentFile, 'testnet').operator.equals(newOperator.address)).toBe(true);
        const file = writeLedger(env, 'e1.csv', [
            [0, toNano('1')],
            [1, toNano('1')],
        ]);
        expectRefused(
            await env.run(submitPayouts, env.operator, [`file=${file}`, 'yes']),
            `this needs the operator wallet ${newOperator.address}, but the connected wallet is ${env.operator.address}`,
        );
        expectRefused(
            await env.run(rotateOperator, env.owner, [`operator=${env.owner.address}`, 'yes']),
            'operator: is the owner; the hot operator key must differ from the cold owner key',
        );
        expectOk(await env.run(submitPayouts, newOperator, [`file=${file}`, 'yes']));
        expect([(await pool.getWorker(0)).paid, (await pool.getWorker(1)).paid]).toEqual([toNano('1'), toNano('1')]);
    });
});
