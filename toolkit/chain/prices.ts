/**
 * The two fee regimes every fee-sensitive test and benchmark runs under.
 *
 * - `sandbox`: the config @ton/sandbox 0.41 ships (the old mainnet prices: 400 nanoton/gas,
 *   forward lump 400,000 nanoton).
 * - `mainnet2026`: mainnet since 2026-04-29 (see docs/DESIGN.md): gas 4,369,067 per 2^16 gas with a flat
 *   6,667 nanoton for the first 100 gas; forward lump 66,667, bit 4,369,067 and cell 436,906,667
 *   per 2^16; storage 135 per cell and 0 per bit per 2^16 s.
 */
import { Cell } from '@ton/core';
import {
    CONFIG_BASECHAIN_GAS_PRICES,
    CONFIG_BASECHAIN_MSG_PRICES,
    CONFIG_STORAGE_PRICES,
    parseGasPrices,
    parseMsgPrices,
    parseStoragePrices,
    storeGasPrices,
    storeMsgPrices,
    storeStoragePrices,
    withParams,
} from './config';

export const PRICE_SETS = ['sandbox', 'mainnet2026'] as const;
export type PriceSet = (typeof PRICE_SETS)[number];

export const MAINNET_2026 = {
    flatGasLimit: 100n,
    flatGasPrice: 6_667n,
    gasPrice: 4_369_067n,
    lumpPrice: 66_667n,
    bitPrice: 4_369_067n,
    cellPrice: 436_906_667n,
    storageBitPricePs: 0n,
    storageCellPricePs: 135n,
} as const;

export function isPriceSet(s: string): s is PriceSet {
    return (PRICE_SETS as readonly string[]).includes(s);
}

/** `config` (a sandbox's, as-is for `sandbox`) with the basechain prices of `prices`. */
export function configWithPrices(config: Cell, prices: PriceSet): Cell {
    if (prices === 'sandbox') return config;
    const gas = parseGasPrices(config);
    const msg = parseMsgPrices(config);
    const storage = parseStoragePrices(config);
    const latest = storage[storage.length - 1];
    return withParams(
        config,
        new Map([
            [
                CONFIG_BASECHAIN_GAS_PRICES,
                storeGasPrices({
                    ...gas,
                    flatGasLimit: MAINNET_2026.flatGasLimit,
                    flatGasPrice: MAINNET_2026.flatGasPrice,
                    gasPrice: MAINNET_2026.gasPrice,
                }),
            ],
            [
                CONFIG_BASECHAIN_MSG_PRICES,
                storeMsgPrices({
                    ...msg,
                    lumpPrice: MAINNET_2026.lumpPrice,
                    bitPrice: MAINNET_2026.bitPrice,
                    cellPrice: MAINNET_2026.cellPrice,
                }),
            ],
            [
                CONFIG_STORAGE_PRICES,
                storeStoragePrices([
                    ...storage.slice(0, -1),
                    {
                        ...latest,
                        bitPricePs: MAINNET_2026.storageBitPricePs,
                        cellPricePs: MAINNET_2026.storageCellPricePs,
                    },
                ]),
            ],
        ]),
    );
}

/** Anything with a sandbox-like config (a Blockchain). */
export interface ConfigurableChain {
    readonly config: Cell;
    setConfig(config: Cell): void;
}

/** Switch a sandbox to a price set. Call on a chain still holding its default config. */
export function applyPrices(chain: ConfigurableChain, prices: PriceSet): void {
    chain.setConfig(configWithPrices(chain.config, prices));
}
