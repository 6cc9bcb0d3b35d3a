/**
 * operator/reconcile over both kinds of revenue, through the real scripts on the sandbox: the
 * operator-settled books against the ledger file as before, and the attributed books (what worker
 * 1's earnings address forwarded, commission, what payOwed paid, the bounce credited back) replayed
 * from the pool's history against its attributed getters, in the human tables and the json result.
 */
import { Address, toNano } from '@ton/core';
import { BlockchainTransaction, SandboxContract } from '@ton/sandbox';
import * as payOwed from '../../scripts/member/payOwed';
import * as registerWorker from '../../scripts/member/registerWorker';
import * as sweepEarnings from '../../scripts/member/sweepEarnings';
import * as approveWorkers from '../../scripts/operator/approveWorkers';
import * as reconcile from '../../scripts/operator/reconcile';
import * as submitPayouts from '../../scripts/operator/submitPayouts';
import { FeeSchedule } from '../../toolkit/chain/fees';
import { ExitCode } from '../../toolkit/ops/cli/exit-codes';
import { attributedBounceCredit, attributedReceiptFee, bookedAttributed, PoolPayout } from '../../wrappers/PoolPayout';
import { EarningsAddress } from '../../wrappers/EarningsAddress';
import { SharedOp } from '../../wrappers/shared';
import { rawAttributedRevenue } from '../../audits/harness/attributed';
import { EnvSnapshot, ScriptsEnv } from './support/env';
import { deploy, expectOk, sendRevenue, STAKE, writeLedger } from './support/pool-setup';

/** Worker 1's payout address: nobody deployed it, so its attributed payout bounces. */
const MISSING_PAYOUT = new Address(0, Buffer.alloc(32, 0x5a));
const COMMISSION_BPS = 500n; // deployArgs' commission_bps

let env: ScriptsEnv;
let pool: SandboxContract<PoolPayout>;
let paidOut: EnvSnapshot;
let figures: { forwarded: bigint; booked: ReturnType<typeof bookedAttributed>; credit: bigint; forgedValue: bigint };

/** The inbound value of the first pool transaction among `txs` whose message `match`es (its sender, op and bounced flag). */
function inboundValue(
    txs: BlockchainTransaction[],
    pool: Address,
    match: (src: Address, op: number | undefined, bounced: boolean) => boolean,
): bigint {
    for (const t of txs) {
        const m = t.inMessage;
        if (m?.info.type !== 'internal' || !m.info.dest.equals(pool)) continue;
        const b = m.body.beginParse();
        if (match(m.info.src, b.remainingBits >= 32 ? b.preloadUint(32) : undefined, m.info.bounced))
            return m.info.value.coins;
    }
    throw new Error('no such transaction at the pool');
}

beforeAll(async () => {
    env = await ScriptsEnv.create(2);
    ({ pool } = await deploy(env));
    expectOk(
        await env.run(registerWorker, env.members[0], [`stake=${STAKE}`, `payout=${env.members[0].address}`, 'yes']),
    );
    expectOk(await env.run(registerWorker, env.members[1], [`stake=${STAKE}`, `payout=${MISSING_PAYOUT}`, 'yes']));
    expectOk(await env.run(approveWorkers, env.operator, ['workers=0-1', 'yes']));
    // operator-settled: a Cocoon payout to the pool itself, worker 0 paid 1 TON by a batch
    await sendRevenue(env, pool, '10');
    expectOk(
        await env.run(submitPayouts, env.operator, [`file=${writeLedger(env, 'e1.csv', [[0, toNano('1')]])}`, 'yes']),
    );
    // attributed: Cocoon pays worker 1's earnings address before it is deployed; the sweep forwards it
    const earnings = await pool.getEarningsAddress(1);
    await env.blockchain
        .openContract(EarningsAddress.createFromAddress(earnings))
        .sendCocoonPayout(env.proxy.getSender(), { value: toNano('3') });
    const sweep = expectOk(await env.run(sweepEarnings, env.members[1], ['worker=1', 'yes']));
    const fees = new FeeSchedule(env.blockchain.config);
    const forwarded = inboundValue(
        sweep.sent.flatMap((s) => s.transactions),
        pool.address,
        (src, op) => src.equals(earnings) && op === SharedOp.attributedRevenue,
    );
    const booked = bookedAttributed(fees, forwarded, Number(COMMISSION_BPS));
    expect(await pool.getAttributedOwed(1)).toBe(booked.owed);
    // payOwed pays worker 1's owed to its missing payout address: it bounces and is credited back
    const paid = expectOk(await env.run(payOwed, env.stranger, ['workers=1', 'yes']));
    const bounced = inboundValue(
        paid.sent.flatMap((s) => s.transactions),
        pool.address,
        (_src, _op, b) => b,
    );
    const credit = attributedBounceCredit(fees, booked.owed, bounced);
    expect(await pool.getAttributedOwed(1)).toBe(credit);
    // a wallet forges an attributed_revenue naming worker 0
    const forgedValue = toNano('0.7');
    await pool.sendRevenue(env.stranger.getSender(), {
        value: forgedValue,
        bounce: true,
        body: rawAttributedRevenue(0),
    });
    figures = { forwarded, booked, credit, forgedValue };
    paidOut = env.snapshot();
});

beforeEach(async () => {
    await env.restore(paidOut);
});

// Property: reconcile replays the attributed books from the pool's history and prints, per kind of
// figure, history beside the pool's getters (difference 0 each), and per worker; its json carries every
// figure to the nanoton; the only difference is the forged attributed_revenue, named as plain revenue
// (not critical), so it exits with the differences code and 0 nanoton unexplained.
it('[FIN-409] operator/reconcile covers attributed revenue to the nanoton: forwarded, commission, paid by payOwed, returned by a bounce, owed', async () => {
    const { forwarded, booked, credit, forgedValue } = figures;
    const fees = new FeeSchedule(env.blockchain.config);
    const file = writeLedger(env, 'e1.csv', [[0, toNano('1')]]);
    const r = await env.run(reconcile, env.operator, [`ledger=${file}`, 'json']);
    expect(r.exitCode).toBe(ExitCode.differences);
    expect(r.errors).toEqual([
        `error: 1 difference(s) between ${file} and the chain, 1 of them in the attributed books (0 critical, 0 nanoton unexplained)`,
    ]);
    const [out] = r.json as { attributed: unknown; differences: unknown[]; totals: { received: string } }[];
    const s = (x: bigint) => x.toString();
    const pool = {
        revenue: s(booked.revenue),
        commission: s(booked.commission),
        paid: s(booked.owed),
        returned: s(credit),
        owed: s(credit),
        entries: 1,
    };
    expect(out.attributed).toEqual({
        history: { ...pool, forwarded: s(forwarded), receiptFees: s(attributedReceiptFee(fees)) },
        pool,
        workers: [
            {
                workerIndex: 1,
                forwarded: s(forwarded),
                revenue: s(booked.revenue),
                commission: s(booked.commission),
                paid: s(booked.owed),
                returned: s(credit),
                owed: s(credit),
                poolOwed: s(credit),
            },
        ],
        forged: [
            expect.objectContaining({
                from: env.stranger.address.toString(),
                workerIndex: 0,
                value: s(forgedValue),
                bookedAsPlain: s(forgedValue - attributedReceiptFee(fees)),
            }),
        ],
    });
    expect(booked.commission).toBe(((forwarded - attributedReceiptFee(fees)) * COMMISSION_BPS) / 10000n);
    expect(out.differences).toEqual([
        expect.objectContaining({ cause: 'forged-attributed', amount: s(forgedValue), critical: false }),
    ]);
    expect(out.totals.received).toBe(s(toNano('1')));
    // the human table: each figure beside the getter's, difference 0
    const row = (name: string) =>
        r.lines
            .find((l) => l.startsWith(`| ${name}`))!
            .split('|')
            .map((c) => c.trim())
            .slice(1, 5);
    const n = (x: bigint) => x.toLocaleString('en-US');
    expect(row('forwarded by earnings addresses')).toEqual(['forwarded by earnings addresses', n(forwarded), '-', '-']);
    expect(row('paid by pay_owed')).toEqual(['paid by pay_owed', n(booked.owed), n(booked.owed), '0']);
    expect(row('returned by bounces')).toEqual(['returned by bounces', n(credit), n(credit), '0']);
    expect(row('owed')).toEqual(['owed', n(credit), n(credit), '0']);
    expect(r.lines).toContain(
        `forged attributed_revenue: 1 message(s), 0.7 TON, not from the named worker's earnings address: booked as plain (operator-settled) revenue`,
    );
});
