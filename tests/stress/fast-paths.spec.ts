/**
 * The stress harness's fast paths (harness/stress/sandbox.ts, raw-boc.ts, codes.ts,
 * toolkit/cocoon/sign.ts) must read and write exactly what the slow ones did: the oracle's getters
 * run on the account's own code, data and balance; a voucher's signature is the same bytes; a
 * cached code is the compiled one.
 */
import { beginCell, Cell, TupleItem } from '@ton/core';
import { keyPairFromSeed, sign } from '@ton/crypto';
import { SmartContract } from '@ton/sandbox';
import { createHash } from 'crypto';
import { mkdtempSync, readdirSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join, relative } from 'path';
import { signEd25519 } from '../../toolkit/cocoon/sign';
import { compileContract } from '../../toolkit/func/compile';
import { cocoonCodes } from '../../toolkit/cocoon/vendor';
import { stressCodes } from '../../harness/stress/codes';
import { Progress } from '../../harness/stress/progress';
import { accountView } from '../../harness/stress/sandbox';
import { parseRawBoc, subBoc } from '../../harness/stress/raw-boc';
import { PoolWorld } from '../../harness/stress/world';
import { RegistryOp } from '../../wrappers/RegistryConstants';

const WORKERS = 80;

/** A get method's whole answer, comparable: stack (cells by hash), exit code, gas. */
async function answer(
    c: SmartContract,
    get: (m: string, s?: TupleItem[]) => ReturnType<SmartContract['get']>,
    method: string,
    stack: TupleItem[] = [],
) {
    const r = await get.call(c, method, stack);
    const items = r.stack.map((i) =>
        i.type === 'cell' || i.type === 'slice' || i.type === 'builder'
            ? { type: i.type, hash: i.cell.hash().toString('hex') }
            : i,
    );
    return { stack: items, exitCode: r.exitCode, gasUsed: r.gasUsed };
}

describe('stress fast paths', () => {
    // The oracle reads get_pool_totals after every step and get_attributed_totals at every pay_owed;
    // the harness serves them from the account's bytes instead of a full parse. Staged: a mixed pool
    // after operator revenue and Cocoon vouchers (its state changed by real transactions). Must hold:
    // every getter of the pool and the registry answers with the same stack, exit code and gas as
    // the sandbox's own get (which parses the whole account), before and after the transactions.
    it('[POOL-362] get methods read through the account bytes answer exactly as the sandbox parse does', async () => {
        const world = await PoolWorld.create({
            workers: WORKERS,
            prices: 'sandbox',
            seed: 3,
            progress: new Progress(null),
            attributed: 0.3,
        });
        const pool = await world.chain.getContract(world.pool.address);
        const registry = await world.chain.getContract(world.registry.address);
        const paid = world.attributed[0];
        const compare = async () => {
            // the fast path serves both (it would fall back to the full parse silently otherwise)
            for (const c of [pool, registry])
                expect(accountView((c as unknown as { _account: string })._account)).toBeDefined();
            const calls: [SmartContract, string, TupleItem[]][] = [
                [pool, 'get_pool_totals', []],
                [pool, 'get_attributed_totals', []],
                [pool, 'get_attributed_owed', [{ type: 'int', value: BigInt(paid) }]],
                [pool, 'get_earnings_code', []],
                [registry, 'get_required_value', [{ type: 'int', value: BigInt(RegistryOp.registerWorker) }]],
                [registry, 'get_worker', [{ type: 'int', value: BigInt(paid) }]],
                [registry, 'get_counts', []],
            ];
            for (const [c, method, stack] of calls) {
                const fast = await answer(c, c.get, method, stack);
                expect([method, fast]).toEqual([method, await answer(c, SmartContract.prototype.get, method, stack)]);
            }
        };
        await compare();
        await world.sendRevenue([5_000_000_000n, 7_000_000_000n]);
        expect((await world.submitVoucher(paid, 1_000_000n)).exact).toBe(true);
        expect(await world.pool.getAttributedOwed(paid)).toBeGreaterThan(0n);
        await compare();
    });

    // The sub-BOC the getters receive: the same cells as the account holds. Staged: a tree with a
    // shared cell (two references to one cell) and cells of odd bit lengths. Must hold: the copy of
    // any cell's sub-tree is a BOC of a cell with the same hash.
    it('[POOL-362] a sub-tree copied out of a BOC byte for byte is the same cell', () => {
        const shared = beginCell().storeUint(5, 3).endCell();
        const mid = beginCell()
            .storeUint(0xabc, 13)
            .storeRef(shared)
            .storeRef(beginCell().storeBit(true).storeRef(shared).endCell())
            .endCell();
        const root = beginCell().storeUint(1, 7).storeRef(mid).storeRef(shared).storeRef(new Cell()).endCell();
        const raw = parseRawBoc(root.toBoc({ idx: false, crc32: false }));
        const byHash = new Map([root, mid, shared].map((c) => [c.hash().toString('hex'), c]));
        for (let i = 0; i < raw.offsets.length; i++) {
            const copy = Cell.fromBoc(subBoc(raw, i))[0];
            if (byHash.has(copy.hash().toString('hex'))) byHash.delete(copy.hash().toString('hex'));
        }
        expect([...byHash.keys()]).toEqual([]);
        expect(Cell.fromBoc(subBoc(raw, raw.roots[0]))[0].hash()).toEqual(root.hash());
        // with an index and a checksum, as the emulator may write them
        const indexed = parseRawBoc(root.toBoc({ idx: true, crc32: true }));
        expect(Cell.fromBoc(subBoc(indexed, indexed.roots[0]))[0].hash()).toEqual(root.hash());
    });

    // Vouchers and the node wallet's externals are signed by node's Ed25519 instead of tweetnacl.
    // Must hold: the same 64 bytes for every key and message (Ed25519 is deterministic), so Cocoon's
    // contracts see the signatures they saw before.
    it('[POOL-362] node crypto signs vouchers with the same bytes as @ton/crypto', () => {
        for (let i = 0; i < 64; i++) {
            const key = keyPairFromSeed(createHash('sha256').update(`key ${i}`).digest());
            const message = createHash('sha256').update(`message ${i}`).digest();
            expect(signEd25519(message, key.secretKey).toString('hex')).toBe(
                sign(message, key.secretKey).toString('hex'),
            );
        }
    });

    // The CLI keeps compiled code between runs, keyed by its sources. Must hold: the first run
    // writes each code, the second reads it back, and both are exactly what a compile gives.
    it('[POOL-362] cached code is the compiled code, under a key of its sources', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'stress-codes-'));
        try {
            const cacheDir = relative(join(__dirname, '..', '..'), dir);
            const first = await stressCodes({ cacheDir, cocoon: true });
            expect(
                readdirSync(dir)
                    .map((f) => f.replace(/-[0-9a-f]{32}\.boc$/, ''))
                    .sort(),
            ).toEqual([
                'EarningsAddress',
                'PoolPayout',
                'WorkerRegistry',
                'cocoon-proxy',
                'cocoon-root',
                'cocoon-wallet',
                'cocoon-worker',
            ]);
            const second = await stressCodes({ cacheDir, cocoon: true });
            const compiled = await cocoonCodes();
            const hashes = (c: typeof first) =>
                [
                    c.registryCode,
                    c.poolCode,
                    c.earningsCode,
                    c.cocoon.root,
                    c.cocoon.proxy,
                    c.cocoon.worker,
                    c.cocoon.wallet,
                ].map((x) => x.hash().toString('hex'));
            const expected = [
                await compileContract('WorkerRegistry'),
                await compileContract('PoolPayout'),
                await compileContract('EarningsAddress'),
                compiled.root,
                compiled.proxy,
                compiled.worker,
                compiled.wallet,
            ].map((x) => x.hash().toString('hex'));
            expect(hashes(first)).toEqual(expected);
            expect(hashes(second)).toEqual(expected);
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });
});
