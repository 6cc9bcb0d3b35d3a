/**
 * Random inbound messages for the malformed-input fuzz: bodies shaped by the TL-B templates (with
 * boundary values, foreign addresses and structural mutations), random ops, short and junk bodies,
 * realistic bounced copies, random senders, values and bounce flags. Every draw comes from one
 * seeded Random, so a failure replays from (seed, message number).
 */
import { Address, beginCell, Builder, Cell } from '@ton/core';
import { Random } from '../../toolkit/workload/random';
import { MAX_CUMULATIVE, packEntries, packWorkerList } from '../../wrappers/PoolPayout';
import { Field, MessageTemplate } from './tlb-templates';

export interface FuzzWorld {
    /** Role and member addresses the contract knows, and a few it does not. */
    senders: Address[];
    /** Worker indices worth hitting (existing ones and their neighbours). */
    workerIndices: number[];
    /** Values that can pay for a handler, nanoton. */
    values: bigint[];
    /** Values too small to pay for one (drawn for 15% of messages). */
    lowValues: bigint[];
}

export interface FuzzMessage {
    sender: Address;
    value: bigint;
    bounce: boolean;
    bounced: boolean;
    body: Cell;
    /** How the body was made, for the failure report. */
    label: string;
}

const MAX_COINS = (1n << 120n) - 1n;

function randomBits(rng: Random, b: Builder, n: number): Builder {
    for (let left = n; left > 0;) {
        const k = Math.min(left, 30);
        b.storeUint(rng.int(0, 2 ** k - 1), k);
        left -= k;
    }
    return b;
}

function randomCell(rng: Random, depth = 0): Cell {
    const b = randomBits(rng, beginCell(), rng.int(0, 300));
    if (depth < 2) for (let i = rng.int(0, 2); i > 0; i--) b.storeRef(randomCell(rng, depth + 1));
    return b.endCell();
}

function uint(rng: Random, bits: number): bigint {
    return rng.bigint(0n, (1n << BigInt(bits)) - 1n);
}

function boundary(rng: Random, bits: number, extra: bigint[] = []): bigint {
    const max = (1n << BigInt(bits)) - 1n;
    return rng.pick([0n, 1n, max, max - 1n, uint(rng, bits), ...extra.filter((x) => x <= max)]);
}

/** Raw address bits: mostly valid basechain addr_std, sometimes every other kind. */
function storeRandomAddress(rng: Random, b: Builder, world: FuzzWorld, allowNone: boolean): string {
    const kind = rng.weighted([50, 20, 6, allowNone ? 8 : 4, 4, 4, 4]);
    const account = () => randomBits(rng, beginCell(), 256).endCell().beginParse().loadBuffer(32);
    switch (kind) {
        case 0:
            b.storeAddress(rng.pick(world.senders));
            return 'known';
        case 1:
            b.storeAddress(new Address(0, account()));
            return 'basechain';
        case 2:
            b.storeAddress(new Address(-1, account()));
            return 'masterchain';
        case 3:
            b.storeUint(0, 2);
            return 'addr_none';
        case 4:
            b.storeUint(1, 2).storeUint(16, 9).storeUint(rng.int(0, 0xffff), 16);
            return 'addr_extern';
        case 5:
            b.storeUint(2, 2)
                .storeBit(1)
                .storeUint(5, 5)
                .storeUint(rng.int(0, 31), 5)
                .storeInt(0, 8)
                .storeBuffer(account());
            return 'anycast';
        default:
            b.storeUint(3, 2).storeBit(0).storeUint(256, 9).storeInt(0, 32).storeBuffer(account());
            return 'addr_var';
    }
}

/** Payout entries: mostly packed as the operator's toolkit packs them (leaf groups), else raw noise. */
function entries(rng: Random, world: FuzzWorld): Cell {
    if (rng.chance(0.7)) {
        const n = rng.pick([1, 2, 3, 5, 8, 13]);
        const list = Array.from({ length: n }, () => ({
            workerIndex: rng.chance(0.85) ? rng.pick(world.workerIndices) : rng.int(0, 0xffffffff),
            cumulative: rng.pick([0n, 1n, rng.bigint(0n, 10n ** 9n), rng.bigint(0n, 10n ** 12n), MAX_CUMULATIVE]),
        }));
        return packEntries(list);
    }
    const n = rng.pick([0, 1, 2, 3, 5, 8, 13]);
    const cells: Builder[] = [beginCell()];
    for (let i = 0; i < n; i++) {
        const amount = rng.pick([
            0n,
            1n,
            rng.bigint(0n, 10n ** 9n),
            rng.bigint(0n, 10n ** 12n),
            (1n << 64n) - 1n,
            MAX_COINS,
        ]);
        const b = beginCell()
            .storeUint(rng.chance(0.8) ? rng.pick(world.workerIndices) : rng.int(0, 0xffffffff), 32)
            .storeCoins(amount);
        if (cells[cells.length - 1].availableBits < b.bits) cells.push(beginCell());
        cells[cells.length - 1].storeBuilder(b);
    }
    if (rng.chance(0.1))
        randomBits(rng, cells[cells.length - 1], rng.int(1, Math.min(40, cells[cells.length - 1].availableBits)));
    let next: Cell | null = null;
    for (let i = cells.length - 1; i >= 0; i--) {
        if (next) cells[i].storeRef(next);
        next = cells[i].endCell();
    }
    return next!;
}

/** A pay_owed's worker list: mostly packed as the wrapper packs it (31 per cell), else raw noise. */
function workerList(rng: Random, world: FuzzWorld): Cell {
    if (rng.chance(0.7)) {
        const n = rng.pick([1, 2, 3, 5, 31, 32, 40]);
        return packWorkerList(
            Array.from({ length: n }, () =>
                rng.chance(0.85) ? rng.pick(world.workerIndices) : rng.int(0, 0xffffffff),
            ),
        );
    }
    return randomCell(rng);
}

function storeField(rng: Random, b: Builder, f: Field, world: FuzzWorld): void {
    switch (f.kind) {
        case 'uint': {
            let v: bigint;
            if (f.name === 'query_id') v = uint(rng, 64);
            else if (f.name === 'worker_index')
                v = rng.chance(0.85) ? BigInt(rng.pick(world.workerIndices)) : uint(rng, 32);
            else if (f.name === 'count') v = boundary(rng, f.bits, [2n, 3n, 8n, 13n, 999n, 1000n, 1001n]);
            else if (f.name === 'commission_bps') v = boundary(rng, f.bits, [100n, 1000n, 4999n, 5000n, 5001n, 10000n]);
            else v = boundary(rng, f.bits, [3600n, 86400n, 15000n, 15001n, 16n, 17n]);
            b.storeUint(v, f.bits);
            return;
        }
        case 'coins':
            b.storeCoins(
                rng.pick([0n, 1n, 10n ** 7n, 10n ** 9n, 10n ** 10n, rng.bigint(0n, 10n ** 12n), 10n ** 15n, MAX_COINS]),
            );
            return;
        case 'address':
            storeRandomAddress(rng, b, world, f.allowNone);
            return;
        case 'bool':
            b.storeBit(rng.chance(0.5));
            return;
        case 'entries':
            b.storeRef(entries(rng, world));
            return;
        case 'workers':
            b.storeRef(workerList(rng, world));
            return;
        case 'tail':
            randomBits(rng, b, rng.int(0, 200));
            return;
        case 'ref':
            b.storeRef(f.inner === 'any' ? randomCell(rng) : fieldsCell(rng, f.inner, world));
            return;
        case 'maybeRef':
            if (rng.chance(0.5)) b.storeBit(0);
            else b.storeBit(1).storeRef(f.inner === 'any' ? randomCell(rng) : fieldsCell(rng, f.inner, world));
            return;
        case 'inline':
            for (const g of f.inner) storeField(rng, b, g, world);
            return;
    }
}

function fieldsCell(rng: Random, fields: Field[], world: FuzzWorld): Cell {
    const b = beginCell();
    for (const f of fields) storeField(rng, b, f, world);
    return b.endCell();
}

/** A copy of `body` cut to `bits` bits of its root and its first `refs` refs. */
function cut(body: Cell, bits: number, refs: number): Cell {
    const s = body.beginParse();
    const b = beginCell().storeBits(s.loadBits(bits));
    for (let i = 0; i < refs; i++) b.storeRef(body.refs[i]);
    return b.endCell();
}

/** A body shaped like `t`, then possibly mutated. */
function templateBody(rng: Random, t: MessageTemplate, world: FuzzWorld): { body: Cell; label: string } {
    const b = beginCell().storeUint(t.op, 32);
    for (const f of t.fields) storeField(rng, b, f, world);
    const body = b.endCell();
    const m = rng.weighted([45, 20, 12, 10, 8, 5]);
    switch (m) {
        case 0:
            return { body, label: `${t.name}` };
        case 1: {
            const bits = rng.int(0, Math.max(0, body.bits.length - 1));
            return { body: cut(body, bits, rng.int(0, body.refs.length)), label: `${t.name} cut to ${bits} bits` };
        }
        case 2: {
            const n = rng.int(1, Math.min(64, 1023 - body.bits.length));
            if (1023 - body.bits.length < 1) return { body, label: t.name };
            return {
                body: randomBits(rng, beginCell().storeSlice(body.beginParse()), n).endCell(),
                label: `${t.name} + ${n} bits`,
            };
        }
        case 3:
            if (body.refs.length >= 4) return { body, label: t.name };
            return {
                body: beginCell().storeSlice(body.beginParse()).storeRef(randomCell(rng)).endCell(),
                label: `${t.name} + a ref`,
            };
        case 4:
            return { body: cut(body, body.bits.length, 0), label: `${t.name} without refs` };
        default: {
            const s = body.beginParse();
            s.skip(32);
            const op = rng.int(0, 0xffffffff);
            return {
                body: beginCell().storeUint(op, 32).storeSlice(s).endCell(),
                label: `${t.name} fields under op 0x${op.toString(16)}`,
            };
        }
    }
}

function value(rng: Random, world: FuzzWorld): bigint {
    return rng.pick(rng.chance(0.15) ? world.lowValues : world.values);
}

export interface GeneratorOptions {
    templates: MessageTemplate[];
    /** Ops the contract itself sends bounceable: a bounced copy of these only the network can make
     * (it clears the bounced flag of every message a contract sends), so they are not forged here. */
    ownBounceableOps: number[];
}

export function randomMessage(rng: Random, world: FuzzWorld, opts: GeneratorOptions): FuzzMessage {
    const kind = rng.weighted([60, 12, 12, 8, 8]);
    let body: Cell;
    let label: string;
    if (kind === 0) ({ body, label } = templateBody(rng, rng.pick(opts.templates), world));
    else if (kind === 1) {
        const op = rng.int(0, 0xffffffff);
        body = randomBits(rng, beginCell().storeUint(op, 32).storeUint(uint(rng, 64), 64), rng.int(0, 400)).endCell();
        label = `random op 0x${op.toString(16)}`;
    } else if (kind === 2) {
        const n = rng.int(0, 95);
        body = randomBits(rng, beginCell(), n).endCell();
        label = `${n} random bits`;
    } else if (kind === 3) {
        body = randomCell(rng);
        label = 'random cell tree';
    } else {
        // A bounced copy: 0xFFFFFFFF and the first 256 bits of a body, refs dropped.
        let t = rng.pick(opts.templates);
        while (opts.ownBounceableOps.includes(t.op)) t = rng.pick(opts.templates);
        const inner = templateBody(rng, t, world);
        const bits = Math.min(256, inner.body.bits.length);
        body = beginCell().storeUint(0xffffffff, 32).storeBits(inner.body.beginParse().loadBits(bits)).endCell();
        return {
            sender: rng.pick(world.senders),
            value: value(rng, world),
            bounce: false,
            bounced: true,
            body,
            label: `bounced ${inner.label}`,
        };
    }
    return {
        sender: rng.pick(world.senders),
        value: value(rng, world),
        bounce: rng.chance(0.5),
        bounced: false,
        body,
        label,
    };
}

/** One line that replays a message by hand. */
export function describe(m: FuzzMessage): string {
    return `${m.label}; from ${m.sender.toRawString()}; value ${m.value}; bounce ${m.bounce}; bounced ${m.bounced}; body ${m.body.toBoc().toString('base64')}`;
}
