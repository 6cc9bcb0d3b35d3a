/**
 * Compiling FunC in this process: the one way the toolkit, scripts, tools and tests build code
 * (blueprint's compile for the contracts, func-js on explicit sources for fixtures, variants,
 * mutants and the vendored Cocoon contracts).
 *
 * func-js instantiates a fresh emscripten module for every compileFunc and compilerVersion call
 * (blueprint's compile makes two), and each instance adds an `uncaughtException` and an
 * `unhandledRejection` listener to `process` that it never removes. Both only rethrow, which is what
 * node does with no listener, so they do nothing but pile up: from the sixth blueprint compile in
 * one process (a jest test file) node prints MaxListenersExceededWarning. Here every compile removes
 * the listeners its module added once it has finished (only those: recognised by their source, so a
 * listener anyone else adds meanwhile stays), and each contract is compiled once per process.
 *
 * Each module is also a fresh WebAssembly compile of the FunC binary (a few MB). By default V8
 * compiles it with Liftoff and then re-compiles hot functions with TurboFan on background threads,
 * and node waits for those jobs before a process exits (NodePlatform::DrainTasks): after the four
 * Cocoon compiles of tests/cocoon/source.spec.ts that was ~700-900 ms, more than the 500 ms jest gives
 * a worker to exit, so jest printed "A worker process has failed to exit gracefully" (issue 11).
 * A compile is too short for TurboFan to pay off: func-js modules are compiled Liftoff-only
 * (measured on this 2-core machine: one Cocoon compile 593 ms instead of 1,225 ms, four 2.0 s
 * instead of 3.3 s, exit after 0-1 ms instead of ~930 ms). The flag is restored right after, so
 * the sandbox's emulator and every other module keep V8's default tiering.
 */
import { compile } from '@ton/blueprint';
import { compileFunc, compilerVersion } from '@ton-community/func-js';
import { Cell } from '@ton/core';
import { setFlagsFromString } from 'v8';

type CompileFuncOptions = Parameters<typeof compileFunc>[0];

const LEAKED_EVENTS = ['uncaughtException', 'unhandledRejection'] as const;

/** The exact source of the two listeners an emscripten module of func-js adds (func-js-bin's funcfiftlib.js). */
const EMSCRIPTEN_LISTENERS = new Set([
    'function(ex){if(!(ex instanceof ExitStatus)){throw ex}}',
    'function(reason){throw reason}',
]);

/**
 * Runs `run` (anything that instantiates func-js) with wasm compiled Liftoff-only, then restores the default and
 * removes the process listeners func-js added during it.
 */
export async function releasingFuncListeners<T>(run: () => Promise<T>): Promise<T> {
    const emitter: NodeJS.EventEmitter = process;
    const before = new Map(LEAKED_EVENTS.map((e) => [e, new Set(emitter.listeners(e))]));
    setFlagsFromString('--liftoff-only');
    try {
        return await run();
    } finally {
        setFlagsFromString('--no-liftoff-only');
        for (const e of LEAKED_EVENTS) {
            for (const l of emitter.listeners(e)) {
                if (!before.get(e)!.has(l) && EMSCRIPTEN_LISTENERS.has(String(l)))
                    emitter.removeListener(e, l as (...args: unknown[]) => void);
            }
        }
    }
}

const contracts = new Map<string, Promise<Cell>>();

/** Contract `name` (wrappers/<name>.compile.ts) built by blueprint, once per process. */
export function compileContract(name: string): Promise<Cell> {
    let code = contracts.get(name);
    if (code === undefined) {
        code = releasingFuncListeners(() => compile(name));
        contracts.set(name, code);
        // a failed build is not cached: the next call reports it again
        code.catch(() => contracts.delete(name));
    }
    return code;
}

export interface FuncBuild {
    code: Cell;
    fift: string;
}

export type FuncResult = ({ ok: true } & FuncBuild) | { ok: false; message: string };

/**
 * func-js on explicit targets and sources, the compiler's error returned instead of thrown (the
 * mutation tool counts mutants that do not build). `sources` resolves every path the compiler asks
 * for, so a foreign tree with its own stdlib (the vendored Cocoon contracts) builds the same way.
 */
export async function tryCompileFuncSources(options: CompileFuncOptions): Promise<FuncResult> {
    const r = await releasingFuncListeners(() => compileFunc(options));
    if (r.status !== 'ok') return { ok: false, message: r.message };
    return { ok: true, code: Cell.fromBase64(r.codeBoc), fift: r.fiftCode };
}

/** func-js on explicit targets and sources (fixtures, variants, the bench baseline); `label` names it in errors. */
export async function compileFuncSources(label: string, options: CompileFuncOptions): Promise<FuncBuild> {
    const r = await tryCompileFuncSources(options);
    if (!r.ok) throw new Error(`${label}: ${r.message}`);
    return { code: r.code, fift: r.fift };
}

let version: Promise<string> | undefined;

/** The FunC version func-js bundles (e.g. "0.4.6"), asked once per process. */
export function funcVersion(): Promise<string> {
    version ??= releasingFuncListeners(() => compilerVersion()).then((v) => v.funcVersion);
    return version;
}
