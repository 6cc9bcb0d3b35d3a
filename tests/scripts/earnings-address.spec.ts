/**
 * member/earningsAddress: the address a member puts as `owner_address` in the node's worker.conf. It is
 * derived offline (no network needed), it is where the earnings contract of (pool, worker) really lives
 * on chain, and bad input is refused before anything is read.
 */
import { Address, beginCell, Cell, toNano } from '@ton/core';
import { SandboxContract } from '@ton/sandbox';
import * as earningsAddress from '../../scripts/member/earningsAddress';
import * as sweepEarnings from '../../scripts/member/sweepEarnings';
import { FeeSchedule } from '../../toolkit/chain/fees';
import { ExitCode } from '../../toolkit/ops/cli/exit-codes';
import { compileContract } from '../../toolkit/func/compile';
import { hashHex, localCode } from '../../toolkit/ops/code-hash';
import { EarningsAddress, earningsAddressOf, earningsSweepBody, sweepValue } from '../../wrappers/EarningsAddress';
import { excessesBody, parseAttributedRevenue } from '../../wrappers/shared';
import { bookedAttributed, parsePoolPayoutData, PoolPayout } from '../../wrappers/PoolPayout';
import { EnvSnapshot, ScriptsEnv } from './support/env';
import { deploy, expectBadInput, expectOk, expectRefused, storageFee } from './support/pool-setup';

const closed = { interactive: false };
const NETWORK_LINE =
    'network: getaddrinfo ENOTFOUND testnet.toncenter.com; check the connection and the API endpoint (docs/OPERATIONS.md, "Network and API key")';

let env: ScriptsEnv;
let pool: SandboxContract<PoolPayout>;
let code: Cell;
let deployed: EnvSnapshot;

beforeAll(async () => {
    env = await ScriptsEnv.create(0);
    ({ pool } = await deploy(env));
    code = await compileContract('EarningsAddress');
    deployed = env.snapshot();
});

beforeEach(async () => env.restore(deployed));

/** The lines the script prints for worker `index`, given what it says of the deployment. */
function expectedLines(index: number, deployedLine: string): string[] {
    const a = earningsAddressOf({ pool: pool.address, workerIndex: index }, code);
    const nb = a.toString({ bounceable: false, testOnly: true });
    return [
        `Earnings address of worker ${index} under pool ${pool.address.toString({ testOnly: true })}`,
        `  bounceable:     ${a.toString({ bounceable: true, testOnly: true })}`,
        `  non-bounceable: ${nb}`,
        `  raw:            ${a.toRawString()}`,
        `  code:           ${hashHex(code)} (local build of contracts/earnings)`,
        `  deployed:       ${deployedLine}`,
        "worker.conf (the node's INI file):",
        `  owner_address = ${nb}`,
    ];
}

describe('member/earningsAddress', () => {
    // Property: the script prints earningsAddressOf(pool, index) in its three spellings and the
    // worker.conf line, with or without a network; offline the chain is not read and the run still
    // succeeds; pool= stands in for the deployment file (which is then not read at all).
    it('[DOC-420] earningsAddress prints earningsAddressOf(pool, worker) and the worker.conf line, offline as online', async () => {
        const online = expectOk(await env.run(earningsAddress, env.stranger, ['worker=3', 'json'], [], closed));
        expect(online.lines).toEqual(
            expectedLines(
                3,
                "no, nothing received yet (Cocoon's first payout or a sweep with its StateInit creates it)",
            ),
        );
        const a = earningsAddressOf({ pool: pool.address, workerIndex: 3 }, code);
        expect(online.json).toEqual([
            {
                ok: true,
                exitCode: 0,
                script: 'member/earningsAddress',
                network: 'testnet',
                worker: 3,
                pool: pool.address.toString({ testOnly: true }),
                earningsAddress: {
                    bounceable: a.toString({ bounceable: true, testOnly: true }),
                    nonBounceable: a.toString({ bounceable: false, testOnly: true }),
                    raw: a.toRawString(),
                },
                codeHash: hashHex(code),
                workerConf: `owner_address = ${a.toString({ bounceable: false, testOnly: true })}`,
                deployed: false,
                state: 'uninit',
                balance: '0',
            },
        ]);

        const offline = expectOk(
            await env.run(earningsAddress, env.stranger, ['worker=3', 'json'], [], { ...closed, offline: true }),
        );
        expect(offline.lines).toEqual(expectedLines(3, `unknown, the chain was not read (${NETWORK_LINE})`));
        expect(offline.json).toEqual([
            expect.objectContaining({
                ok: true,
                exitCode: 0,
                earningsAddress: (online.json[0] as { earningsAddress: unknown }).earningsAddress,
                deployed: null,
                chainNotRead: NETWORK_LINE,
            }),
        ]);

        // the largest index, an explicit pool and a deployment file that does not exist
        const last = expectOk(
            await env.run(
                earningsAddress,
                env.stranger,
                ['worker=4294967295', `pool=${pool.address.toRawString()}`, `deployment=${env.path('none.json')}`],
                [],
                { ...closed, offline: true },
            ),
        );
        expect(last.lines).toEqual(expectedLines(4294967295, `unknown, the chain was not read (${NETWORK_LINE})`));

        // with a terminal, a missing worker index is asked for
        const asked = expectOk(await env.run(earningsAddress, env.stranger, [], ['0']));
        expect({ asked: asked.asked, lines: asked.lines }).toEqual({
            asked: ['Worker index (worker)'],
            lines: expectedLines(
                0,
                "no, nothing received yet (Cocoon's first payout or a sweep with its StateInit creates it)",
            ),
        });
    });

    // Staged: a Cocoon payout (non-bounceable) to the printed address before anything is deployed there,
    // then a deploying sweep built from the wrapper's StateInit. Property: the payout waits at that very
    // account (the script reports it to the nanoton), and the sweep activates exactly that account with
    // data (pool, worker): the printed address is the contract's on-chain address.
    it('[ACC-416] the printed address is where the earnings contract of (pool, worker) lives: a payout waits there and the deploying sweep activates it', async () => {
        const printed = Address.parseRaw(
            (
                expectOk(await env.run(earningsAddress, env.stranger, ['worker=7', 'json'], [], closed)).json[0] as {
                    earningsAddress: { raw: string };
                }
            ).earningsAddress.raw,
        );
        await env.blockchain
            .openContract(EarningsAddress.createFromAddress(printed))
            .sendCocoonPayout(env.proxy.getSender(), { value: toNano('0.5') });
        const waiting = await env.blockchain.getContract(printed);
        expect({ type: waiting.accountState?.type, balance: waiting.balance }).toEqual({
            type: 'uninit',
            balance: toNano('0.5'),
        });
        const before = expectOk(await env.run(earningsAddress, env.stranger, ['worker=7'], [], closed));
        expect(before.lines[5]).toBe(
            '  deployed:       no, 0.5 TON waiting (a sweep with its StateInit deploys it and forwards them)',
        );

        const contract = env.blockchain.openContract(
            EarningsAddress.createFromConfig({ pool: pool.address, workerIndex: 7 }, code),
        );
        expect(contract.address.equals(printed)).toBe(true);
        await contract.sendDeploy(env.stranger.getSender(), {
            value: sweepValue(new FeeSchedule(env.blockchain.config)),
        });
        const live = await env.blockchain.getContract(printed);
        expect(live.accountState?.type).toBe('active');
        const data = await env.blockchain.openContract(EarningsAddress.createFromAddress(printed)).getEarningsData();
        expect({ pool: data.pool.toRawString(), workerIndex: data.workerIndex }).toEqual({
            pool: pool.address.toRawString(),
            workerIndex: 7,
        });
        const after = expectOk(await env.run(earningsAddress, env.stranger, ['worker=7', 'json'], [], closed));
        expect(after.lines).toEqual(
            expectedLines(
                7,
                `yes, balance ${Number(live.balance) / 1e9} TON (forwarded to the pool at get_forward_threshold)`,
            ),
        );
        expect(after.json).toEqual([
            expect.objectContaining({ deployed: true, state: 'active', balance: live.balance.toString() }),
        ]);
    });

    // Fault: a pool= that is not this checkout's pool (a wallet, the local pool build deployed with another
    // earnings code, an empty account). Property: with a network the script refuses (exit 3, one line)
    // rather than print an address that pool would not credit; sweepEarnings refuses alike, sending nothing.
    it('[ACC-416] with a network, a pool= that does not run the local PoolPayout build or derives from another earnings code is refused and no address is printed', async () => {
        const poolHash = hashHex(await localCode('PoolPayout'));
        const wallet = await env.run(
            earningsAddress,
            env.stranger,
            ['worker=1', `pool=${env.operator.address}`],
            [],
            closed,
        );
        const walletState = (await env.blockchain.provider(env.operator.address).getState()).state;
        const walletHash =
            walletState.type === 'active' && walletState.code ? hashHex(Cell.fromBoc(walletState.code)[0]) : 'no code';
        expectRefused(
            wallet,
            `PoolPayout at ${env.operator.address} runs code ${walletHash.slice(0, 16)}…, the local build is ${poolHash.slice(0, 16)}…: wrong address or a different version; the earnings addresses of this checkout are for the pool it builds: check pool= or the deployment file`,
        );
        expect(wallet.lines).toHaveLength(1);
        // the local pool build deployed with another earnings code: its earnings addresses are not these
        const data = (await env.blockchain.provider(pool.address).getState()).state as { type: 'active'; data: Buffer };
        const other = beginCell().storeUint(0xbad, 16).endCell();
        const foreign = env.blockchain.openContract(
            PoolPayout.createFromConfig(
                { ...parsePoolPayoutData(Cell.fromBoc(data.data)[0]), earningsCode: other },
                await localCode('PoolPayout'),
            ),
        );
        await foreign.sendDeploy(env.owner.getSender(), toNano('1'));
        expect((await env.blockchain.getContract(foreign.address)).accountState?.type).toBe('active');
        const mismatch = await env.run(
            earningsAddress,
            env.stranger,
            ['worker=1', `pool=${foreign.address}`],
            [],
            closed,
        );
        expectRefused(
            mismatch,
            `pool ${foreign.address} derives its earnings addresses from code ${hashHex(other).slice(0, 16)}…, the local build of contracts/earnings is ${hashHex(code).slice(0, 16)}…: an address printed here would not be credited to the worker; use the checkout the pool was deployed from`,
        );
        expect(mismatch.lines).toHaveLength(1);
        expectRefused(
            await env.run(sweepEarnings, env.stranger, ['worker=1', `pool=${foreign.address}`, 'yes'], [], closed),
            mismatch.errors[0].replace(/^error: /, ''),
        );
        const empty = new Address(0, Buffer.alloc(32, 7));
        expectRefused(
            await env.run(earningsAddress, env.stranger, ['worker=1', `pool=${empty}`], [], closed),
            `PoolPayout at ${empty} is not deployed (no active contract there); the earnings addresses of this checkout are for the pool it builds: check pool= or the deployment file`,
        );
    });

    // Faults: indices outside uint32, not integers, a malformed pool, a masterchain pool, nothing given
    // with stdin closed. Property: exit 2, one line naming the argument, nothing read: the deployment
    // file given does not exist, so reaching the chain would have said so (exit 3) instead.
    it('[DOC-420] a worker index outside 0..2^32-1, a bad or non-basechain pool, or nothing given is refused offline with exit 2', async () => {
        const none = `deployment=${env.path('none.json')}`;
        const run = (words: string[]) => env.run(earningsAddress, env.stranger, [...words, none], [], closed);
        expectBadInput(await run(['worker=-1']), 'worker: "-1" is not a whole number');
        expectBadInput(await run(['worker=4294967296']), 'worker: 4294967296 is outside 0..4294967295');
        expectBadInput(await run(['worker=1.5']), 'worker: "1.5" is not a whole number');
        expectBadInput(
            await run(['worker=3', 'pool=EQ-not-an-address']),
            'pool: "EQ-not-an-address" is not a TON address',
        );
        const master = `-1:${'ab'.repeat(32)}`;
        expectBadInput(
            await run(['worker=3', `pool=${master}`]),
            `pool: ${master} is on workchain -1; only basechain (workchain 0) addresses are accepted`,
        );
        expectBadInput(
            await run(['worker=3', 'yes']),
            'unknown argument: yes; known: worker= pool= deployment= json help',
        );
        expectBadInput(
            await run([]),
            'missing worker=0..4294967295; no terminal to ask (`help` explains each); nothing was sent',
        );
        const help = await run(['help']);
        expect({ exitCode: help.exitCode, head: help.lines.slice(0, 2) }).toEqual({
            exitCode: ExitCode.ok,
            head: [
                "member/earningsAddress: prints a worker's earnings address (the owner_address of its Cocoon node) and its worker.conf line (run by: member)",
                'usage: npx blueprint run member/earningsAddress --testnet --deeplink worker=3',
            ],
        });
    });
});

describe('member/sweepEarnings', () => {
    // Staged: Cocoon pays 0.5 TON to worker 2's earnings address before it is deployed. Property: the
    // script sends one earnings_sweep of exactly get_sweep_value with the StateInit; the contract is
    // deployed at that address, forwards exactly what waited (less the storage of that transaction) to
    // the pool as attributed_revenue for worker 2, bounceable (the pool credits it to worker 2's owed),
    // and returns the rest to the sender.
    // A second sweep of the now empty contract is refused (exit 3), sending nothing.
    it('[ACC-417] sweepEarnings deploys the earnings address with get_sweep_value and forwards exactly what waited to the pool', async () => {
        const address = earningsAddressOf({ pool: pool.address, workerIndex: 2 }, code);
        await env.blockchain
            .openContract(EarningsAddress.createFromAddress(address))
            .sendCocoonPayout(env.proxy.getSender(), { value: toNano('0.5') });
        const value = sweepValue(new FeeSchedule(env.blockchain.config));
        const check = expectOk(await env.run(sweepEarnings, env.stranger, ['worker=2', 'check'], [], closed));
        expect({ sent: check.sent.length, lines: check.lines }).toEqual({
            sent: 0,
            lines: [
                'Deploy and sweep the earnings address of worker 2',
                `  address: ${address} (uninit)`,
                `  waiting: 0.5 TON, forwarded to the pool ${pool.address} as attributed_revenue (less any storage due)`,
                `  value:   ${Number(value) / 1e9} TON (get_sweep_value, with the StateInit); the unspent part comes back`,
                'check: every input is valid; nothing was sent',
            ],
        });

        const r = expectOk(await env.run(sweepEarnings, env.stranger, ['worker=2', 'yes', 'json'], [], closed));
        expect(
            r.sent.map((m) => ({
                to: m.args.to.toString(),
                value: m.args.value,
                body: m.args.body?.hash().toString('hex'),
                init: m.args.init?.data?.hash().toString('hex'),
            })),
        ).toEqual([
            {
                to: address.toString(),
                value,
                body: earningsSweepBody().hash().toString('hex'),
                init: EarningsAddress.createFromConfig({ pool: pool.address, workerIndex: 2 }, code)
                    .init!.data.hash()
                    .toString('hex'),
            },
        ]);
        const tx = r.sent[0].transactions.find((t) => t.inMessage?.info.dest?.toString() === address.toString())!;
        const out = [...tx.outMessages.values()].map(
            (m) => m.info as { dest: Address; value: { coins: bigint }; bounce: boolean },
        );
        expect(out.map((i) => [i.dest.toString(), i.bounce])).toEqual([
            [pool.address.toString(), true],
            [env.stranger.address.toString(), false],
        ]);
        const forwarded = toNano('0.5') - storageFee(tx);
        expect(out[0].value.coins).toBe(forwarded);
        // the pool authenticates the forward and credits it to worker 2's attributed owed (commission 500 bps)
        expect(await pool.getAttributedOwed(2)).toBe(
            bookedAttributed(new FeeSchedule(env.blockchain.config), forwarded, 500).owed,
        );
        const bodies = [...tx.outMessages.values()].map((m) => m.body);
        expect(parseAttributedRevenue(bodies[0])).toEqual({ queryId: 0n, workerIndex: 2 });
        expect(bodies[1].equals(excessesBody(0n))).toBe(true);
        expect((await env.blockchain.getContract(address)).accountState?.type).toBe('active');
        expect(r.json).toEqual([
            expect.objectContaining({
                ok: true,
                exitCode: 0,
                script: 'member/sweepEarnings',
                address: address.toString(),
                deployed: true,
            }),
        ]);
        expect(r.lines[r.lines.length - 1]).toBe(
            'swept: the earnings address of worker 2 is deployed and forwarded what waited to the pool',
        );

        expectRefused(
            await env.run(sweepEarnings, env.stranger, ['worker=2', 'yes'], [], closed),
            `the earnings address ${address} of worker 2 is deployed and holds nothing to forward; nothing was sent`,
        );
    });
});
