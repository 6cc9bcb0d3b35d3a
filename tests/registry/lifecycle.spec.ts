/**
 * One worker through its whole life — register, approve, payout change, suspend, reinstate,
 * partial slash, exit, withdraw — with the books checked after every step: the registry's
 * balance is the surplus plus the stakes it holds (less storage fees), total_stake is the sum
 * of the records' stakes, and the status counters match the records.
 */
import { Address } from '@ton/core';
import { findTransactionRequired } from '@ton/test-utils';
import { storageFees } from '../../toolkit/chain/transactions';
import { WorkerStatus } from '../../wrappers/RegistryConstants';
import { RegistryHandler, WorkerRecord } from '../../wrappers/WorkerRegistry';
import { COOLDOWN, MIN_STAKE, RegistryFixture, setupRegistry, START_TIME } from '../helpers/registry-fixture';
import { stateOf } from '../../audits/harness/state';

let f: RegistryFixture;
beforeAll(async () => {
    f = await setupRegistry({ members: 3 });
});

/** The live records, through get_worker over every index ever assigned. */
async function records(): Promise<WorkerRecord[]> {
    const out: WorkerRecord[] = [];
    const { nextIndex } = await f.registry.getCounts();
    for (let i = 0; i < nextIndex; i++) {
        const w = await f.registry.getWorker(i);
        if (w) out.push(w);
    }
    return out;
}

describe('lifecycle', () => {
    // Fees are paid by the attached value only: if any handler dipped into the balance, the
    // surplus + stakes identity would break at that step.
    it('[FIN-101] through every handler, balance = surplus + stakes held - storage fees, and total_stake = sum of stakes', async () => {
        const [a, b, c] = f.members;
        let registered = 0;
        let storagePaid = 0n;
        let step = 0;
        // the surplus: what the deployment left (its value less the deploy's own compute fee)
        const surplus = (await stateOf(f.blockchain, f.registry.address)).balance;
        const v = (h: RegistryHandler) => f.fees.required(h, 1, 1) * 3n;
        const run = async (
            from: Address,
            send: () => Promise<{ transactions: Parameters<typeof findTransactionRequired>[0] }>,
            registers = false,
        ) => {
            const r = await send();
            if (registers) registered++;
            const tx = findTransactionRequired(r.transactions, {
                from,
                to: f.registry.address,
                success: true,
                exitCode: 0,
            });
            storagePaid += storageFees(tx);
            step++;
            const recs = await records();
            const held = recs.reduce((s, w) => s + w.stake, 0n);
            const counts = await f.registry.getCounts();
            expect({ step, totalStake: counts.totalStake }).toEqual({ step, totalStake: held });
            expect({ step, balance: (await stateOf(f.blockchain, f.registry.address)).balance }).toEqual({
                step,
                balance: surplus + held - storagePaid,
            });
            const count = (s: number) => recs.filter((w) => w.status === s).length;
            expect({ step, ...counts, totalStake: 0n }).toEqual({
                step,
                nextIndex: registered,
                pending: count(WorkerStatus.pending),
                active: count(WorkerStatus.active),
                suspended: count(WorkerStatus.suspended),
                exited: count(WorkerStatus.exited),
                totalStake: 0n,
            });
        };
        await run(
            a.address,
            () =>
                f.registry.sendRegisterWorker(a.getSender(), {
                    value: MIN_STAKE * 2n + v('registerWorker'),
                    stake: MIN_STAKE * 2n,
                    payout: a.address,
                }),
            true,
        );
        await run(
            b.address,
            () =>
                f.registry.sendRegisterWorker(b.getSender(), {
                    value: MIN_STAKE + v('registerWorker'),
                    stake: MIN_STAKE,
                    payout: b.address,
                }),
            true,
        );
        await run(f.operator.address, () =>
            f.registry.sendApproveWorker(f.operator.getSender(), { value: v('approveWorker'), workerIndex: 0 }),
        );
        await run(a.address, () =>
            f.registry.sendChangePayout(a.getSender(), {
                value: v('changePayout'),
                workerIndex: 0,
                payout: f.stranger.address,
            }),
        );
        await run(f.operator.address, () =>
            f.registry.sendSuspendWorker(f.operator.getSender(), { value: v('suspendWorker'), workerIndex: 0 }),
        );
        await run(f.operator.address, () =>
            f.registry.sendReinstateWorker(f.operator.getSender(), { value: v('reinstateWorker'), workerIndex: 0 }),
        );
        await run(f.operator.address, () =>
            f.registry.sendSetWeight(f.operator.getSender(), { value: v('setWeight'), workerIndex: 0, weight: 4 }),
        );
        await run(f.owner.address, () =>
            f.registry.sendSlashStake(f.owner.getSender(), {
                value: v('slashStake'),
                workerIndex: 0,
                amount: MIN_STAKE / 2n,
            }),
        );
        await run(f.operator.address, () =>
            f.registry.sendReinstateWorker(f.operator.getSender(), { value: v('reinstateWorker'), workerIndex: 0 }),
        );
        await run(a.address, () =>
            f.registry.sendRequestExit(a.getSender(), { value: v('requestExit'), workerIndex: 0 }),
        );
        await run(b.address, () =>
            f.registry.sendRequestExit(b.getSender(), { value: v('requestExit'), workerIndex: 1 }),
        );
        f.blockchain.now = START_TIME + COOLDOWN;
        await run(a.address, () =>
            f.registry.sendWithdrawStake(a.getSender(), { value: v('withdrawStake'), workerIndex: 0 }),
        );
        await run(b.address, () =>
            f.registry.sendWithdrawStake(b.getSender(), { value: v('withdrawStake'), workerIndex: 1 }),
        );
        await run(
            c.address,
            () =>
                f.registry.sendRegisterWorker(c.getSender(), {
                    value: MIN_STAKE + v('registerWorker'),
                    stake: MIN_STAKE,
                    payout: c.address,
                }),
            true,
        );
        await run(f.operator.address, () =>
            f.registry.sendRejectWorker(f.operator.getSender(), { value: v('rejectWorker'), workerIndex: 2 }),
        );
        expect((await f.registry.getCounts()).totalStake).toBe(0n);
        expect(await records()).toEqual([]);
        expect(step).toBe(15);
    });
});
