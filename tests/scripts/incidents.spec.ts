/**
 * The incident runbooks of docs/OPERATIONS.md, played on the sandbox with the real scripts: a bounce
 * storm, a stuck batch (operator cap reached), the pool low on worker money, and a fee change. Each
 * ends with reconcile finding no difference.
 */
import { Address, toNano } from '@ton/core';
import { SandboxContract } from '@ton/sandbox';
import * as approveWorkers from '../../scripts/operator/approveWorkers';
import * as changePayoutAddress from '../../scripts/member/changePayoutAddress';
import * as reconcile from '../../scripts/operator/reconcile';
import * as submitPayouts from '../../scripts/operator/submitPayouts';
import * as suspendWorkers from '../../scripts/operator/suspendWorkers';
import { FeeSchedule } from '../../toolkit/chain/fees';
import { applyPrices, PRICE_SETS } from '../../toolkit/chain/prices';
import { formatTon } from '../../toolkit/ops/args';
import { parsePayoutBatch, PoolGas, PoolPayout } from '../../wrappers/PoolPayout';
import { ExitCode } from '../../toolkit/ops/cli/exit-codes';
import { EnvSnapshot, ScriptsEnv } from './support/env';
import {
    deploy,
    expectOk,
    expectRefused,
    payoutsIn,
    registerAndApprove,
    sendRevenue,
    writeLedger,
} from './support/pool-setup';

let env: ScriptsEnv;
let pool: SandboxContract<PoolPayout>;
let approved: EnvSnapshot;

const E1: [number, bigint][] = [
    [0, toNano('1')],
    [1, toNano('2')],
    [2, toNano('0.5')],
];
/** Never deployed: a bounceable payout to it bounces. */
const void1 = Address.parse('0:' + 'de'.repeat(32));
const void2 = Address.parse('0:' + 'ad'.repeat(32));

beforeAll(async () => {
    env = await ScriptsEnv.create(3);
    env.blockchain.now = 1_800_000_000;
    // A small operator cap (2.5 TON a day) so that a batch can hit it.
    ({ pool } = await deploy(env, { period_cap: '2.5' }));
    await registerAndApprove(env);
    approved = env.snapshot();
});

beforeEach(async () => env.restore(approved));

// Incident: members' payout addresses point at accounts that do not exist, so their payouts bounce.
// Property: the pool credits each bounce back (held, retriable), the script names the workers, and
// reconcile reports it; after suspend -> fix address -> reinstate, the same file pays them exactly once.
it('[MSG-401] bounce storm: bounced payouts are held, named, and paid once after the addresses are fixed', async () => {
    await sendRevenue(env, pool, '10');
    expectOk(await env.run(changePayoutAddress, env.members[0], ['worker=0', `payout=${void1}`, 'yes']));
    expectOk(await env.run(changePayoutAddress, env.members[2], ['worker=2', `payout=${void2}`, 'yes']));
    env.blockchain.now! += 1;
    const file = writeLedger(env, 'e1.csv', [
        [0, toNano('1')],
        [1, toNano('0.2')],
        [2, toNano('0.25')],
    ]);
    const r = await env.run(submitPayouts, env.operator, [`file=${file}`, 'yes']);
    expect(r.exitCode).toBe(0);
    expect(r.lines).toContain('paid 1.45 TON to 3 worker(s); bounced back and held for: 0, 2');
    expect((await pool.getWorker(0)).bounces).toBe(1);
    // the pool credits back what came back less its handling: the bounce's forward fee and the fee of
    // gas::bounce stay the worker's (issue 9, finding 3)
    const fees = new FeeSchedule(env.blockchain.config);
    const bounceFee = fees.forward(0, 0) + fees.compute(PoolGas.bounce);
    expect((await pool.getWorker(0)).paid).toBe(bounceFee);
    const held = await env.run(reconcile, env.operator, [`ledger=${file}`, 'json']);
    expect(held.errors).toEqual([
        `error: 2 difference(s) between ${file} and the chain (0 critical, 0 nanoton unexplained)`,
    ]);
    // each bounced worker is owed its cumulative less what the pool kept for the bounce, held and retriable
    const owed = (i: number, cumulative: bigint) => {
        const amount = cumulative - bounceFee;
        return {
            cause: 'owed-after-bounce',
            workerIndex: i,
            amount: String(amount),
            critical: false,
            detail: `worker ${i}: ${amount} bounced back and held by the pool`,
        };
    };
    expect((held.json[0] as { differences: unknown }).differences).toEqual([
        owed(0, toNano('1')),
        owed(2, toNano('0.25')),
    ]);

    // Runbook: stop paying into the void, let the members fix their addresses, reinstate, re-run.
    expectOk(await env.run(suspendWorkers, env.operator, ['workers=0,2', 'yes']));
    expectOk(
        await env.run(changePayoutAddress, env.members[0], ['worker=0', `payout=${env.members[0].address}`, 'yes']),
    );
    expectOk(
        await env.run(changePayoutAddress, env.members[2], ['worker=2', `payout=${env.members[2].address}`, 'yes']),
    );
    expectOk(await env.run(approveWorkers, env.operator, ['workers=0,2', 'yes']));
    env.blockchain.now! += 86_400;
    const again = await env.run(submitPayouts, env.operator, [`file=${file}`, 'yes']);
    expect(payoutsIn(again, pool.address).map((p) => [p.workerIndex, p.to.toString(), p.amount])).toEqual([
        [0, env.members[0].address.toString(), toNano('1') - bounceFee],
        [2, env.members[2].address.toString(), toNano('0.25') - bounceFee],
    ]);
    expect((await env.run(reconcile, env.operator, [`ledger=${file}`])).exitCode).toBe(0);
});

// Incident: a batch stops half-way (the owner's per-period cap is reached). Property: submitPayouts
// exits 1 naming the unapplied workers and the cap left; after the period rolls over, re-running the
// same file pays only what is missing.
it('[ASY-401] stuck batch: a batch stopped by the period cap is reported, and re-running after the period pays the rest once', async () => {
    await sendRevenue(env, pool, '10');
    const file = writeLedger(env, 'e1.csv', E1);
    const r = await env.run(submitPayouts, env.operator, [`file=${file}`, 'yes']);
    expect(r.exitCode).toBe(ExitCode.partial);
    expect(r.lines).toContain(
        '  warning:  the operator cap has 2.5 TON left this period; batches stop there until the next period',
    );
    expect(r.sent).toHaveLength(1);
    // the figures named are the chain's after the stop, to the nanoton
    const queryId = parsePayoutBatch(r.sent[0].args.body!).queryId;
    const [t, rs] = [await pool.getTotals(), await pool.getReserve()];
    expect(r.errors).toEqual([
        `error: request 1/1 (query id ${queryId}, 3 entries): 2 of 3 entries not applied (workers 1, 2); pool running, worker money held ${formatTon(t.owed)}, cap left 1.5 TON, reserve ${formatTon(rs.reserve)} (floor ${formatTon(rs.floor)}); run reconcile, fix the cause and run submitPayouts again (safe)`,
    ]);
    expect(payoutsIn(r, pool.address).map((p) => [p.workerIndex, p.amount])).toEqual([[0, toNano('1')]]);
    // The journal tells reconcile these were submitted: "unfunded" (stopped), not "not-submitted".
    const stuck = await env.run(reconcile, env.operator, [`ledger=${file}`, 'json']);
    expect(stuck.lines).toContain(`journal: 1 request(s) submitted so far (${env.journalFile})`);
    const unfunded = (i: number, cumulative: bigint) => ({
        cause: 'unfunded',
        workerIndex: i,
        amount: String(cumulative),
        critical: false,
        detail: `worker ${i}: submitted up to ${cumulative}, pool paid up to 0`,
    });
    expect((stuck.json[0] as { differences: unknown }).differences).toEqual([
        unfunded(1, toNano('2')),
        unfunded(2, toNano('0.5')),
    ]);
    expect(stuck.errors).toEqual([
        `error: 2 difference(s) between ${file} and the chain (0 critical, 0 nanoton unexplained)`,
    ]);

    env.blockchain.now! += 86_400;
    const rest = await env.run(submitPayouts, env.operator, [`file=${file}`, 'yes']);
    expect(rest.exitCode).toBe(0);
    expect(parsePayoutBatch(rest.sent[0].args.body!).entries.map((e) => e.workerIndex)).toEqual([1, 2]);
    expect(payoutsIn(rest, pool.address).map((p) => [p.workerIndex, p.amount])).toEqual([
        [1, toNano('2')],
        [2, toNano('0.5')],
    ]);
    expect((await env.run(reconcile, env.operator, [`ledger=${file}`])).exitCode).toBe(0);
});

// Incident: the pool is low on worker money (revenue has not arrived). Property: submitPayouts
// refuses up front with what is held and what the file needs; once revenue arrives the same file pays.
it('[FIN-406] pool low on funds: refused with the amounts until revenue arrives, then paid in full', async () => {
    await sendRevenue(env, pool, '1');
    const file = writeLedger(env, 'e1.csv', [[0, toNano('1')]]);
    const held = (await pool.getTotals()).owed;
    expectRefused(
        await env.run(submitPayouts, env.operator, [`file=${file}`, 'yes']),
        `the pool holds ${formatTon(held)} of worker money but ${file} pays 1 TON: wait for revenue or check the file; nothing was sent`,
    );
    await sendRevenue(env, pool, '1');
    expectOk(await env.run(submitPayouts, env.operator, [`file=${file}`, 'yes']));
    expect((await env.run(reconcile, env.operator, [`ledger=${file}`])).exitCode).toBe(0);
});

// Incident: the reserve has fallen under its floor (storage ate it, or it was never funded). Every
// batch would stop at its first transaction with stop reason 6 (below_floor), pay nothing and cost
// the operator its fees. Property: submitPayouts reads get_reserve first and refuses with one line
// naming the reserve, the floor, stop reason 6 and the top-up, sending nothing, at floor - 1 nanoton;
// at the floor exactly the same file pays in full, and the summary shows the reserve.
it('[FIN-408] reserve under its floor: submitPayouts refuses before sending, naming stop reason 6; at the floor it pays', async () => {
    await sendRevenue(env, pool, '10');
    const file = writeLedger(env, 'e1.csv', [[0, toNano('1')]]);
    const account = await env.blockchain.getContract(pool.address);
    const { reserve, floor } = await pool.getReserve();
    account.balance -= reserve - floor + 1n;
    expect(await pool.getReserve()).toEqual({ reserve: floor - 1n, floor });
    expectRefused(
        await env.run(submitPayouts, env.operator, [`file=${file}`, 'yes']),
        `the pool's reserve is ${formatTon(floor - 1n)}, under its floor of ${formatTon(floor)}: every batch would stop with stop reason 6 (below_floor), ` +
            'pay nothing and cost its fees; top it up by at least 0.000000001 TON (owner/fundReserve, from any wallet) and run again; nothing was sent',
    );
    account.balance += 1n;
    expect(await pool.getReserve()).toEqual({ reserve: floor, floor });
    const ok = await env.run(submitPayouts, env.operator, [`file=${file}`, 'yes']);
    expectOk(ok);
    expect(ok.lines).toContain(`  reserve:  ${formatTon(floor)} (floor ${formatTon(floor)}, a year of storage)`);
    expect(payoutsIn(ok, pool.address).map((p) => [p.workerIndex, p.amount])).toEqual([[0, toNano('1')]]);
});

// Incident: Cocoon pays a 1-token voucher (9,000 nanoton) to the pool: too little to start the pool's
// code (issue 9, finding 7), so the value sits in the balance, never booked as revenue. Property:
// operator/reconcile names it as its own cause, unbooked-inflow, to the nanoton, not critical and on
// no worker, beside a ledger that is otherwise paid exactly; it exits with the differences code.
it('[FIN-328] operator/reconcile reports a dust Cocoon payout as unbooked-inflow, its own cause, to the nanoton', async () => {
    await sendRevenue(env, pool, '10');
    const file = writeLedger(env, 'e1.csv', [[0, toNano('1')]]);
    expectOk(await env.run(submitPayouts, env.operator, [`file=${file}`, 'yes']));
    const revenue = (await pool.getTotals()).revenue;
    const DUST = 9_000n;
    await pool.sendCocoonPayout(env.proxy.getSender(), { value: DUST });
    expect((await pool.getTotals()).revenue).toBe(revenue);
    const r = await env.run(reconcile, env.operator, [`ledger=${file}`, 'json']);
    expect(r.exitCode).toBe(ExitCode.differences);
    expect(r.errors).toEqual([
        `error: 1 difference(s) between ${file} and the chain (0 critical, 0 nanoton unexplained)`,
    ]);
    // the json result of a failed run carries what it found (toolkit/ops/cli/script.ts)
    const [out] = r.json as {
        ok: boolean;
        differences: { cause: string; workerIndex?: number; amount: string; critical: boolean; detail: string }[];
    }[];
    expect(out.ok).toBe(false);
    expect(out.differences).toEqual([
        {
            cause: 'unbooked-inflow',
            amount: String(DUST),
            critical: false,
            detail: `1 message(s) reached the pool without running its code (1 below the compute threshold, 0 failed and non-bounceable): ${DUST} nanoton in the balance, never booked as revenue`,
        },
    ]);
});

// Incident: the network changes its fees. Property: under each price set the script attaches exactly
// what the pool's get_batch_value asks at the live config (no constant to update), and the batch pays.
describe('[GAS-401] fee change', () => {
    for (const prices of PRICE_SETS) {
        it(`[GAS-401] submitPayouts attaches the pool's required value at the live prices (${prices})`, async () => {
            applyPrices(env.blockchain, prices);
            await sendRevenue(env, pool, '10');
            const r = await env.run(submitPayouts, env.operator, [
                `file=${writeLedger(env, 'e1.csv', E1.slice(0, 1))}`,
                'yes',
            ]);
            expect(r.exitCode).toBe(0);
            expect(r.sent[0].args.value).toBe(await pool.getBatchValue(1));
            expect(payoutsIn(r, pool.address).map((p) => p.amount)).toEqual([toNano('1')]);
        });
    }
});
