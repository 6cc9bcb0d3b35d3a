/**
 * Capacity. An account may hold at most 65,536 cells; the registry's hard cap on records
 * (registry::capacity_max in storage.fc) is set from the measured cells per worker so that a
 * registry full of live workers, each held by its own member (the worst case: one member-index
 * entry per worker), stays under that limit with the code. At the cap, the last slot is taken
 * and the next registration is refused.
 */
import { Address } from '@ton/core';
import { findTransactionRequired } from '@ton/test-utils';
import { cellStats } from '../../toolkit/chain/fees';
import { GasReport } from '../../toolkit/chain/gas-report';
import { gasUsed } from '../../toolkit/chain/transactions';
import { PRICE_SETS } from '../../toolkit/chain/prices';
import { RegistryError, RegistryGas, RegistryLimits } from '../../wrappers/RegistryConstants';
import { StatusCounts, workerRegistryConfigToCell } from '../../wrappers/WorkerRegistry';
import {
    COOLDOWN,
    defaultParams,
    MIN_STAKE,
    registryCode,
    setupRegistry,
    START_TIME,
} from '../helpers/registry-fixture';
import { expectAccepted } from '../helpers/registry-expect';
import { expectRejected } from '../helpers/rejections';
import { stateOf } from '../../audits/harness/state';
import { population, POPULATION_MEMBERS, syntheticAddress } from './population';
import { FREE_MEMBER, LIVE, MEMBERS, RECORDS, standardWorkers, W } from './workers';

/** TVM account state limit (config param 43, max_acc_state_cells). */
const MAX_ACCOUNT_CELLS = 65_536;

const report = new GasReport('WorkerRegistry at the hard cap');
afterAll(() => report.print());

/** Live records: registered, stake not yet withdrawn or rejected (what capacity counts). */
const liveOf = (c: StatusCounts) => c.pending + c.active + c.suspended + c.exited;

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
        expect(perWorker).toBe(4);
        const code = await registryCode();
        const codeCells = Number(cellStats(code).cells) + 1;
        const full = cellsOf(RegistryLimits.maxCapacity);
        process.stdout.write(
            `\nWorkerRegistry cells: ${perWorker} per worker; ${full.toLocaleString('en-US')} data + ${codeCells} code at the ${RegistryLimits.maxCapacity.toLocaleString('en-US')}-record hard cap (limit ${MAX_ACCOUNT_CELLS.toLocaleString('en-US')})\n`,
        );
        // the data cells at the cap, as measured on this storage layout (a layout change re-measures it)
        expect(full).toBe(59_950);
        expect(full + codeCells).toBeLessThanOrEqual(MAX_ACCOUNT_CELLS);
    });

    // cap - 1 records: the last slot is taken (and its gas stays within bound); cap + 1 is refused.
    it('[STO-103] at the hard cap of 15,000 records the 15,000th registration succeeds and the 15,001st is rejected with capacity_reached', async () => {
        const f = await setupRegistry({
            members: POPULATION_MEMBERS,
            // 15,000 indices, one of them departed (W.withdrawn): 14,999 live records
            workers: ({ members }) => population(RegistryLimits.maxCapacity, members),
            install: true,
        });
        const value = MIN_STAKE + f.fees.required('registerWorker', 0) * 2n;
        const m = f.members[FREE_MEMBER];
        const last = await f.registry.sendRegisterWorker(m.getSender(), { value, stake: MIN_STAKE, payout: m.address });
        const tx = findTransactionRequired(last.transactions, {
            from: m.address,
            to: f.registry.address,
            success: true,
            exitCode: 0,
        });
        report.record('registerWorker', 'the last free slot, 14,999 workers', gasUsed(tx), RegistryGas.registerWorker);
        expect(gasUsed(tx)).toBeLessThanOrEqual(BigInt(RegistryGas.registerWorker));
        const counts = await f.registry.getCounts();
        expect({ next: counts.nextIndex, live: liveOf(counts) }).toEqual({
            next: RegistryLimits.maxCapacity + 1,
            live: RegistryLimits.maxCapacity,
        });

        const b = await stateOf(f.blockchain, f.registry.address);
        const over = await f.registry.sendRegisterWorker(f.stranger.getSender(), {
            value,
            stake: MIN_STAKE,
            payout: f.stranger.address,
        });
        await expectRejected(f.blockchain, over, {
            from: f.stranger.address,
            to: f.registry.address,
            exitCode: RegistryError.capacityReached,
            before: b,
        });
        const used = (await f.blockchain.getContract(f.registry.address)).account.account!.storageStats.used;
        expect(Number(used.cells)).toBeLessThanOrEqual(MAX_ACCOUNT_CELLS);
    });
});

describe.each(PRICE_SETS)('capacity burn (%s prices)', (prices) => {
    const CYCLES = 100;

    // Attack (issue 9, finding 2): one wallet recycles one refundable stake, register → request_exit
    // (allowed while pending) → withdraw_stake after the cooldown → register again, to fill the
    // registry for good. Property: capacity counts live records, so the cycling holds one slot at a
    // time; every withdrawal gives the record's cells back (the state returns to the same cell
    // count after every cycle); an honest member registers half-way through and keeps its slot;
    // with the attacker and the honest member both holding one the registry is full (311). Indices
    // are never reused: next_index grows by one per cycle.
    it(`[STO-109] a wallet cycling register → exit → withdraw ${CYCLES} times holds one slot, leaves the cell count unchanged and an honest member still registers`, async () => {
        const f = await setupRegistry({
            prices,
            members: MEMBERS,
            workers: standardWorkers,
            params: { capacity: LIVE + 2 },
        });
        const attacker = await f.blockchain.treasury('attacker');
        const honest = f.members[FREE_MEMBER];
        const cells = async () => Number(cellStats((await stateOf(f.blockchain, f.registry.address)).data).cells);
        const registerValue = MIN_STAKE + f.fees.required('registerWorker', 0);
        const baseline = await cells();
        const counts = await f.registry.getCounts();
        const costs: bigint[] = [];
        let honestCells = 0;
        for (let c = 0; c < CYCLES; c++) {
            const index = RECORDS + c + (c > CYCLES / 2 ? 1 : 0);
            const start = await attacker.getBalance();
            const qid = BigInt(c);
            const beforeReg = await stateOf(f.blockchain, f.registry.address);
            const reg = await f.registry.sendRegisterWorker(attacker.getSender(), {
                value: registerValue,
                stake: MIN_STAKE,
                payout: attacker.address,
                queryId: qid,
            });
            await expectAccepted(f, reg, {
                handler: 'registerWorker',
                from: attacker.address,
                msgValue: registerValue,
                queryId: qid,
                before: beforeReg,
                kept: MIN_STAKE,
            });
            expect(await f.registry.getMemberWorkers(attacker.address)).toEqual([index]);
            expect(liveOf(await f.registry.getCounts())).toBe(LIVE + 1 + (c > CYCLES / 2 ? 1 : 0));
            if (c === CYCLES / 2) {
                const full = await stateOf(f.blockchain, f.registry.address);
                const honestReg = await f.registry.sendRegisterWorker(honest.getSender(), {
                    value: registerValue,
                    stake: MIN_STAKE,
                    payout: honest.address,
                });
                expect(honestReg.transactions).toHaveTransaction({
                    from: honest.address,
                    to: f.registry.address,
                    success: true,
                    exitCode: 0,
                });
                expect(await f.registry.getMemberWorkers(honest.address)).toEqual([index + 1]);
                // both slots taken: live records = capacity exactly
                expect(liveOf(await f.registry.getCounts())).toBe((await f.registry.getParams()).capacity);
                honestCells = (await cells()) - Number(cellStats(full.data).cells);
                // both slots taken: a third registration is refused
                const third = f.members[W.withdrawn];
                const b = await stateOf(f.blockchain, f.registry.address);
                const refused = await f.registry.sendRegisterWorker(third.getSender(), {
                    value: registerValue,
                    stake: MIN_STAKE,
                    payout: third.address,
                });
                await expectRejected(f.blockchain, refused, {
                    from: third.address,
                    to: f.registry.address,
                    exitCode: RegistryError.capacityReached,
                    before: b,
                });
            }
            // exit from pending: the pool never heard of the worker, so neither step sends a worker_sync
            const exitValue = f.fees.required('requestExit', 0);
            const beforeExit = await stateOf(f.blockchain, f.registry.address);
            const exit = await f.registry.sendRequestExit(attacker.getSender(), {
                value: exitValue,
                workerIndex: index,
                queryId: qid,
            });
            await expectAccepted(f, exit, {
                handler: 'requestExit',
                from: attacker.address,
                msgValue: exitValue,
                queryId: qid,
                before: beforeExit,
            });
            f.blockchain.now = (f.blockchain.now ?? START_TIME) + COOLDOWN;
            const withdrawValue = f.fees.required('withdrawStake', 0);
            const beforeWithdraw = await stateOf(f.blockchain, f.registry.address);
            const w = await f.registry.sendWithdrawStake(attacker.getSender(), {
                value: withdrawValue,
                workerIndex: index,
                queryId: qid,
            });
            // the whole stake back, plus exactly what the fees left of the value
            await expectAccepted(f, w, {
                handler: 'withdrawStake',
                from: attacker.address,
                msgValue: withdrawValue,
                queryId: qid,
                before: beforeWithdraw,
                kept: -MIN_STAKE,
                stakeWithdrawnFor: index,
            });
            expect(await f.registry.getWorker(index)).toBeNull();
            expect(liveOf(await f.registry.getCounts())).toBe(LIVE + (c >= CYCLES / 2 ? 1 : 0));
            expect(await cells()).toBe(baseline + (c >= CYCLES / 2 ? honestCells : 0));
            costs.push(start - (await attacker.getBalance()));
        }
        expect(honestCells).toBe(4);
        expect(await f.registry.getCounts()).toEqual({
            ...counts,
            nextIndex: RECORDS + CYCLES + 1,
            pending: counts.pending + 1,
            totalStake: counts.totalStake + MIN_STAKE,
        });
        const perCycle = costs.reduce((a, b) => a + b, 0n) / BigInt(CYCLES);
        process.stdout.write(
            `\nWorkerRegistry burn attempt (${prices}): ${CYCLES} cycles, ${perCycle} nanoton per cycle; data cells ${baseline} before, ${await cells()} after (+${honestCells} for the honest member)\n`,
        );
    });
});

describe('index space', () => {
    // Indices are never reused, so the last one must be handed out once and then refused by name,
    // not by a cell overflow. Property: at next_index = 2^32 - 2 one registration takes index
    // 2^32 - 2, the next is rejected with 327 though capacity is free, state unchanged.
    it('[STO-110] the last assignable index 2^32 - 2 is assigned once, then registration is rejected with index_space_exhausted', async () => {
        const f = await setupRegistry({
            members: MEMBERS,
            workers: standardWorkers,
            config: { nextIndex: 0xfffffffe },
        });
        const value = MIN_STAKE + f.fees.required('registerWorker', 0) * 2n;
        const m = f.members[FREE_MEMBER];
        const last = await f.registry.sendRegisterWorker(m.getSender(), { value, stake: MIN_STAKE, payout: m.address });
        expect(last.transactions).toHaveTransaction({
            from: m.address,
            to: f.registry.address,
            success: true,
            exitCode: 0,
        });
        expect(await f.registry.getMemberWorkers(m.address)).toEqual([0xfffffffe]);
        expect((await f.registry.getCounts()).nextIndex).toBe(0xffffffff);
        const b = await stateOf(f.blockchain, f.registry.address);
        const over = await f.registry.sendRegisterWorker(f.stranger.getSender(), {
            value,
            stake: MIN_STAKE,
            payout: f.stranger.address,
        });
        await expectRejected(f.blockchain, over, {
            from: f.stranger.address,
            to: f.registry.address,
            exitCode: RegistryError.indexSpaceExhausted,
            before: b,
        });
    });
});
