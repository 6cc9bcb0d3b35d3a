/**
 * Capacity. An account may hold at most 65,536 cells; the registry's hard cap on records
 * (registry::max_capacity in params.fc) is set from the measured cells per worker so that a
 * registry full of live workers, each held by its own member (the worst case: one member-index
 * entry per worker), stays under that limit with the code. At the cap, the last slot is taken
 * and the next registration is refused.
 */
import { Address } from '@ton/core';
import { findTransactionRequired } from '@ton/test-utils';
import { cellStats } from '../../toolkit/chain/fees';
import { GasReport } from '../../toolkit/chain/gas-report';
import { gasUsed } from '../../toolkit/chain/transactions';
import { RegistryError, RegistryGas, RegistryLimits } from '../../wrappers/RegistryConstants';
import { workerRegistryConfigToCell } from '../../wrappers/WorkerRegistry';
import { defaultParams, MIN_STAKE, registryCode, setupRegistry } from '../helpers/registry-fixture';
import { expectRejected } from '../helpers/rejections';
import { stateOf } from '../helpers/state';
import { population, POPULATION_MEMBERS, syntheticAddress } from './population';
import { FREE_MEMBER } from './workers';

/** TVM account state limit (config param 43, max_acc_state_cells). */
const MAX_ACCOUNT_CELLS = 65_536;

const report = new GasReport('WorkerRegistry at the hard cap');
afterAll(() => report.print());

function cellsOf(records: number): number {
    const members: Address[] = Array.from({ length: POPULATION_MEMBERS }, (_, i) => syntheticAddress(i, 'capacity'));
    const data = workerRegistryConfigToCell({
        owner: members[0],
        operator: members[1],
        pendingOwner: null,
        params: defaultParams(members[2]),
        workers: population(records, members),
    });
    return Number(cellStats(data).cells) + 1;
}

describe('capacity', () => {
    // The cap is only safe if it is derived from what a record really costs in cells.
    it('[STO-108] a worker costs 4 cells (record leaf + fork, member-index leaf + fork) and the hard cap fits 65,536 cells with the code', async () => {
        const base = cellsOf(1_000);
        const more = cellsOf(2_000);
        const perWorker = (more - base) / 1_000;
        expect(perWorker).toBeGreaterThan(3.9);
        expect(perWorker).toBeLessThanOrEqual(4);
        const code = await registryCode();
        const codeCells = Number(cellStats(code).cells) + 1;
        const full = cellsOf(RegistryLimits.maxCapacity);
        process.stdout.write(`\nWorkerRegistry cells: ${perWorker} per worker; ${full.toLocaleString('en-US')} data + ${codeCells} code at the ${RegistryLimits.maxCapacity.toLocaleString('en-US')}-record hard cap (limit ${MAX_ACCOUNT_CELLS.toLocaleString('en-US')})\n`);
        expect(full + codeCells).toBeLessThanOrEqual(MAX_ACCOUNT_CELLS);
    });

    // cap - 1 records: the last slot is taken (and its gas stays within bound); cap + 1 is refused.
    it('[STO-103] at the hard cap of 15,000 records the 15,000th registration succeeds and the 15,001st is rejected with 311', async () => {
        const f = await setupRegistry({
            members: POPULATION_MEMBERS,
            workers: ({ members }) => population(RegistryLimits.maxCapacity - 1, members),
            install: true,
        });
        const value = MIN_STAKE + f.fees.required('registerWorker', 0) * 2n;
        const m = f.members[FREE_MEMBER];
        const last = await f.registry.sendRegisterWorker(m.getSender(), { value, stake: MIN_STAKE, payout: m.address });
        const tx = findTransactionRequired(last.transactions, { from: m.address, to: f.registry.address, success: true, exitCode: 0 });
        report.record('registerWorker', 'the last free slot, 14,999 workers', gasUsed(tx), RegistryGas.registerWorker);
        expect(gasUsed(tx)).toBeLessThanOrEqual(BigInt(RegistryGas.registerWorker));
        expect((await f.registry.getCounts()).nextIndex).toBe(RegistryLimits.maxCapacity);

        const b = await stateOf(f.blockchain, f.registry.address);
        const over = await f.registry.sendRegisterWorker(f.stranger.getSender(), { value, stake: MIN_STAKE, payout: f.stranger.address });
        await expectRejected(f.blockchain, over, { from: f.stranger.address, to: f.registry.address, exitCode: RegistryError.capacityReached, before: b });
        const used = (await f.blockchain.getContract(f.registry.address)).account.account!.storageStats.used;
        expect(Number(used.cells)).toBeLessThanOrEqual(MAX_ACCOUNT_CELLS);
    });
});
