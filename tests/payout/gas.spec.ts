/**
 * Gas of every PoolPayout handler against its named bound (contracts/pool/gas.fc, mirrored in
 * PoolGas), measured with ledgers of 10, 1,000 and 10,000 workers. A handler that outgrows its
 * bound fails here; the table is printed through the one GasReport.
 */
import { Address, beginCell, Cell, toNano } from '@ton/core';
import { internal } from '@ton/sandbox';
import { GasReport } from '../../toolkit/chain/gas-report';
import { exitCode, gasUsed } from '../../toolkit/chain/transactions';
import { earningsAddressOf } from '../../wrappers/EarningsAddress';
import {
    attributedPayoutBody,
    bookedAttributed,
    bookedRevenue,
    PoolGas,
    PoolLimits,
    poolPayoutBody,
} from '../../wrappers/PoolPayout';
import { rawWorkerSync, rawWorkerSyncV1 } from '../../audits/harness/pool-raw';
import { rawAttributedRevenue, sendPayOwed } from '../../audits/harness/attributed';
import { funcConstant } from '../../audits/tools/func-sources';
import { sendBatch } from '../helpers/pool-batch';
import {
    POOL_COMMISSION_BPS,
    POOL_RESERVE,
    PoolFixture,
    poolEarningsCode,
    setupPool,
} from '../../audits/harness/pool-fixture';

const TON = toNano('1');
const report = new GasReport('PoolPayout gas per handler (bound: contracts/pool/gas.fc)');
const WORKER_SYNC_BOUND = funcConstant('contracts/common/gas.fc', 'gas::pool_worker_sync');
afterAll(() => report.print());

/** Every worker has an attributed balance: the owed dict is as large as the ledger (its worst case). */
const OWED = toNano('0.1');

describe.each([10, 1000, 10000])('PoolPayout gas with %i workers', (workers) => {
    let f: PoolFixture;
    beforeAll(async () => {
        const owed = new Map(Array.from({ length: workers }, (_, i): [number, bigint] => [i, OWED]));
        f = await setupPool({
            workers,
            recipients: Math.min(workers, 260),
            // every worker is paid to a deployed wallet: no payout bounces back into a 10,000-worker account
            ledger: (r) =>
                Array.from({ length: workers }, (_, i) => ({ index: i, payout: r[i % r.length], active: true })),
            revenue: 100_000n * TON,
            reserve: POOL_RESERVE + BigInt(workers) * OWED,
            config: { owed, attributed: { revenue: BigInt(workers) * OWED } },
        });
    });
    beforeEach(async () => {
        await f.blockchain.loadFrom(f.snapshot);
    });
    const scenario = `${workers} workers`;

    // Receiving revenue costs at most gas::revenue, which is what the pool books as its receipt fee:
    // a Cocoon payout, and every other form revenue takes (a plain transfer, a text comment, an
    // unknown op, which go through the request dispatch first), so none of them draws on the reserve.
    it(`[GAS-204] revenue stays within gas::revenue (${workers} workers)`, async () => {
        const r = await f.pool.sendCocoonPayout(f.stranger.getSender(), { value: TON });
        const gas = gasUsed(r.transactions[1]);
        report.record('revenue', scenario, gas, PoolGas.revenue);
        expect(gas).toBeLessThanOrEqual(PoolGas.revenue);
        const others = [
            ['plain transfer', beginCell().endCell()],
            ['text comment', beginCell().storeUint(0, 32).storeStringTail('GPU pool revenue').endCell()],
            ['unknown op', beginCell().storeUint(0x7e57c0de, 32).storeUint(1, 64).endCell()],
        ] as const;
        for (const [label, body] of others) {
            await f.blockchain.loadFrom(f.snapshot);
            const before = await f.pool.getTotals();
            const other = await f.stranger.send({ to: f.pool.address, value: TON, body });
            const otherGas = gasUsed(other.transactions[1]);
            report.record('revenue', `${scenario}, ${label}`, otherGas, PoolGas.revenue);
            expect(otherGas).toBeLessThanOrEqual(PoolGas.revenue);
            // booked to the nanoton: value - receipt fee, commission rounded down
            const booked = bookedRevenue(f.fees(), TON, POOL_COMMISSION_BPS);
            const after = await f.pool.getTotals();
            expect(after.revenue - before.revenue).toBe(booked.revenue);
            expect(after.commissionAccrued - before.commissionAccrued).toBe(booked.commission);
        }
    });

    // worker_sync (the registry pays get_compute_fee(gas::pool_worker_sync) for it): a new worker
    // in a new page, an update of an existing one, its withdrawal (with its address, and with the
    // zero address of a resync, which keeps the stored one), a later sync of the withdrawn worker
    // (terminal: nothing written), and the legacy worker_sync_v1.
    it(`[GAS-205] worker_sync stays within gas::pool_worker_sync (${workers} workers)`, async () => {
        const last = workers - 1;
        const payout = f.recipients[0].address;
        const zero = new Address(0, Buffer.alloc(32));
        const steps: [string, Cell, boolean][] = [
            ['new page', rawWorkerSync(20000, payout, true, 1n), true],
            ['existing worker', rawWorkerSync(last, payout, true, 1n), false],
            ['withdrawal', rawWorkerSync(last, payout, false, 1n, true), false],
            ['withdrawn worker, ignored', rawWorkerSync(last, payout, true, 1n), false],
            ['withdrawal with the zero address', rawWorkerSync(last - 1, zero, false, 1n, true), false],
            ['legacy worker_sync_v1', rawWorkerSyncV1(last - 2, payout, false, 1n), false],
        ];
        for (const [label, body, fresh] of steps) {
            if (fresh) await f.blockchain.loadFrom(f.snapshot);
            const r = await f.registry.send({ to: f.pool.address, value: toNano('0.05'), body });
            expect(exitCode(r.transactions[1])).toBe(0);
            const gas = gasUsed(r.transactions[1]);
            report.record('worker_sync', `${scenario}, ${label}`, gas, WORKER_SYNC_BOUND);
            expect(gas).toBeLessThanOrEqual(Number(WORKER_SYNC_BOUND));
        }
        expect(await f.pool.getWorker(last)).toMatchObject({
            known: true,
            active: false,
            withdrawn: true,
            held: false,
        });
        expect(
            (await f.pool.getWorker(last - 1)).payout?.equals(
                f.config.workers!.find((w) => w.index === last - 1)!.payout,
            ),
        ).toBe(true);
    });

    // A batch costs at most gas::payout_chunk per transaction plus gas::payout_entry per entry,
    // in the worst layout (every entry in its own page) and in the dense one; so get_batch_value,
    // built from the same constants, always covers it.
    it(`[GAS-206] batches stay within gas::payout_chunk + entries x gas::payout_entry (${workers} workers)`, async () => {
        const sparse = Array.from(
            { length: Math.min(PoolLimits.entriesPerChunkMin, Math.ceil(workers / PoolLimits.pageSize)) },
            (_, i) => ({
                workerIndex: i * PoolLimits.pageSize,
                cumulative: TON,
            }),
        );
        const dense = Array.from({ length: Math.min(workers, 252) }, (_, i) => ({ workerIndex: i, cumulative: TON }));
        for (const [label, entries] of [
            ['one entry', dense.slice(0, 1)],
            ['sparse, one per page', sparse],
            ['dense', dense],
        ] as const) {
            await f.blockchain.loadFrom(f.snapshot);
            const run = await sendBatch(f, [...entries]);
            expect(run.poolTxs.length).toBe(1);
            const gas = gasUsed(run.poolTxs[0]);
            const bound = PoolGas.payoutChunk + entries.length * PoolGas.payoutEntry;
            report.record('payout_batch', `${scenario}, ${label} (${entries.length})`, gas, bound);
            expect(gas).toBeLessThanOrEqual(bound);
            if (label === 'one entry') {
                report.record(
                    'payout_batch overhead',
                    `${scenario}, one entry`,
                    gas,
                    PoolGas.payoutChunk + PoolGas.payoutEntry,
                );
            }
        }
    });

    // A bounced payout is credited within gas::bounce.
    it(`[GAS-207] a bounced payout stays within gas::bounce (${workers} workers)`, async () => {
        await sendBatch(f, [{ workerIndex: workers - 1, cumulative: TON }]);
        const body = beginCell()
            .storeUint(0xffffffff, 32)
            .storeSlice(poolPayoutBody({ queryId: 1n, workerIndex: workers - 1, amount: TON }).beginParse())
            .endCell();
        const r = await f.blockchain.sendMessage(
            internal({
                from: f.recipients[0].address,
                to: f.pool.address,
                value: TON,
                bounced: true,
                bounce: false,
                body,
            }),
        );
        const gas = gasUsed(r.transactions[0]);
        expect((await f.pool.getWorker(workers - 1)).bounces).toBe(1);
        report.record('bounce', scenario, gas, PoolGas.bounce);
        expect(gas).toBeLessThanOrEqual(PoolGas.bounce);
    });

    // Owner ops: withdrawal within gas::withdraw_commission, the rest within gas::owner_op.
    it(`[GAS-208] owner ops stay within gas::withdraw_commission and gas::owner_op (${workers} workers)`, async () => {
        const held = (await f.pool.getTotals()).commissionHeld;
        const w = await f.pool.sendWithdrawCommission(f.owner.getSender(), { value: TON, amount: held });
        const wg = gasUsed(w.transactions[1]);
        report.record('withdraw_commission', scenario, wg, PoolGas.withdrawCommission);
        expect(wg).toBeLessThanOrEqual(PoolGas.withdrawCommission);
        const ops: [string, () => Promise<{ transactions: unknown[] }>][] = [
            [
                'set_params',
                () =>
                    f.pool.sendSetParams(f.owner.getSender(), {
                        value: TON,
                        commissionBps: 100,
                        minPayout: 1n,
                        periodCap: TON,
                        periodLength: 10,
                    }),
            ],
            [
                'set_operator',
                () => f.pool.sendSetOperator(f.owner.getSender(), { value: TON, operator: f.stranger.address }),
            ],
            ['set_paused', () => f.pool.sendSetPaused(f.owner.getSender(), { value: TON, paused: true })],
            [
                'transfer_ownership',
                () => f.pool.sendTransferOwnership(f.owner.getSender(), { value: TON, newOwner: f.stranger.address }),
            ],
            ['claim_ownership', () => f.pool.sendClaimOwnership(f.stranger.getSender(), { value: TON })],
            ['upgrade_code', () => f.pool.sendUpgradeCode(f.stranger.getSender(), { value: TON, code: f.code })],
        ];
        for (const [name, send] of ops) {
            const r = (await send()) as Awaited<ReturnType<typeof f.pool.sendSetPaused>> & {
                transactions: Parameters<typeof gasUsed>[0][];
            };
            expect(exitCode(r.transactions[1])).toBe(0);
            const gas = gasUsed(r.transactions[1]);
            report.record(name, scenario, gas, PoolGas.ownerOp);
            expect(gas).toBeLessThanOrEqual(PoolGas.ownerOp);
        }
    });

    // The attributed credit: the earnings address recomputed and the worker's entry in a dict as
    // large as the ledger rewritten, within gas::attributed_revenue, which is the receipt fee the
    // pool keeps; a forged one (authentication fails) costs no more and is booked net of the same fee.
    it(`[GAS-660] the attributed credit stays within gas::attributed_revenue (${workers} workers)`, async () => {
        const code = await poolEarningsCode();
        for (const [label, index] of [
            ['existing entry', workers - 1],
            ['new entry', workers + 5000],
        ] as const) {
            await f.blockchain.loadFrom(f.snapshot);
            const from = earningsAddressOf({ pool: f.pool.address, workerIndex: index }, code);
            const before = await f.pool.getAttributedOwed(index);
            const r = await f.blockchain.sendMessage(
                internal({ from, to: f.pool.address, value: TON, bounce: true, body: rawAttributedRevenue(index) }),
            );
            expect(exitCode(r.transactions[0])).toBe(0);
            expect(await f.pool.getAttributedOwed(index)).toBe(
                before + bookedAttributed(f.fees(), TON, POOL_COMMISSION_BPS).owed,
            );
            const gas = gasUsed(r.transactions[0]);
            report.record('attributed_revenue', `${scenario}, ${label}`, gas, PoolGas.attributedRevenue);
            expect(gas).toBeLessThanOrEqual(PoolGas.attributedRevenue);
        }
        await f.blockchain.loadFrom(f.snapshot);
        const forged = await f.stranger.send({
            to: f.pool.address,
            value: TON,
            body: rawAttributedRevenue(workers - 1),
        });
        const fg = gasUsed(forged.transactions[1]);
        report.record('attributed_revenue', `${scenario}, forged`, fg, PoolGas.attributedRevenue);
        expect(fg).toBeLessThanOrEqual(PoolGas.attributedRevenue);
    });

    // pay_owed costs at most gas::pay_owed_chunk per transaction plus gas::pay_owed_entry per entry,
    // each entry a delete in a dict as large as the ledger, in the sparse layout (one worker per
    // ledger page) and the dense one; get_pay_owed_value, built from the same constants, covers it.
    it(`[GAS-661] pay_owed stays within gas::pay_owed_chunk + entries x gas::pay_owed_entry (${workers} workers)`, async () => {
        const sparse = Array.from(
            { length: Math.min(PoolLimits.owedPerChunkMin, Math.ceil(workers / PoolLimits.pageSize)) },
            (_, i) => i * PoolLimits.pageSize,
        );
        const dense = Array.from({ length: Math.min(workers, PoolLimits.owedPerChunkMin) }, (_, i) => workers - 1 - i);
        for (const [label, list] of [
            ['one entry', dense.slice(0, 1)],
            ['sparse, one per page', sparse],
            ['dense', dense],
        ] as const) {
            await f.blockchain.loadFrom(f.snapshot);
            const run = await sendPayOwed(f, [...list]);
            expect(run.poolTxs.length).toBe(1);
            expect(run.payouts.length).toBe(list.length);
            const gas = gasUsed(run.poolTxs[0]);
            const bound = PoolGas.payOwedChunk + list.length * PoolGas.payOwedEntry;
            report.record('pay_owed', `${scenario}, ${label} (${list.length})`, gas, bound);
            expect(gas).toBeLessThanOrEqual(bound);
        }
        // withdrawn workers (their records in state 01, paid to the account last synced)
        for (const [label, list] of [
            ['withdrawn, one entry', dense.slice(0, 1)],
            ['withdrawn, dense', dense],
        ] as const) {
            await f.blockchain.loadFrom(f.snapshot);
            for (const i of list) {
                const w = f.config.workers!.find((x) => x.index === i)!;
                await f.registry.send({
                    to: f.pool.address,
                    value: toNano('0.05'),
                    body: rawWorkerSync(i, w.payout, false, 1n, true),
                });
            }
            const run = await sendPayOwed(f, [...list]);
            expect(run.poolTxs.length).toBe(1);
            expect(run.payouts.length).toBe(list.length);
            const gas = gasUsed(run.poolTxs[0]);
            const bound = PoolGas.payOwedChunk + list.length * PoolGas.payOwedEntry;
            report.record('pay_owed', `${scenario}, ${label} (${list.length})`, gas, bound);
            expect(gas).toBeLessThanOrEqual(bound);
        }
    });

    // A bounced attributed payout: the owed entry re-created in a dict as large as the ledger and
    // the bounce counted in the ledger, within gas::attributed_bounce, which the bounced value pays.
    it(`[GAS-662] a bounced attributed payout stays within gas::attributed_bounce (${workers} workers)`, async () => {
        const index = workers - 1;
        await sendPayOwed(f, [index]);
        expect(await f.pool.getAttributedOwed(index)).toBe(0n);
        const body = beginCell()
            .storeUint(0xffffffff, 32)
            .storeSlice(attributedPayoutBody({ queryId: 1n, workerIndex: index, amount: OWED }).beginParse())
            .endCell();
        const r = await f.blockchain.sendMessage(
            internal({
                from: f.recipients[0].address,
                to: f.pool.address,
                value: OWED,
                bounced: true,
                bounce: false,
                body,
            }),
        );
        expect(exitCode(r.transactions[0])).toBe(0);
        expect(await f.pool.getAttributedOwed(index)).toBe(OWED - f.fees().compute(PoolGas.attributedBounce));
        expect((await f.pool.getWorker(index)).bounces).toBe(1);
        const gas = gasUsed(r.transactions[0]);
        report.record('attributed bounce', scenario, gas, PoolGas.attributedBounce);
        expect(gas).toBeLessThanOrEqual(PoolGas.attributedBounce);
    });
});
