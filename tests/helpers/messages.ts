/**
 * Outgoing messages of one transaction, field by field (destination, value, bounce flag, send
 * mode, body), and the assertion every success uses.
 */
import { Address, Cell, SendMode } from '@ton/core';
import { BlockchainTransaction } from '@ton/sandbox';

export interface SentMessage {
    to: Address;
    value: bigint;
    bounce: boolean;
    bounced: boolean;
    mode: SendMode;
    body: Cell;
}

/** The internal messages a transaction sent, in order, with the mode of the action behind each. */
export function sentMessages(tx: BlockchainTransaction): SentMessage[] {
    const modes = (tx.outActions ?? []).flatMap((a) => (a.type === 'sendMsg' ? [a.mode] : []));
    const out: SentMessage[] = [];
    for (let i = 0; i < tx.outMessagesCount; i++) {
        const m = tx.outMessages.get(i)!;
        if (m.info.type !== 'internal') throw new Error(`sentMessages: message ${i} is ${m.info.type}`);
        out.push({
            to: m.info.dest,
            value: m.info.value.coins,
            bounce: m.info.bounce,
            bounced: m.info.bounced,
            mode: modes[i],
            body: m.body,
        });
    }
    return out;
}

export interface ExpectedMessage {
    to: Address;
    value: bigint;
    bounce: boolean;
    mode: SendMode;
    /** Checks the parsed body (throw or use expect inside). */
    body: (body: Cell) => void;
}

/** Asserts the transaction sent exactly `expected`, in order, every field. */
export function expectSent(tx: BlockchainTransaction, expected: ExpectedMessage[]): SentMessage[] {
    const sent = sentMessages(tx);
    expect(sent.map((m) => m.to.toString())).toEqual(expected.map((m) => m.to.toString()));
    sent.forEach((m, i) => {
        const e = expected[i];
        expect({ i, value: m.value, bounce: m.bounce, bounced: m.bounced, mode: m.mode }).toEqual({
            i,
            value: e.value,
            bounce: e.bounce,
            bounced: false,
            mode: e.mode,
        });
        e.body(m.body);
    });
    return sent;
}
