/**
 * member/payOwed: pays listed workers their attributed owed with exactly get_pay_owed_value, from
 * any wallet, and refuses before sending when nothing can be paid.
 */
import { toNano } from '@ton/core';
import { internal, SandboxContract } from '@ton/sandbox';
import * as payOwed from '../../scripts/member/payOwed';
import { FeeSchedule } from '../../toolkit/chain/fees';
import { bookedAttributed, PoolOp, PoolPayout } from '../../wrappers/PoolPayout';
import { rawAttributedRevenue } from '../../audits/harness/attributed';
import { EnvSnapshot, ScriptsEnv } from './support/env';
import { deploy, expectOk, expectRefused, registerAndApprove, sendRevenue } from './support/pool-setup';

let env: ScriptsEnv;
let pool: SandboxContract<PoolPayout>;
let active: EnvSnapshot;

beforeAll(async () => {
    env = await ScriptsEnv.create(2);
    ({ pool } = await deploy(env));
    await registerAndApprove(env);
    await sendRevenue(env, pool, '10');
    active = env.snapshot();
});

beforeEach(async () => {
    await env.restore(active);
});

describe('payOwed', () => {
    // Property: after worker 1's earnings address forwarded revenue, payOwed from a stranger pays member 1
    // exactly the owed with one pay_owed carrying get_pay_owed_value; a second run finds nothing to pay and
    // sends nothing.
    it('[POOL-611] payOwed pays the listed workers their attributed owed once and refuses when nothing is owed', async () => {
        const from = await pool.getEarningsAddress(1);
        await env.blockchain.sendMessage(
            internal({ from, to: pool.address, value: toNano('2'), bounce: true, body: rawAttributedRevenue(1) }),
        );
        const owed = await pool.getAttributedOwed(1);
        const bps = (await pool.getParams()).commissionBps;
        expect(owed).toBe(bookedAttributed(new FeeSchedule(env.blockchain.config), toNano('2'), bps).owed);
        const r = expectOk(await env.run(payOwed, env.stranger, ['workers=0,1', 'yes']));
        expect(
            r.sent.map((m) => [m.args.to.toString(), m.args.value, m.args.body!.beginParse().preloadUint(32)]),
        ).toEqual([[pool.address.toString(), await pool.getPayOwedValue(2), PoolOp.payOwed]]);
        const paid = r.sent
            .flatMap((m) => m.transactions)
            .filter(
                (t) => t.inMessage?.info.type === 'internal' && t.inMessage.info.dest.equals(env.members[1].address),
            );
        expect(paid.map((t) => (t.inMessage!.info.type === 'internal' ? t.inMessage!.info.value.coins : 0n))).toEqual([
            owed,
        ]);
        expect(await pool.getAttributedOwed(1)).toBe(0n);
        expectRefused(await env.run(payOwed, env.stranger, ['workers=0,1', 'yes']), /nothing was sent/);
    });
});
