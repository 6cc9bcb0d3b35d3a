/**
 * A script's words. `npx blueprint run <role>/<script> --testnet --mnemonic key=value ... [yes]`:
 * blueprint keeps its own `--flags` and hands every other word to the script. Every script reads its
 * words the same way: `key=value` pairs and bare words (`yes`, `check`, `json`, `help`), parsed by
 * node's util.parseArgs in strict mode. An unknown key (with the nearest known one suggested), a
 * repeated key, a value given to a bare word or a key without a value is bad input: a typo never falls
 * back to a default.
 */
import { parseArgs } from 'util';
import { BadInput } from '../errors';
import { nearest } from './nearest';

export interface Words {
    values: Map<string, string>;
    flags: Set<string>;
}

export function parseWords(argv: readonly string[], keys: readonly string[], flags: readonly string[]): Words {
    const known = [...keys.map((k) => `${k}=`), ...flags];
    const unknown: string[] = [];
    for (const word of argv) {
        if (word.startsWith('-'))
            throw new BadInput(`"${word}": script arguments are key=value words (blueprint's --flags go before them)`);
        const eq = word.indexOf('=');
        if (eq === 0) throw new BadInput(`argument "${word}" has no key before "="`);
        const key = eq < 0 ? word : word.slice(0, eq);
        if (!keys.includes(key) && !flags.includes(key)) unknown.push(eq < 0 ? key : `${key}=`);
    }
    if (unknown.length > 0) {
        const hints = unknown.map((u) => {
            const near = nearest(u, known);
            return near === undefined ? u : `${u} (did you mean ${near}?)`;
        });
        throw new BadInput(
            `unknown argument${unknown.length > 1 ? 's' : ''}: ${hints.join(', ')}; known: ${known.join(' ')}`,
        );
    }
    const options = Object.fromEntries([
        ...keys.map((k) => [k, { type: 'string' as const }]),
        ...flags.map((f) => [f, { type: 'boolean' as const }]),
    ]);
    let parsed: ReturnType<
        typeof parseArgs<{
            args: string[];
            options: typeof options;
            strict: true;
            allowPositionals: false;
            tokens: true;
        }>
    >;
    try {
        parsed = parseArgs({
            args: argv.map((w) => `--${w}`),
            options,
            strict: true,
            allowPositionals: false,
            tokens: true,
        });
    } catch (e) {
        const message = String((e as Error).message);
        const name = /'--([^' ]+)/.exec(message)?.[1] ?? '?';
        if (flags.includes(name)) throw new BadInput(`"${name}" is a word on its own and takes no value`);
        throw new BadInput(`argument "${name}" needs a value: ${name}=...`);
    }
    const seen = new Set<string>();
    for (const t of parsed.tokens) {
        if (t.kind !== 'option') continue;
        if (seen.has(t.name)) throw new BadInput(`argument "${t.name}" is given twice`);
        seen.add(t.name);
    }
    const values = new Map<string, string>();
    const given = new Set<string>();
    for (const [k, v] of Object.entries(parsed.values)) {
        if (typeof v === 'string') values.set(k, v);
        else if (v === true) given.add(k);
    }
    return { values, flags: given };
}
