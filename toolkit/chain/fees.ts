/**
 * Fee arithmetic exactly as the TVM does it (GETGASFEE, GETFORWARDFEE, storage phase), driven by a
 * live config. Tests and benchmarks compute every expected fee here; no TON amount is a literal.
 */
import { Cell } from '@ton/core';
import { FeeFormulas } from '../../wrappers/shared';
import { GasPrices, MsgPrices, parseGasPrices, parseMsgPrices, parseStoragePrices, StoragePrices } from './config';

const PRICE_SHIFT = 16n;
const PRICE_UNIT = 1n << PRICE_SHIFT;

function divCeil(a: bigint, b: bigint): bigint {
    return (a + b - 1n) / b;
}

/** Compute fee of `gas` units (GETGASFEE). */
export function computeFee(gas: bigint, prices: GasPrices): bigint {
    if (gas <= prices.flatGasLimit) return prices.flatGasPrice;
    return prices.flatGasPrice + divCeil((gas - prices.flatGasLimit) * prices.gasPrice, PRICE_UNIT);
}

/**
 * Total forward fee of a message (GETFORWARDFEE): `bits` and `cells` count the message's cells
 * beyond the root (init and body refs), as the config's price applies to them.
 */
export function forwardFee(bits: bigint, cells: bigint, prices: MsgPrices): bigint {
    return prices.lumpPrice + divCeil(prices.bitPrice * bits + prices.cellPrice * cells, PRICE_UNIT);
}

/** The sender's share of a forward fee charged as action fee (first_frac). */
export function actionFee(fwdFee: bigint, prices: MsgPrices): bigint {
    return (fwdFee * BigInt(prices.firstFrac)) >> PRICE_SHIFT;
}

/** Storage fee for `seconds` of `bits` and `cells` on the basechain at the price in force. */
export function storageFee(bits: bigint, cells: bigint, seconds: bigint, prices: StoragePrices): bigint {
    return divCeil((bits * prices.bitPricePs + cells * prices.cellPricePs) * seconds, PRICE_UNIT);
}

/** Unique cells and their bits in a tree, root excluded (what forward and storage fees count). */
export function cellStats(root: Cell): { cells: bigint; bits: bigint } {
    const seen = new Set<string>();
    let cells = 0n;
    let bits = 0n;
    const visit = (c: Cell) => {
        for (const r of c.refs) {
            const h = r.hash().toString('hex');
            if (seen.has(h)) continue;
            seen.add(h);
            cells += 1n;
            bits += BigInt(r.bits.length);
            visit(r);
        }
    };
    visit(root);
    return { cells, bits };
}

/** The basechain fee schedule of one config, with the formulas bound to it (the wrappers' FeeFormulas). */
export class FeeSchedule implements FeeFormulas {
    readonly gas: GasPrices;
    readonly msg: MsgPrices;
    readonly storage: StoragePrices;

    constructor(config: Cell) {
        this.gas = parseGasPrices(config);
        this.msg = parseMsgPrices(config);
        const storage = parseStoragePrices(config);
        this.storage = storage[storage.length - 1];
    }

    compute(gas: bigint | number): bigint {
        return computeFee(BigInt(gas), this.gas);
    }

    forward(bits: bigint | number, cells: bigint | number): bigint {
        return forwardFee(BigInt(bits), BigInt(cells), this.msg);
    }

    /** Forward fee of a message whose body (or init) is `cell` stored as a ref; 0 extra for inline. */
    forwardOfRef(cell: Cell): bigint {
        const inner = cellStats(cell);
        return this.forward(inner.bits + BigInt(cell.bits.length), inner.cells + 1n);
    }

    action(fwdFee: bigint): bigint {
        return actionFee(fwdFee, this.msg);
    }

    storageFor(bits: bigint | number, cells: bigint | number, seconds: bigint | number): bigint {
        return storageFee(BigInt(bits), BigInt(cells), BigInt(seconds), this.storage);
    }
}
