/**
 * The code the stress run deploys: the pool's three contracts (blueprint's build) and Telegram's
 * four Cocoon contracts (vendor/cocoon), compiled once per process, and, for `npm run stress`,
 * kept on disk between runs. Compiling all seven takes ~3.5 s of a run (FunC in WebAssembly, plus
 * loading blueprint and the Tact compiler it imports).
 *
 * A cached code is used only if everything that could change it is what it was: its key is the
 * sha256 of the contract's name, its compile config, every file under contracts/ (or vendor/cocoon/
 * for Cocoon's) and the versions of func-js, its FunC binary and blueprint. Any edit, a mutant
 * included, is a new key and a fresh compile. The specs compile without the cache.
 */
import { Cell } from '@ton/core';
import { createHash } from 'crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'fs';
import { join, relative } from 'path';
import type { CocoonCodes } from '../../toolkit/cocoon/vendor';

const ROOT = join(__dirname, '..', '..');

export type PoolContract = 'WorkerRegistry' | 'PoolPayout' | 'EarningsAddress';

export interface StressCodes {
    registryCode: Cell;
    poolCode: Cell;
    earningsCode: Cell;
    cocoon: CocoonCodes;
}

/** The seven codes; `cacheDir` (relative to the repository, e.g. temp/stress-codes) keeps them between runs. */
export async function stressCodes(opts: { cacheDir?: string; cocoon: boolean }): Promise<StressCodes> {
    const cache = opts.cacheDir === undefined ? undefined : join(ROOT, opts.cacheDir);
    const pool = (name: PoolContract) =>
        cached(cache, name, [join('wrappers', `${name}.compile.ts`), 'contracts'], async () =>
            (await import('../../toolkit/func/compile')).compileContract(name),
        );
    const registryCode = await pool('WorkerRegistry');
    const poolCode = await pool('PoolPayout');
    const earningsCode = await pool('EarningsAddress');
    const cocoon = {} as CocoonCodes;
    if (opts.cocoon) {
        const vendor = await import('../../toolkit/cocoon/vendor');
        for (const n of vendor.COCOON_CONTRACTS)
            cocoon[n] = await cached(cache, `cocoon-${n}`, [relative(ROOT, vendor.COCOON_VENDOR)], () =>
                vendor.compileCocoon(n),
            );
    }
    return { registryCode, poolCode, earningsCode, cocoon };
}

async function cached(
    dir: string | undefined,
    name: string,
    inputs: readonly string[],
    build: () => Promise<Cell>,
): Promise<Cell> {
    if (dir === undefined) return build();
    const file = join(dir, `${name}-${sourceKey(name, inputs)}.boc`);
    if (existsSync(file)) return Cell.fromBoc(readFileSync(file))[0];
    const code = await build();
    mkdirSync(dir, { recursive: true });
    // written whole or not at all: a run killed mid-write leaves no half a code under the key
    writeFileSync(`${file}.tmp`, code.toBoc());
    renameSync(`${file}.tmp`, file);
    return code;
}

function sourceKey(name: string, inputs: readonly string[]): string {
    const h = createHash('sha256').update(name);
    for (const pkg of ['@ton-community/func-js', '@ton-community/func-js-bin', '@ton/blueprint']) {
        h.update(`\0${pkg}@${JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), 'utf8')).version}`);
    }
    for (const input of inputs)
        for (const f of filesUnder(join(ROOT, input))) h.update(`\0${relative(ROOT, f)}\0`).update(readFileSync(f));
    return h.digest('hex').slice(0, 32);
}

function filesUnder(path: string): string[] {
    if (!statSync(path).isDirectory()) return [path];
    const out: string[] = [];
    for (const e of readdirSync(path, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
        const p = join(path, e.name);
        if (e.isDirectory()) out.push(...filesUnder(p));
        else if (e.isFile()) out.push(p);
    }
    return out;
}
