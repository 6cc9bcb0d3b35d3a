/**
 * WorkerRegistry: typed config and storage codec, a builder per message, a `send…` per op and a
 * `get…` per getter (spec: contracts/registry/worker_registry.tlb).
 */
import {
    Address,
    beginCell,
    Builder,
    Cell,
    Contract,
    contractAddress,
    ContractProvider,
    Dictionary,
    DictionaryValue,
    Sender,
    SendMode,
    Slice,
    TupleBuilder,
} from '@ton/core';
import { RegistryGas, RegistryOp, WorkerStatus } from './RegistryConstants';
import { expectOp, FeeFormulas, parsePendingOwner, pendingOwnerCell, SharedGas, WORKER_SYNC_BODY_BITS } from './shared';

export interface WorkerRecord {
    /** The wallet that registered the worker and controls its record. */
    member: Address;
    payout: Address;
    status: WorkerStatus;
    /** A worker_sync for it was ever sent (it was approved): the pool knows it. */
    synced: boolean;
    stake: bigint;
    weight: number;
    registeredAt: number;
    exitRequestedAt: number;
}

export interface RegistryParams {
    minStake: bigint;
    /** Seconds between an exit request and the stake withdrawal. */
    cooldown: number;
    pool: Address;
    /** Cap on live worker records (at most RegistryLimits.maxCapacity). */
    capacity: number;
    /** Live workers one member wallet may hold. */
    maxPerMember: number;
}

export interface RegistryRoles {
    owner: Address;
    operator: Address;
    /** Nominated by transfer_ownership and not yet claimed (claim_ownership). */
    pendingOwner: Address | null;
}

export interface WorkerRegistryConfig extends RegistryRoles {
    params: RegistryParams;
    paused?: boolean;
    /**
     * Records by index (0, 1, …); null for an index whose record left (stake withdrawn or rejected).
     * next_index is the length, counters, total stake and the member index are derived.
     */
    workers?: (WorkerRecord | null)[];
    /** Indices ever assigned, when more than `workers` lists (the rest left). */
    nextIndex?: number;
    bouncedSyncs?: number;
    bouncedSlashes?: number;
}

/** next_index (indices ever assigned) and the live records per status (exited: stake still here). */
export interface StatusCounts {
    nextIndex: number;
    pending: number;
    active: number;
    suspended: number;
    exited: number;
    totalStake: bigint;
}

/** Everything the storage cell holds, as parsed back. */
export interface WorkerRegistryData extends StatusCounts, RegistryRoles {
    params: RegistryParams;
    paused: boolean;
    bouncedSyncs: number;
    bouncedSlashes: number;
    workers: Map<number, WorkerRecord>;
    /** Member index: member account id -> live worker indices. */
    members: Map<bigint, number[]>;
}

export const WORKER_INDEX_BITS = 32;
export const MEMBER_KEY_BITS = 256;
export const MEMBER_COUNT_BITS = 5;

// ---------------------------------------------------------------------------------------------
// Storage codec

export const workerValue: DictionaryValue<WorkerRecord> = {
    serialize(w: WorkerRecord, b: Builder) {
        b.storeAddress(w.member)
            .storeAddress(w.payout)
            .storeUint(w.status, 2)
            .storeBit(w.synced)
            .storeCoins(w.stake)
            .storeUint(w.weight, 32)
            .storeUint(w.registeredAt, 32)
            .storeUint(w.exitRequestedAt, 32);
    },
    parse(s: Slice): WorkerRecord {
        const w = {
            member: s.loadAddress(),
            payout: s.loadAddress(),
            status: s.loadUint(2) as WorkerStatus,
            synced: s.loadBit(),
            stake: s.loadCoins(),
            weight: s.loadUint(32),
            registeredAt: s.loadUint(32),
            exitRequestedAt: s.loadUint(32),
        };
        s.endParse();
        return w;
    },
};

/** member_workers$_ n:(## 5) indices:(n * uint32): a member's live worker indices. */
export const memberWorkersValue: DictionaryValue<number[]> = {
    serialize(indices: number[], b: Builder) {
        b.storeUint(indices.length, MEMBER_COUNT_BITS);
        for (const i of indices) b.storeUint(i, WORKER_INDEX_BITS);
    },
    parse(s: Slice): number[] {
        const n = s.loadUint(MEMBER_COUNT_BITS);
        const out = Array.from({ length: n }, () => s.loadUint(WORKER_INDEX_BITS));
        s.endParse();
        return out;
    },
};

/** Key of the member index: the member's account id. */
export function memberKey(member: Address): bigint {
    return BigInt('0x' + member.hash.toString('hex'));
}

export function storeRegistryParams(p: RegistryParams) {
    return (b: Builder) =>
        b
            .storeCoins(p.minStake)
            .storeUint(p.cooldown, 32)
            .storeAddress(p.pool)
            .storeUint(p.capacity, 32)
            .storeUint(p.maxPerMember, 8);
}

function loadRegistryParams(s: Slice): RegistryParams {
    return {
        minStake: s.loadCoins(),
        cooldown: s.loadUint(32),
        pool: s.loadAddress(),
        capacity: s.loadUint(32),
        maxPerMember: s.loadUint(8),
    };
}

/** The counters the contract keeps, derived from records (null: an index whose record left). */
export function countWorkers(workers: readonly (WorkerRecord | null)[], nextIndex = workers.length): StatusCounts {
    const c: StatusCounts = { nextIndex, pending: 0, active: 0, suspended: 0, exited: 0, totalStake: 0n };
    for (const w of workers) {
        if (w === null) continue;
        if (w.status === WorkerStatus.pending) c.pending++;
        if (w.status === WorkerStatus.active) c.active++;
        if (w.status === WorkerStatus.suspended) c.suspended++;
        if (w.status === WorkerStatus.exited) c.exited++;
        c.totalStake += w.stake;
    }
    return c;
}

export function workerRegistryConfigToCell(config: WorkerRegistryConfig): Cell {
    const list = config.workers ?? [];
    const workers = Dictionary.empty(Dictionary.Keys.Uint(WORKER_INDEX_BITS), workerValue);
    const members = Dictionary.empty(Dictionary.Keys.BigUint(MEMBER_KEY_BITS), memberWorkersValue);
    list.forEach((w, i) => {
        if (w === null) return;
        workers.set(i, w);
        members.set(memberKey(w.member), [...(members.get(memberKey(w.member)) ?? []), i]);
    });
    if (config.nextIndex !== undefined && config.nextIndex < list.length)
        throw new Error(`nextIndex ${config.nextIndex} is below the ${list.length} records listed`);
    const c = countWorkers(list, config.nextIndex ?? list.length);
    return beginCell()
        .storeUint(c.nextIndex, 32)
        .storeUint(c.pending, 32)
        .storeUint(c.active, 32)
        .storeUint(c.suspended, 32)
        .storeUint(c.exited, 32)
        .storeCoins(c.totalStake)
        .storeBit(config.paused ?? false)
        .storeUint(config.bouncedSyncs ?? 0, 32)
        .storeUint(config.bouncedSlashes ?? 0, 32)
        .storeDict(workers)
        .storeDict(members)
        .storeRef(
            beginCell()
                .storeAddress(config.owner)
                .storeAddress(config.operator)
                .storeMaybeRef(pendingOwnerCell(config.pendingOwner)),
        )
        .storeRef(beginCell().store(storeRegistryParams(config.params)))
        .endCell();
}

export function parseWorkerRegistryData(data: Cell): WorkerRegistryData {
    const s = data.beginParse();
    const head = {
        nextIndex: s.loadUint(32),
        pending: s.loadUint(32),
        active: s.loadUint(32),
        suspended: s.loadUint(32),
        exited: s.loadUint(32),
        totalStake: s.loadCoins(),
        paused: s.loadBit(),
        bouncedSyncs: s.loadUint(32),
        bouncedSlashes: s.loadUint(32),
    };
    const workers = s.loadDict(Dictionary.Keys.Uint(WORKER_INDEX_BITS), workerValue);
    const members = s.loadDict(Dictionary.Keys.BigUint(MEMBER_KEY_BITS), memberWorkersValue);
    const roles = s.loadRef().beginParse();
    const owner = roles.loadAddress();
    const operator = roles.loadAddress();
    const pendingOwner = parsePendingOwner(roles.loadMaybeRef());
    roles.endParse();
    const ps = s.loadRef().beginParse();
    const params = loadRegistryParams(ps);
    ps.endParse();
    s.endParse();
    return {
        ...head,
        owner,
        operator,
        pendingOwner,
        params,
        workers: new Map(workers.keys().map((k) => [k, workers.get(k)!])),
        members: new Map(members.keys().map((k) => [k, members.get(k)!])),
    };
}

// ---------------------------------------------------------------------------------------------
// Message bodies (inbound). Every body starts with op and query_id.

export interface QueryOpts {
    queryId?: bigint;
}
export interface WorkerOpts extends QueryOpts {
    workerIndex: number;
}

function header(op: number, queryId = 0n): Builder {
    return beginCell().storeUint(op, 32).storeUint(queryId, 64);
}

function workerBody(op: number, o: WorkerOpts): Cell {
    return header(op, o.queryId).storeUint(o.workerIndex, WORKER_INDEX_BITS).endCell();
}

export interface RegisterWorkerOpts extends QueryOpts {
    stake: bigint;
    payout: Address;
}
export const registerWorkerBody = (o: RegisterWorkerOpts) =>
    header(RegistryOp.registerWorker, o.queryId).storeCoins(o.stake).storeAddress(o.payout).endCell();

export interface ChangePayoutOpts extends WorkerOpts {
    payout: Address;
}
export const changePayoutBody = (o: ChangePayoutOpts) =>
    header(RegistryOp.changePayout, o.queryId)
        .storeUint(o.workerIndex, WORKER_INDEX_BITS)
        .storeAddress(o.payout)
        .endCell();
export const requestExitBody = (o: WorkerOpts) => workerBody(RegistryOp.requestExit, o);
export const withdrawStakeBody = (o: WorkerOpts) => workerBody(RegistryOp.withdrawStake, o);
export const approveWorkerBody = (o: WorkerOpts) => workerBody(RegistryOp.approveWorker, o);
export const suspendWorkerBody = (o: WorkerOpts) => workerBody(RegistryOp.suspendWorker, o);
export const reinstateWorkerBody = (o: WorkerOpts) => workerBody(RegistryOp.reinstateWorker, o);
export const resyncWorkerBody = (o: WorkerOpts) => workerBody(RegistryOp.resyncWorker, o);
export const rejectWorkerBody = (o: WorkerOpts) => workerBody(RegistryOp.rejectWorker, o);

export interface SetWeightOpts extends WorkerOpts {
    weight: number;
}
export const setWeightBody = (o: SetWeightOpts) =>
    header(RegistryOp.setWeight, o.queryId)
        .storeUint(o.workerIndex, WORKER_INDEX_BITS)
        .storeUint(o.weight, 32)
        .endCell();

export interface SetOperatorOpts extends QueryOpts {
    operator: Address;
}
export const setOperatorBody = (o: SetOperatorOpts) =>
    header(RegistryOp.setOperator, o.queryId).storeAddress(o.operator).endCell();

export interface SetParamsOpts extends QueryOpts {
    params: RegistryParams;
}
export const setParamsBody = (o: SetParamsOpts) =>
    header(RegistryOp.setParams, o.queryId).store(storeRegistryParams(o.params)).endCell();

export interface SlashStakeOpts extends WorkerOpts {
    amount: bigint;
}
export const slashStakeBody = (o: SlashStakeOpts) =>
    header(RegistryOp.slashStake, o.queryId).storeUint(o.workerIndex, WORKER_INDEX_BITS).storeCoins(o.amount).endCell();

export interface SetPausedOpts extends QueryOpts {
    paused: boolean;
}
export const setPausedBody = (o: SetPausedOpts) => header(RegistryOp.setPaused, o.queryId).storeBit(o.paused).endCell();

export interface TransferOwnershipOpts extends QueryOpts {
    newOwner: Address;
}
export const transferOwnershipBody = (o: TransferOwnershipOpts) =>
    header(RegistryOp.transferOwnership, o.queryId).storeAddress(o.newOwner).endCell();
export const claimOwnershipBody = (o: QueryOpts = {}) => header(RegistryOp.claimOwnership, o.queryId).endCell();

/** Any request the registry accepts, parsed: a discriminated union on `kind`. */
export type RegistryRequest =
    | ({ kind: 'registerWorker' } & Required<RegisterWorkerOpts>)
    | ({ kind: 'changePayout' } & Required<ChangePayoutOpts>)
    | ({
          kind:
              | 'requestExit'
              | 'withdrawStake'
              | 'approveWorker'
              | 'rejectWorker'
              | 'suspendWorker'
              | 'reinstateWorker'
              | 'resyncWorker';
      } & Required<WorkerOpts>)
    | ({ kind: 'setWeight' } & Required<SetWeightOpts>)
    | ({ kind: 'setOperator' } & Required<SetOperatorOpts>)
    | ({ kind: 'setParams' } & Required<SetParamsOpts>)
    | ({ kind: 'slashStake' } & Required<SlashStakeOpts>)
    | ({ kind: 'setPaused' } & Required<SetPausedOpts>)
    | ({ kind: 'transferOwnership' } & Required<TransferOwnershipOpts>)
    | ({ kind: 'claimOwnership' } & Required<QueryOpts>);

const INDEXED_KINDS = [
    'requestExit',
    'withdrawStake',
    'approveWorker',
    'rejectWorker',
    'suspendWorker',
    'reinstateWorker',
    'resyncWorker',
] as const;

/** Parses a request body exactly as the contract reads it (op checked, no trailing bits or refs). */
export function parseRegistryRequest(body: Cell): RegistryRequest {
    const s = body.beginParse();
    const op = s.loadUint(32);
    const kind = (Object.keys(RegistryOp) as (keyof typeof RegistryOp)[]).find((k) => RegistryOp[k] === op);
    if (kind === undefined || kind === 'stakeWithdrawn' || kind === 'workerRejected')
        throw new Error(`registry request: unknown op 0x${op.toString(16)}`);
    const queryId = s.loadUintBig(64);
    const r = ((): RegistryRequest => {
        switch (kind) {
            case 'registerWorker':
                return { kind, queryId, stake: s.loadCoins(), payout: s.loadAddress() };
            case 'changePayout':
                return { kind, queryId, workerIndex: s.loadUint(WORKER_INDEX_BITS), payout: s.loadAddress() };
            case 'setWeight':
                return { kind, queryId, workerIndex: s.loadUint(WORKER_INDEX_BITS), weight: s.loadUint(32) };
            case 'setOperator':
                return { kind, queryId, operator: s.loadAddress() };
            case 'setParams':
                return { kind, queryId, params: loadRegistryParams(s) };
            case 'slashStake':
                return { kind, queryId, workerIndex: s.loadUint(WORKER_INDEX_BITS), amount: s.loadCoins() };
            case 'setPaused':
                return { kind, queryId, paused: s.loadBit() };
            case 'transferOwnership':
                return { kind, queryId, newOwner: s.loadAddress() };
            case 'claimOwnership':
                return { kind, queryId };
            default:
                if ((INDEXED_KINDS as readonly string[]).includes(kind)) {
                    return {
                        kind: kind as (typeof INDEXED_KINDS)[number],
                        queryId,
                        workerIndex: s.loadUint(WORKER_INDEX_BITS),
                    };
                }
                throw new Error(`registry request: no parser for ${kind}`);
        }
    })();
    s.endParse();
    return r;
}

// ---------------------------------------------------------------------------------------------
// Outbound (besides worker_sync, slashed_stake and excesses in shared.ts)

export function parseStakeWithdrawn(body: Cell): { queryId: bigint; workerIndex: number } {
    const s = body.beginParse();
    expectOp(s, RegistryOp.stakeWithdrawn, 'stake_withdrawn');
    const m = { queryId: s.loadUintBig(64), workerIndex: s.loadUint(WORKER_INDEX_BITS) };
    s.endParse();
    return m;
}

export function parseWorkerRejected(body: Cell): { queryId: bigint; workerIndex: number } {
    const s = body.beginParse();
    expectOp(s, RegistryOp.workerRejected, 'worker_rejected');
    const m = { queryId: s.loadUintBig(64), workerIndex: s.loadUint(WORKER_INDEX_BITS) };
    s.endParse();
    return m;
}

// ---------------------------------------------------------------------------------------------
// Fees (contracts/registry/messages.fc)

export type RegistryHandler = keyof typeof RegistryGas;

/**
 * What the registry charges, computed from a config's fee formulas the way the contract does: gas
 * bound + one forward fee per message sent + the pool's worker_sync gas for each sync. worker_sync
 * goes with its body in a ref (WORKER_SYNC_BODY_BITS); every other registry message keeps its body
 * inline (lump price only).
 */
export class RegistryFees {
    constructor(readonly schedule: FeeFormulas) {}

    /** Value attached to every worker_sync. */
    get syncValue(): bigint {
        return this.schedule.compute(SharedGas.poolWorkerSync);
    }

    /** Forward fee of a registry message with an inline body (the lump price). */
    get msgFwd(): bigint {
        return this.schedule.forward(0, 0);
    }

    /** Forward fee of a worker_sync (body in one ref cell). */
    get syncFwd(): bigint {
        return this.schedule.forward(WORKER_SYNC_BODY_BITS, 1);
    }

    /** Least value `handler` accepts when it sends `syncs` worker_syncs and `others` further messages. */
    required(handler: RegistryHandler, syncs: number, others = 0): bigint {
        return (
            this.schedule.compute(RegistryGas[handler]) +
            this.msgFwd * BigInt(1 + others) +
            (this.syncFwd + this.syncValue) * BigInt(syncs)
        );
    }

    /**
     * Value of the message that returns the rest: what came in, less the stake change kept,
     * compute fee, each sync (value + forward fee), `others` forward fees and its own forward fee.
     */
    rest(o: {
        msgValue: bigint;
        computeFee: bigint;
        kept?: bigint;
        syncs: number;
        others?: number;
        sentValue?: bigint;
    }): bigint {
        return (
            o.msgValue -
            (o.kept ?? 0n) -
            o.computeFee -
            BigInt(o.syncs) * (this.syncValue + this.syncFwd) -
            BigInt(o.others ?? 0) * this.msgFwd -
            (o.sentValue ?? 0n) -
            this.msgFwd
        );
    }
}

// ---------------------------------------------------------------------------------------------

export interface SendOpts {
    value: bigint;
}

export class WorkerRegistry implements Contract {
    constructor(
        readonly address: Address,
        readonly init?: { code: Cell; data: Cell },
    ) {}

    static createFromAddress(address: Address) {
        return new WorkerRegistry(address);
    }

    static createFromConfig(config: WorkerRegistryConfig, code: Cell, workchain = 0) {
        const data = workerRegistryConfigToCell(config);
        const init = { code, data };
        return new WorkerRegistry(contractAddress(workchain, init), init);
    }

    /** Deploys with an empty body: the value becomes the storage surplus. */
    async sendDeploy(provider: ContractProvider, via: Sender, value: bigint) {
        await provider.internal(via, { value, sendMode: SendMode.PAY_GAS_SEPARATELY, body: Cell.EMPTY });
    }

    /** Any body (tests use it for malformed ones); `bounce` defaults to true. */
    async sendRaw(provider: ContractProvider, via: Sender, opts: SendOpts & { body: Cell; bounce?: boolean }) {
        await provider.internal(via, {
            value: opts.value,
            bounce: opts.bounce,
            sendMode: SendMode.PAY_GAS_SEPARATELY,
            body: opts.body,
        });
    }

    async sendTopUp(provider: ContractProvider, via: Sender, opts: SendOpts) {
        await this.sendRaw(provider, via, { value: opts.value, body: Cell.EMPTY });
    }

    async sendRegisterWorker(provider: ContractProvider, via: Sender, opts: SendOpts & RegisterWorkerOpts) {
        await this.sendRaw(provider, via, { value: opts.value, body: registerWorkerBody(opts) });
    }
    async sendChangePayout(provider: ContractProvider, via: Sender, opts: SendOpts & ChangePayoutOpts) {
        await this.sendRaw(provider, via, { value: opts.value, body: changePayoutBody(opts) });
    }
    async sendRequestExit(provider: ContractProvider, via: Sender, opts: SendOpts & WorkerOpts) {
        await this.sendRaw(provider, via, { value: opts.value, body: requestExitBody(opts) });
    }
    async sendWithdrawStake(provider: ContractProvider, via: Sender, opts: SendOpts & WorkerOpts) {
        await this.sendRaw(provider, via, { value: opts.value, body: withdrawStakeBody(opts) });
    }
    async sendApproveWorker(provider: ContractProvider, via: Sender, opts: SendOpts & WorkerOpts) {
        await this.sendRaw(provider, via, { value: opts.value, body: approveWorkerBody(opts) });
    }
    /** Refuses a pending worker: the record goes and the stake returns to the member. */
    async sendRejectWorker(provider: ContractProvider, via: Sender, opts: SendOpts & WorkerOpts) {
        await this.sendRaw(provider, via, { value: opts.value, body: rejectWorkerBody(opts) });
    }
    async sendSuspendWorker(provider: ContractProvider, via: Sender, opts: SendOpts & WorkerOpts) {
        await this.sendRaw(provider, via, { value: opts.value, body: suspendWorkerBody(opts) });
    }
    async sendReinstateWorker(provider: ContractProvider, via: Sender, opts: SendOpts & WorkerOpts) {
        await this.sendRaw(provider, via, { value: opts.value, body: reinstateWorkerBody(opts) });
    }
    async sendSetWeight(provider: ContractProvider, via: Sender, opts: SendOpts & SetWeightOpts) {
        await this.sendRaw(provider, via, { value: opts.value, body: setWeightBody(opts) });
    }
    async sendResyncWorker(provider: ContractProvider, via: Sender, opts: SendOpts & WorkerOpts) {
        await this.sendRaw(provider, via, { value: opts.value, body: resyncWorkerBody(opts) });
    }
    async sendSetOperator(provider: ContractProvider, via: Sender, opts: SendOpts & SetOperatorOpts) {
        await this.sendRaw(provider, via, { value: opts.value, body: setOperatorBody(opts) });
    }
    async sendSetParams(provider: ContractProvider, via: Sender, opts: SendOpts & SetParamsOpts) {
        await this.sendRaw(provider, via, { value: opts.value, body: setParamsBody(opts) });
    }
    async sendSlashStake(provider: ContractProvider, via: Sender, opts: SendOpts & SlashStakeOpts) {
        await this.sendRaw(provider, via, { value: opts.value, body: slashStakeBody(opts) });
    }
    async sendSetPaused(provider: ContractProvider, via: Sender, opts: SendOpts & SetPausedOpts) {
        await this.sendRaw(provider, via, { value: opts.value, body: setPausedBody(opts) });
    }
    async sendTransferOwnership(provider: ContractProvider, via: Sender, opts: SendOpts & TransferOwnershipOpts) {
        await this.sendRaw(provider, via, { value: opts.value, body: transferOwnershipBody(opts) });
    }
    async sendClaimOwnership(provider: ContractProvider, via: Sender, opts: SendOpts & QueryOpts) {
        await this.sendRaw(provider, via, { value: opts.value, body: claimOwnershipBody(opts) });
    }

    // -----------------------------------------------------------------------------------------
    // Getters

    /** The live record at `index`; null for an index never assigned and for one whose record left (withdrawn, rejected). */
    async getWorker(provider: ContractProvider, index: number): Promise<WorkerRecord | null> {
        const args = new TupleBuilder();
        args.writeNumber(index);
        const r = (await provider.get('get_worker', args.build())).stack;
        if (!r.readBoolean()) return null;
        return {
            member: r.readAddress(),
            payout: r.readAddress(),
            status: r.readNumber() as WorkerStatus,
            synced: r.readBoolean(),
            stake: r.readBigNumber(),
            weight: r.readNumber(),
            registeredAt: r.readNumber(),
            exitRequestedAt: r.readNumber(),
        };
    }

    async getMemberWorkers(provider: ContractProvider, member: Address): Promise<number[]> {
        const args = new TupleBuilder();
        args.writeAddress(member);
        const r = (await provider.get('get_member_workers', args.build())).stack;
        const t = r.readTuple();
        const out: number[] = [];
        while (t.remaining > 0) out.push(t.readNumber());
        return out;
    }

    async getCounts(provider: ContractProvider): Promise<StatusCounts> {
        const r = (await provider.get('get_counts', [])).stack;
        return {
            nextIndex: r.readNumber(),
            pending: r.readNumber(),
            active: r.readNumber(),
            suspended: r.readNumber(),
            exited: r.readNumber(),
            totalStake: r.readBigNumber(),
        };
    }

    async getParams(provider: ContractProvider): Promise<RegistryParams & { paused: boolean }> {
        const r = (await provider.get('get_params', [])).stack;
        return {
            minStake: r.readBigNumber(),
            cooldown: r.readNumber(),
            pool: r.readAddress(),
            capacity: r.readNumber(),
            maxPerMember: r.readNumber(),
            paused: r.readBoolean(),
        };
    }

    async getRoles(provider: ContractProvider): Promise<RegistryRoles> {
        const r = (await provider.get('get_roles', [])).stack;
        return { owner: r.readAddress(), operator: r.readAddress(), pendingOwner: r.readAddressOpt() };
    }

    async getBounces(provider: ContractProvider): Promise<{ bouncedSyncs: number; bouncedSlashes: number }> {
        const r = (await provider.get('get_bounces', [])).stack;
        return { bouncedSyncs: r.readNumber(), bouncedSlashes: r.readNumber() };
    }

    /** Least value `op` accepts at the current config (for register_worker, add the stake). */
    async getRequiredValue(provider: ContractProvider, op: number): Promise<bigint> {
        const args = new TupleBuilder();
        args.writeNumber(op);
        return (await provider.get('get_required_value', args.build())).stack.readBigNumber();
    }
}
