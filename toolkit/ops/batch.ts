/**
 * Many messages in few wallet transactions. Blueprint's sender puts one message in each wallet
 * transaction (its Sender interface sends one message), so the operator's bulk scripts send through a
 * BatchSender instead: with `--mnemonic` and WALLET_VERSION=v5r1 it is the same wallet, opened with
 * @ton/ton's WalletContractV5R1, which carries up to 255 actions in one external message; approving
 * 1,000 workers takes 4 wallet transactions (tests/scripts/bulk.spec.ts measures it). Any other
 * wallet falls back to one message per transaction through blueprint's sender. Each wallet transaction
 * is all or nothing: the messages go with PAY_GAS_SEPARATELY and without IGNORE_ERRORS, so a wallet
 * that cannot pay for all of them sends none (the scripts check the balance first).
 */
import { Address, Cell, internal, SendMode } from '@ton/core';
import { mnemonicToPrivateKey } from '@ton/crypto';
import { TonClient, WalletContractV5R1 } from '@ton/ton';
import { OpsProvider } from './provider';
import { waitUntil } from './wait';

export interface OutMessage {
    to: Address;
    value: bigint;
    body: Cell;
}

export interface BatchSender {
    readonly address: Address;
    /** The most messages one wallet transaction carries. */
    readonly perTransaction: number;
    /** For the summary: which wallet and how it batches. */
    readonly describe: string;
    /** Sends at most `perTransaction` messages in one wallet transaction and waits until the wallet processed it. */
    send(messages: OutMessage[]): Promise<void>;
}

/** W5's limit: the out-action list of one transaction holds at most 255 actions. */
export const W5_MESSAGES_PER_TRANSACTION = 255;

/** The W5 wallet of `--mnemonic`, when WALLET_VERSION=v5r1 and it is the connected wallet. */
async function mnemonicW5(p: OpsProvider): Promise<BatchSender | undefined> {
    const words = (process.env.WALLET_MNEMONIC ?? '').trim();
    const api = p.api();
    if (
        (process.env.WALLET_VERSION ?? '').toLowerCase() !== 'v5r1' ||
        words.length === 0 ||
        !(api instanceof TonClient)
    )
        return undefined;
    const key = await mnemonicToPrivateKey(words.split(/\s+/));
    const networkGlobalId = process.env.WALLET_NETWORK_ID
        ? Number(process.env.WALLET_NETWORK_ID)
        : p.network() === 'testnet'
          ? -3
          : -239;
    const wallet = WalletContractV5R1.create({
        publicKey: key.publicKey,
        walletId: {
            networkGlobalId,
            context: {
                workchain: 0,
                subwalletNumber: Number(process.env.SUBWALLET_NUMBER ?? 0),
                walletVersion: 'v5r1',
            },
        },
    });
    const me = p.sender().address;
    if (me === undefined || !wallet.address.equals(me)) return undefined;
    const opened = api.open(wallet);
    return {
        address: wallet.address,
        perTransaction: W5_MESSAGES_PER_TRANSACTION,
        describe: `wallet v5r1, up to ${W5_MESSAGES_PER_TRANSACTION} messages per transaction`,
        async send(messages) {
            const seqno = await opened.getSeqno();
            await opened.sendTransfer({
                seqno,
                secretKey: key.secretKey,
                sendMode: SendMode.PAY_GAS_SEPARATELY,
                messages: messages.map((m) => internal({ to: m.to, value: m.value, body: m.body, bounce: true })),
            });
            await waitUntil(p, `wallet transaction with seqno ${seqno}`, async () => (await opened.getSeqno()) > seqno);
        },
    };
}

/** Blueprint's sender: one message per wallet transaction. */
function oneByOne(p: OpsProvider): BatchSender {
    return {
        address: p.sender().address!,
        perTransaction: 1,
        describe: 'one message per wallet transaction (use --mnemonic with WALLET_VERSION=v5r1 to batch up to 255)',
        async send(messages) {
            for (const m of messages) {
                await p.sender().send({ to: m.to, value: m.value, body: m.body });
                await p.waitForLastTransaction();
            }
        },
    };
}

export async function batchSenderOf(p: OpsProvider): Promise<BatchSender> {
    return p.batchSender?.() ?? (await mnemonicW5(p)) ?? oneByOne(p);
}

/** How many wallet transactions `count` messages take. */
export function transactionsFor(sender: BatchSender, count: number): number {
    return Math.ceil(count / sender.perTransaction);
}

/**
 * Sends `messages` in wallet transactions of at most `perTransaction`, with a progress line after each:
 * `approve: wallet transaction 2/4 applied, messages 256..510 of 1000`.
 */
export async function sendInBatches(
    p: OpsProvider,
    sender: BatchSender,
    what: string,
    messages: OutMessage[],
): Promise<void> {
    const total = transactionsFor(sender, messages.length);
    for (let k = 0; k < total; k++) {
        const chunk = messages.slice(k * sender.perTransaction, (k + 1) * sender.perTransaction);
        await sender.send(chunk);
        const first = k * sender.perTransaction + 1;
        p.ui().write(
            `${what}: wallet transaction ${k + 1}/${total} applied, message${chunk.length > 1 ? `s ${first}..${first + chunk.length - 1}` : ` ${first}`} of ${messages.length}`,
        );
    }
}
