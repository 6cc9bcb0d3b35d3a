/**
 * Attributed revenue in a test: workers' earnings contracts (the real EarningsAddress code the pool
 * was deployed with) paid as a Cocoon proxy pays them, the pool's credit transaction, and pay_owed
 * runs read back (payouts sent, the report to the caller).
 */
import { Address, beginCell, Cell } from '@ton/core';
import { BlockchainTransaction, SandboxContract, SendMessageResult, TreasuryContract } from '@ton/sandbox';
import { EarningsAddress, sweepValue } from '../../wrappers/EarningsAddress';
import { parseAttributedPayout, parsePayOwedExcesses, PoolOp } from '../../wrappers/PoolPayout';
import { SharedOp } from '../../wrappers/shared';
import { PoolFixture, poolEarningsCode } from './pool-fixture';

/** Worker `workerIndex`'s earnings contract of the fixture's pool (opened, not necessarily deployed). */
export async function earningsOf(f: PoolFixture, workerIndex: number): Promise<SandboxContract<EarningsAddress>> {
    return f.blockchain.openContract(
        EarningsAddress.createFromConfig({ pool: f.pool.address, workerIndex }, await poolEarningsCode()),
    );
}

/** Deploys the earnings contracts of `indexes` (an empty sweep with the StateInit: nothing reaches the pool). */
export async function deployEarnings(f: PoolFixture, indexes: readonly number[]): Promise<void> {
    const deployer = await f.blockchain.treasury('earnings-deployer');
    for (const i of indexes) {
        const e = await earningsOf(f, i);
        await e.sendDeploy(deployer.getSender(), { value: sweepValue(f.fees()) });
        const state = await f.blockchain.getContract(e.address);
        if (state.accountState?.type !== 'active')
            throw new Error(`deployEarnings: worker ${i}'s earnings contract is ${state.accountState?.type}`);
    }
}

function opOf(body: Cell): number | undefined {
    const s = body.beginParse();
    return s.remainingBits >= 32 ? s.preloadUint(32) : undefined;
}

export interface AttributedCredit {
    result: SendMessageResult;
    /** The pool's transaction of the forwarded attributed_revenue. */
    tx: BlockchainTransaction;
    /** Its inbound value: what the earnings contract forwarded. */
    value: bigint;
}

/** The pool's attributed_revenue transactions of a cascade. */
export function attributedCredits(pool: Address, result: SendMessageResult): BlockchainTransaction[] {
    return result.transactions.filter(
        (t) =>
            t.inMessage?.info.type === 'internal' &&
            t.inMessage.info.dest.equals(pool) &&
            !t.inMessage.info.bounced &&
            opOf(t.inMessage.body) === SharedOp.attributedRevenue,
    );
}

/** A Cocoon proxy's payout of `value` to worker `workerIndex`'s earnings contract, forwarded to the pool. */
export async function payEarnings(
    f: PoolFixture,
    workerIndex: number,
    value: bigint,
    via?: SandboxContract<TreasuryContract>,
): Promise<AttributedCredit> {
    const proxy = via ?? (await f.blockchain.treasury('cocoon-proxy'));
    const e = await earningsOf(f, workerIndex);
    const result = await e.sendCocoonPayout(proxy.getSender(), { value, queryId: 7n });
    const txs = attributedCredits(f.pool.address, result);
    if (txs.length !== 1) throw new Error(`payEarnings: ${txs.length} attributed_revenue transactions at the pool`);
    const tx = txs[0];
    return { result, tx, value: tx.inMessage!.info.type === 'internal' ? tx.inMessage!.info.value.coins : 0n };
}

/** attributed_revenue#53d8636a query_id:uint64 worker_index:uint32, built raw from the TL-B (for forgeries). */
export function rawAttributedRevenue(workerIndex: number, queryId = 0n): Cell {
    return beginCell().storeUint(0x53d8636a, 32).storeUint(queryId, 64).storeUint(workerIndex, 32).endCell();
}

/** pay_owed#f95ec6ee query_id:uint64 count:uint16 workers:^WorkerList, built raw (one cell of <= 31 indexes). */
export function rawPayOwed(workers: readonly number[], queryId = 0n, count = workers.length): Cell {
    const list = beginCell();
    for (const i of workers) list.storeUint(i, 32);
    return beginCell()
        .storeUint(0xf95ec6ee, 32)
        .storeUint(queryId, 64)
        .storeUint(count, 16)
        .storeRef(list.endCell())
        .endCell();
}

export interface OwedRun {
    result: SendMessageResult;
    /** The pool's transactions of the request and its continuations. */
    poolTxs: BlockchainTransaction[];
    /** attributed_payout messages sent, in order. */
    payouts: { to: Address; workerIndex: number; amount: bigint; value: bigint; bounce: boolean }[];
    report?: ReturnType<typeof parsePayOwedExcesses> & { value: bigint };
}

export function readPayOwed(pool: Address, caller: Address, result: SendMessageResult): OwedRun {
    const poolTxs = result.transactions.filter(
        (t) => t.inMessage?.info.type === 'internal' && t.inMessage.info.dest.equals(pool) && !t.inMessage.info.bounced,
    );
    const payouts: OwedRun['payouts'] = [];
    let report: OwedRun['report'];
    for (const tx of poolTxs) {
        for (const m of tx.outMessages.values()) {
            if (m.info.type !== 'internal') continue;
            const op = opOf(m.body);
            if (op === PoolOp.attributedPayout) {
                const p = parseAttributedPayout(m.body);
                payouts.push({
                    to: m.info.dest,
                    workerIndex: p.workerIndex,
                    amount: p.amount,
                    value: m.info.value.coins,
                    bounce: m.info.bounce,
                });
            } else if (m.info.dest.equals(caller) && op === SharedOp.excesses) {
                report = { ...parsePayOwedExcesses(m.body), value: m.info.value.coins };
            }
        }
    }
    return { result, poolTxs, payouts, report };
}

export async function sendPayOwed(
    f: PoolFixture,
    workers: readonly number[],
    o: { value?: bigint; queryId?: bigint; via?: SandboxContract<TreasuryContract> } = {},
): Promise<OwedRun> {
    const via = o.via ?? f.stranger;
    const value = o.value ?? (await f.pool.getPayOwedValue(workers.length));
    const result = await f.pool.sendPayOwed(via.getSender(), { value, queryId: o.queryId ?? 1n, workers });
    return readPayOwed(f.pool.address, via.address, result);
}
