/**
 * Blockchain config params that decide what the pool pays: storage prices (18), basechain gas
 * prices (21) and basechain forward prices (25). Parsed into plain objects, and re-serialised so a
 * sandbox can be switched between price sets (see prices.ts).
 *
 * TL-B (crypto/block/block.tlb):
 *   storage_prices#cc utime_since:uint32 bit_price_ps:uint64 cell_price_ps:uint64
 *       mc_bit_price_ps:uint64 mc_cell_price_ps:uint64 = StoragePrices;
 *   _ (Hashmap 32 StoragePrices) = ConfigParam 18;
 *   gas_flat_pfx#d1 flat_gas_limit:uint64 flat_gas_price:uint64 other:GasLimitsPrices = GasLimitsPrices;
 *   gas_prices_ext#de gas_price:uint64 gas_limit:uint64 special_gas_limit:uint64 gas_credit:uint64
 *       block_gas_limit:uint64 freeze_due_limit:uint64 delete_due_limit:uint64 = GasLimitsPrices;
 *   msg_forward_prices#ea lump_price:uint64 bit_price:uint64 cell_price:uint64 ihr_price_factor:uint32
 *       first_frac:uint16 next_frac:uint16 = MsgForwardPrices;
 */
import { beginCell, Builder, Cell, Dictionary, DictionaryValue, Slice } from '@ton/core';

export const CONFIG_STORAGE_PRICES = 18;
export const CONFIG_BASECHAIN_GAS_PRICES = 21;
export const CONFIG_BASECHAIN_MSG_PRICES = 25;

export interface StoragePrices {
    utimeSince: number;
    bitPricePs: bigint;
    cellPricePs: bigint;
    mcBitPricePs: bigint;
    mcCellPricePs: bigint;
}

export interface GasPrices {
    flatGasLimit: bigint;
    flatGasPrice: bigint;
    /** nanoton per 2^16 gas */
    gasPrice: bigint;
    gasLimit: bigint;
    specialGasLimit: bigint;
    gasCredit: bigint;
    blockGasLimit: bigint;
    freezeDueLimit: bigint;
    deleteDueLimit: bigint;
}

export interface MsgPrices {
    lumpPrice: bigint;
    /** nanoton per 2^16 bits */
    bitPrice: bigint;
    /** nanoton per 2^16 cells */
    cellPrice: bigint;
    ihrPriceFactor: number;
    firstFrac: number;
    nextFrac: number;
}

const STORAGE_PRICES_TAG = 0xcc;
const GAS_FLAT_PFX_TAG = 0xd1;
const GAS_PRICES_EXT_TAG = 0xde;
const MSG_FORWARD_PRICES_TAG = 0xea;

const storagePricesValue: DictionaryValue<StoragePrices> = {
    serialize(src: StoragePrices, b: Builder) {
        b.storeUint(STORAGE_PRICES_TAG, 8)
            .storeUint(src.utimeSince, 32)
            .storeUint(src.bitPricePs, 64)
            .storeUint(src.cellPricePs, 64)
            .storeUint(src.mcBitPricePs, 64)
            .storeUint(src.mcCellPricePs, 64);
    },
    parse(s: Slice): StoragePrices {
        expectTag(s, STORAGE_PRICES_TAG, 'StoragePrices');
        return {
            utimeSince: s.loadUint(32),
            bitPricePs: s.loadUintBig(64),
            cellPricePs: s.loadUintBig(64),
            mcBitPricePs: s.loadUintBig(64),
            mcCellPricePs: s.loadUintBig(64),
        };
    },
};

function expectTag(s: Slice, tag: number, what: string) {
    const got = s.loadUint(8);
    if (got !== tag) throw new Error(`config: ${what} has tag 0x${got.toString(16)}, expected 0x${tag.toString(16)}`);
}

function configDict(config: Cell): Dictionary<number, Cell> {
    return Dictionary.loadDirect(Dictionary.Keys.Int(32), Dictionary.Values.Cell(), config);
}

function param(config: Cell, id: number): Slice {
    const cell = configDict(config).get(id);
    if (!cell) throw new Error(`config: param ${id} is missing`);
    return cell.beginParse();
}

/** Storage price entries, oldest first (the last one is in force). */
export function parseStoragePrices(config: Cell): StoragePrices[] {
    const dict = Dictionary.loadDirect(
        Dictionary.Keys.Uint(32),
        storagePricesValue,
        param(config, CONFIG_STORAGE_PRICES),
    );
    return dict
        .keys()
        .sort((a, b) => a - b)
        .map((k) => dict.get(k)!);
}

export function parseGasPrices(config: Cell): GasPrices {
    const s = param(config, CONFIG_BASECHAIN_GAS_PRICES);
    expectTag(s, GAS_FLAT_PFX_TAG, 'GasLimitsPrices');
    const flatGasLimit = s.loadUintBig(64);
    const flatGasPrice = s.loadUintBig(64);
    expectTag(s, GAS_PRICES_EXT_TAG, 'GasLimitsPrices.other');
    return {
        flatGasLimit,
        flatGasPrice,
        gasPrice: s.loadUintBig(64),
        gasLimit: s.loadUintBig(64),
        specialGasLimit: s.loadUintBig(64),
        gasCredit: s.loadUintBig(64),
        blockGasLimit: s.loadUintBig(64),
        freezeDueLimit: s.loadUintBig(64),
        deleteDueLimit: s.loadUintBig(64),
    };
}

export function parseMsgPrices(config: Cell): MsgPrices {
    const s = param(config, CONFIG_BASECHAIN_MSG_PRICES);
    expectTag(s, MSG_FORWARD_PRICES_TAG, 'MsgForwardPrices');
    return {
        lumpPrice: s.loadUintBig(64),
        bitPrice: s.loadUintBig(64),
        cellPrice: s.loadUintBig(64),
        ihrPriceFactor: s.loadUint(32),
        firstFrac: s.loadUint(16),
        nextFrac: s.loadUint(16),
    };
}

export function storeGasPrices(p: GasPrices): Cell {
    return beginCell()
        .storeUint(GAS_FLAT_PFX_TAG, 8)
        .storeUint(p.flatGasLimit, 64)
        .storeUint(p.flatGasPrice, 64)
        .storeUint(GAS_PRICES_EXT_TAG, 8)
        .storeUint(p.gasPrice, 64)
        .storeUint(p.gasLimit, 64)
        .storeUint(p.specialGasLimit, 64)
        .storeUint(p.gasCredit, 64)
        .storeUint(p.blockGasLimit, 64)
        .storeUint(p.freezeDueLimit, 64)
        .storeUint(p.deleteDueLimit, 64)
        .endCell();
}

export function storeMsgPrices(p: MsgPrices): Cell {
    return beginCell()
        .storeUint(MSG_FORWARD_PRICES_TAG, 8)
        .storeUint(p.lumpPrice, 64)
        .storeUint(p.bitPrice, 64)
        .storeUint(p.cellPrice, 64)
        .storeUint(p.ihrPriceFactor, 32)
        .storeUint(p.firstFrac, 16)
        .storeUint(p.nextFrac, 16)
        .endCell();
}

export function storeStoragePrices(entries: StoragePrices[]): Cell {
    const dict = Dictionary.empty(Dictionary.Keys.Uint(32), storagePricesValue);
    for (const e of entries) dict.set(e.utimeSince, e);
    return beginCell().storeDictDirect(dict).endCell();
}

/** A copy of `config` with some params replaced. */
export function withParams(config: Cell, params: Map<number, Cell>): Cell {
    const dict = configDict(config);
    for (const [id, value] of params) dict.set(id, value);
    return beginCell().storeDictDirect(dict).endCell();
}
