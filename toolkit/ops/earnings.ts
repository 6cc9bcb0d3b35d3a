/**
 * A worker's earnings address (docs/earnings.md), from the member's side.
 * - earningsAddress: worker i's earnings address under the pool, the `owner_address` the worker's
 *   Cocoon node names in its worker.conf. The address is derived offline from (pool, worker index) and
 *   the local build of contracts/earnings (the StateInit, `earningsAddressOf`), so it is printed with no network at
 *   all; with one, the script first checks that the pool runs the local build and recognises that
 *   earnings code, and says whether the earnings contract is deployed and what waits there.
 * - sweepEarnings (any wallet): an `earnings_sweep` carrying get_sweep_value, with the StateInit while
 *   the contract is not deployed: it deploys it and forwards what waited (Cocoon's payouts before
 *   deployment, dust below the forward threshold, bounced forwards) to the pool.
 */
import { Address, Cell } from '@ton/core';
import { EarningsAddress, sweepValue } from '../../wrappers/EarningsAddress';
import { PoolPayout } from '../../wrappers/PoolPayout';
import { compileContract } from '../func/compile';
import { formatTon } from './args';
import { defineScript, RunContext } from './cli/script';
import { kinds, optional, required } from './cli/spec';
import { checkDeployedCode, hashHex } from './code-hash';
import { confirmSend } from './confirm';
import { deploymentPath, readDeployment } from './deployment';
import { isNetworkError, oneLine, OpsError } from './errors';
import { liveFees } from './fees';
import { OpsProvider } from './provider';
import { waitUntil } from './wait';

/** The three spellings of one address; user-friendly ones carry the testnet flag on testnet. */
export interface AddressForms {
    bounceable: string;
    nonBounceable: string;
    raw: string;
}

export function addressForms(a: Address, testOnly: boolean): AddressForms {
    return {
        bounceable: a.toString({ bounceable: true, testOnly }),
        nonBounceable: a.toString({ bounceable: false, testOnly }),
        raw: a.toRawString(),
    };
}

/**
 * The line for Cocoon's worker.conf (an INI file; `owner_address` receives the worker's payouts, per
 * Cocoon's worker README). The non-bounceable form: the account is uninitialised until its first sweep,
 * and Cocoon's proxy pays it non-bounceable whatever the form says.
 */
export function workerConfLine(forms: AddressForms): string {
    return `owner_address = ${forms.nonBounceable}`;
}

/** What the chain says of an earnings address, or why it was not read. */
type ChainView =
    { read: true; state: 'active' | 'uninit' | 'frozen'; balance: bigint } | { read: false; reason: string };

function deployedLine(v: ChainView): string {
    if (!v.read) return `unknown, the chain was not read (${v.reason})`;
    if (v.state === 'active')
        return `yes, balance ${formatTon(v.balance)} (forwarded to the pool at get_forward_threshold)`;
    if (v.state === 'frozen')
        return `frozen, balance ${formatTon(v.balance)} (storage debt; the next payout or a sweep with its StateInit unfreezes it)`;
    if (v.balance === 0n)
        return "no, nothing received yet (Cocoon's first payout or a sweep with its StateInit creates it)";
    return `no, ${formatTon(v.balance)} waiting (a sweep with its StateInit deploys it and forwards them)`;
}

/** Worker i's earnings contract under `pool=` (or the deployment file's pool, read offline), from the local build. */
async function earningsOf(
    p: OpsProvider,
    input: { worker: number; pool?: Address },
    ctx: RunContext,
): Promise<{ pool: Address; code: Cell; contract: EarningsAddress }> {
    const pool = input.pool ?? readDeployment(deploymentPath(p.network(), ctx.deployment), p.network()).pool.address;
    const code = await compileContract('EarningsAddress');
    return { pool, code, contract: EarningsAddress.createFromConfig({ pool, workerIndex: input.worker }, code) };
}

/**
 * Refuses unless the pool runs the local build and recognises the local earnings code (get_earnings_code:
 * set at its deployment, never changed), the one the addresses printed here are derived from.
 */
async function checkPool(p: OpsProvider, pool: Address, code: Cell): Promise<void> {
    try {
        await checkDeployedCode(p, 'PoolPayout', pool);
    } catch (e) {
        if (e instanceof OpsError)
            throw new OpsError(
                `${e.message}; the earnings addresses of this checkout are for the pool it builds: check pool= or the deployment file`,
            );
        throw e;
    }
    const recognised = hashHex(await p.open(PoolPayout.createFromAddress(pool)).getEarningsCode());
    if (recognised !== hashHex(code)) {
        throw new OpsError(
            `pool ${pool} derives its earnings addresses from code ${recognised.slice(0, 16)}…, the local build of contracts/earnings is ${hashHex(code).slice(0, 16)}…: an address printed here would not be credited to the worker; use the checkout the pool was deployed from`,
        );
    }
}

/** The pool runs the local build, and the earnings address's state; a network failure is not an error here. */
async function readChain(p: OpsProvider, pool: Address, code: Cell, address: Address): Promise<ChainView> {
    try {
        await checkPool(p, pool, code);
        const s = await p.getContractState(address);
        return { read: true, state: s.state.type, balance: s.balance };
    } catch (e) {
        if (isNetworkError(e)) return { read: false, reason: oneLine(e) };
        throw e;
    }
}

const workerArgs = {
    worker: required(kinds.worker(), 'the worker index (registerWorker prints it)', 'Worker index'),
    pool: optional(kinds.address(), "the pool's address (default: the deployment file's pool)"),
};

export const earningsAddress = defineScript(
    {
        name: 'member/earningsAddress',
        role: 'member',
        about: "prints a worker's earnings address (the owner_address of its Cocoon node) and its worker.conf line",
        example: 'worker=3',
        // blueprint always builds a sender; a deeplink one needs no wallet, key or connection
        wallet: '--deeplink',
        sends: false,
        args: workerArgs,
    },
    async (p, input, ctx) => {
        const { pool, code, contract } = await earningsOf(p, input, ctx);
        const address = contract.address;
        const testOnly = p.network() === 'testnet';
        const chain = await readChain(p, pool, code, address);
        const forms = addressForms(address, testOnly);
        const ui = p.ui();
        ui.write(`Earnings address of worker ${input.worker} under pool ${pool.toString({ testOnly })}`);
        ui.write(`  bounceable:     ${forms.bounceable}`);
        ui.write(`  non-bounceable: ${forms.nonBounceable}`);
        ui.write(`  raw:            ${forms.raw}`);
        ui.write(`  code:           ${hashHex(code)} (local build of contracts/earnings)`);
        ui.write(`  deployed:       ${deployedLine(chain)}`);
        ui.write("worker.conf (the node's INI file):");
        ui.write(`  ${workerConfLine(forms)}`);
        Object.assign(ctx.result, {
            worker: input.worker,
            pool: pool.toString({ testOnly }),
            earningsAddress: forms,
            codeHash: hashHex(code),
            workerConf: workerConfLine(forms),
            deployed: chain.read ? chain.state === 'active' : null,
            ...(chain.read ? { state: chain.state, balance: chain.balance } : { chainNotRead: chain.reason }),
        });
    },
);

export const sweepEarnings = defineScript(
    {
        name: 'member/sweepEarnings',
        role: 'any wallet',
        about: "deploys a worker's earnings address if needed and forwards what waits there to the pool (a sweep)",
        example: 'worker=3',
        sends: true,
        args: workerArgs,
    },
    async (p, input, ctx) => {
        const { pool, code, contract: earnings } = await earningsOf(p, input, ctx);
        const contract = p.open(earnings);
        await checkPool(p, pool, code);
        const before = await p.getContractState(contract.address);
        const deployed = before.state.type === 'active';
        if (deployed && before.balance === 0n)
            throw new OpsError(
                `the earnings address ${contract.address} of worker ${input.worker} is deployed and holds nothing to forward; nothing was sent`,
            );
        // the contract's own getter once it runs; before, the same formula (contracts/earnings/fees.fc) at the live prices
        const value = deployed ? await contract.getSweepValue() : sweepValue(await liveFees(p));
        const go = await confirmSend(
            p,
            ctx,
            `${deployed ? 'Sweep' : 'Deploy and sweep'} the earnings address of worker ${input.worker}`,
            [
                `address: ${contract.address} (${before.state.type})`,
                `waiting: ${formatTon(before.balance)}, forwarded to the pool ${pool} as attributed_revenue (less any storage due)`,
                `value:   ${formatTon(value)} (get_sweep_value${deployed ? '' : ', with the StateInit'}); the unspent part comes back`,
            ],
        );
        if (!go) return;
        await contract.sendSweep(p.sender(), { value });
        await p.waitForLastTransaction();
        await waitUntil(p, 'the sweep', async () => {
            const s = await p.getContractState(contract.address);
            return s.state.type === 'active' && s.last !== null && s.last.lt !== before.last?.lt;
        });
        ctx.result.address = contract.address.toString();
        ctx.result.deployed = !deployed;
        p.ui().write(
            `swept: the earnings address of worker ${input.worker} is deployed and forwarded what waited to the pool`,
        );
    },
);
