/**
 * upgradePool, from the owner wallet: replaces the pool's code with the local build (upgrade_code;
 * the pool keeps its storage: ledger, totals, params, roles). The deployment file must describe the
 * pool as it runs now (its recorded code hash is the deployed one), the registry must run the local
 * build, and the wiring and roles must match, as for every script; the summary shows the old and the
 * new code hash and asks. Afterwards the file records the new hash and the whole deployment is checked
 * again through the new code's getters. A re-run after the message went out only updates the file.
 */
import { formatTon } from './args';
import { defineScript } from './cli/script';
import { checkDeployedCode, deployedCodeHash, hashHex, localCode } from './code-hash';
import { confirmSend } from './confirm';
import { deploymentPath, readDeployment, writeDeployment } from './deployment';
import { OpsError } from './errors';
import { poolOwnerOpValue } from './owner';
import { requireSender, verifyDeployment, verifyWiring } from './pool';
import { waitUntil } from './wait';

export const upgradePool = defineScript(
    {
        name: 'owner/upgradePool',
        role: 'owner',
        about: "replaces the pool's code with the local build, keeping its storage",
        example: '',
        sends: true,
        args: {},
    },
    async (p, _input, ctx) => {
        const path = deploymentPath(p.network(), ctx.deployment);
        const deployment = readDeployment(path, p.network());
        const registryHash = await checkDeployedCode(p, 'WorkerRegistry', deployment.registry.address);
        if (registryHash !== deployment.registry.codeHash) {
            throw new OpsError(
                `${path}: the recorded registry code hash differs from the chain and the local build; the file belongs to another deployment`,
            );
        }
        const code = await localCode('PoolPayout');
        const newHash = hashHex(code);
        const oldHash = deployment.pool.codeHash;
        const running = await deployedCodeHash(p, deployment.pool.address);
        if (running === null)
            throw new OpsError(`PoolPayout at ${deployment.pool.address} is not deployed (no active contract there)`);
        if (running === newHash) {
            if (oldHash !== newHash) {
                await verifyDeployment(p, path, { ...deployment, pool: { ...deployment.pool, codeHash: newHash } });
                writeDeployment(path, { ...deployment, pool: { ...deployment.pool, codeHash: newHash } });
            }
            p.ui().write(
                `nothing to do: the pool already runs the local build ${newHash}${oldHash !== newHash ? ` (saved to ${path})` : ''}`,
            );
            return;
        }
        if (running !== oldHash) {
            throw new OpsError(
                `PoolPayout at ${deployment.pool.address} runs code ${running.slice(0, 16)}…, but ${path} records ${oldHash.slice(0, 16)}…: the file does not describe this pool; nothing was sent`,
            );
        }
        const { pool, poolParams } = await verifyWiring(p, path, deployment);
        requireSender(p, 'owner', poolParams.owner);
        const value = await poolOwnerOpValue(p);
        const go = await confirmSend(p, ctx, `Upgrade the pool's code (${deployment.pool.address})`, [
            `old code: ${oldHash} (running, recorded in ${path})`,
            `new code: ${newHash} (the local build)`,
            'storage is kept as it is (ledger, totals, params, roles): the new code must read this layout',
            `value:    ${formatTon(value)} for fees`,
        ]);
        if (!go) return;
        await pool.sendUpgradeCode(p.sender(), { value, code });
        await p.waitForLastTransaction();
        await waitUntil(
            p,
            'the new code',
            async () => (await deployedCodeHash(p, deployment.pool.address)) === newHash,
        );
        const upgraded = { ...deployment, pool: { ...deployment.pool, codeHash: newHash } };
        await verifyDeployment(p, path, upgraded);
        writeDeployment(path, upgraded);
        p.ui().write(`upgraded: pool ${deployment.pool.address} runs ${newHash} (saved to ${path})`);
    },
);
