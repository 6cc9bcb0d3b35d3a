/**
 * `npx blueprint run <role>/<script> [blueprint --flags] [script words]` as blueprint 0.46 reads it
 * (its own flags from @ton/blueprint's argSpec, anywhere on the line), so that our checks can run
 * before blueprint connects to anything. Light on purpose: blueprint.config.ts loads it on every
 * blueprint command.
 */
import { existsSync, readdirSync } from 'fs';
import { join, relative, sep } from 'path';

/** Blueprint's own flags (createNetworkProvider's argSpec and `--help`); true = takes a value. */
export const BLUEPRINT_FLAGS: Record<string, boolean> = {
    '--mainnet': false,
    '--testnet': false,
    '--tetra': false,
    '--custom': true,
    '--custom-type': true,
    '--custom-version': true,
    '--custom-key': true,
    '--custom-global-id': true,
    '--compiler-version': true,
    '--tonconnect': false,
    '--deeplink': false,
    '--mnemonic': false,
    '--tonscan': false,
    '--tonviewer': false,
    '--toncx': false,
    '--dton': false,
    '--help': false,
    '-h': false,
};

export interface BlueprintRun {
    command: string | undefined;
    script: string | undefined;
    flags: Map<string, string | true>;
    /** Flags blueprint does not know (its own parser would stop with a stack trace). */
    unknownFlags: string[];
    words: string[];
}

export function readBlueprintArgv(argv: readonly string[] = process.argv.slice(2)): BlueprintRun {
    const flags = new Map<string, string | true>();
    const unknownFlags: string[] = [];
    const positional: string[] = [];
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        if (!a.startsWith('-')) {
            positional.push(a);
            continue;
        }
        const eq = a.indexOf('=');
        const name = eq < 0 ? a : a.slice(0, eq);
        if (!(name in BLUEPRINT_FLAGS)) {
            unknownFlags.push(a);
            continue;
        }
        if (BLUEPRINT_FLAGS[name]) flags.set(name, eq < 0 ? (argv[++i] ?? '') : a.slice(eq + 1));
        else flags.set(name, true);
    }
    return { command: positional[0], script: positional[1], flags, unknownFlags, words: positional.slice(2) };
}

/** The names `npx blueprint run` accepts: paths under scripts/ without `.ts` (`operator/approveWorkers`). */
export function scriptNames(root = process.cwd()): string[] {
    const dir = join(root, 'scripts');
    if (!existsSync(dir)) return [];
    return readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((d) => d.isFile() && d.name.endsWith('.ts'))
        .map((d) => relative(dir, join(d.parentPath, d.name)).split(sep).join('/').replace(/\.ts$/, ''))
        .sort();
}

/** True when this process is `npx blueprint run ...` (blueprint's CLI is the main module). */
export function underBlueprintCli(): boolean {
    const main = require.main?.filename ?? '';
    return /@ton[\\/]blueprint[\\/]dist[\\/]cli[\\/]cli\.js$/.test(main);
}
