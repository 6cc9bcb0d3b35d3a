/**
 * The submission journal against a request still in flight: a run sends a batch and dies (or times
 * out) before the pool processes it. Before the journal was written ahead and read back, a re-run read
 * the unchanged ledger and sent a second batch that paid 0 and cost fees, and reconcile said the
 * entitlements were never submitted. In the sandbox a held message plays the request in flight.
 */
import { SenderArguments, toNano } from '@ton/core';
import { SandboxContract } from '@ton/sandbox';
import * as reconcile from '../../scripts/operator/reconcile';
import * as submitPayouts from '../../scripts/operator/submitPayouts';
import { ExitCode } from '../../toolkit/ops/cli/exit-codes';
import { IN_FLIGHT_SECONDS, readJournal } from '../../toolkit/ops/journal';
import { parsePayoutBatch, parsePoolPayout, PoolPayout } from '../../wrappers/PoolPayout';
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
let funded: EnvSnapshot;
const E1: [number, bigint][] = [
    [0, toNano('1')],
    [1, toNano('2')],
];

beforeAll(async () => {
    env = await ScriptsEnv.create(2);
    ({ pool } = await deploy(env));
    await registerAndApprove(env);
    await sendRevenue(env, pool, '10');
    funded = env.snapshot();
});

beforeEach(async () => {
    env.blockchain.now = undefined;
    await env.restore(funded);
});

/** A run whose batch is signed but not delivered: it ends partly done, its intent journalled. */
async function sendInFlight(file: string) {
    const held: SenderArguments[] = [];
    const r = await env.run(submitPayouts, env.operator, [`file=${file}`, 'yes'], [], { hold: held });
    expect({ exitCode: r.exitCode, held: held.length }).toEqual({ exitCode: ExitCode.partial, held: 1 });
    const queryId = parsePayoutBatch(held[0].body!).queryId;
    expect(r.errors).toEqual([
        `error: request 1/1 (query id ${queryId}, 2 entries): sent, but the pool has not processed it yet; it is journalled in ${env.journalFile}: run submitPayouts again later (it waits for this request) and reconcile`,
    ]);
    expect(readJournal(env.journalFile).map((i) => [i.queryId, i.settled])).toEqual([[queryId, false]]);
    return { held, queryId };
}

// Fault: a re-run while the first run's batch is still in flight. Property: the re-run refuses, naming
// the request, its workers and until when it may land, and sends nothing; once the batch lands the
// next run records it as applied and pays nothing; every worker is paid exactly once; meanwhile
// reconcile calls the entitlements submitted (unfunded), not "not submitted".
it('[DUP-404] a re-run while a batch is in flight refuses and sends nothing; after it lands each worker is paid once', async () => {
    const file = writeLedger(env, 'e1.csv', E1);
    const { held, queryId } = await sendInFlight(file);
    const rec = await env.run(reconcile, env.operator, [`ledger=${file}`]);
    expect(rec.exitCode).toBe(ExitCode.differences);
    expect(rec.lines.filter((l) => /not-submitted|unfunded/.test(l)).map((l) => l.split('|')[2].trim())).toEqual([
        'unfunded',
        'unfunded',
    ]);

    const again = await env.run(submitPayouts, env.operator, [`file=${file}`, 'yes']);
    const intent = readJournal(env.journalFile)[0];
    expectRefused(
        again,
        new RegExp(
            `^request ${queryId}, sent at \\S+ by an earlier run, may still be in flight: 2 of its 2 entries \\(workers 0, 1\\) are not applied yet; a new batch now would pay them 0 and cost fees\\. ` +
                `Run again when they are applied or after ${new Date(intent.inFlightUntil * 1000).toISOString().replace('.000Z', 'Z')} \\(in \\d+ s; ${env.journalFile.replace(/[.]/g, '\\.')}\\); nothing was sent$`,
        ),
    );

    const landed = await env.operator.send(held[0]);
    // the held batch pays each worker its cumulative, once, to its member's wallet
    const paid = landed.transactions
        .flatMap((t) => [...t.outMessages.values()])
        .flatMap((m) =>
            m.info.type === 'internal' && m.info.src.equals(pool.address) && !m.info.dest.equals(env.operator.address)
                ? [{ info: m.info, payout: parsePoolPayout(m.body) }]
                : [],
        );
    expect(
        paid.map((m) => [
            m.payout.workerIndex,
            m.payout.amount,
            m.info.dest.toString(),
            m.info.value.coins,
            m.info.bounce,
        ]),
    ).toEqual([
        [0, toNano('1'), env.members[0].address.toString(), toNano('1'), true],
        [1, toNano('2'), env.members[1].address.toString(), toNano('2'), true],
    ]);
    const after = expectOk(await env.run(submitPayouts, env.operator, [`file=${file}`, 'yes']));
    expect(after.sent).toHaveLength(0);
    expect(after.lines).toEqual([
        expect.stringMatching(new RegExp(`^journal: request ${queryId} of \\S+ is applied$`)),
        `nothing to pay: every active worker in ${file} is paid up to its cumulative`,
    ]);
    expect([(await pool.getWorker(0)).paid, (await pool.getWorker(1)).paid]).toEqual([toNano('1'), toNano('2')]);
    expect(readJournal(env.journalFile).map((i) => [i.queryId, i.settled])).toEqual([[queryId, true]]);
    expectOk(await env.run(reconcile, env.operator, [`ledger=${file}`]));
});

// Fault: the first run's message never reached the chain (it expired). Property: after the in-flight
// window the next run says so, plans the entries again and pays each worker once.
it('[DUP-405] a journalled request that can no longer arrive is marked expired and the next run pays once', async () => {
    const file = writeLedger(env, 'e1.csv', E1);
    const { queryId } = await sendInFlight(file);
    env.blockchain.now = readJournal(env.journalFile)[0].inFlightUntil;
    const r = expectOk(await env.run(submitPayouts, env.operator, [`file=${file}`, 'yes']));
    expect(r.lines[0]).toMatch(
        new RegExp(
            `^journal: request ${queryId} of \\S+ left 2 entries unapplied and can no longer arrive; planning them again$`,
        ),
    );
    expect(payoutsIn(r, pool.address).map((p) => [p.workerIndex, p.amount])).toEqual(E1);
    expect(readJournal(env.journalFile).map((i) => i.settled)).toEqual([true, true]);
    expect(IN_FLIGHT_SECONDS).toBe(600);
});
