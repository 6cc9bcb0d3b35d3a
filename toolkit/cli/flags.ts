/**
 * The command lines of the toolkit's and the audit tools' CLIs (stress, bench, audit:check,
 * audit:html, audit:prove, readme, exit-codes, coverage), all one style: node's util.parseArgs in strict mode,
 * `--flag value` or `--flag=value`, `--help` (or `-h`) winning over everything else, and a one-line
 * UsageError naming the flag for an unknown flag, a missing value, a value given to a switch, a flag
 * given twice or a stray argument. Each tool checks its values itself, prints `<tool>: <message>` and
 * exits 2 (the operator scripts' key=value words are toolkit/ops/cli/words.ts).
 */
import { parseArgs } from 'util';

/** A command line the tool refuses; the message is shown to the user as is. */
export class UsageError extends Error {
    constructor(message: string) {
        super(message);
        this.name = 'UsageError';
    }
}

/** A flag takes a value (`string`) or is a switch (`boolean`). Names without the leading `--`. */
export type FlagTypes = Record<string, 'string' | 'boolean'>;

export interface ParsedFlags {
    help: boolean;
    values: Map<string, string>;
    switches: Set<string>;
    positionals: string[];
}

export interface FlagOptions {
    /** Positional arguments the tool takes (default 0); `name` says what they are in the refusal. */
    positionals?: { max: number; name: string };
}

function known(types: FlagTypes): string {
    return [...Object.keys(types).map((n) => `--${n}`), '--help'].join(', ');
}

/**
 * `--flag value` becomes `--flag=value` for a flag that takes a value, unless the next word is itself
 * a flag: so a value may start with a dash (`--rate -1` reaches the tool's own check), and a missing
 * value is still one.
 */
function joinValues(argv: readonly string[], types: FlagTypes): string[] {
    const out: string[] = [];
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        const next = argv[i + 1];
        if (
            a.startsWith('--') &&
            !a.includes('=') &&
            types[a.slice(2)] === 'string' &&
            next !== undefined &&
            !next.startsWith('--')
        ) {
            out.push(`${a}=${next}`);
            i++;
        } else out.push(a);
    }
    return out;
}

/** The flag a parseArgs error names (`'--seed <value>'`, `'--x'`, `'-q'`). */
function named(message: string): string {
    return /'(--?[^' =]+)/.exec(message)?.[1] ?? '?';
}

export function parseFlags(argv: readonly string[], types: FlagTypes, o: FlagOptions = {}): ParsedFlags {
    if (argv.includes('--help') || argv.includes('-h'))
        return { help: true, values: new Map(), switches: new Set(), positionals: [] };
    const maxPositionals = o.positionals?.max ?? 0;
    const options = Object.fromEntries(Object.entries(types).map(([n, type]) => [n, { type }]));
    let parsed: ReturnType<
        typeof parseArgs<{ options: typeof options; strict: true; allowPositionals: true; tokens: true }>
    >;
    try {
        parsed = parseArgs({
            args: joinValues(argv, types),
            options,
            strict: true,
            allowPositionals: true,
            tokens: true,
        });
    } catch (e) {
        const err = e as Error & { code?: string };
        const flag = named(err.message);
        if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION')
            throw new UsageError(`unknown flag ${flag} (known: ${known(types)})`);
        if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
            throw new UsageError(
                types[flag.replace(/^--/, '')] === 'boolean' ? `${flag} takes no value` : `${flag} needs a value`,
            );
        }
        throw new UsageError(err.message.split('\n')[0]);
    }
    const seen = new Set<string>();
    const positionals: string[] = [];
    for (const t of parsed.tokens) {
        if (t.kind === 'positional') {
            if (positionals.length >= maxPositionals) {
                throw new UsageError(
                    maxPositionals === 0
                        ? `unexpected argument "${t.value}" (flags start with --)`
                        : `unexpected argument "${t.value}" (at most ${maxPositionals} ${o.positionals!.name})`,
                );
            }
            positionals.push(t.value);
        } else if (t.kind === 'option') {
            if (seen.has(t.name)) throw new UsageError(`--${t.name} given twice`);
            seen.add(t.name);
        } else throw new UsageError('"--" is not a flag here');
    }
    const values = new Map<string, string>();
    const switches = new Set<string>();
    for (const [k, v] of Object.entries(parsed.values)) {
        if (typeof v === 'string') values.set(k, v);
        else if (v === true) switches.add(k);
    }
    return { help: false, values, switches, positionals };
}

/** The usual end of a CLI on a UsageError: `<tool>: <message>` and a pointer to --help on stderr, exit code 2. */
export function usageFailure(tool: string, e: UsageError): number {
    process.stderr.write(`${tool}: ${e.message}\nRun with --help for the flags.\n`);
    return 2;
}

/** What a tool's main does with its command line: go on with the flags, or stop with this exit code. */
export type CommandLine = { ok: true; flags: ParsedFlags } | { ok: false; exitCode: number };

/** parseFlags for a tool's main: `--help` prints `usage` (exit 0), a UsageError prints `<tool>: <message>` (exit 2). */
export function readCommandLine(
    tool: string,
    usage: string,
    argv: readonly string[],
    types: FlagTypes,
    o: FlagOptions = {},
): CommandLine {
    let flags: ParsedFlags;
    try {
        flags = parseFlags(argv, types, o);
    } catch (e) {
        if (!(e instanceof UsageError)) throw e;
        return { ok: false, exitCode: usageFailure(tool, e) };
    }
    if (flags.help) {
        process.stdout.write(usage);
        return { ok: false, exitCode: 0 };
    }
    return { ok: true, flags };
}
