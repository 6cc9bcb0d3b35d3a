/**
 * A real wallet v5r1 (@ton/ton's WalletContractV5R1) in the sandbox, as the operator's wallet: single
 * messages for blueprint's one-message Sender, and the same batching the scripts use with --mnemonic
 * WALLET_VERSION=v5r1 (toolkit/ops/batch.ts): up to 255 messages in one signed external message.
 */
import { createHash } from 'crypto';
import { Address, external, internal, SenderArguments, SendMode, toNano } from '@ton/core';
import { keyPairFromSeed, KeyPair } from '@ton/crypto';
import { WalletContractV5R1 } from '@ton/ton';
import { Blockchain, BlockchainTransaction, SandboxContract, TreasuryContract } from '@ton/sandbox';
import { BatchSender, OutMessage, W5_MESSAGES_PER_TRANSACTION } from '../../../toolkit/ops/batch';
import { SandboxWallet, SentMessage } from './sandbox-provider';

export class SandboxW5 implements SandboxWallet {
    /** Messages are delivered (the default), or only emitted by the wallet's transaction. */
    deliver = true;

    private constructor(
        private readonly blockchain: Blockchain,
        private readonly wallet: SandboxContract<WalletContractV5R1>,
        private readonly key: KeyPair,
    ) {}

    /** A funded, deployed W5 (testnet wallet id) derived from `name`. */
    static async create(
        blockchain: Blockchain,
        funder: SandboxContract<TreasuryContract>,
        name: string,
        ton = '1000',
    ): Promise<SandboxW5> {
        const key = keyPairFromSeed(createHash('sha256').update(name).digest());
        const wallet = blockchain.openContract(
            WalletContractV5R1.create({
                publicKey: key.publicKey,
                walletId: { networkGlobalId: -3, context: { workchain: 0, subwalletNumber: 0, walletVersion: 'v5r1' } },
            }),
        );
        await funder.send({ to: wallet.address, value: toNano(ton), bounce: false });
        const w5 = new SandboxW5(blockchain, wallet, key);
        await w5.transfer([]);
        return w5;
    }

    get address(): Address {
        return this.wallet.address;
    }

    async seqno(): Promise<number> {
        return this.wallet.getSeqno();
    }

    /** One signed external message carrying `messages`; the transactions it caused. */
    async transfer(messages: OutMessage[]): Promise<BlockchainTransaction[]> {
        const result = await this.wallet.sendTransfer({
            seqno: await this.wallet.getSeqno(),
            secretKey: this.key.secretKey,
            sendMode: SendMode.PAY_GAS_SEPARATELY,
            messages: messages.map((m) => internal({ to: m.to, value: m.value, body: m.body, bounce: true })),
        });
        return (result as unknown as { transactions: BlockchainTransaction[] }).transactions;
    }

    async send(args: SenderArguments): Promise<{ transactions: BlockchainTransaction[] }> {
        return { transactions: await this.transfer([{ to: args.to, value: args.value, body: args.body! }]) };
    }

    /**
     * Only the wallet's own transaction: its outgoing messages are emitted but not delivered (the
     * sandbox runs it on a queue of its own and stops after the first transaction), for a count at a
     * scale whose delivery would take minutes.
     */
    async transferUndelivered(messages: OutMessage[]): Promise<BlockchainTransaction[]> {
        const body = this.wallet.createTransfer({
            seqno: await this.wallet.getSeqno(),
            secretKey: this.key.secretKey,
            sendMode: SendMode.PAY_GAS_SEPARATELY,
            messages: messages.map((m) => internal({ to: m.to, value: m.value, body: m.body, bounce: true })),
        });
        const steps = await this.blockchain.sendMessageIter(external({ to: this.address, body }), {
            allowParallel: true,
        });
        const first = await steps.next();
        return first.done ? [] : [first.value];
    }

    batch(sent: SentMessage[]): BatchSender {
        const o = { deliver: this.deliver };
        return {
            address: this.address,
            perTransaction: W5_MESSAGES_PER_TRANSACTION,
            describe: `wallet v5r1, up to ${W5_MESSAGES_PER_TRANSACTION} messages per transaction`,
            send: async (messages) => {
                const transactions =
                    o.deliver === false ? await this.transferUndelivered(messages) : await this.transfer(messages);
                for (const [i, m] of messages.entries())
                    sent.push({
                        from: this.address,
                        args: { to: m.to, value: m.value, body: m.body },
                        transactions: i === 0 ? transactions : [],
                    });
            },
        };
    }
}

/** The wallet transactions a run's messages caused that the wallet itself signed (external messages in). */
export function signedTransactions(sent: SentMessage[], wallet: Address): BlockchainTransaction[] {
    return sent
        .flatMap((s) => s.transactions)
        .filter((t) => t.inMessage?.info.type === 'external-in' && t.inMessage.info.dest.equals(wallet));
}
