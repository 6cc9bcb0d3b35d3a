/**
 * The code hashes of the compiled contracts, as recorded in audits/code-hashes.json. Operators and
 * auditors compare a deployed contract's code hash with this file; tests/common/build.spec.ts
 * rebuilds the sources and fails when they no longer produce the recorded hashes.
 */
import { readdirSync, readFileSync } from 'fs';
import { compileContract, funcVersion } from '../../toolkit/func/compile';
import { join, resolve } from 'path';

export const ROOT = resolve(__dirname, '..', '..');
export const HASHES_FILE = join(ROOT, 'audits', 'code-hashes.json');
export const RECORD_COMMAND = 'npx ts-node --transpile-only audits/tools/record-hashes.ts';

export interface ContractHash {
    /** sha256 of the code cell, hex: what `getContractState().code.hash()` shows on chain. */
    codeHash: string;
    /** The same hash, base64 (explorers show this form). */
    codeHashBase64: string;
    /** The FunC entry points it was built from (wrappers/<Name>.compile.ts). */
    targets: string[];
}

export interface RecordedHashes {
    compiler: string;
    contracts: Record<string, ContractHash>;
}

/** Every contract with a wrappers/<Name>.compile.ts, sorted. */
export function compilableNames(): string[] {
    return readdirSync(join(ROOT, 'wrappers'))
        .filter((n) => n.endsWith('.compile.ts'))
        .map((n) => n.slice(0, -'.compile.ts'.length))
        .sort();
}

/** The compile targets of one contract, from its wrappers/<Name>.compile.ts. */
export function targetsOf(name: string): string[] {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(join(ROOT, 'wrappers', `${name}.compile.ts`)) as { compile: { targets?: string[] } };
    return mod.compile.targets ?? [];
}

export async function compilerId(): Promise<string> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const funcJs = (require('@ton-community/func-js/package.json') as { version: string }).version;
    return `FunC ${await funcVersion()} via func-js ${funcJs}`;
}

/** Build every contract now (blueprint's compile, cwd = repo root) and hash the code. */
export async function buildHashes(): Promise<RecordedHashes> {
    const contracts: Record<string, ContractHash> = {};
    for (const name of compilableNames()) {
        const code = await compileContract(name);
        contracts[name] = {
            codeHash: code.hash().toString('hex'),
            codeHashBase64: code.hash().toString('base64'),
            targets: targetsOf(name),
        };
    }
    return { compiler: await compilerId(), contracts };
}

export function readRecorded(): RecordedHashes {
    return JSON.parse(readFileSync(HASHES_FILE, 'utf8')) as RecordedHashes;
}
