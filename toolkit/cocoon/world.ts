/**
 * A Cocoon world in a sandbox, built from Telegram's own contracts (vendor/cocoon): a
 * root, a proxy with a test key, and per owner address a node (the worker contract Cocoon derives
 * from the owner, and the node's CocoonWallet that submits the proxy's signed vouchers). Reusable
 * by any spec that needs an owner address paid by a real proxy:
 *
 *   const world = await deployCocoonWorld(blockchain);
 *   const node = await deployCocoonNode(world, { owner: pool.address });
 *   const run = await submitVoucher(world, node, { tokens: 1_000_000n });
 *   run.payout  // the proxy's message to the owner and the owner's transaction
 */
import {
    Address,
    beginCell,
    Cell,
    contractAddress,
    external,
    internal as internalRelaxed,
    SendMode,
    StateInit,
    storeMessageRelaxed,
    toNano,
} from '@ton/core';
import { KeyPair, keyPairFromSeed } from '@ton/crypto';
import { Blockchain, BlockchainTransaction, SandboxContract, SendMessageResult, TreasuryContract } from '@ton/sandbox';
import { createHash } from 'crypto';
import { signEd25519 } from './sign';
import { CocoonCodes, cocoonCodes } from './vendor';
import {
    CocoonLimits,
    CocoonOp,
    CocoonParams,
    cocoonParamsToCell,
    CocoonProxyData,
    cocoonProxyDataToCell,
    cocoonRootDataToCell,
    CocoonState,
    cocoonWalletDataToCell,
    CocoonWorkerData,
    cocoonWorkerInit,
    ownerProxyCloseBody,
    parseCocoonProxyData,
    parseCocoonWalletData,
    parseCocoonWorkerData,
    proxyCloseCompleteBody,
    publicKeyOf,
    rootAddWorkerTypeBody,
    rootRegisterProxyBody,
    Voucher,
    voucherBody,
    voucherParts,
} from './contracts';

/** A deterministic test key (never a real one): seed = sha256(label). */
export function testKey(label: string): KeyPair {
    return keyPairFromSeed(createHash('sha256').update(`cocoon-test-key-${label}`).digest());
}

/**
 * Defaults: a worker earns 1,800 nanoton per token of a 2,000 nanoton price (90%), so a few
 * tokens are dust next to any gas price and a million tokens are 1.8 TON.
 */
export const DEFAULT_PRICE_PER_TOKEN = 2_000n;
export const DEFAULT_WORKER_FEE_PER_TOKEN = 1_800n;
export const DEFAULT_PROXY_DELAY = 3600;

/** What a submission carries: the worker needs more than COMMISSION_ESTIMATE and keeps its first 0.11 TON. */
export const VOUCHER_VALUE = 2n * CocoonLimits.commissionEstimate;
/** What the node's wallet is funded with at deploy (it refuses to send below walletMinBalance). */
export const NODE_WALLET_FUNDS = 10n * CocoonLimits.walletMinBalance;

export interface CocoonWorldOptions {
    pricePerToken?: bigint;
    workerFeePerToken?: bigint;
    proxyDelayBeforeClose?: number;
    /** The proxy's stake (a number in its data) and what it holds to pay workers from. */
    proxyStake?: bigint;
    proxyFunds?: bigint;
    /** Names the proxy's test key and owner treasury: worlds with different labels are different proxies on one root. */
    label?: string;
    /** The four codes, if the caller has them (default: compiled from vendor/cocoon once per process). */
    codes?: CocoonCodes;
}

export interface CocoonWorld {
    blockchain: Blockchain;
    codes: CocoonCodes;
    params: CocoonParams;
    proxyKey: KeyPair;
    rootOwner: SandboxContract<TreasuryContract>;
    proxyOwner: SandboxContract<TreasuryContract>;
    root: Address;
    proxy: Address;
}

export async function deployCocoonWorld(blockchain: Blockchain, o: CocoonWorldOptions = {}): Promise<CocoonWorld> {
    const codes = o.codes ?? (await cocoonCodes());
    const label = o.label ?? 'proxy';
    const proxyKey = testKey(label);
    const [rootOwner, proxyOwner] = await Promise.all([
        blockchain.treasury('cocoon-root-owner'),
        blockchain.treasury(`cocoon-${label}-owner`),
    ]);
    const params: CocoonParams = {
        paramsVersion: 1,
        uniqueId: 1,
        isTest: true,
        pricePerToken: o.pricePerToken ?? DEFAULT_PRICE_PER_TOKEN,
        workerFeePerToken: o.workerFeePerToken ?? DEFAULT_WORKER_FEE_PER_TOKEN,
        promptTokensPriceMultiplier: 10000,
        cachedTokensPriceMultiplier: 10000,
        completionTokensPriceMultiplier: 10000,
        reasoningTokensPriceMultiplier: 10000,
        proxyDelayBeforeClose: o.proxyDelayBeforeClose ?? DEFAULT_PROXY_DELAY,
        clientDelayBeforeClose: DEFAULT_PROXY_DELAY,
        minProxyStake: toNano('1'),
        minClientStake: toNano('1'),
        proxyCode: codes.proxy,
        workerCode: codes.worker,
        clientCode: null,
    };
    const paramsCell = cocoonParamsToCell(params);

    const rootInit: StateInit = {
        code: codes.root,
        data: cocoonRootDataToCell({ owner: rootOwner.address, version: 0, lastProxySeqno: 0, params: paramsCell }),
    };
    const root = contractAddress(0, rootInit);
    await expectDeployed(
        blockchain,
        await rootOwner.send({ to: root, value: toNano('1'), init: rootInit, bounce: false }),
        root,
    );

    const stake = o.proxyStake ?? toNano('10');
    const proxyInit: StateInit = {
        code: codes.proxy,
        data: cocoonProxyDataToCell({
            owner: proxyOwner.address,
            publicKey: publicKeyOf(proxyKey),
            root,
            state: CocoonState.normal,
            balance: 0n,
            stake,
            unlockTs: 0,
            params: paramsCell,
        }),
    };
    const proxy = contractAddress(0, proxyInit);
    await expectDeployed(
        blockchain,
        await proxyOwner.send({
            to: proxy,
            value: stake + (o.proxyFunds ?? toNano('1000')),
            init: proxyInit,
            bounce: false,
        }),
        proxy,
    );

    // The root's owner lists the proxy and the worker image, as Cocoon's operators do.
    for (const body of [
        rootRegisterProxyBody({ info: proxy.toString() }),
        rootAddWorkerTypeBody({ hash: BigInt('0x' + createHash('sha256').update('test worker image').digest('hex')) }),
    ]) {
        const r = await rootOwner.send({ to: root, value: CocoonLimits.commissionEstimate, body });
        if (!r.transactions.some((t) => isTxTo(t, root) && exitOf(t) === 0))
            throw new Error('deployCocoonWorld: the root refused its owner');
    }
    return { blockchain, codes, params, proxyKey, rootOwner, proxyOwner, root, proxy };
}

export interface CocoonNode {
    /** The worker's owner_address (worker.conf): who the proxy pays. */
    owner: Address;
    /** The worker contract (deployed by the first voucher's StateInit). */
    worker: Address;
    workerInit: StateInit;
    /** The node's CocoonWallet: signs externals with `walletKey`, owned by `walletOwner`. */
    wallet: Address;
    walletKey: KeyPair;
    walletOwner: Address;
}

/** The worker contract address of `owner` on this world's proxy. */
export function workerOf(world: CocoonWorld, owner: Address): { address: Address; init: StateInit } {
    const init = cocoonWorkerInit({
        owner,
        proxy: world.proxy,
        proxyPublicKey: publicKeyOf(world.proxyKey),
        params: world.params,
        code: world.codes.worker,
    });
    return { address: contractAddress(0, init), init };
}

/** A funded CocoonWallet (Telegram's node wallet): `key` signs its externals, `owner` may withdraw. */
export async function deployCocoonWallet(
    world: CocoonWorld,
    o: { owner: Address; key: KeyPair; funder: SandboxContract<TreasuryContract>; funds?: bigint },
): Promise<Address> {
    const init: StateInit = {
        code: world.codes.wallet,
        data: cocoonWalletDataToCell({
            seqno: 0,
            subwalletId: 0,
            publicKey: o.key.publicKey,
            status: 0,
            owner: o.owner,
        }),
    };
    const wallet = contractAddress(0, init);
    await expectDeployed(
        world.blockchain,
        await o.funder.send({ to: wallet, value: o.funds ?? NODE_WALLET_FUNDS, init, bounce: false }),
        wallet,
    );
    return wallet;
}

/**
 * A node for `owner`: its CocoonWallet is deployed and funded now (by `funder`, default a
 * treasury named after the owner, which also owns the wallet); the worker contract is deployed
 * by the first voucher's StateInit.
 */
export async function deployCocoonNode(
    world: CocoonWorld,
    o: { owner: Address; walletOwner?: Address; funder?: SandboxContract<TreasuryContract>; keyLabel?: string },
): Promise<CocoonNode> {
    const funder = o.funder ?? (await world.blockchain.treasury(`cocoon-node-${o.owner.toRawString()}`));
    const walletKey = testKey(o.keyLabel ?? `node-${o.owner.toRawString()}`);
    const walletOwner = o.walletOwner ?? funder.address;
    const wallet = await deployCocoonWallet(world, { owner: walletOwner, key: walletKey, funder });
    const w = workerOf(world, o.owner);
    return { owner: o.owner, worker: w.address, workerInit: w.init, wallet, walletKey, walletOwner };
}

/** The external a CocoonWallet accepts: signature over `subwallet valid_until seqno (mode ^msg)*`. */
export function walletExternalBody(o: {
    key: KeyPair;
    seqno: number;
    validUntil: number;
    messages: { mode: SendMode; message: Cell }[];
}): Cell {
    const b = beginCell().storeUint(0, 32).storeUint(o.validUntil, 32).storeUint(o.seqno, 32);
    for (const m of o.messages) b.storeUint(m.mode, 8).storeRef(m.message);
    const signed = b.endCell();
    return beginCell()
        .storeBuffer(signEd25519(signed.hash(), o.key.secretKey))
        .storeSlice(signed.beginParse())
        .endCell();
}

export interface VoucherRun {
    result: SendMessageResult;
    /** What the voucher pays, from the world's params and the worker's previous token count. */
    expected: { tokensBefore: bigint; workerPart: bigint; proxyPart: bigint };
    workerTx?: BlockchainTransaction;
    proxyTx?: BlockchainTransaction;
    /** The proxy's payout to the owner, and the owner's transaction for it. */
    payout?: {
        value: bigint;
        bounce: boolean;
        bodyBits: number;
        bodyRefs: number;
        body: Cell;
        mode: number;
        ownerTx: BlockchainTransaction;
    };
    /** The proxy's excesses (op 0x2565934c) and where they went. */
    excesses?: { to: Address; value: bigint; body: Cell; receiverTx?: BlockchainTransaction };
}

export interface SubmitOptions {
    /** Where Cocoon sends its gas change (not signed); default the node's wallet. */
    sendExcessesTo?: Address;
    /** Submit through this treasury instead of the node's wallet (anyone may carry a signed voucher). */
    via?: SandboxContract<TreasuryContract>;
    value?: bigint;
    /** Sign with another key (a forged voucher). */
    key?: KeyPair;
}

/** The fewest tokens whose worker part is at least `nanoton`. */
export function tokensFor(world: CocoonWorld, nanoton: bigint): bigint {
    const fee = world.params.workerFeePerToken;
    return (nanoton + fee - 1n) / fee;
}

/** Cumulative tokens the worker contract has been paid for (0 before it exists). */
export async function workerTokens(world: CocoonWorld, node: CocoonNode): Promise<bigint> {
    const d = await readWorker(world, node);
    return d?.tokens ?? 0n;
}

/** The proxy signs `voucher`; the node submits it to its worker contract; the cascade runs. */
export async function submitVoucher(
    world: CocoonWorld,
    node: CocoonNode,
    voucher: Voucher,
    o: SubmitOptions = {},
): Promise<VoucherRun> {
    const worker = await world.blockchain.getContract(node.worker);
    const deployed = worker.accountState?.type === 'active';
    const tokensBefore = await workerTokens(world, node);
    const body = voucherBody({
        ...voucher,
        worker: node.worker,
        sendExcessesTo: o.sendExcessesTo ?? node.wallet,
        key: o.key ?? world.proxyKey,
    });
    const value = o.value ?? VOUCHER_VALUE;
    const init = deployed ? undefined : node.workerInit;
    let result: SendMessageResult;
    if (o.via) {
        result = await o.via.send({ to: node.worker, value, body, init, bounce: true });
    } else {
        const wallet = await world.blockchain.getContract(node.wallet);
        const state = wallet.accountState;
        if (state?.type !== 'active' || !state.state.data)
            throw new Error('submitVoucher: the node wallet is not active');
        const seqno = parseCocoonWalletData(state.state.data).seqno;
        const message = beginCell()
            .store(storeMessageRelaxed(internalRelaxed({ to: node.worker, value, bounce: true, body, init })))
            .endCell();
        const ext = walletExternalBody({
            key: node.walletKey,
            seqno,
            validUntil: world.blockchain.now! + 600,
            messages: [{ mode: SendMode.PAY_GAS_SEPARATELY, message }],
        });
        result = await world.blockchain.sendMessage(external({ to: node.wallet, body: ext }));
    }
    const delta = voucher.tokens > tokensBefore ? voucher.tokens - tokensBefore : 0n;
    return readVoucherRun(world, node, result, { tokensBefore, ...voucherParts(world.params, delta) });
}

/** Finds the worker's, the proxy's and the owner's transactions of a voucher's cascade. */
export function readVoucherRun(
    world: CocoonWorld,
    node: CocoonNode,
    result: SendMessageResult,
    expected: VoucherRun['expected'],
): VoucherRun {
    const run: VoucherRun = { result, expected };
    run.workerTx = result.transactions.find((t) => isTxTo(t, node.worker));
    run.proxyTx = result.transactions.find((t) => isTxTo(t, world.proxy) && isFrom(t, node.worker));
    if (!run.proxyTx) return run;
    const modes = (run.proxyTx.outActions ?? []).flatMap((a) => (a.type === 'sendMsg' ? [a.mode] : []));
    for (let i = 0; i < run.proxyTx.outMessagesCount; i++) {
        const m = run.proxyTx.outMessages.get(i)!;
        const info = m.info;
        if (info.type !== 'internal') continue;
        const s = m.body.beginParse();
        const op = s.remainingBits >= 32 ? s.preloadUint(32) : -1;
        // the receiver's transaction is the one whose inbound message is this one (same lt, same destination)
        const receiverTx = result.transactions.find(
            (t) =>
                t.inMessage?.info.type === 'internal' &&
                t.inMessage.info.createdLt === info.createdLt &&
                isTxTo(t, info.dest),
        );
        if (op === CocoonOp.payout && info.dest.equals(node.owner)) {
            if (!receiverTx) throw new Error('readVoucherRun: the payout reached no transaction');
            run.payout = {
                value: info.value.coins,
                bounce: info.bounce,
                bodyBits: m.body.bits.length,
                bodyRefs: m.body.refs.length,
                body: m.body,
                mode: modes[i],
                ownerTx: receiverTx,
            };
        } else if (op === CocoonOp.excesses) {
            run.excesses = { to: info.dest, value: info.value.coins, body: m.body, receiverTx };
        }
    }
    return run;
}

export async function readWorker(world: CocoonWorld, node: CocoonNode): Promise<CocoonWorkerData | undefined> {
    const c = await world.blockchain.getContract(node.worker);
    const s = c.accountState;
    return s?.type === 'active' && s.state.data ? parseCocoonWorkerData(s.state.data) : undefined;
}

export async function readProxy(world: CocoonWorld): Promise<CocoonProxyData & { account: bigint }> {
    const c = await world.blockchain.getContract(world.proxy);
    const s = c.accountState;
    if (s?.type !== 'active' || !s.state.data) throw new Error('readProxy: the proxy is not active');
    return { ...parseCocoonProxyData(s.state.data), account: c.balance };
}

/** The proxy's owner starts closing it: vouchers are still paid until the close completes. */
export async function startProxyClose(world: CocoonWorld): Promise<SendMessageResult> {
    return world.proxyOwner.send({
        to: world.proxy,
        value: CocoonLimits.commissionEstimate,
        body: ownerProxyCloseBody({ sendExcessesTo: world.proxyOwner.address }),
    });
}

/** After the delay, the signed close-complete: the proxy sends everything it holds to its owner and refuses all payouts. */
export async function completeProxyClose(
    world: CocoonWorld,
    via: SandboxContract<TreasuryContract> = world.proxyOwner,
): Promise<SendMessageResult> {
    const body = proxyCloseCompleteBody({ proxy: world.proxy, sendExcessesTo: via.address, key: world.proxyKey });
    return via.send({ to: world.proxy, value: CocoonLimits.commissionEstimate, body });
}

function isTxTo(t: BlockchainTransaction, a: Address): boolean {
    return t.inMessage?.info.dest instanceof Address && t.inMessage.info.dest.equals(a);
}

function isFrom(t: BlockchainTransaction, a: Address): boolean {
    return t.inMessage?.info.type === 'internal' && t.inMessage.info.src.equals(a);
}

function exitOf(t: BlockchainTransaction): number | undefined {
    return t.description.type === 'generic' && t.description.computePhase.type === 'vm'
        ? t.description.computePhase.exitCode
        : undefined;
}

async function expectDeployed(blockchain: Blockchain, r: SendMessageResult, a: Address) {
    const c = await blockchain.getContract(a);
    if (c.accountState?.type !== 'active')
        throw new Error(`deploy of ${a} failed: ${r.transactions.map((t) => exitOf(t)).join(',')}`);
}
