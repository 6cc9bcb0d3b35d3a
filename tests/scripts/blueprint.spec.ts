/**
 * What blueprint itself does before any script of ours runs (docs/OPERATIONS.md, "Before you start"):
 * a missing mnemonic or a missing network flag stops `npx blueprint run` before a wallet exists, so
 * nothing can be sent. These tests pin that behaviour of the blueprint version we ship with.
 */
import { createNetworkProvider } from '@ton/blueprint';
import { ScriptedUI } from './support/scripted-ui';

const saved = { mnemonic: process.env.WALLET_MNEMONIC, version: process.env.WALLET_VERSION };

beforeEach(() => {
    delete process.env.WALLET_MNEMONIC;
    delete process.env.WALLET_VERSION;
});

afterAll(() => {
    if (saved.mnemonic !== undefined) process.env.WALLET_MNEMONIC = saved.mnemonic;
    if (saved.version !== undefined) process.env.WALLET_VERSION = saved.version;
});

describe('blueprint run, before the script', () => {
    // Fault: `--mnemonic` without WALLET_MNEMONIC / WALLET_VERSION in the environment.
    // Property: blueprint refuses with one named error before building a wallet; no question, no send.
    it('[ACC-402] a missing mnemonic stops blueprint before any wallet exists', async () => {
        const ui = new ScriptedUI();
        await expect(createNetworkProvider(ui, { _: ['run', 'deployPool'], '--testnet': true, '--mnemonic': true }, {})).rejects.toThrow(
            /^Mnemonic deployer was chosen, but env variables WALLET_MNEMONIC and WALLET_VERSION are not set$/,
        );
        expect(ui.asked).toEqual([]);
    });

    // Fault: neither --testnet nor --mainnet. Property: blueprint never picks a network silently; it
    // asks, and an unattended run (no answer) stops there.
    it('[ACC-403] a missing network flag makes blueprint ask for the network instead of guessing', async () => {
        const ui = new ScriptedUI();
        await expect(createNetworkProvider(ui, { _: ['run', 'deployPool'], '--mnemonic': true }, {})).rejects.toThrow(
            'unexpected question: Which network do you want to use?',
        );
        expect(ui.asked).toEqual(['Which network do you want to use?']);
    });
});
