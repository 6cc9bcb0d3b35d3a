/**
 * `npm run coverage`: TVM-instruction coverage of WorkerRegistry and PoolPayout, driven by
 * representative scenarios: (1) the wired system through every handler's success path and every
 * role's rejections, with getters; (2) a 260-worker batch that continues through self-messages and
 * stops on exhausted money and on the period cap; (3) random and malformed messages from the
 * audit fuzzer. Writes audits/COVERAGE.md (summary, and every uncovered instruction range with the
 * reason it is not reached from audits/coverage-notes.json) and per-contract JSON/text/HTML
 * reports under coverage/tvm/ (git-ignored). `--render-only` re-renders COVERAGE.md from that JSON.
 */
import { compile } from '@ton/blueprint';
import { Address, Cell, toNano } from '@ton/core';
import { Blockchain, collectAsmCoverage, Coverage, mergeCoverages } from '@ton/sandbox';
import { mkdirSync, readFileSync, writeFileSync } from 'fs';
import { join, resolve } from 'path';
import { RegistryOp } from '../../wrappers/RegistryConstants';
import { setupPool } from '../../tests/helpers/pool-fixture';
import { runFuzz } from '../../tests/audit/support/fuzz-runner';
import { FuzzWorld, randomMessage } from '../../tests/audit/support/random-message';
import { setupSystem, System, SYSTEM_MIN_STAKE } from '../../tests/audit/support/system';
import { Model, Op, step } from '../../tests/audit/support/system-ops';
import { contractTemplates } from '../../tests/audit/support/tlb-templates';
import { SharedOp } from '../../wrappers/shared';
import { PoolOp } from '../../wrappers/PoolConstants';
import { FeeSchedule } from '../../toolkit/chain/fees';

const ROOT = resolve(__dirname, '..', '..');
const NOTES_FILE = join(ROOT, 'audits', 'coverage-notes.json');
const FUZZ_MESSAGES = Number(process.env.COVERAGE_FUZZ ?? 300);
/** Workers of the batch scenario: more payable entries than one transaction's PAYOUTS_PER_TX (253). */
const BIG = 260;
/** Characters of VM log traced at once. */
const LOG_CHUNK = 64 * 1024 * 1024;

type Contract = 'WorkerRegistry' | 'PoolPayout';

/** Why an uncovered range cannot be reached: matched against its instructions. */
interface Note {
    contract: Contract;
    /** The range's instructions exactly as COVERAGE.md shows them, joined with '; '. */
    match: string;
    /** When `match` is too common to name one place: the three asm lines just before the range, joined with '; '. */
    before?: string;
    why: string;
}

/** What a chain with coverage enabled has recorded (protected in @ton/sandbox 0.41). */
interface Recorded {
    coverageTransactions: { address: bigint; vmLogs: string }[][];
    coverageGetMethodResults: { vmLogs: string }[];
}

/**
 * Coverage of `code` at `address` from everything the chain recorded. The sandbox's own
 * coverageForCell recompiles the code once per transaction (minutes for a few thousand); here the
 * logs of all the account's transactions and get-method runs are traced in one pass.
 */
function coverageOf(chain: Blockchain, code: Cell, address: Address): Coverage {
    const rec = chain as unknown as Recorded;
    const account = BigInt('0x' + address.hash.toString('hex'));
    const logs = [
        ...rec.coverageTransactions.flat().filter((t) => t.address === account).map((t) => t.vmLogs),
        ...rec.coverageGetMethodResults.map((g) => g.vmLogs),
    ].filter((l) => l.length > 0);
    // Verbose logs run to hundreds of megabytes: trace them in chunks below V8's string limit.
    const chunks: string[][] = [[]];
    let size = 0;
    for (const l of logs) {
        if (size + l.length > LOG_CHUNK && chunks[chunks.length - 1].length > 0) {
            chunks.push([]);
            size = 0;
        }
        chunks[chunks.length - 1].push(l);
        size += l.length + 1;
    }
    return new Coverage(mergeCoverages(...chunks.map((c) => collectAsmCoverage(code, c.join('\n')))));
}

/** Scenario 1: every handler of both contracts, every role's rejection, every getter. */
async function systemScenario(s: System): Promise<void> {
    const model = new Model(s.pool.address, () => new FeeSchedule(s.blockchain.config), (await s.pool.getParams()).commissionBps);
    const ops: Op[] = [
        ...[0, 1, 2, 3].flatMap((i): Op[] => [{ t: 'register', m: i }, { t: 'approve', w: i }]),
        { t: 'register', m: 0 },
        { t: 'register', m: 0 },
        { t: 'approve', w: 4 },
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
        { t: 'exit', w: 4, by: 0 },
        { t: 'withdraw', w: 3, by: 3 },
        { t: 'time', hours: 30 },
        { t: 'withdraw', w: 3, by: 3 },
        { t: 'withdraw', w: 4, by: 0 },
        ...(['batch', 'withdraw', 'setParams', 'sync'] as const).flatMap((kind): Op[] => [-1, 0].map((from) => ({ t: 'hostile', kind, from }))),
    ];
    for (const op of ops) await step(s, model, op);
    const req = (op: number) => s.registry.getRequiredValue(op);
    const owner = s.owner.getSender();
    await s.registry.sendSetWeight(s.operator.getSender(), { value: await req(RegistryOp.setWeight), workerIndex: 0, weight: 10 });
    // Worker 5 is still pending: the operator rejects it (its stake goes back with worker_rejected).
    await s.registry.sendRejectWorker(s.operator.getSender(), { value: await req(RegistryOp.rejectWorker), workerIndex: 5 });
    await s.registry.sendResyncWorker(s.operator.getSender(), { value: await req(RegistryOp.resyncWorker), workerIndex: 0 });
    await s.registry.sendSlashStake(owner, { value: await req(RegistryOp.slashStake), workerIndex: 0, amount: SYSTEM_MIN_STAKE / 5n });
    await s.registry.sendSetPaused(owner, { value: await req(RegistryOp.setPaused), paused: true });
    await s.registry.sendSetPaused(owner, { value: await req(RegistryOp.setPaused), paused: false });
    await s.registry.sendSetOperator(owner, { value: await req(RegistryOp.setOperator), operator: s.operator.address });
    const params = await s.registry.getParams();
    await s.registry.sendSetParams(owner, { value: await req(RegistryOp.setParams), params: { ...params, cooldown: params.cooldown + 1 } });
    await s.registry.sendTopUp(owner, { value: toNano('0.5') });
    // A pool that is gone: the worker_sync and slashed_stake to it bounce and are counted.
    const gone = { ...params, pool: new Address(0, Buffer.alloc(32, 0xee)) };
    await s.registry.sendSetParams(owner, { value: await req(RegistryOp.setParams), params: gone });
    await s.registry.sendSlashStake(owner, { value: await req(RegistryOp.slashStake), workerIndex: 1, amount: SYSTEM_MIN_STAKE / 5n });
    await s.registry.sendSetParams(owner, { value: await req(RegistryOp.setParams), params });
    await s.registry.sendTransferOwnership(owner, { value: await req(RegistryOp.transferOwnership), newOwner: s.stranger.address });
    await s.registry.sendAcceptOwnership(s.stranger.getSender(), { value: await req(RegistryOp.acceptOwnership) });
    await s.pool.sendTopUpReserve(owner, { value: toNano('1') });
    await s.pool.sendSetParams(owner, { value: toNano('0.05'), commissionBps: 800, minPayout: 1n, periodCap: toNano('1000000'), periodLength: 3600 });
    await s.pool.sendSetOperator(owner, { value: toNano('0.05'), operator: s.operator.address });
    await s.pool.sendTransferOwnership(owner, { value: toNano('0.05'), newOwner: s.stranger.address });
    await s.pool.getParams();
    await s.pool.sendClaimOwnership(s.stranger.getSender(), { value: toNano('0.05') });
    await s.pool.sendUpgradeCode(s.stranger.getSender(), { value: toNano('0.05'), code: await compile('PoolPayout') });
    for (let i = 0; i < 6; i++) {
        await s.registry.getWorker(i);
        await s.pool.getWorker(i);
    }
    await s.registry.getMemberWorkers(s.members[0].address);
    await s.registry.getMemberWorkers(s.cocoon.address);
    await s.pool.getWorker(1000);
    // Getter failures: an op get_required_value does not know (300) and a get-method neither contract has (11).
    await s.registry.getRequiredValue(RegistryOp.stakeWithdrawn).catch(() => undefined);
    for (const a of [s.registry.address, s.pool.address]) await s.blockchain.runGetMethod(a, 'no_such_method').catch(() => undefined);
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
        senders: [s.owner, s.operator, s.stranger, s.cocoon, ...s.members].map((t) => t.address).concat([s.registry.address]),
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

/** Scenario 2: a batch larger than one transaction, and the two ways a batch stops early. */
async function bigBatchScenario(): Promise<{ chain: Blockchain; pool: Address }> {
    const f = await setupPool({ workers: BIG, recipients: 8, revenue: toNano('400') });
    f.blockchain.enableCoverage();
    const pool = f.pool;
    const entries = (each: bigint) => Array.from({ length: BIG }, (_, i) => ({ workerIndex: i, cumulative: each }));
    await pool.sendPayoutBatch(f.operator.getSender(), { value: await pool.getBatchValue(BIG), queryId: 1n, entries: entries(toNano('0.5')) });
    // More than the worker money held: stops at the first entry it cannot fund.
    await pool.sendPayoutBatch(f.operator.getSender(), { value: await pool.getBatchValue(3), queryId: 2n, entries: entries(toNano('300')).slice(0, 3) });
    await pool.sendSetParams(f.owner.getSender(), { value: toNano('0.05'), commissionBps: 1000, minPayout: toNano('0.01'), periodCap: toNano('1'), periodLength: 3600 });
    // Past the period cap, then not increased, below the minimum (worker 200: 0.005 TON more than it
    // was paid, under the 0.01 minimum) and unknown.
    await pool.sendPayoutBatch(f.operator.getSender(), { value: await pool.getBatchValue(10), queryId: 3n, entries: entries(toNano('0.6')).slice(0, 10) });
    const rest = [
        { workerIndex: 0, cumulative: toNano('0.505') },
        { workerIndex: 1, cumulative: 1n },
        { workerIndex: 200, cumulative: toNano('0.505') },
        { workerIndex: 9999, cumulative: 1n },
    ];
    await pool.sendPayoutBatch(f.operator.getSender(), { value: await pool.getBatchValue(rest.length), queryId: 4n, entries: rest });
    return { chain: f.blockchain, pool: pool.address };
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
            for (let k = last.to + 1; k <= i; k++) if (c.data.lines[k].info.$ === 'Uncovered') last.lines.push(c.data.lines[k].line.trim());
            last.to = i;
        } else out.push({ from: i, to: i, lines: [l.line.trim()], before: c.data.lines.slice(Math.max(0, i - 3), i).map((b) => b.line.trim()).join('; ') });
    });
    return out;
}

function render(results: { name: Contract; coverage: Coverage }[], notes: Note[]): { md: string; unexplained: number } {
    const out = ['<!-- Generated by `npm run coverage`; reasons come from audits/coverage-notes.json. Do not edit by hand. -->', '', '# TVM instruction coverage', ''];
    out.push(
        'Coverage of the compiled code of both contracts, instruction by instruction (the TVM assembly the',
        'sandbox executes), from three scenarios: every handler and getter of the wired system with every',
        "role's rejections; a 260-worker batch continuing through self-messages and stopping on exhausted",
        `money and on the period cap; ${FUZZ_MESSAGES} random and malformed messages per contract from the audit fuzzer.`,
        '',
        '| contract | instructions | covered | uncovered | coverage |',
        '|---|---:|---:|---:|---:|',
    );
    let unexplained = 0;
    for (const r of results) {
        const s = r.coverage.summary();
        out.push(`| ${r.name} | ${s.totalLines} | ${s.coveredLines} | ${s.uncoveredLines} | ${s.coveragePercentage.toFixed(2)}% |`);
    }
    for (const r of results) {
        const ranges = uncoveredRanges(r.coverage);
        out.push('', `## ${r.name}: ${ranges.length} uncovered range(s)`, '');
        if (ranges.length === 0) continue;
        out.push('| asm lines | instructions | why it is not reached |', '|---|---|---|');
        for (const g of ranges) {
            const text = g.lines.join('; ');
            const note = notes.find((n) => n.contract === r.name && text === n.match && (n.before === undefined || n.before === g.before));
            if (!note) unexplained++;
            const shown = text.length > 160 ? text.slice(0, 157) + '...' : text;
            out.push(`| ${g.from + 1}-${g.to + 1} | \`${shown.replace(/\|/g, '\\|')}\` | ${note ? note.why : '**unexplained**'} |`);
        }
    }
    out.push(
        '',
        'Reasons are matched by the range\'s instructions (and, where those are too common, the three asm',
        'lines before it), never by asm line numbers, which shift with every code change. Mapping ranges',
        'to FunC lines was tried: func-js 0.11 compiles with `debugInfo` through the debugger build of',
        'FunC 0.4.6, whose marks locate about one instruction in five of WorkerRegistry in its FunC file,',
        'line and function, but that build crashes on PoolPayout ("memory access out of bounds"), so the',
        'table stays in asm for both. Per-instruction reports (text and HTML): `npm run coverage`, then coverage/tvm/.',
    );
    return { md: out.join('\n') + '\n', unexplained };
}

/** `--render-only`: re-render COVERAGE.md from coverage/tvm/*.json (after editing the notes) without re-running. */
async function renderOnly(dir: string): Promise<{ name: Contract; coverage: Coverage }[]> {
    return (['WorkerRegistry', 'PoolPayout'] as const).map((name) => ({ name, coverage: Coverage.fromJson(readFileSync(join(dir, `${name}.json`), 'utf8')) }));
}

async function main() {
    process.chdir(ROOT);
    const dir = join(ROOT, 'coverage', 'tvm');
    if (process.argv.includes('--render-only')) {
        const { md, unexplained } = render(await renderOnly(dir), JSON.parse(readFileSync(NOTES_FILE, 'utf8')) as Note[]);
        writeFileSync(join(ROOT, 'audits', 'COVERAGE.md'), md);
        console.log(`re-rendered audits/COVERAGE.md; ${unexplained} uncovered range(s) without a reason`);
        return;
    }
    const registryCode = await compile('WorkerRegistry');
    const poolCode = await compile('PoolPayout');
    const t0 = Date.now();
    const progress = (what: string) => console.error(`coverage: ${what} (${Math.round((Date.now() - t0) / 1000)} s)`);
    const system = await setupSystem('sandbox');
    system.blockchain.enableCoverage();
    await systemScenario(system);
    progress('system scenario done');
    await fuzzScenario(system);
    progress('fuzz scenario done');
    const { chain: big, pool: bigPool } = await bigBatchScenario();
    progress('batch scenario done');
    const results: { name: Contract; coverage: Coverage }[] = [
        { name: 'WorkerRegistry', coverage: coverageOf(system.blockchain, registryCode, system.registry.address) },
        { name: 'PoolPayout', coverage: coverageOf(system.blockchain, poolCode, system.pool.address).mergeWith(coverageOf(big, poolCode, bigPool)) },
    ];
    const notes = JSON.parse(readFileSync(NOTES_FILE, 'utf8')) as Note[];
    const { md, unexplained } = render(results, notes);
    writeFileSync(join(ROOT, 'audits', 'COVERAGE.md'), md);
    mkdirSync(dir, { recursive: true });
    for (const r of results) {
        writeFileSync(join(dir, `${r.name}.json`), r.coverage.toJson());
        writeFileSync(join(dir, `${r.name}.txt`), r.coverage.report('text'));
        writeFileSync(join(dir, `${r.name}.html`), r.coverage.report('html'));
        const s = r.coverage.summary();
        console.log(`${r.name.padEnd(15)} ${s.coveredLines}/${s.totalLines} instructions (${s.coveragePercentage.toFixed(2)}%)`);
    }
    console.log(`wrote audits/COVERAGE.md and coverage/tvm/; ${unexplained} uncovered range(s) without a reason`);
    if (unexplained > 0) process.exitCode = 1;
}

main().catch((e: Error) => {
    console.error(`coverage: ${e.message.slice(0, 2000)}`);
    process.exitCode = 2;
});
