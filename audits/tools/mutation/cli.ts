/**
 * npm run mutate [-- options]: mutation testing of the contracts' FunC.
 *
 *   (no options)          the full run: every mutant; writes reports/mutation.json and the results
 *                         section of audits/MUTATION.md
 *   --sample N --seed S   a fixed-seed sample of N mutants per contract (those reviewed as equivalent left out);
 *                         writes reports/mutation-sample.json and exits 1 when a contract's kill rate
 *                         is below the target (CI runs this)
 *   --workers W           worker processes (default 2, one per core)
 *   --timeout SEC         time limit of one mutant's test run (default 900)
 *   --file SUBSTR         only files whose path contains SUBSTR (repeatable)
 *   --resume              with --file: run only the mutants its files' records do not hold (a stopped
 *                         run, or a file of which a few lines changed); the recorded results of
 *                         unchanged mutants are carried over, marked with the run that judged them
 *   --only SUBSTR         only mutants whose id contains SUBSTR (repeatable)
 *   --spec PATH           judge with this spec only (repeatable; reviewing a survivor against a new test)
 *   --list                print the mutants and exit
 *   --record REPORT       record a finished --file run's report (checked complete) and re-render
 *   --render              re-render audits/MUTATION.md's file-run section (after notes change)
 * A run narrowed by --file, --only or --spec writes reports/mutation-partial.json and leaves the
 * whole-run section of audits/MUTATION.md alone. A run narrowed by --file alone is a full run of
 * those files: it is also recorded in reports/mutation-files.json (files.ts) and the file-run
 * section of audits/MUTATION.md.
 * The report of a run that is not a sample (and, for a --file run, the files report and its
 * section) is rewritten after every mutant, marked `complete: false` until the end: a run stopped early keeps what it finished and
 * audits/MUTATION.md shows its files as partial, with counts. `--record` takes such a report too.
 */
import { execSync } from 'child_process';
import { createHash } from 'crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'fs';
import { join } from 'path';
import { compileWith } from './compile';
import {
    carriedResults,
    FILES_REPORT,
    loadFilesReport,
    mutantKey,
    recordFileRun,
    renderFileRuns,
    saveFilesReport,
    spliceFileRuns,
} from './files';
import { ContractTarget, discoverContracts, generateMutants, Mutant, sampleMutants } from './generator';
import { oracleSpecs, specsByContract } from './oracle';
import { buildReport, count, loadNotes, MutationReport, noteFor, renderResults, spliceResults } from './report';
import { MutantResult, runMutants } from './runner';
import { CACHE_DIR } from './worker';

export const TARGET_KILL_RATE = 0.9;
/** The CI sample: mutants per contract and seed (sized for ~8 minutes on the 2-core CI machine, see audits/MUTATION.md). */
export const CI_SAMPLE = { perContract: 4, seed: 20261202 };

interface Args {
    sample?: number;
    seed: number;
    workers: number;
    timeoutSec: number;
    files: string[];
    only: string[];
    specs: string[];
    list: boolean;
    record?: string;
    render: boolean;
    resume: boolean;
}

function parseArgs(argv: string[]): Args {
    const a: Args = {
        seed: CI_SAMPLE.seed,
        workers: 2,
        timeoutSec: 900,
        files: [],
        only: [],
        specs: [],
        list: false,
        render: false,
        resume: false,
    };
    for (let i = 0; i < argv.length; i++) {
        const v = () => {
            const x = argv[++i];
            if (x === undefined) throw new Error(`${argv[i - 1]} needs a value`);
            return x;
        };
        const int = (s: string) => {
            const n = Number(s);
            if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`not a positive integer: ${s}`);
            return n;
        };
        switch (argv[i]) {
            case '--sample':
                a.sample = int(v());
                break;
            case '--ci':
                a.sample = CI_SAMPLE.perContract;
                a.seed = CI_SAMPLE.seed;
                break;
            case '--seed':
                a.seed = int(v());
                break;
            case '--workers':
                a.workers = int(v());
                break;
            case '--timeout':
                a.timeoutSec = int(v());
                break;
            case '--file':
                a.files.push(v());
                break;
            case '--only':
                a.only.push(v());
                break;
            case '--spec':
                a.specs.push(v());
                break;
            case '--list':
                a.list = true;
                break;
            case '--record':
                a.record = v();
                break;
            case '--render':
                a.render = true;
                break;
            case '--resume':
                a.resume = true;
                break;
            default:
                throw new Error(`unknown option ${argv[i]} (see audits/tools/mutation/cli.ts)`);
        }
    }
    return a;
}

/** sha256 over every file the outcome depends on: contracts, tests, wrappers, toolkit, harness, this tool, the notes. */
export function inputsHash(root: string): string {
    const h = createHash('sha256');
    const walk = (d: string) => {
        if (!existsSync(join(root, d))) return;
        for (const f of readdirSync(join(root, d)).sort()) {
            const p = join(d, f);
            if (statSync(join(root, p)).isDirectory()) walk(p);
            else if (/\.(fc|ts|tlb|json)$/.test(f))
                h.update(p)
                    .update('\0')
                    .update(readFileSync(join(root, p)))
                    .update('\0');
        }
    };
    for (const d of ['contracts', 'tests', 'wrappers', 'toolkit', 'harness', 'audits/tools/mutation']) walk(d);
    const notes = join(root, 'audits/mutation-notes.json');
    if (existsSync(notes)) h.update(readFileSync(notes));
    return h.digest('hex');
}

function commit(root: string): string {
    try {
        const head = execSync('git rev-parse --short HEAD', { cwd: root }).toString().trim();
        const dirty = execSync('git status --porcelain -- contracts tests', { cwd: root }).toString().trim() !== '';
        return dirty ? `${head}+local changes` : head;
    } catch {
        return 'unknown';
    }
}

/**
 * Records a --file run in reports/mutation-files.json and re-renders the file-run section: only a
 * run narrowed by --file alone whose mutants are exactly those generated now for its files.
 */
function recordFiles(root: string, contracts: ContractTarget[], all: Mutant[], report: MutationReport, quiet = false) {
    const n = report.narrowing;
    if (report.kind !== 'full' || !n || n.files.length === 0 || n.only.length > 0 || n.specs.length > 0) {
        throw new Error('only a run narrowed by --file alone (no --only, --spec or sample) is a full run of its files');
    }
    const expected = all.filter((m) => n.files.some((f) => m.file.includes(f)));
    const ids = new Set(expected.map((m) => m.id));
    const key = (ms: { id: string }[]) =>
        ms
            .map((m) => m.id)
            .sort()
            .join('\n');
    if (
        report.complete === false ? !report.mutants.every((m) => ids.has(m.id)) : key(expected) !== key(report.mutants)
    ) {
        throw new Error(
            `the report does not hold ${report.complete === false ? 'only' : 'exactly'} the mutants generated now for its files (sources changed since?)`,
        );
    }
    const files = [...new Set(expected.map((m) => m.file))].sort();
    const resumed = report.mutants.some((m) => m.carried) ? ' --resume' : '';
    const command = `npm run mutate -- ${n.files.map((f) => `--file ${f}`).join(' ')} --workers ${report.workers}${report.timeoutMs !== 900_000 ? ` --timeout ${report.timeoutMs / 1000}` : ''}${resumed}`;
    saveFilesReport(root, recordFileRun(loadFilesReport(root), report, files, command));
    renderFiles(root, contracts, all, quiet);
    if (!quiet) console.log(`${FILES_REPORT} written (${files.length} files)`);
}

function renderFiles(root: string, contracts: ContractTarget[], all: Mutant[], quiet = false) {
    const md = join(root, 'audits/MUTATION.md');
    writeAtomic(
        md,
        spliceFileRuns(
            readFileSync(md, 'utf8'),
            renderFileRuns(loadFilesReport(root), contracts, all, loadNotes(root)),
        ),
    );
    if (!quiet) console.log(`audits/MUTATION.md (full runs, file by file) rendered from ${FILES_REPORT}`);
}

/** Write through a temporary file and a rename: a run killed mid-write leaves the previous file whole. */
export function writeAtomic(path: string, text: string) {
    writeFileSync(`${path}.tmp`, text);
    renameSync(`${path}.tmp`, path);
}

async function main() {
    const root = join(__dirname, '../../..');
    const args = parseArgs(process.argv.slice(2));
    const contracts = discoverContracts(root);
    const notes = loadNotes(root);
    const all = generateMutants(root, contracts);
    if (args.record !== undefined)
        return recordFiles(
            root,
            contracts,
            all,
            JSON.parse(readFileSync(join(root, args.record), 'utf8')) as MutationReport,
        );
    if (args.render) return renderFiles(root, contracts, all);
    let mutants = all
        .filter((m) => args.files.length === 0 || args.files.some((f) => m.file.includes(f)))
        .filter((m) => args.only.length === 0 || args.only.some((o) => m.id.includes(o)));
    const partial = args.files.length + args.only.length + args.specs.length > 0;
    if (args.sample !== undefined) {
        const n = args.sample;
        const open = mutants.filter((m) => noteFor(notes, m)?.verdict !== 'equivalent');
        mutants = contracts.flatMap((c) =>
            sampleMutants(
                open.filter((m) => m.file.startsWith(c.dir + '/')),
                n,
                args.seed,
            ),
        );
    }
    const sampled = args.sample !== undefined;
    const fileRun = !sampled && args.files.length > 0 && args.only.length === 0 && args.specs.length === 0;
    if (args.resume && !fileRun) throw new Error('--resume goes with --file alone (no --only, --spec or sample)');
    const carried = args.resume
        ? carriedResults(loadFilesReport(root), [...new Set(mutants.map((m) => m.file))], mutants)
        : [];
    const done = new Set(carried.map(mutantKey));
    mutants = mutants.filter((m) => !done.has(mutantKey(m)));
    if (args.list) {
        for (const m of mutants) console.log(`${m.id}\n  - ${m.before}\n  + ${m.after}`);
        console.log(
            `${mutants.length} mutants${carried.length > 0 ? ` (${carried.length} more carried from their records)` : ''}`,
        );
        return;
    }

    // the original builds, and which contract reads which file
    mkdirSync(CACHE_DIR, { recursive: true });
    const originals: Record<string, { boc: string; hash: string }> = {};
    const includedBy = new Map<string, ContractTarget[]>();
    for (const c of contracts) {
        const r = await compileWith(root, c);
        if (!r.ok) throw new Error(`${c.name} does not compile: ${r.error}`);
        const boc = join(CACHE_DIR, `original-${c.name}-${r.code.hash().toString('hex')}.boc`);
        writeFileSync(boc, r.code.toBoc());
        originals[c.name] = { boc, hash: r.code.hash().toString('hex') };
        for (const f of r.files) includedBy.set(f, [...(includedBy.get(f) ?? []), c]);
    }
    const byContract = specsByContract(
        root,
        contracts.map((c) => c.name),
    );
    // spec durations and kills of earlier runs order the specs (the full run's, then the last sample's)
    const prior: Pick<MutationReport, 'specDurations' | 'specKills'> = { specDurations: {}, specKills: {} };
    for (const f of ['reports/mutation-sample.json', 'reports/mutation.json']) {
        if (!existsSync(join(root, f))) continue;
        const r = JSON.parse(readFileSync(join(root, f), 'utf8')) as MutationReport;
        Object.assign(prior.specDurations, r.specDurations);
        Object.assign(prior.specKills, r.specKills);
    }

    mkdirSync(join(root, 'reports'), { recursive: true });
    const out = join(
        root,
        partial ? 'reports/mutation-partial.json' : sampled ? 'reports/mutation-sample.json' : 'reports/mutation.json',
    );
    const durations = { ...prior.specDurations };
    const inputs = inputsHash(root); // before the run: what the results were made from
    const madeFrom = commit(root);
    const t0 = Date.now();
    const reportOf = (results: MutantResult[], complete: boolean) => {
        const specKills: Record<string, number> = {};
        for (const r of results) if (r.killer) specKills[r.killer.spec] = (specKills[r.killer.spec] ?? 0) + 1;
        return buildReport(results, {
            kind: sampled ? 'sample' : 'full',
            commit: madeFrom,
            inputsHash: inputs,
            date: new Date().toISOString(),
            narrowing: partial ? { files: args.files, only: args.only, specs: args.specs } : undefined,
            seed: sampled ? args.seed : undefined,
            sampleSize: sampled ? args.sample : undefined,
            complete,
            planned: carried.length + mutants.length,
            target: TARGET_KILL_RATE,
            workers: args.workers,
            timeoutMs: args.timeoutSec * 1000,
            elapsedMs: Date.now() - t0,
            specDurations: durations,
            specKills,
        });
    };
    // after every mutant: the report so far (and a --file run's files report and section)
    const finished: MutantResult[] = [];
    const checkpoint = (results: MutantResult[], complete: boolean) => {
        const report = reportOf([...carried, ...results], complete);
        writeAtomic(out, JSON.stringify(report, null, 2) + '\n');
        if (fileRun) recordFiles(root, contracts, all, report, !complete);
        return report;
    };
    console.log(
        `${mutants.length} mutants of ${contracts.map((c) => c.name).join(', ')}${carried.length > 0 ? ` (${carried.length} more carried from their records)` : ''}; ${args.workers} workers, ${args.timeoutSec} s per mutant`,
    );
    const results = await runMutants(mutants, {
        root,
        workers: args.workers,
        timeoutMs: args.timeoutSec * 1000,
        originals,
        includedBy,
        specsFor: (cs) => oracleSpecs(byContract, cs).filter((s) => args.specs.length === 0 || args.specs.includes(s)),
        specContracts: (s) => byContract.get(s) ?? [],
        durations,
        kills: { ...prior.specKills },
        onResult: (r, done, total) => {
            const where = r.killer
                ? ` by ${r.killer.spec} "${r.killer.test}"`
                : r.detail
                  ? ` (${r.detail.slice(0, 100)})`
                  : '';
            console.log(
                `[${done}/${total}] ${r.status.padEnd(10)} ${r.id}${where}${r.ms !== undefined ? ` ${(r.ms / 1000).toFixed(1)} s` : ''}`,
            );
            finished.push(r);
            if (!sampled) checkpoint(finished, false); // a sample is written once, whole (BLD-530 reads only a whole one)
        },
    });
    const report = checkpoint(results, true);
    if (!sampled && !partial) {
        const md = join(root, 'audits/MUTATION.md');
        writeAtomic(md, spliceResults(readFileSync(md, 'utf8'), renderResults(report, notes)));
    }
    for (const [c, k] of Object.entries(report.perContract)) {
        console.log(
            `${c}: killed ${k.killed}, survived ${k.survived}, timed out ${k.timeout}, equivalent ${k.equivalent}, dropped ${k.dropped}, duplicate ${k.duplicate} -> ${k.killRate === null ? '—' : (100 * k.killRate).toFixed(1) + '%'}`,
        );
    }
    console.log(`${out} written; ${((Date.now() - t0) / 60000).toFixed(1)} min`);
    const t = count(results);
    if (t.error > 0) {
        console.error(
            `${t.error} mutants could not be judged (a worker error, or a spec that does not run even on the original code)`,
        );
        process.exitCode = 1;
    }
    const low = Object.entries(report.perContract).filter(
        ([, k]) => k.killRate !== null && k.killRate < TARGET_KILL_RATE,
    );
    if (sampled && !partial && low.length > 0) {
        console.error(`kill rate below ${100 * TARGET_KILL_RATE}%: ${low.map(([c]) => c).join(', ')}`);
        process.exitCode = 1;
    }
}

if (require.main === module) {
    main().catch((e) => {
        console.error(e instanceof Error ? e.message : e);
        process.exit(1);
    });
}
