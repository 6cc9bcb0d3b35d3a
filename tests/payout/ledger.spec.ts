/**
 * The ledger's empty records (contracts/pool/ledger.fc, ledger::empty_leaf): a page the pool never
 * wrote is built on the fly, every slot blocked, unknown, paid 0 and account 0 in each of the leaf's
 * four cold cells. The account of a never-known record is observable once it is withdrawn with the
 * zero address (the registry's resync of a departed index the pool never heard of): the pool keeps
 * the account it holds, which must be 0, so the record is held and its owed is never sent anywhere.
 * Named like ledger.fc, so its mutants meet this spec first (audits/MUTATION.md).
 */
import { toNano } from '@ton/core';
import { exitCode } from '../../toolkit/chain/transactions';
import { PoolLimits } from '../../wrappers/PoolPayout';
import { PoolFixture, setupPool } from '../../audits/harness/pool-fixture';
import { rawWorkerSync, ZERO_ADDRESS } from '../../audits/harness/pool-raw';

describe('PoolPayout ledger: the records of a page never written', () => {
    let f: PoolFixture;
    beforeAll(async () => {
        f = await setupPool({ workers: 2 });
    });

    // Fault staged: an empty leaf whose cold cells carry a non-zero account at some position (a
    // layout slip in empty_leaf). Must hold: for every slot of a leaf of an untouched page (all
    // three account positions of all four cold cells), a withdrawal naming the zero address leaves
    // the record known, withdrawn, account 0:0…0, paid 0, no bounces, and held.
    it('[STO-208] every slot of a never-written page withdrawn with the zero address is held with account 0', async () => {
        const perPage = PoolLimits.leafSize * PoolLimits.leavesPerPage;
        const first = 5 * perPage;
        for (let i = first; i < first + perPage; i++) {
            const r = await f.registry.send({
                to: f.pool.address,
                value: toNano('0.05'),
                body: rawWorkerSync(i, ZERO_ADDRESS, false, BigInt(i), true),
            });
            expect(exitCode(r.transactions[1])).toBe(0);
            const w = await f.pool.getWorker(i);
            expect({ i, ...w, payout: w.payout?.toRawString() }).toEqual({
                i,
                known: true,
                payout: ZERO_ADDRESS.toRawString(),
                active: false,
                paid: 0n,
                bounces: 0,
                held: true,
                withdrawn: true,
            });
        }
    });
});
