/**
 * One way to write and run every operations script. A script is a spec (cli/spec.ts: its name under
 * scripts/, its role, its arguments) and a main that receives the parsed, typed input:
 *
 *     export const approveWorkers = defineScript({ name: 'operator/approveWorkers', ... }, async (p, input, ctx) => ...);
 *     // scripts/operator/approveWorkers.ts:  export const { run } = approveWorkers;
 *
 * Under `npx blueprint run`, defining the script checks its words at once, while blueprint is still
 * importing the file and before it asks for a network or a wallet: bad input, a missing value when
 * nothing can ask (no terminal, `yes`, `json`), a missing `yes` with no terminal to confirm, and
 * blueprint's own foreseeable stops (no network, no wallet, no or a bad mnemonic) end the run with one
 * line and exit code 2. `run(provider, argv)` then does the same checks again (the tests call it
 * directly), asks for what is missing when it can, runs the main and turns any failure into one line and
 * its exit code (cli/exit-codes.ts).
 */
import { Address } from '@ton/core';
import { BadInput, exitCodeOf, oneLine } from '../errors';
import { OpsProvider } from '../provider';
import { readBlueprintArgv, underBlueprintCli } from './blueprint-argv';
import { ExitCode } from './exit-codes';
import { reserveStdoutForResult, stop, terminal, writeResult } from './guard';
import { Args, InputOf, parseGiven } from './spec';
import { parseWords, Words } from './words';

export interface ScriptSpec<A extends Args> {
    /** The path under scripts/ without .ts: what `npx blueprint run` takes. */
    name: string;
    /** Whose wallet runs it. */
    role: 'owner' | 'operator' | 'member' | 'new owner' | 'any wallet';
    about: string;
    /** The words of a typical run, after `--testnet --mnemonic` (or the `wallet` flag). */
    example: string;
    /** Blueprint's wallet flag in the usage line: `--mnemonic` unless the script needs no wallet (`--deeplink`). */
    wallet?: '--mnemonic' | '--deeplink';
    args: A;
    /** Whether it sends messages (then it takes `yes` and `check`). */
    sends: boolean;
    /** Checks across arguments, offline. */
    validate?: (input: InputOf<A>) => void;
}

export interface RunContext {
    /** `yes`: send without asking. */
    readonly yes: boolean;
    /** `check`: validate, read the chain and print what would be sent; send nothing. */
    readonly check: boolean;
    /** `json`: one JSON result on stdout. */
    readonly json: boolean;
    /** A terminal can answer questions (and `yes`, `json` were not given). */
    readonly interactive: boolean;
    /** `deployment=FILE`, when given. */
    readonly deployment: string | undefined;
    /** The script's fields of the JSON result. */
    readonly result: Record<string, unknown>;
}

export type ScriptMain<A extends Args> = (p: OpsProvider, input: InputOf<A>, ctx: RunContext) => Promise<void>;

export interface Script<A extends Args = Args> {
    spec: ScriptSpec<A>;
    run(provider: OpsProvider, argv: string[]): Promise<void>;
}

const DEPLOYMENT_KEY = 'deployment';

function flagsOf(spec: ScriptSpec<Args>): string[] {
    return spec.sends ? ['yes', 'check', 'json', 'help'] : ['json', 'help'];
}

function wordsOf(spec: ScriptSpec<Args>, argv: readonly string[]): Words {
    return parseWords(argv, [...Object.keys(spec.args), DEPLOYMENT_KEY], flagsOf(spec));
}

export function defineScript<A extends Args>(spec: ScriptSpec<A>, main: ScriptMain<A>): Script<A> {
    guardScript(spec as ScriptSpec<Args>);
    return { spec, run: (p, argv) => runScript(p, spec, main, argv) };
}

function missingLine(spec: ScriptSpec<Args>, missing: string[], why: string): string {
    return `missing ${missing.map((k) => `${k}=${spec.args[k].kind.shape}`).join(' ')}; ${why} (\`help\` explains each); nothing was sent`;
}

/** Why nothing is asked in this run, or undefined when a terminal can answer. */
function noAsking(words: Words, tty: boolean): string | undefined {
    if (words.flags.has('json')) return '`json` never asks';
    if (words.flags.has('yes')) return '`yes` never asks';
    return tty ? undefined : 'no terminal to ask';
}

/** The offline checks, shared by the import-time guard and run(). */
function checkOffline(spec: ScriptSpec<Args>, words: Words, tty: boolean) {
    const { input, missing } = parseGiven(spec.args, words.values);
    const why = noAsking(words, tty);
    if (missing.length > 0 && why !== undefined) throw new BadInput(missingLine(spec, missing, why));
    if (missing.length === 0) spec.validate?.(input as InputOf<Args>);
    if (spec.sends && !tty && !words.flags.has('yes') && !words.flags.has('check')) {
        throw new BadInput(
            'no terminal to confirm the send: add yes to send, or check to only validate and print what would be sent; nothing was sent',
        );
    }
    return { input, missing };
}

async function runScript<A extends Args>(
    p: OpsProvider,
    spec: ScriptSpec<A>,
    main: ScriptMain<A>,
    argv: string[],
): Promise<void> {
    const s = spec as ScriptSpec<Args>;
    let json = argv.includes('json');
    // what the script found before it failed (reconcile's differences, a batch's partial result) goes into the json too
    const result: Record<string, unknown> = {};
    try {
        const words = wordsOf(s, argv);
        json = words.flags.has('json');
        if (words.flags.has('help')) {
            p.ui().write(helpText(s));
            return;
        }
        const tty = p.interactive ?? terminal();
        const { input, missing } = checkOffline(s, words, tty);
        for (const key of missing) {
            const arg = s.args[key];
            (input as Record<string, unknown>)[key] = arg.kind.parse(
                (await p.ui().input(`${arg.question} (${key})`)).trim(),
                key,
            );
        }
        if (missing.length > 0) s.validate?.(input as InputOf<Args>);
        const ctx: RunContext = {
            yes: words.flags.has('yes'),
            check: words.flags.has('check'),
            json,
            interactive: noAsking(words, tty) === undefined,
            deployment: words.values.get(DEPLOYMENT_KEY),
            result,
        };
        await main(p, input as InputOf<A>, ctx);
        if (json) emit(p, { ok: true, exitCode: 0, script: s.name, network: p.network(), ...ctx.result });
    } catch (e) {
        const code = exitCodeOf(e);
        const line = oneLine(e);
        p.ui().write(`error: ${line}`);
        if (json) emit(p, { ok: false, exitCode: code, script: s.name, error: line, ...result });
        process.exit(code);
    }
}

function emit(p: OpsProvider, result: Record<string, unknown>): void {
    const text =
        JSON.stringify(result, (_k, v) =>
            typeof v === 'bigint' ? v.toString() : v instanceof Address ? v.toString() : v,
        ) + '\n';
    if (p.emit) p.emit(text);
    else writeResult(text);
}

export function helpText(spec: ScriptSpec<Args>): string {
    const rows: [string, string][] = [
        ...Object.entries(spec.args).map(([k, a]): [string, string] => [
            `${k}=${a.kind.shape}`,
            `${a.help}${a.required ? '' : ' (optional)'}`,
        ]),
        ['deployment=PATH', 'the deployment file (default deployments/<network>.json)'],
        ...(spec.sends
            ? ([
                  ['yes', 'send without asking'],
                  ['check', 'validate, read the chain and print what would be sent; send nothing'],
              ] as [string, string][])
            : []),
        ['json', 'print one JSON result on stdout (human lines go to stderr)'],
        ['help', 'this text'],
    ];
    const width = Math.max(...rows.map(([k]) => k.length));
    return [
        `${spec.name}: ${spec.about} (run by: ${spec.role})`,
        `usage: npx blueprint run ${spec.name} --testnet ${spec.wallet ?? '--mnemonic'} ${spec.example}`,
        ...rows.map(([k, h]) => `  ${k.padEnd(width)}  ${h}`),
        `exit codes: ${Object.entries(ExitCode)
            .map(([name, code]) => `${code} ${name}`)
            .join(', ')} (docs/OPERATIONS.md, "Exit codes")`,
    ].join('\n');
}

/** Wallet versions blueprint's --mnemonic accepts (blueprint 0.46). */
const WALLET_VERSIONS = ['v1r1', 'v1r2', 'v1r3', 'v2r1', 'v2r2', 'v3r1', 'v3r2', 'v4', 'v4r1', 'v4r2', 'v5r1'];

/** Blueprint's stops that a script can foresee: it would ask (no terminal: exit 0 having done nothing) or throw with its stack. */
function checkBlueprintFlags(flags: Map<string, string | true>, tty: boolean): void {
    const has = (f: string) => flags.has(f);
    if (!['--mainnet', '--testnet', '--tetra', '--custom'].some(has) && !tty) {
        throw new BadInput('no network given and no terminal to ask: pass --testnet or --mainnet');
    }
    if (['--custom-key', '--custom-type', '--custom-version'].some(has) && !has('--custom')) {
        throw new BadInput(
            'blueprint takes --custom-key/--custom-type/--custom-version only with --custom: --custom https://testnet.toncenter.com/api/v2/jsonRPC --custom-version v2 --custom-type testnet --custom-key KEY',
        );
    }
    if (!['--tonconnect', '--deeplink', '--mnemonic'].some(has) && !tty) {
        throw new BadInput(
            'no wallet given and no terminal to ask: pass --mnemonic (with WALLET_MNEMONIC and WALLET_VERSION set) or --tonconnect',
        );
    }
    if (has('--mnemonic')) {
        const words = (process.env.WALLET_MNEMONIC ?? '').trim();
        const version = (process.env.WALLET_VERSION ?? '').trim();
        if (words.length === 0 || version.length === 0) {
            throw new BadInput(
                '--mnemonic needs WALLET_MNEMONIC (the 24 words) and WALLET_VERSION (v5r1 for batched sends, or v4) in the environment or in .env',
            );
        }
        if (!WALLET_VERSIONS.includes(version.toLowerCase()))
            throw new BadInput(`WALLET_VERSION "${version}" is not one blueprint knows: ${WALLET_VERSIONS.join(', ')}`);
        const count = words.split(/\s+/).length;
        if (count !== 24) throw new BadInput(`WALLET_MNEMONIC has ${count} word(s); a TON wallet mnemonic has 24`);
    }
}

/** The import-time checks, when blueprint is running this very script. */
function guardScript(spec: ScriptSpec<Args>): void {
    if (!underBlueprintCli()) return;
    const run = readBlueprintArgv();
    if (run.command !== 'run' || run.script?.toLowerCase() !== spec.name.toLowerCase() || run.flags.has('--help'))
        return;
    const json = run.words.includes('json');
    try {
        const words = wordsOf(spec, run.words);
        if (words.flags.has('help')) {
            writeResult(helpText(spec) + '\n');
            process.exit(0);
        }
        if (json) reserveStdoutForResult();
        checkOffline(spec, words, terminal());
        checkBlueprintFlags(run.flags, terminal() && !words.flags.has('yes') && !json);
    } catch (e) {
        stop(exitCodeOf(e), oneLine(e), json);
    }
}
