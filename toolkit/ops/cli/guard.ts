/**
 * The checks `npx blueprint run` makes before blueprint itself asks or connects anything, called from
 * blueprint.config.ts (which blueprint loads first): a misspelt or missing script name, or a --flag
 * blueprint does not know, would otherwise end in blueprint's stack trace or in a menu that a run with
 * no terminal answers with nothing (exit 0). `json` sends every human line to stderr from the start,
 * so stdout carries the one JSON result. Light on purpose: it loads on every blueprint command.
 */
import { ExitCode } from './exit-codes';
import { readBlueprintArgv, scriptNames } from './blueprint-argv';
import { nearest } from './nearest';

const STDOUT = Symbol.for('cocoon-pool.ops.stdout');

type Write = typeof process.stdout.write;

/** From now on process.stdout carries only what `writeResult` writes; everything else goes to stderr. */
export function reserveStdoutForResult(): void {
    const g = globalThis as { [STDOUT]?: Write };
    if (g[STDOUT] !== undefined) return;
    g[STDOUT] = process.stdout.write.bind(process.stdout);
    process.stdout.write = process.stderr.write.bind(process.stderr) as Write;
}

/** Writes the machine-readable result to the real stdout. */
export function writeResult(text: string): void {
    const g = globalThis as { [STDOUT]?: Write };
    (g[STDOUT] ?? process.stdout.write.bind(process.stdout))(text);
}

/** Ends the process with one `error:` line on stderr (and, in json mode, the JSON result on stdout). */
export function stop(code: number, line: string, json = false): never {
    process.stderr.write(`error: ${line}\n`);
    if (json) writeResult(JSON.stringify({ ok: false, exitCode: code, error: line }) + '\n');
    process.exit(code);
}

export function terminal(): boolean {
    return process.stdin.isTTY === true;
}

/** blueprint.config.ts: the checks on `blueprint run` that do not depend on the script. */
export function guardBlueprintRun(argv: readonly string[] = process.argv.slice(2)): void {
    const run = readBlueprintArgv(argv);
    if (run.command !== 'run' || run.flags.has('--help') || run.flags.has('-h')) return;
    const json = run.words.includes('json');
    if (json) reserveStdoutForResult();
    const names = scriptNames();
    const list = `scripts: ${names.join(', ')}`;
    if (run.unknownFlags.length > 0) {
        stop(
            ExitCode.badInput,
            `blueprint does not know ${run.unknownFlags.join(', ')}; script arguments are key=value words, e.g. file=epoch-1.csv`,
            json,
        );
    }
    if (run.script === undefined) {
        if (!terminal())
            stop(
                ExitCode.badInput,
                `name the script: npx blueprint run <role>/<script> ... (no terminal to choose one); ${list}`,
                json,
            );
        return;
    }
    if (names.some((n) => n.toLowerCase() === run.script!.toLowerCase())) return;
    const base = names.filter((n) => n.split('/').pop()!.toLowerCase() === run.script!.toLowerCase());
    const near =
        base[0] ??
        nearest(run.script, names) ??
        nearest(
            run.script,
            names.map((n) => n.split('/').pop()!),
        );
    const full = near === undefined ? undefined : names.find((n) => n === near || n.endsWith(`/${near}`));
    stop(ExitCode.badInput, `no script "${run.script}"${full ? `; did you mean ${full}?` : ''} (${list})`, json);
}
