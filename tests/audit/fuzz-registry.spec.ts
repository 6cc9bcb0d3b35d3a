/**
 * Malformed-input fuzz of WorkerRegistry: thousands of random messages (TL-B-shaped bodies with
 * boundary values and foreign addresses, truncated and over-long bodies, extra and missing refs,
 * random ops, junk, bounced copies) from every role and strangers, with random values and bounce
 * flags, against a registry holding workers in every status. Each one must end with a documented
 * exit code; a rejection must change nothing and lose no value; an accepted one must keep the
 * registry's books consistent (status counters, total stake, member index, stake covered).
 */
import { Address, toNano } from '@ton/core';
import { FeeSchedule } from '../../toolkit/chain/fees';
import { PRICE_SETS } from '../../toolkit/chain/prices';
import { parseWorkerRegistryData } from '../../wrappers/WorkerRegistry';
import { RegistryError, RegistryGas, RegistryOp, WorkerStatus } from '../../wrappers/RegistryConstants';
import { SharedOp } from '../../wrappers/shared';
import { COOLDOWN, setupRegistry, START_TIME, workerRecord } from '../helpers/registry-fixture';
import { registryBookProblems } from './support/books';
import { FuzzStats, Observation, runFuzz } from '../../audits/harness/fuzz-runner';
import { judgeCommon, outMessages } from './support/oracle';
import { FuzzWorld, randomMessage } from '../../audits/harness/random-message';
import { FUZZ_RUNS, fuzzSeed, replayHint } from './support/seed';
import { contractTemplates } from '../../audits/harness/tlb-templates';

/** Messages per price set: 26 per FUZZ_RUNS (2,600 by default, 5,200 over both price sets). */
const MESSAGES = 26 * FUZZ_RUNS;

function registryProblems(o: Observation, pool: Address): string[] {
    const problems = registryBookProblems(o.after.data, o.after.balance);
    const members = new Set(
        [...parseWorkerRegistryData(o.after.data).workers.values()].map((w) => w.member.toRawString()),
    );
    for (const m of outMessages(o.own[0])) {
        if (m.info.type !== 'internal') continue;
        const to = m.info.dest;
        if (!(to.equals(o.message.sender) || to.equals(pool) || members.has(to.toRawString())))
            problems.push(`sent a message to ${to.toRawString()}, not the sender, the pool or a member`);
    }
    return problems;
}

describe.each(PRICE_SETS)('WorkerRegistry malformed-input fuzz (%s prices)', (prices) => {
    // Attack: random and malformed messages from every role and from strangers, with any value and
    // bounce flag, including bounced copies of requests. Must hold for every one: a documented exit
    // code; a rejection changes no data, sends nothing but the bounce and loses no value; an
    // accepted message leaves the counters, the total stake and the member index consistent with
    // the records and the stakes covered by the balance, in a storage cell that parses back
    // completely with the TL-B parser (STO).
    it(`[MSG-500][STO-500] random and malformed messages to every registry handler end in documented exit codes, change nothing when rejected and keep the books (${prices})`, async () => {
        const f = await setupRegistry({
            prices,
            members: 4,
            params: { maxPerMember: 4 },
            workers: ({ members }) => [
                workerRecord(members[0]),
                workerRecord(members[0], { status: WorkerStatus.active, synced: true, weight: 5 }),
                workerRecord(members[1], { status: WorkerStatus.suspended, synced: true }),
                workerRecord(members[1], {
                    status: WorkerStatus.exited,
                    synced: true,
                    exitRequestedAt: START_TIME - COOLDOWN - 1,
                }),
                workerRecord(members[2], {
                    status: WorkerStatus.exited,
                    synced: true,
                    exitRequestedAt: START_TIME - 1,
                }),
                null, // exited and withdrawn: the record left, the index stays assigned
                workerRecord(members[3], { status: WorkerStatus.active, synced: true, stake: toNano('25') }),
            ],
        });
        const fees = new FeeSchedule(f.blockchain.config);
        const world: FuzzWorld = {
            senders: [f.owner, f.operator, f.pool, f.stranger, ...f.members]
                .map((t) => t.address)
                .concat([new Address(0, Buffer.alloc(32, 7))]),
            workerIndices: [0, 1, 2, 3, 4, 5, 6, 7, 8, 0xffffffff],
            lowValues: [0n, 1n, fees.compute(1000), fees.compute(RegistryGas.setPaused)],
            values: [toNano('0.01'), toNano('0.05'), toNano('0.3'), toNano('1'), toNano('12'), toNano('100')],
        };
        const templates = contractTemplates('registry');
        const documented = new Set([0, ...Object.values(RegistryError)]);
        const stats: FuzzStats = await runFuzz({
            blockchain: f.blockchain,
            snapshot: f.snapshot,
            target: f.registry.address,
            seed: fuzzSeed(0x5eed0500 + PRICE_SETS.indexOf(prices)),
            messages: MESSAGES,
            next: (rng) =>
                randomMessage(rng, world, {
                    templates,
                    ownBounceableOps: [SharedOp.workerSync, SharedOp.slashedStake],
                }),
            judge: (o) => {
                const v = judgeCommon(o, {
                    documented,
                    outOfGasBelow: fees.compute(Math.max(...Object.values(RegistryGas))),
                });
                return v.accepted ? [...v.problems, ...registryProblems(o, f.pool.address)] : v.problems;
            },
            replay: replayHint(0, 'tests/audit/fuzz-registry.spec.ts'),
        });
        expect(stats.sent).toBe(MESSAGES);
        // The walk must reach the handlers, not only the parser: rejections by role, by value and by state, and acceptances.
        for (const code of [
            0,
            RegistryError.malformedBody,
            RegistryError.unknownOp,
            RegistryError.notOwner,
            RegistryError.notOperator,
            RegistryError.notMember,
            RegistryError.insufficientValue,
        ]) {
            expect({ code, seen: (stats.exitCodes.get(code) ?? 0) > 0 }).toEqual({ code, seen: true });
        }
        expect(Object.keys(RegistryOp).length).toBeGreaterThan(10);
    });
});
