/**
 * EarningsAddress: one contract per (pool, worker index), the `owner_address` of a member's Cocoon
 * node. Its address is derived from the StateInit (like a jetton wallet): `earningsAddressOf`
 * gives it without any chain access. Spec: contracts/earnings/earnings_address.tlb.
 */
import { Address, beginCell, Cell, Contract, contractAddress, ContractProvider, Sender, SendMode } from '@ton/core';
import { EarningsGas, EarningsLimits, EarningsOp } from './EarningsConstants';
import { cocoonPayoutBody, expectOp, FeeFormulas } from './shared';

export * from './EarningsConstants';

export interface EarningsAddressConfig {
    /** The PoolPayout the earnings are forwarded to (basechain). */
    pool: Address;
    /** The worker's index in the registry and the pool's ledger. */
    workerIndex: number;
}

/** earnings_data$_ pool:MsgAddressInt worker_index:uint32 = EarningsData; */
export function earningsConfigToCell(c: EarningsAddressConfig): Cell {
    if (c.pool.workChain !== 0) throw new Error(`EarningsAddress: pool ${c.pool} is not on the basechain`);
    if (!Number.isInteger(c.workerIndex) || c.workerIndex < 0 || c.workerIndex > 0xffffffff) {
        throw new Error(`EarningsAddress: worker index ${c.workerIndex} is not a uint32`);
    }
    return beginCell().storeAddress(c.pool).storeUint(c.workerIndex, 32).endCell();
}

export function parseEarningsData(data: Cell): EarningsAddressConfig {
    const s = data.beginParse();
    const c = { pool: s.loadAddress(), workerIndex: s.loadUint(32) };
    s.endParse();
    return c;
}

/** The StateInit of worker `workerIndex`'s earnings address under `pool`. */
export function earningsStateInit(c: EarningsAddressConfig, code: Cell): { code: Cell; data: Cell } {
    return { code, data: earningsConfigToCell(c) };
}

/** The earnings address of worker `workerIndex` of `pool`: what goes into the node's worker.conf. */
export function earningsAddressOf(c: EarningsAddressConfig, code: Cell, workchain = 0): Address {
    return contractAddress(workchain, earningsStateInit(c, code));
}

// ---------------------------------------------------------------- messages

/** earnings_sweep#93fb27dc query_id:uint64 */
export function earningsSweepBody(queryId = 0n): Cell {
    return beginCell().storeUint(EarningsOp.earningsSweep, 32).storeUint(queryId, 64).endCell();
}

export function parseEarningsSweep(body: Cell): { queryId: bigint } {
    const s = body.beginParse();
    expectOp(s, EarningsOp.earningsSweep, 'earnings_sweep');
    const m = { queryId: s.loadUintBig(64) };
    s.endParse();
    return m;
}

// ---------------------------------------------------------------- fees (contracts/earnings/fees.fc)

/** One forward: the contract's compute bound and the inline attributed_revenue message. */
export function forwardCost(fees: FeeFormulas): bigint {
    return fees.compute(EarningsGas.forward) + fees.forward(0, 0);
}

/** The balance at which received revenue is forwarded (get_forward_threshold). */
export function forwardThreshold(fees: FeeFormulas): bigint {
    return BigInt(EarningsLimits.forwardCostMultiple) * forwardCost(fees);
}

/** What a sweep must carry (get_sweep_value). */
export function sweepValue(fees: FeeFormulas): bigint {
    return fees.compute(EarningsGas.sweep) + 2n * fees.forward(0, 0);
}

// ---------------------------------------------------------------- contract

export interface EarningsState {
    pool: Address;
    workerIndex: number;
}

export class EarningsAddress implements Contract {
    constructor(
        readonly address: Address,
        readonly init?: { code: Cell; data: Cell },
    ) {}

    static createFromAddress(address: Address) {
        return new EarningsAddress(address);
    }

    static createFromConfig(config: EarningsAddressConfig, code: Cell, workchain = 0) {
        const init = earningsStateInit(config, code);
        return new EarningsAddress(contractAddress(workchain, init), init);
    }

    /**
     * Deploys (a sweep carrying the StateInit): anything that arrived before deployment is
     * forwarded, and the rest of `value` comes back. Anyone may deploy; the address fixes the code.
     */
    async sendDeploy(provider: ContractProvider, via: Sender, o: { value: bigint; queryId?: bigint }) {
        await this.sendSweep(provider, via, o);
    }

    /** Forwards what accumulated; `value` >= get_sweep_value(), the rest returns as excesses. */
    async sendSweep(provider: ContractProvider, via: Sender, o: { value: bigint; queryId?: bigint }) {
        await provider.internal(via, {
            value: o.value,
            sendMode: SendMode.PAY_GAS_SEPARATELY,
            body: earningsSweepBody(o.queryId),
        });
    }

    /** Revenue as a Cocoon proxy sends it: cocoon_payout, non-bounceable. */
    async sendCocoonPayout(provider: ContractProvider, via: Sender, o: { value: bigint; queryId?: bigint }) {
        await provider.internal(via, {
            value: o.value,
            bounce: false,
            sendMode: SendMode.PAY_GAS_SEPARATELY,
            body: cocoonPayoutBody(o.queryId ?? 0n),
        });
    }

    async getEarningsData(provider: ContractProvider): Promise<EarningsState> {
        const r = (await provider.get('get_earnings_data', [])).stack;
        return { pool: r.readAddress(), workerIndex: r.readNumber() };
    }

    async getForwardThreshold(provider: ContractProvider): Promise<bigint> {
        return (await provider.get('get_forward_threshold', [])).stack.readBigNumber();
    }

    async getSweepValue(provider: ContractProvider): Promise<bigint> {
        return (await provider.get('get_sweep_value', [])).stack.readBigNumber();
    }
}
