/**
 * Stands in for '@ton/blueprint' in mutation runs only (mapped by the runner's jest config, never
 * by the project's): `compile(name)` returns the code in the BOC file MUTATION_CODES names for that
 * contract — the mutant's for the contract under test, the original build for the others — so
 * every path by which a spec obtains code (fixtures, toolkit, scripts) runs the mutant. Everything
 * else is blueprint's own.
 */
import { Cell } from '@ton/core';
import { readFileSync } from 'fs';
import { join } from 'path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const real = require(join(__dirname, '../../../node_modules/@ton/blueprint/dist/index.js'));

const codes: Record<string, string> = JSON.parse(process.env.MUTATION_CODES ?? '{}');

module.exports = {
    ...real,
    compile: async (name: string, opts?: unknown): Promise<Cell> =>
        name in codes ? Cell.fromBoc(readFileSync(codes[name]))[0] : real.compile(name, opts),
};
