/**
 * The deployed code must be the code this checkout builds: scripts compile the local sources and
 * compare code hashes before they send anything, so a script never drives a contract whose messages
 * and getters it does not speak (or a look-alike at a typo'd address).
 */
import { Address, Cell } from '@ton/core';
import { compileContract } from '../func/compile';
import { OpsError } from './errors';
import { OpsProvider } from './provider';

export type ContractName = 'WorkerRegistry' | 'PoolPayout' | 'EarningsAddress';

/** The local build (compiled once per process). */
export function localCode(name: ContractName): Promise<Cell> {
    return compileContract(name);
}

export function hashHex(code: Cell): string {
    return code.hash().toString('hex');
}

/** The hash of the code deployed at `address`, or null when no active contract is there. */
export async function deployedCodeHash(p: OpsProvider, address: Address): Promise<string | null> {
    const state = await p.getContractState(address);
    if (state.state.type !== 'active' || !state.state.code) return null;
    return hashHex(Cell.fromBoc(state.state.code)[0]);
}

/** Throws unless `address` runs exactly the local build of `name`; returns the hash. */
export async function checkDeployedCode(p: OpsProvider, name: ContractName, address: Address): Promise<string> {
    const expected = hashHex(await localCode(name));
    const actual = await deployedCodeHash(p, address);
    if (actual === null)
        throw new OpsError(`${name} at ${address.toString()} is not deployed (no active contract there)`);
    if (actual !== expected) {
        throw new OpsError(
            `${name} at ${address.toString()} runs code ${actual.slice(0, 16)}…, the local build is ${expected.slice(0, 16)}…: wrong address or a different version`,
        );
    }
    return actual;
}
