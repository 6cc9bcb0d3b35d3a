/**
 * Clients build and read messages with the TypeScript mirrors of the FunC constants. A mirror that
 * drifted (a typo'd name, a value changed on one side, an error code that exists only in TS; both
 * stablecoin's and highload's mirrors did) makes clients send wrong ops or misread exit codes.
 * The FunC sources are read from disk; the mirrors are loaded at run time so a missing one fails here
 * rather than breaking the type check of every other spec.
 */
import { existsSync } from 'fs';
import { join } from 'path';
import {
    ConstKind,
    CONTRACTS,
    filesUnder,
    Mirror,
    mirrorDiff,
    parseFuncConsts,
    rel,
    ROOT,
} from '../../audits/tools/func-sources';

interface MirrorSpec {
    /** FunC sources whose `op::`, `error::`, `gas::` constants must be mirrored. */
    sources: string[];
    module: string;
    exports: Partial<Record<ConstKind, string>>;
}

const CONTRACT_MIRRORS: Record<string, MirrorSpec> = {
    registry: {
        sources: filesUnder(join(CONTRACTS, 'registry'), /\.fc$/),
        module: 'wrappers/RegistryConstants.ts',
        exports: { op: 'RegistryOp', error: 'RegistryError', gas: 'RegistryGas' },
    },
    pool: {
        sources: filesUnder(join(CONTRACTS, 'pool'), /\.fc$/),
        module: 'wrappers/PoolConstants.ts',
        exports: { op: 'PoolOp', error: 'PoolError', gas: 'PoolGas' },
    },
    earnings: {
        sources: filesUnder(join(CONTRACTS, 'earnings'), /\.fc$/),
        module: 'wrappers/EarningsConstants.ts',
        exports: { op: 'EarningsOp', error: 'EarningsError', gas: 'EarningsGas' },
    },
    shared: {
        sources: [join(CONTRACTS, 'common', 'op-codes.fc'), join(CONTRACTS, 'common', 'gas.fc')],
        module: 'wrappers/shared.ts',
        exports: { op: 'SharedOp', gas: 'SharedGas' },
    },
};

function loadMirror(spec: MirrorSpec, name: string): Mirror {
    const path = join(ROOT, spec.module);
    if (!existsSync(path))
        throw new Error(`${spec.module} is missing: it must mirror ${name} of ${spec.sources.map(rel).join(', ')}`);
    const mod = require(path) as Record<string, unknown>;
    const m = mod[name];
    if (typeof m !== 'object' || m === null) throw new Error(`${spec.module} does not export ${name}`);
    return m as Mirror;
}

describe('TypeScript mirrors of the FunC constants', () => {
    for (const [contract, spec] of Object.entries(CONTRACT_MIRRORS)) {
        // Each op, exit code and gas bound a client relies on must be the value the contract uses,
        // under the same name, with nothing on one side only.
        it(`[BLD-504] ${contract}: ${Object.keys(spec.exports).join(', ')} constants equal ${Object.values(spec.exports).join(', ')} in ${spec.module}`, () => {
            expect(spec.sources.length).toBeGreaterThan(0);
            const consts = spec.sources.flatMap(parseFuncConsts);
            const problems = (Object.entries(spec.exports) as [ConstKind, string][]).flatMap(([kind, name]) => {
                const ofKind = consts.filter((c) => c.kind === kind);
                if (ofKind.length === 0) return [`no ${kind}:: constants in ${spec.sources.map(rel).join(', ')}`];
                return mirrorDiff(ofKind, loadMirror(spec, name), name);
            });
            expect(problems).toEqual([]);
        });
    }

    // The comparison itself must see each kind of drift, or a passing mirror test would mean nothing.
    it('[BLD-504] the mirror comparison reports a changed value, a name only in FunC and a name only in TypeScript', () => {
        const f = (name: string, value: bigint, file = 'a.fc') => ({ kind: 'error' as const, name, value, file });
        expect(
            mirrorDiff(
                [f('not_owner', 302n), f('bad_x', 3n), f('same', 1n), f('same', 2n, 'b.fc')],
                { notOwner: 303, onlyTs: 1, same: 2 },
                'E',
            ),
        ).toEqual([
            'error::same is 1 in a.fc and 2 in b.fc',
            'error::not_owner = 302 (a.fc) but E.notOwner = 303',
            'error::bad_x (a.fc) has no E.badX',
            'E.onlyTs has no FunC constant (a name that exists only in TypeScript)',
        ]);
    });

    // Exit codes 0-255 belong to the TVM and compute phase (e.g. 9 cell underflow, 37 not enough
    // value); a contract error there is indistinguishable from a VM fault. Each contract owns its range
    // so a client knows which contract refused, and no two errors share a number.
    it('[TON-500] error codes are unique per contract and within registry 300-399, pool 400-499 and earnings 500-599', () => {
        const ranges: Record<string, [number, number]> = {
            registry: [300, 399],
            pool: [400, 499],
            earnings: [500, 599],
        };
        const problems: string[] = [];
        for (const [contract, [lo, hi]] of Object.entries(ranges)) {
            const errors = filesUnder(join(CONTRACTS, contract), /\.fc$/)
                .flatMap(parseFuncConsts)
                .filter((c) => c.kind === 'error');
            if (errors.length === 0) problems.push(`${contract}: no error:: constants`);
            const byValue = new Map<bigint, string>();
            for (const e of errors) {
                if (e.value < BigInt(lo) || e.value > BigInt(hi))
                    problems.push(`${e.file}: error::${e.name} = ${e.value} is outside ${lo}-${hi}`);
                const other = byValue.get(e.value);
                if (other !== undefined && other !== e.name)
                    problems.push(`${e.file}: error::${e.name} and error::${other} are both ${e.value}`);
                byValue.set(e.value, e.name);
            }
        }
        expect(problems).toEqual([]);
    });
});
