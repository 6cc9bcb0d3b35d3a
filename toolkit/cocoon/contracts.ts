/**
 * Our own TypeScript for Telegram's Cocoon contracts (vendor/cocoon): op-codes and exit
 * codes mirrored from contracts/opcodes.fc (tests/cocoon/source.spec.ts compares them), storage
 * layouts from contracts/utils.fc, and body builders/parsers from messages.tlb.
 */
import { Address, beginCell, Builder, Cell, Slice, StateInit, toNano } from '@ton/core';
import { KeyPair } from '@ton/crypto';
import { signEd25519 } from './sign';

/** `const int op::x` of contracts/opcodes.fc, in camelCase. */
export const CocoonOp = {
    excesses: 0x2565934c,
    payout: 0xc59a7cd3,
    doNotProcess: 0x9a1247c0,
    rootAddWorkerType: 0xe34b1c60,
    rootDelWorkerType: 0x8d94a79a,
    rootAddModelType: 0xc146134d,
    rootDelModelType: 0x92b11c18,
    rootAddProxyType: 0x71860e80,
    rootDelProxyType: 0x3c41d0b2,
    rootRegisterProxy: 0x927c7cb5,
    rootUnregisterProxy: 0x6d49eaf2,
    rootUpdateProxy: 0x9c7924ba,
    rootChangePrice: 0xc52ed8d4,
    rootChangeParams: 0x022fa189,
    rootChangeParamsFull: 0x9f1e69dc,
    rootUpgradeContracts: 0xa2370f61,
    rootUpgrade: 0x11aefd51,
    rootReset: 0x563c1d96,
    rootUpgradeFull: 0x4f7c5789,
    rootChangeOwner: 0xc4a1ae54,
    workerProxyRequest: 0x4d725d2c,
    workerProxyPayoutRequest: 0x08e7d036,
    clientProxyRequest: 0x65448ff4,
    clientProxyTopUp: 0x5cfc6b87,
    clientProxyRegister: 0xa35cb580,
    clientProxyRefundGranted: 0xc68ebc7b,
    clientProxyRefundForce: 0xf4c354c9,
    extProxyIncreaseStake: 0x9713f187,
    extProxyPayoutRequest: 0x7610e6eb,
    ownerProxyClose: 0xb51d5a01,
    extProxyCloseRequestSigned: 0x636a4391,
    extProxyCloseCompleteRequestSigned: 0xe511abc7,
    extWorkerPayoutRequestSigned: 0xa040ad28,
    extWorkerLastPayoutRequestSigned: 0xf5f26a36,
    ownerWorkerRegister: 0x26ed7f65,
    extClientTopUp: 0xf172e6c2,
    extClientChargeSigned: 0xbb63ff93,
    extClientGrantRefundSigned: 0xefd711e1,
    ownerClientTopUpReopen: 0x29111ceb,
    ownerClientRegister: 0xc45f9f3b,
    ownerClientChangeSecretHash: 0xa9357034,
    ownerClientChangeSecretHashAndTopUp: 0x8473b408,
    ownerClientRequestRefund: 0xfafa6cc1,
    ownerClientIncreaseStake: 0x6a1f6a60,
    ownerClientWithdraw: 0xda068e78,
    ownerWalletSendMessage: 0x9c69f376,
} as const;

/** `const int error::x` of contracts/opcodes.fc, in camelCase. */
export const CocoonError = {
    oldMessage: 1000,
    lowSmcBalance: 1001,
    lowBalance: 1002,
    lowMsgValue: 1003,
    msgFormatMismatch: 1004,
    signedMsgFormatMismatch: 1005,
    closed: 1006,
    badSignature: 1007,
    storedDataDamaged: 1008,
    expectedOwner: 1009,
    expectedMessageFromOwner: 1010,
    notUnlockedYet: 1011,
    unknownOp: 1012,
    unknownTextOp: 1013,
    contractAddressMismatch: 1014,
    expectedMyAddress: 1015,
    unknownProxyType: 2000,
} as const;

/** cocoon_wallet.fc throws literals, not named constants; these are the ones the tests meet. */
export const CocoonWalletError = {
    /** recv_external: valid_until <= now */
    expired: 1030,
    /** recv_internal: an op other than payout / excesses / do_not_process from anyone but the owner */
    notOwner: 1040,
} as const;

/** Constants of contracts/utils.fc (tests/cocoon/source.spec.ts reads them from the file). */
export const CocoonLimits = {
    /** COMMISSION_ESTIMATE: the least value a worker / proxy request must carry (strictly more for the worker). */
    commissionEstimate: toNano('0.1'),
    /** STORAGE_ESTIMATE: what a closed proxy or worker keeps. */
    storageEstimate: toNano('0.01'),
    /** The wallet refuses to sign out below this balance (1035). */
    walletMinBalance: toNano('2'),
} as const;

export const CocoonState = { normal: 0, closing: 1, closed: 2 } as const;

// ---------------------------------------------------------------- params (utils.fc, struct version 3)

export interface CocoonParams {
    paramsVersion: number;
    uniqueId: number;
    isTest: boolean;
    pricePerToken: bigint;
    workerFeePerToken: bigint;
    promptTokensPriceMultiplier: number;
    cachedTokensPriceMultiplier: number;
    completionTokensPriceMultiplier: number;
    reasoningTokensPriceMultiplier: number;
    proxyDelayBeforeClose: number;
    clientDelayBeforeClose: number;
    minProxyStake: bigint;
    minClientStake: bigint;
    proxyCode: Cell | null;
    workerCode: Cell | null;
    clientCode: Cell | null;
}

export const PARAMS_STRUCT_VERSION = 3;

export function cocoonParamsToCell(p: CocoonParams): Cell {
    return beginCell()
        .storeUint(PARAMS_STRUCT_VERSION, 8)
        .storeUint(p.paramsVersion, 32)
        .storeUint(p.uniqueId, 32)
        .storeBit(p.isTest)
        .storeCoins(p.pricePerToken)
        .storeCoins(p.workerFeePerToken)
        .storeUint(p.promptTokensPriceMultiplier, 32)
        .storeUint(p.cachedTokensPriceMultiplier, 32)
        .storeUint(p.completionTokensPriceMultiplier, 32)
        .storeUint(p.reasoningTokensPriceMultiplier, 32)
        .storeUint(p.proxyDelayBeforeClose, 32)
        .storeUint(p.clientDelayBeforeClose, 32)
        .storeCoins(p.minProxyStake)
        .storeCoins(p.minClientStake)
        .storeMaybeRef(p.proxyCode)
        .storeMaybeRef(p.workerCode)
        .storeMaybeRef(p.clientCode)
        .endCell();
}

export function parseCocoonParams(cell: Cell): CocoonParams {
    const s = cell.beginParse();
    const version = s.loadUint(8);
    if (version !== PARAMS_STRUCT_VERSION) throw new Error(`cocoon params: struct version ${version}`);
    const p: CocoonParams = {
        paramsVersion: s.loadUint(32),
        uniqueId: s.loadUint(32),
        isTest: s.loadBit(),
        pricePerToken: s.loadCoins(),
        workerFeePerToken: s.loadCoins(),
        promptTokensPriceMultiplier: s.loadUint(32),
        cachedTokensPriceMultiplier: s.loadUint(32),
        completionTokensPriceMultiplier: s.loadUint(32),
        reasoningTokensPriceMultiplier: s.loadUint(32),
        proxyDelayBeforeClose: s.loadUint(32),
        clientDelayBeforeClose: s.loadUint(32),
        minProxyStake: s.loadCoins(),
        minClientStake: s.loadCoins(),
        proxyCode: s.loadMaybeRef(),
        workerCode: s.loadMaybeRef(),
        clientCode: s.loadMaybeRef(),
    };
    s.endParse();
    return p;
}

/** What workers and clients store, and what the proxy recomputes their addresses with: no codes. */
export function withoutCodes(p: CocoonParams): CocoonParams {
    return { ...p, proxyCode: null, workerCode: null, clientCode: null };
}

/** What a voucher of `tokensDelta` new tokens pays (cocoon_worker.fc). */
export function voucherParts(p: CocoonParams, tokensDelta: bigint): { workerPart: bigint; proxyPart: bigint } {
    return {
        workerPart: tokensDelta * p.workerFeePerToken,
        proxyPart: tokensDelta * (p.pricePerToken - p.workerFeePerToken),
    };
}

// ---------------------------------------------------------------- storage (utils.fc)

export interface CocoonRootData {
    owner: Address;
    version: number;
    lastProxySeqno: number;
    params: Cell;
}

/** A fresh root: empty hash and proxy dictionaries. */
export function cocoonRootDataToCell(d: CocoonRootData): Cell {
    const dicts = beginCell()
        .storeMaybeRef(null) // proxy_hashes
        .storeMaybeRef(null) // registered_proxies
        .storeUint(d.lastProxySeqno, 32)
        .storeMaybeRef(null) // worker_hashes
        .storeMaybeRef(null) // model_hashes
        .endCell();
    return beginCell().storeAddress(d.owner).storeUint(d.version, 32).storeRef(dicts).storeRef(d.params).endCell();
}

export interface CocoonProxyData {
    owner: Address;
    publicKey: bigint;
    root: Address;
    state: number;
    balance: bigint;
    stake: bigint;
    unlockTs: number;
    params: Cell;
}

export function cocoonProxyDataToCell(d: CocoonProxyData): Cell {
    return beginCell()
        .storeAddress(d.owner)
        .storeUint(d.publicKey, 256)
        .storeAddress(d.root)
        .storeUint(d.state, 2)
        .storeCoins(d.balance)
        .storeCoins(d.stake)
        .storeUint(d.unlockTs, 32)
        .storeRef(d.params)
        .endCell();
}

export function parseCocoonProxyData(cell: Cell): CocoonProxyData {
    const s = cell.beginParse();
    const d = {
        owner: s.loadAddress(),
        publicKey: s.loadUintBig(256),
        root: s.loadAddress(),
        state: s.loadUint(2),
        balance: s.loadCoins(),
        stake: s.loadCoins(),
        unlockTs: s.loadUint(32),
        params: s.loadRef(),
    };
    s.endParse();
    return d;
}

export interface CocoonWorkerData {
    owner: Address;
    proxy: Address;
    proxyPublicKey: bigint;
    state: number;
    tokens: bigint;
    /** Params without codes (withoutCodes). */
    params: Cell;
}

export function cocoonWorkerDataToCell(d: CocoonWorkerData): Cell {
    return beginCell()
        .storeAddress(d.owner)
        .storeAddress(d.proxy)
        .storeUint(d.proxyPublicKey, 256)
        .storeUint(d.state, 2)
        .storeUint(d.tokens, 64)
        .storeRef(d.params)
        .endCell();
}

export function parseCocoonWorkerData(cell: Cell): CocoonWorkerData {
    const s = cell.beginParse();
    const d = {
        owner: s.loadAddress(),
        proxy: s.loadAddress(),
        proxyPublicKey: s.loadUintBig(256),
        state: s.loadUint(2),
        tokens: s.loadUintBig(64),
        params: s.loadRef(),
    };
    s.endParse();
    return d;
}

/** The worker contract of (owner, proxy, key, params) as the proxy recomputes it (calculate_cocoon_worker_state_init). */
export function cocoonWorkerInit(o: {
    owner: Address;
    proxy: Address;
    proxyPublicKey: bigint;
    params: CocoonParams;
    code: Cell;
}): StateInit {
    return {
        code: o.code,
        data: cocoonWorkerDataToCell({
            owner: o.owner,
            proxy: o.proxy,
            proxyPublicKey: o.proxyPublicKey,
            state: CocoonState.normal,
            tokens: 0n,
            params: cocoonParamsToCell(withoutCodes(o.params)),
        }),
    };
}

export interface CocoonWalletData {
    seqno: number;
    subwalletId: number;
    publicKey: Buffer;
    status: number;
    owner: Address;
}

export function cocoonWalletDataToCell(d: CocoonWalletData): Cell {
    return beginCell()
        .storeUint(d.seqno, 32)
        .storeUint(d.subwalletId, 32)
        .storeBuffer(d.publicKey, 32)
        .storeUint(d.status, 32)
        .storeAddress(d.owner)
        .endCell();
}

export function parseCocoonWalletData(cell: Cell): CocoonWalletData {
    const s = cell.beginParse();
    const d = {
        seqno: s.loadUint(32),
        subwalletId: s.loadUint(32),
        publicKey: s.loadBuffer(32),
        status: s.loadUint(32),
        owner: s.loadAddress(),
    };
    s.endParse();
    return d;
}

// ---------------------------------------------------------------- messages (messages.tlb)

export const publicKeyOf = (k: KeyPair): bigint => BigInt('0x' + k.publicKey.toString('hex'));

/**
 * A signed request as cocoon_worker.fc / cocoon_proxy.fc check it (signed_message_unpack_and_check_signature):
 * `op query_id send_excesses_to:MsgAddress signature:bits512 payload:^Cell`, where the payload
 * (`op query_id ...`) is what the proxy key signs. The excesses address is outside the signature.
 */
export function signedRequestBody(o: {
    op: number;
    queryId: bigint;
    sendExcessesTo: Address;
    payload: (b: Builder) => void;
    key: KeyPair;
}): Cell {
    const payload = beginCell().storeUint(o.op, 32).storeUint(o.queryId, 64);
    o.payload(payload);
    const signed = payload.endCell();
    return beginCell()
        .storeUint(o.op, 32)
        .storeUint(o.queryId, 64)
        .storeAddress(o.sendExcessesTo)
        .storeBuffer(signEd25519(signed.hash(), o.key.secretKey))
        .storeRef(signed)
        .endCell();
}

export interface Voucher {
    /** The cumulative token count the proxy signs (`new_tokens:uint64`). */
    tokens: bigint;
    /** A last payout closes the worker (cocoon_last_payout_payload). */
    last?: boolean;
    queryId?: bigint;
}

/** cocoon_payout_payload / cocoon_last_payout_payload, signed by the proxy key, for one worker contract. */
export function voucherBody(v: Voucher & { worker: Address; sendExcessesTo: Address; key: KeyPair }): Cell {
    return signedRequestBody({
        op: v.last ? CocoonOp.extWorkerLastPayoutRequestSigned : CocoonOp.extWorkerPayoutRequestSigned,
        queryId: v.queryId ?? 0n,
        sendExcessesTo: v.sendExcessesTo,
        payload: (b) => b.storeUint(v.tokens, 64).storeAddress(v.worker),
        key: v.key,
    });
}

/** cocoon_close_complete_request_payload: anyone may carry it to the proxy once the delay passed. */
export function proxyCloseCompleteBody(o: {
    proxy: Address;
    sendExcessesTo: Address;
    key: KeyPair;
    queryId?: bigint;
}): Cell {
    return signedRequestBody({
        op: CocoonOp.extProxyCloseCompleteRequestSigned,
        queryId: o.queryId ?? 0n,
        sendExcessesTo: o.sendExcessesTo,
        payload: (b) => b.storeAddress(o.proxy),
        key: o.key,
    });
}

/** cocoon_owner_proxy_close: the proxy's owner starts closing (state closing, unlock after the delay). */
export function ownerProxyCloseBody(o: { sendExcessesTo: Address; queryId?: bigint }): Cell {
    return beginCell()
        .storeUint(CocoonOp.ownerProxyClose, 32)
        .storeUint(o.queryId ?? 0n, 64)
        .storeAddress(o.sendExcessesTo)
        .endCell();
}

/** cocoon_register_proxy: `proxy_info` is `0:uint1 len:uint7 bytes` (cocoon_root.fc checks that shape). */
export function rootRegisterProxyBody(o: { info: string; queryId?: bigint }): Cell {
    const bytes = Buffer.from(o.info, 'utf8');
    if (bytes.length > 127) throw new Error(`rootRegisterProxyBody: info is ${bytes.length} bytes, at most 127`);
    return beginCell()
        .storeUint(CocoonOp.rootRegisterProxy, 32)
        .storeUint(o.queryId ?? 0n, 64)
        .storeUint(0, 1)
        .storeUint(bytes.length, 7)
        .storeBuffer(bytes)
        .endCell();
}

export function rootAddWorkerTypeBody(o: { hash: bigint; queryId?: bigint }): Cell {
    return beginCell()
        .storeUint(CocoonOp.rootAddWorkerType, 32)
        .storeUint(o.queryId ?? 0n, 64)
        .storeUint(o.hash, 256)
        .endCell();
}

function loadOp(s: Slice, op: number, name: string) {
    const got = s.loadUint(32);
    if (got !== op) throw new Error(`${name}: op 0x${got.toString(16)} is not 0x${op.toString(16)}`);
}

/** cocoon_payout#c59a7cd3 query_id:uint64: what a proxy sends an owner. */
export function parseCocoonPayout(body: Cell): { queryId: bigint } {
    const s = body.beginParse();
    loadOp(s, CocoonOp.payout, 'cocoon_payout');
    const m = { queryId: s.loadUintBig(64) };
    s.endParse();
    return m;
}

/** cocoon_return_excesses_back#2565934c query_id:uint64: the proxy's and worker's gas change. */
export function parseCocoonExcesses(body: Cell): { queryId: bigint } {
    const s = body.beginParse();
    loadOp(s, CocoonOp.excesses, 'cocoon_return_excesses_back');
    const m = { queryId: s.loadUintBig(64) };
    s.endParse();
    return m;
}

export function cocoonExcessesBody(queryId: bigint): Cell {
    return beginCell().storeUint(CocoonOp.excesses, 32).storeUint(queryId, 64).endCell();
}

/** cocoon_worker_proxy_request carrying a payout request (what the worker forwards to the proxy). */
export function parseWorkerProxyPayoutRequest(body: Cell) {
    const s = body.beginParse();
    loadOp(s, CocoonOp.workerProxyRequest, 'cocoon_worker_proxy_request');
    const queryId = s.loadUintBig(64);
    const owner = s.loadAddress();
    const state = s.loadUint(2);
    const tokens = s.loadUintBig(64);
    const payloadCell = s.loadMaybeRef();
    s.endParse();
    if (!payloadCell) throw new Error('cocoon_worker_proxy_request: no payload');
    const p = payloadCell.beginParse();
    loadOp(p, CocoonOp.workerProxyPayoutRequest, 'cocoon_worker_proxy_payout_request');
    const payload = { workerPart: p.loadCoins(), proxyPart: p.loadCoins(), sendExcessesTo: p.loadAddress() };
    p.endParse();
    return { queryId, owner, state, tokens, ...payload };
}
