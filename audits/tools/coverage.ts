/**
 * `npm run coverage`: TVM-instruction coverage of WorkerRegistry, PoolPayout and EarningsAddress,
 * driven by representative scenarios: (1) the wired system through every handler's success path
 * and every role's rejections, with getters (failing get-method calls recorded too); (2) a
 * 260-worker batch that continues through self-messages and stops on exhausted money and on the
 * period cap; (3) random and malformed messages from the audit fuzzer; (4) EarningsAddress from
 * before its deployment; (5) attributed revenue and the reserve's storage charge and (6) a pool with
 * an empty ledger (audits/tools/coverage-attributed.ts). Writes audits/COVERAGE.md (summary, and
 * every uncovered instruction range with its FunC line and the reason it is not reached, from
 * audits/coverage-notes.json, matched as audits/tools/coverage-notes.ts says) and per-contract
 * JSON/text/HTML reports under coverage/tvm/ (git-ignored), with coverage/tvm/unexplained.json
 * listing what a new note needs. `--render-only` re-renders COVERAGE.md from that JSON. Exits 1
 * when a range is unexplained or a note no longer holds. About a minute on a 2-core machine.
 */
import { Address, beginCell, Cell, toNano } from '@ton/core';
import { Blockchain, Coverage, internal } from '@ton/sandbox';
import { coverageOf, failingGet, midFlight, recordCoverage, withoutSeparators } from './coverage-record';
import { attributedScenario, emptyLedgerScenario } from './coverage-attributed';
import { explain, Note, UncoveredRange } from './coverage-notes';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import { join, resolve } from 'path';
import { RegistryOp } from '../../wrappers/RegistryConstants';
import { fillerAddress, setupPool } from '../harness/pool-fixture';
import { rawEntriesOf, rawPayoutBatch } from '../harness/pool-raw';
import { setupEarnings } from '../harness/earnings-fixture';
import { earningsSweepBody, forwardThreshold, sweepValue } from '../../wrappers/EarningsAddress';
import { fiftOf, functionCoverage, lineFunctions } from './coverage-functions';
import { runFuzz } from '../harness/fuzz-runner';
import { FuzzWorld, randomMessage } from '../harness/random-message';
import { setupSystem, System, SYSTEM_MIN_STAKE } from '../harness/system';
import { Model, Op, step } from '../harness/system-ops';
import { contractTemplates } from '../harness/tlb-templates';
import { SharedOp } from '../../wrappers/shared';
import { PoolOp } from '../../wrappers/PoolConstants';
import { payoutBatchBody, setOperatorBody, setPausedBody } from '../../wrappers/PoolPayout';
import { compileContract } from '../../toolkit/func/compile';
import { FeeSchedule } from '../../toolkit/chain/fees';
import { readCommandLine } from '../../toolkit/cli/flags';

const ROOT = resolve(__dirname, '..', '..');
const NOTES_FILE = join(ROOT, 'audits', 'coverage-notes.json');
const FUZZ_MESSAGES = Number(process.env.COVERAGE_FUZZ ?? 300);
/** Workers of the batch scenario: more payable entries than one transaction's PAYOUTS_PER_TX (253). */
const BIG = 260;

type Contract = 'WorkerRegistry' | 'PoolPayout' | 'EarningsAddress';
const CONTRACTS: Contract[] = ['WorkerRegistry', 'PoolPayout', 'EarningsAddress'];

/** Scenario 1: every handler of both contracts, every role's rejection, every getter. */
async function systemScenario(s: System): Promise<void> {
    const model = new Model(
        s.pool.address,
        () => new FeeSchedule(s.blockchain.config),
        (await s.pool.getParams()).commissionBps,
    );
    const ops: Op[] = [
        ...[0, 1, 2, 3].flatMap((i): Op[] => [
            { t: 'register', m: i },
            { t: 'approve', w: i },
        ]),
        // Member 0's second worker (4), then a third it may not hold (max_per_member 2: exit 310).
        { t: 'register', m: 0 },
        { t: 'register', m: 0 },
        { t: 'approve', w: 4 },
        // Member 1's second worker (5): left pending, for the operator's reject_worker below.
        { t: 'register', m: 1 },
        { t: 'revenue', ton: 200 },
        { t: 'suspend', w: 2 },
        { t: 'reinstate', w: 2 },
        { t: 'changePayout', w: 1, by: 1, missing: true },
        ...[0, 1, 2, 3, 4].map((w): Op => ({ t: 'entitle', w, pct: 15 })),
        { t: 'batch', ws: [0, 1, 2, 3, 4, 4], retry: true, underpay: false },
        { t: 'batch', ws: [0], retry: false, underpay: true },
        { t: 'changePayout', w: 1, by: 1, missing: false },
        { t: 'batch', ws: [1], retry: false, underpay: false },
        // A suspended (known, inactive) worker in a batch: skipped and counted as inactive.
        { t: 'suspend', w: 2 },
        { t: 'batch', ws: [2], retry: false, underpay: false },
        { t: 'reinstate', w: 2 },
        { t: 'withdrawCommission', pct: 50 },
        { t: 'pause', on: true },
        { t: 'batch', ws: [0], retry: false, underpay: false },
        { t: 'pause', on: false },
        { t: 'exit', w: 3, by: 3 },
        // worker 4 exits while suspended (worker 3 while active)
        { t: 'suspend', w: 4 },
        { t: 'exit', w: 4, by: 0 },
        { t: 'withdraw', w: 3, by: 3 },
        { t: 'time', hours: 30 },
        { t: 'withdraw', w: 3, by: 3 },
        { t: 'withdraw', w: 4, by: 0 },
        ...(['batch', 'withdraw', 'setParams', 'sync'] as const).flatMap((kind): Op[] =>
            [-1, 0].map((from) => ({ t: 'hostile', kind, from })),
        ),
    ];
    for (const op of ops) await step(s, model, op);
    const req = (op: number) => s.registry.getRequiredValue(op);
    const owner = s.owner.getSender();
    await s.registry.sendSetWeight(s.operator.getSender(), {
        value: await req(RegistryOp.setWeight),
        workerIndex: 0,
        weight: 10,
    });
    // Worker 5 is still pending: the operator rejects it (its stake goes back with worker_rejected).
    await s.registry.sendRejectWorker(s.operator.getSender(), {
        value: await req(RegistryOp.rejectWorker),
        workerIndex: 5,
    });
    // Member 3 (its worker 3 withdrew) registers worker 6 and has it rejected: its member entry goes too.
    await s.registry.sendRegisterWorker(s.members[3].getSender(), {
        value: SYSTEM_MIN_STAKE + (await req(RegistryOp.registerWorker)),
        stake: SYSTEM_MIN_STAKE,
        payout: s.members[3].address,
    });
    await s.registry.sendRejectWorker(s.operator.getSender(), {
        value: await req(RegistryOp.rejectWorker),
        workerIndex: 6,
    });
    // Member 2 registers worker 7 and, never approved (never synced: no worker_sync to pay for),
    // changes its payout, is slashed, exits and withdraws after the cooldown.
    const m2 = s.members[2].getSender();
    await s.registry.sendRegisterWorker(m2, {
        value: SYSTEM_MIN_STAKE + (await req(RegistryOp.registerWorker)),
        stake: SYSTEM_MIN_STAKE,
        payout: s.members[2].address,
    });
    await s.registry.sendChangePayout(m2, {
        value: await req(RegistryOp.changePayout),
        workerIndex: 7,
        payout: s.stranger.address,
    });
    await s.registry.sendSlashStake(owner, {
        value: await req(RegistryOp.slashStake),
        workerIndex: 7,
        amount: SYSTEM_MIN_STAKE / 5n,
    });
    await s.registry.sendRequestExit(m2, { value: await req(RegistryOp.requestExit), workerIndex: 7 });
    s.blockchain.now = s.blockchain.now! + (await s.registry.getParams()).cooldown;
    await s.registry.sendWithdrawStake(m2, { value: await req(RegistryOp.withdrawStake), workerIndex: 7 });
    await s.registry.sendResyncWorker(s.operator.getSender(), {
        value: await req(RegistryOp.resyncWorker),
        workerIndex: 0,
    });
    // Worker 3 withdrew its stake (its record is gone): resync sends it as not payable to 0:0...0.
    // An index never assigned (1000) is refused with 313.
    for (const workerIndex of [3, 1000])
        await s.registry.sendResyncWorker(s.operator.getSender(), {
            value: await req(RegistryOp.resyncWorker),
            workerIndex,
        });
    await s.registry.sendSlashStake(owner, {
        value: await req(RegistryOp.slashStake),
        workerIndex: 0,
        amount: SYSTEM_MIN_STAKE / 5n,
    });
    await s.registry.sendSetPaused(owner, { value: await req(RegistryOp.setPaused), paused: true });
    await s.registry.sendSetPaused(owner, { value: await req(RegistryOp.setPaused), paused: false });
    await s.registry.sendSetOperator(owner, { value: await req(RegistryOp.setOperator), operator: s.operator.address });
    const params = await s.registry.getParams();
    await s.registry.sendSetParams(owner, {
        value: await req(RegistryOp.setParams),
        params: { ...params, cooldown: params.cooldown + 1 },
    });
    await s.registry.sendTopUp(owner, { value: toNano('0.5') });
    // A pool that is gone: the worker_sync and slashed_stake to it bounce and are counted.
    const gone = { ...params, pool: new Address(0, Buffer.alloc(32, 0xee)) };
    await s.registry.sendSetParams(owner, { value: await req(RegistryOp.setParams), params: gone });
    await s.registry.sendSlashStake(owner, {
        value: await req(RegistryOp.slashStake),
        workerIndex: 1,
        amount: SYSTEM_MIN_STAKE / 5n,
    });
    await s.registry.sendSetParams(owner, { value: await req(RegistryOp.setParams), params });
    await s.registry.sendTransferOwnership(owner, {
        value: await req(RegistryOp.transferOwnership),
        newOwner: s.stranger.address,
    });
    await s.registry.getRoles(); // with a nominee: get_roles opens its cell
    await s.registry.sendClaimOwnership(s.stranger.getSender(), { value: await req(RegistryOp.claimOwnership) });
    await s.pool.sendTopUpReserve(owner, { value: toNano('1') });
    await s.pool.sendSetParams(owner, {
        value: toNano('0.05'),
        commissionBps: 800,
        minPayout: 1n,
        periodCap: toNano('1000000'),
        periodLength: 3600,
    });
    await s.pool.sendSetOperator(owner, { value: toNano('0.05'), operator: s.operator.address });
    await s.pool.sendTransferOwnership(owner, { value: toNano('0.05'), newOwner: s.stranger.address });
    await s.pool.getParams();
    await s.pool.sendClaimOwnership(s.stranger.getSender(), { value: toNano('0.05') });
    await s.pool.sendUpgradeCode(s.stranger.getSender(), {
        value: toNano('0.05'),
        code: await compileContract('PoolPayout'),
    });
    for (let i = 0; i < 6; i++) {
        await s.registry.getWorker(i);
        await s.pool.getWorker(i);
    }
    await s.registry.getMemberWorkers(s.members[0].address);
    await s.registry.getMemberWorkers(s.cocoon.address);
    await s.pool.getWorker(1000);
    // Getter failures: an op get_required_value does not know (300) and a get-method neither contract has (11).
    await failingGet(s.blockchain, () => s.registry.getRequiredValue(RegistryOp.stakeWithdrawn));
    for (const a of [s.registry.address, s.pool.address])
        await failingGet(s.blockchain, () => s.blockchain.runGetMethod(a, 'no_such_method'));
    await s.registry.getCounts();
    await s.registry.getRoles();
    await s.registry.getBounces();
    // Every op the registry prices (the ops it sends, stake_withdrawn and worker_rejected, have no price).
    const outbound: number[] = [RegistryOp.stakeWithdrawn, RegistryOp.workerRejected];
    for (const op of Object.values(RegistryOp)) if (!outbound.includes(op)) await s.registry.getRequiredValue(op);
    await s.pool.getTotals();
    await s.pool.getParams();
    await s.pool.getBatchValue(10);
}

/** Scenario 3: the audit fuzzer's random and malformed messages against both contracts. */
async function fuzzScenario(s: System): Promise<void> {
    const fees = new FeeSchedule(s.blockchain.config);
    const world: FuzzWorld = {
        senders: [s.owner, s.operator, s.stranger, s.cocoon, ...s.members]
            .map((t) => t.address)
            .concat([s.registry.address]),
        workerIndices: [0, 1, 2, 3, 4, 5, 12, 0xffffffff],
        lowValues: [0n, 1n, fees.compute(1000)],
        values: [toNano('0.05'), toNano('0.3'), toNano('1'), toNano('20')],
    };
    const snapshot = s.blockchain.snapshot();
    for (const [target, contract, own] of [
        [s.registry.address, 'registry', [SharedOp.workerSync, SharedOp.slashedStake]],
        [s.pool.address, 'pool', [PoolOp.poolPayout]],
    ] as const) {
        const templates = contractTemplates(contract);
        await runFuzz({
            blockchain: s.blockchain,
            snapshot,
            target,
            seed: 0xc0,
            messages: FUZZ_MESSAGES,
            viaQueue: true,
            next: (rng) => randomMessage(rng, world, { templates, ownBounceableOps: [...own] }),
            judge: () => [],
            replay: '',
        });
    }
}

/** Extra ledger records of the batch scenario, past the BIG workers (their payouts bounce: nobody is deployed there). */
const HELD = BIG;
const INACTIVE = BIG + 1;
const TWICE_BOUNCED = BIG + 2;
/** In the same leaf as the records above, never synced: unknown to the pool. */
const UNKNOWN = BIG + 3;

/**
 * Scenario 2: a batch larger than one transaction, the owner rotating the operator or pausing while
 * its continuation is in flight (POOL-203, ACC-206), the two ways a batch stops early, and every
 * reason an entry is skipped (POOL-201, POOL-206): unknown, inactive, held, not increased, below
 * the minimum, at 2^64 (out of range); a worker's third bounce holds it (POOL-210).
 */
async function bigBatchScenario(): Promise<{ chain: Blockchain; pool: Address }> {
    const f = await setupPool({
        workers: BIG,
        recipients: 8,
        revenue: toNano('400'),
        ledger: () => [
            { index: HELD, payout: fillerAddress(HELD), active: true, held: true },
            { index: INACTIVE, payout: fillerAddress(INACTIVE), active: false },
            { index: TWICE_BOUNCED, payout: fillerAddress(TWICE_BOUNCED), active: true, bounces: 2 },
        ],
    });
    recordCoverage(f.blockchain);
    const pool = f.pool;
    const op = f.operator.getSender();
    const entries = (each: bigint) => Array.from({ length: BIG }, (_, i) => ({ workerIndex: i, cumulative: each }));
    await pool.sendPayoutBatch(op, {
        value: await pool.getBatchValue(BIG),
        queryId: 1n,
        entries: entries(toNano('0.5')),
    });
    // The same batch again (what bounced is paid again), the owner rotating the operator after its
    // first transaction: the continuation stops with operator_changed. Then the operator is restored.
    const again = payoutBatchBody({ queryId: 5n, entries: entries(toNano('0.5')) });
    const request = (value: bigint, body: Cell) =>
        internal({ from: f.operator.address, to: pool.address, value, body });
    const byOwner = (body: Cell) => internal({ from: f.owner.address, to: pool.address, value: toNano('1'), body });
    await midFlight(
        f.blockchain,
        request(await pool.getBatchValue(BIG), again),
        byOwner(setOperatorBody({ operator: f.stranger.address })),
    );
    await pool.sendSetOperator(f.owner.getSender(), { value: toNano('0.05'), operator: f.operator.address });
    // Once more, the owner pausing after the first transaction: the continuation stops paused.
    await midFlight(
        f.blockchain,
        request(await pool.getBatchValue(BIG), again),
        byOwner(setPausedBody({ paused: true })),
    );
    await pool.sendSetPaused(f.owner.getSender(), { value: toNano('0.05'), paused: false });
    // More than the worker money held: stops at the first entry it cannot fund.
    await pool.sendPayoutBatch(op, {
        value: await pool.getBatchValue(3),
        queryId: 2n,
        entries: entries(toNano('300')).slice(0, 3),
    });
    // Every skip reason, then the third bounce of TWICE_BOUNCED (it is paid, to nobody): held.
    const skips = [
        { workerIndex: 0, cumulative: toNano('0.5') },
        { workerIndex: 1, cumulative: toNano('0.5') + 1n },
        { workerIndex: 2, cumulative: 1n << 64n },
        { workerIndex: HELD, cumulative: toNano('1') },
        { workerIndex: INACTIVE, cumulative: toNano('1') },
        { workerIndex: TWICE_BOUNCED, cumulative: toNano('1') },
        { workerIndex: UNKNOWN, cumulative: toNano('1') },
    ];
    // Raw: the wrapper refuses a cumulative of 2^64, the pool must not trust that it does.
    await f.blockchain.sendMessage(
        internal({
            from: f.operator.address,
            to: pool.address,
            value: await pool.getBatchValue(skips.length),
            body: rawPayoutBatch(6n, skips.length, rawEntriesOf(skips)),
        }),
    );
    await pool.sendSetParams(f.owner.getSender(), {
        value: toNano('0.05'),
        commissionBps: 1000,
        minPayout: toNano('0.01'),
        periodCap: toNano('1'),
        periodLength: 3600,
    });
    // Past the period cap, then not increased, below the minimum (worker 200: 0.005 TON more than it
    // was paid, under the 0.01 minimum) and unknown.
    await pool.sendPayoutBatch(op, {
        value: await pool.getBatchValue(10),
        queryId: 3n,
        entries: entries(toNano('0.6')).slice(0, 10),
    });
    const rest = [
        { workerIndex: 0, cumulative: toNano('0.505') },
        { workerIndex: 1, cumulative: 1n },
        { workerIndex: 200, cumulative: toNano('0.505') },
        { workerIndex: 9999, cumulative: 1n },
    ];
    await pool.sendPayoutBatch(op, { value: await pool.getBatchValue(rest.length), queryId: 4n, entries: rest });
    return { chain: f.blockchain, pool: pool.address };
}

/**
 * Scenario 4: EarningsAddress from before its deployment: the deploying sweep, revenue below and
 * at the forward threshold (cocoon_payout, plain transfer, comment, unknown op), sweeps with too
 * little value, a trailing bit and money to forward, a bounced forward, and its getters.
 */
async function earningsScenario(): Promise<{ chain: Blockchain; address: Address }> {
    const f = await setupEarnings({ undeployed: true });
    recordCoverage(f.blockchain);
    const e = f.earnings;
    const fees = f.fees();
    const from = f.stranger.address;
    const send = (value: bigint, body: Cell, bounced = false) =>
        f.blockchain.sendMessage(internal({ from, to: e.address, value, body, bounced, bounce: false }));
    await e.sendDeploy(f.stranger.getSender(), { value: sweepValue(fees) });
    const threshold = forwardThreshold(fees);
    // Half the threshold stays (the balance is below it), the next message forwards both.
    await e.sendCocoonPayout(f.cocoon.getSender(), { value: threshold / 2n, queryId: 3n });
    await e.sendCocoonPayout(f.cocoon.getSender(), { value: threshold, queryId: 4n });
    await send(threshold / 2n, beginCell().endCell());
    await send(threshold, beginCell().endCell());
    await send(threshold, beginCell().storeUint(0, 32).storeStringTail('revenue comment text').endCell());
    await send(threshold, beginCell().storeUint(0x12345678, 32).storeUint(0, 64).endCell());
    await send(sweepValue(fees) - 1n, earningsSweepBody(5n));
    await send(sweepValue(fees), beginCell().storeSlice(earningsSweepBody(6n).beginParse()).storeBit(1).endCell());
    await send(sweepValue(fees), earningsSweepBody(7n));
    await send(toNano('1'), beginCell().storeUint(0xffffffff, 32).endCell(), true);
    await e.getEarningsData();
    await e.getForwardThreshold();
    await e.getSweepValue();
    await failingGet(f.blockchain, () => f.blockchain.runGetMethod(e.address, 'no_such_method'));
    return { chain: f.blockchain, address: e.address };
}

interface Range {
    from: number;
    to: number;
    lines: string[];
    /** The three asm lines before the range (any status), trimmed. */
    before: string;
}

function uncoveredRanges(c: Coverage): Range[] {
    const out: Range[] = [];
    c.data.lines.forEach((l, i) => {
        if (l.info.$ !== 'Uncovered') return;
        const last = out[out.length - 1];
        if (last && last.to >= i - 2) {
            for (let k = last.to + 1; k <= i; k++)
                if (c.data.lines[k].info.$ === 'Uncovered') last.lines.push(c.data.lines[k].line.trim());
            last.to = i;
        } else
            out.push({
                from: i,
                to: i,
                lines: [l.line.trim()],
                before: c.data.lines
                    .slice(Math.max(0, i - 3), i)
                    .map((b) => b.line.trim())
                    .join('; '),
            });
    });
    return out;
}

interface Result {
    name: Contract;
    coverage: Coverage;
    /** The compiler's Fift output of the same code: names the procedures. */
    fift: string;
}

/** Instructions and covered instructions (the sandbox's summary() also counts the `} {` separators). */
function summary(c: Coverage): { total: number; covered: number; percent: string } {
    const lines = c.data.lines.filter((l) => l.info.$ !== 'Skipped');
    const covered = lines.filter((l) => l.info.$ === 'Covered').length;
    return { total: lines.length, covered, percent: `${((100 * covered) / lines.length).toFixed(2)}%` };
}

function render(
    results: Result[],
    notes: Note[],
): { md: string; unexplained: number; explained: number; problems: string[]; unexplainedRanges: UncoveredRange[] } {
    const out = [
        '<!-- Generated by `npm run coverage`; reasons come from audits/coverage-notes.json. Do not edit by hand. -->',
        '',
        '# TVM instruction coverage',
        '',
    ];
    out.push(
        'Coverage of the compiled code of the three contracts, instruction by instruction (the TVM assembly',
        'the sandbox executes), from six scenarios (audits/tools/coverage.ts, coverage-attributed.ts): every',
        "handler and getter of the wired system with every role's rejections; a 260-worker batch continuing",
        'through self-messages and stopping on exhausted money and on the period cap; ' +
            `${FUZZ_MESSAGES} random and malformed`,
        'messages per contract from the audit fuzzer; EarningsAddress from before its deployment; attributed',
        'revenue (real forwards, forgeries, pay_owed across continuations, bounces) and a pool whose storage',
        'ate its reserve; a pool with an empty ledger.',
        '',
        '| contract | instructions | covered | uncovered | coverage |',
        '|---|---:|---:|---:|---:|',
    );
    for (const r of results) {
        const s = summary(r.coverage);
        out.push(`| ${r.name} | ${s.total} | ${s.covered} | ${s.total - s.covered} | ${s.percent} |`);
    }
    const perContract = results.map((r) => {
        const names = lineFunctions(r.coverage, r.fift);
        return uncoveredRanges(r.coverage).map((g) => ({
            g,
            range: { contract: r.name, function: names[g.from] || '-', text: g.lines.join('; '), before: g.before },
        }));
    });
    const sources = new Map<string, string | undefined>();
    const read = (file: string) => {
        if (!sources.has(file))
            sources.set(file, existsSync(join(ROOT, file)) ? readFileSync(join(ROOT, file), 'utf8') : undefined);
        return sources.get(file);
    };
    const { explained, problems } = explain(
        perContract.flat().map((x) => x.range),
        notes,
        read,
    );
    let unexplained = 0;
    const unexplainedRanges: UncoveredRange[] = [];
    let k = 0;
    results.forEach((r, ci) => {
        const ranges = perContract[ci];
        out.push('', `## ${r.name}: ${ranges.length} uncovered range(s)`, '');
        if (ranges.length === 0) return;
        out.push('| asm lines | function | FunC | instructions | why it is not reached |', '|---|---|---|---|---|');
        for (const { g, range } of ranges) {
            const e = explained[k++];
            if (!e.note) {
                unexplained++;
                unexplainedRanges.push(range);
            }
            const shown = range.text.length > 160 ? range.text.slice(0, 157) + '...' : range.text;
            const why = e.note ? e.note.why : e.problem ? `**unexplained**: ${e.problem}` : '**unexplained**';
            out.push(
                `| ${g.from + 1}-${g.to + 1} | ${range.function} | ${e.source ?? '-'} | \`${shown.replace(/\|/g, '\\|')}\` | ${why} |`,
            );
        }
    });
    if (problems.length > 0) out.push('', '## Notes that no longer hold', '', ...problems.map((p) => `- ${p}`));
    out.push(
        '',
        '## Per function',
        '',
        "Instructions per compiled procedure, named from the compiler's Fift output (audits/tools/coverage-functions.ts):",
        "a method-dictionary entry (recv_internal, a get-method, a non-inline function) or a ref'd body (an",
        '`inline_ref` function, or an inline one large enough for Fift to call by CALLREF). Inline functions',
        "expanded in place count in the procedure they were expanded into; a ref'd body whose first",
        'instructions match no single Fift procedure is shown as `(ref in <caller>)`.',
        '',
        '| contract | function | instructions | covered | coverage |',
        '|---|---|---:|---:|---:|',
    );
    for (const r of results) {
        for (const f of functionCoverage(r.coverage, r.fift)) {
            out.push(
                `| ${r.name} | \`${f.name}\` | ${f.instructions} | ${f.covered} | ${((100 * f.covered) / f.instructions).toFixed(2)}% |`,
            );
        }
    }
    out.push(
        '',
        "Reasons (audits/tools/coverage-notes.ts) are matched by contract, procedure and the range's exact",
        'instructions (where those are too common, also the three asm lines before it), never by asm line',
        'numbers, which shift with every code change; each says how many ranges it explains and names the',
        'FunC line the range comes from (the FunC column), checked to be on exactly one line of that file. A',
        'note that matches another number of ranges, or whose FunC line is gone, explains nothing and fails',
        'the run. The FunC column is that reviewed attribution, not a compiler source map: func-js 0.11 gives',
        'source locations only through the debugger build of FunC 0.4.6, which compiles other code',
        '(DEBUGMARKs) and throws on PoolPayout (`getWasmTableEntry(...) is not a function`).',
        'Per-instruction reports (text and HTML): `npm run coverage`, then coverage/tvm/.',
    );
    return {
        md: out.join('\n') + '\n',
        unexplained,
        explained: explained.filter((e) => e.note).length,
        problems,
        unexplainedRanges,
    };
}

/** `--render-only`: re-render COVERAGE.md from coverage/tvm/*.json (after editing the notes) without re-running. */
async function renderOnly(dir: string): Promise<Result[]> {
    return Promise.all(
        CONTRACTS.map(async (name) => {
            const coverage = Coverage.fromJson(readFileSync(join(dir, `${name}.json`), 'utf8'));
            return { name, coverage, fift: await fiftOf(name, coverage.data.code) };
        }),
    );
}

/** Writes COVERAGE.md and says how it went; exit 1 when a range has no reason or a note no longer holds. */
function report(r: ReturnType<typeof render>, what: string): void {
    writeFileSync(join(ROOT, 'audits', 'COVERAGE.md'), r.md);
    // what a new note needs (contract, function, match, before), ready to copy
    mkdirSync(join(ROOT, 'coverage', 'tvm'), { recursive: true });
    writeFileSync(
        join(ROOT, 'coverage', 'tvm', 'unexplained.json'),
        JSON.stringify(r.unexplainedRanges, null, 4) + '\n',
    );
    for (const p of r.problems) console.error(`coverage: ${p}`);
    console.log(
        `${what}; ${r.explained} uncovered range(s) explained, ${r.unexplained} without a reason (coverage/tvm/unexplained.json), ${r.problems.length} note problem(s)`,
    );
    if (r.unexplained > 0 || r.problems.length > 0) process.exitCode = 1;
}

const USAGE = `Usage: npm run coverage -- [--render-only]

Measures the TVM instruction coverage of every contract over its scenarios and writes audits/COVERAGE.md;
exits 1 when an uncovered range has no reason in audits/coverage-notes.json or a note there no longer holds.

Flags:
  --render-only   re-render audits/COVERAGE.md from the last measurement (coverage/tvm/) without running
  --help          this text
`;

async function main() {
    const cl = readCommandLine('coverage', USAGE, process.argv.slice(2), { 'render-only': 'boolean' });
    if (!cl.ok) {
        process.exitCode = cl.exitCode;
        return;
    }
    process.chdir(ROOT);
    const dir = join(ROOT, 'coverage', 'tvm');
    if (cl.flags.switches.has('render-only')) {
        report(
            render(await renderOnly(dir), JSON.parse(readFileSync(NOTES_FILE, 'utf8')) as Note[]),
            're-rendered audits/COVERAGE.md',
        );
        return;
    }
    const registryCode = await compileContract('WorkerRegistry');
    const poolCode = await compileContract('PoolPayout');
    const earningsCode = await compileContract('EarningsAddress');
    const t0 = Date.now();
    const progress = (what: string) => console.error(`coverage: ${what} (${Math.round((Date.now() - t0) / 1000)} s)`);
    const system = await setupSystem('sandbox');
    recordCoverage(system.blockchain);
    await systemScenario(system);
    progress('system scenario done');
    await fuzzScenario(system);
    progress('fuzz scenario done');
    const { chain: big, pool: bigPool } = await bigBatchScenario();
    progress('batch scenario done');
    const earnings = await earningsScenario();
    progress('earnings scenario done');
    const attributed = await attributedScenario();
    progress('attributed scenario done');
    const empty = await emptyLedgerScenario();
    progress('empty-ledger scenario done');
    const results: Result[] = [
        {
            name: 'WorkerRegistry',
            coverage: coverageOf(system.blockchain, registryCode, system.registry.address),
            fift: await fiftOf('WorkerRegistry', registryCode),
        },
        {
            name: 'PoolPayout',
            coverage: withoutSeparators(
                coverageOf(system.blockchain, poolCode, system.pool.address)
                    .mergeWith(coverageOf(big, poolCode, bigPool))
                    .mergeWith(coverageOf(attributed.chain, poolCode, attributed.pool))
                    .mergeWith(coverageOf(empty.chain, poolCode, empty.pool)),
            ),
            fift: await fiftOf('PoolPayout', poolCode),
        },
        {
            name: 'EarningsAddress',
            coverage: coverageOf(earnings.chain, earningsCode, earnings.address),
            fift: await fiftOf('EarningsAddress', earningsCode),
        },
    ];
    progress('traced');
    const notes = JSON.parse(readFileSync(NOTES_FILE, 'utf8')) as Note[];
    const rendered = render(results, notes);
    mkdirSync(dir, { recursive: true });
    for (const r of results) {
        writeFileSync(join(dir, `${r.name}.json`), r.coverage.toJson());
        writeFileSync(join(dir, `${r.name}.txt`), r.coverage.report('text'));
        writeFileSync(join(dir, `${r.name}.html`), r.coverage.report('html'));
        const s = summary(r.coverage);
        console.log(`${r.name.padEnd(15)} ${s.covered}/${s.total} instructions (${s.percent})`);
    }
    report(rendered, 'wrote audits/COVERAGE.md and coverage/tvm/');
}

if (require.main === module)
    main().catch((e: Error) => {
        console.error(`coverage: ${e.message.slice(0, 2000)}`);
        process.exitCode = 2;
    });
