/**
 * Steps every scripts spec starts from, driven through the real scripts: deploy, register members'
 * workers, approve them, and revenue from a Cocoon proxy (the one thing no script does: the proxy pays).
 */
import { writeFileSync } from 'fs';
import { Address, Cell, OpenedContract, toNano } from '@ton/core';
import { BlockchainTransaction, SandboxContract, TreasuryContract } from '@ton/sandbox';
import * as approveWorkers from '../../../scripts/operator/approveWorkers';
import * as deployPool from '../../../scripts/owner/deployPool';
import * as registerWorker from '../../../scripts/member/registerWorker';
import { ExitCode } from '../../../toolkit/ops/cli/exit-codes';
import { readDeployment } from '../../../toolkit/ops/deployment';
import { formatEntitlementsCsv } from '../../../toolkit/ops/entitlements';
import { PoolOp } from '../../../wrappers/PoolConstants';
import { parsePoolPayout, PoolPayout } from '../../../wrappers/PoolPayout';
import { WorkerRegistry } from '../../../wrappers/WorkerRegistry';
import { RunResult, ScriptsEnv } from './env';

export const STAKE = '1';

export function deployArgs(env: ScriptsEnv, overrides: Record<string, string> = {}): string[] {
    const args: Record<string, string> = {
        operator: env.operator.address.toString(),
        commission_bps: '500',
        min_payout: '0.01',
        period_cap: '1000',
        period_length: '86400',
        min_stake: STAKE,
        cooldown: '3600',
        reserve: '1',
        registry_balance: '1',
        ...overrides,
    };
    return Object.entries(args).map(([k, v]) => `${k}=${v}`);
}

export function expectOk(r: RunResult): RunResult {
    if (r.exitCode !== 0) throw new Error(`script failed: ${r.errors.join(' | ')}`);
    return r;
}

/** A refused run: the exit code (refused after reading the chain, by default), exactly one line of error, nothing sent. */
export function expectRefused(r: RunResult, message: string | RegExp, exitCode: number = ExitCode.refused): void {
    expect({ exitCode: r.exitCode, sent: r.sent.length, errors: r.errors.length }).toEqual({
        exitCode,
        sent: 0,
        errors: 1,
    });
    const line = r.errors[0].replace(/^error: /, '');
    if (typeof message === 'string') expect(line).toBe(message);
    else expect(line).toMatch(message);
    expect(r.lines.every((l) => !/^\s+at /.test(l))).toBe(true);
}

/** Bad input: exit code 2, one line, nothing sent (found before the chain was read). */
export function expectBadInput(r: RunResult, message: string | RegExp): void {
    expectRefused(r, message, ExitCode.badInput);
}

export async function deploy(env: ScriptsEnv, overrides: Record<string, string> = {}) {
    expectOk(await env.run(deployPool, env.owner, [...deployArgs(env, overrides), 'yes']));
    const d = readDeployment(env.deploymentFile, 'testnet');
    return {
        deployment: d,
        registry: env.blockchain.openContract(WorkerRegistry.createFromAddress(d.registry.address)),
        pool: env.blockchain.openContract(PoolPayout.createFromAddress(d.pool.address)),
    };
}

/** Each member registers one worker paying to its own wallet (worker i = member i), then the operator approves all. */
export async function registerAndApprove(env: ScriptsEnv): Promise<void> {
    for (const m of env.members)
        expectOk(await env.run(registerWorker, m, [`stake=${STAKE}`, `payout=${m.address}`, 'yes']));
    expectOk(await env.run(approveWorkers, env.operator, [`workers=0-${env.members.length - 1}`, 'yes']));
}

export async function sendRevenue(
    env: ScriptsEnv,
    pool: SandboxContract<PoolPayout> | OpenedContract<PoolPayout>,
    ton: string,
): Promise<void> {
    await (pool as SandboxContract<PoolPayout>).sendCocoonPayout(env.proxy.getSender(), { value: toNano(ton) });
}

export function writeLedger(env: ScriptsEnv, name: string, rows: [number, bigint][]): string {
    const path = env.path(name);
    writeFileSync(path, formatEntitlementsCsv(rows.map(([workerIndex, cumulative]) => ({ workerIndex, cumulative }))));
    return path;
}

export interface PayoutSeen {
    workerIndex: number;
    amount: bigint;
    to: Address;
    value: bigint;
    bounce: boolean;
}

/** Every pool_payout message the pool sent in the transactions a script caused. */
export function payoutsIn(r: RunResult, pool: Address): PayoutSeen[] {
    const out: PayoutSeen[] = [];
    for (const s of r.sent) {
        for (const tx of s.transactions) {
            for (const m of tx.outMessages.values()) {
                if (m.info.type !== 'internal' || !m.info.src.equals(pool) || !startsWithOp(m.body, PoolOp.poolPayout))
                    continue;
                const p = parsePoolPayout(m.body);
                out.push({
                    workerIndex: p.workerIndex,
                    amount: p.amount,
                    to: m.info.dest,
                    value: m.info.value.coins,
                    bounce: m.info.bounce,
                });
            }
        }
    }
    return out.sort((a, b) => a.workerIndex - b.workerIndex);
}

function startsWithOp(body: Cell, op: number): boolean {
    return body.bits.length >= 32 && body.beginParse().preloadUint(32) === op;
}

export type Wallet = SandboxContract<TreasuryContract>;

/** A message as the specs compare it: [destination, value, body hash]. */
export type MessageKey = [string, bigint, string];

export function message(to: Address | { address: Address }, value: bigint, body: Cell): MessageKey {
    return [(to instanceof Address ? to : to.address).toString(), value, body.hash().toString('hex')];
}

/** Every message a run sent, in order, as MessageKeys. */
export function sentMessages(r: RunResult): MessageKey[] {
    return r.sent.map((s) => message(s.args.to, s.args.value, s.args.body!));
}

/** The first transaction a run caused on `address`. */
export function txOn(r: RunResult, address: Address): BlockchainTransaction {
    const tx = r.sent
        .flatMap((s) => s.transactions)
        .find((t) => t.inMessage?.info.dest?.toString() === address.toString());
    if (tx === undefined) throw new Error(`no transaction on ${address}`);
    return tx;
}

/** What a transaction's storage phase collected (0 when it had none). */
export function storageFee(tx: BlockchainTransaction): bigint {
    return (
        (tx.description as { storagePhase?: { storageFeesCollected: bigint } }).storagePhase?.storageFeesCollected ?? 0n
    );
}
