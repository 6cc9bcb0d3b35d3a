/**
 * The one rejection assertion: exact exit code, nothing sent but the bounce of the rejected
 * message itself, state cell identical, balance changed only by the storage fee.
 */
import { Address } from '@ton/core';
import { Blockchain, SendMessageResult } from '@ton/sandbox';
import { findTransactionRequired } from '@ton/test-utils';
import { storageFees } from '../../toolkit/chain/transactions';
import { sentMessages } from './messages';
import { ContractState, stateOf } from '../../audits/harness/state';

export interface RejectionExpectation {
    from: Address;
    to: Address;
    exitCode: number;
    /** stateOf(to) taken right before the message. */
    before: ContractState;
}

export async function expectRejected(blockchain: Blockchain, result: SendMessageResult, e: RejectionExpectation) {
    const tx = findTransactionRequired(result.transactions, { from: e.from, to: e.to });
    if (tx.description.type !== 'generic' || tx.description.computePhase.type !== 'vm') {
        throw new Error('expectRejected: the compute phase did not run');
    }
    expect(tx.description.computePhase.exitCode).toBe(e.exitCode);
    expect(tx.description.aborted).toBe(true);

    const inbound = tx.inMessage!;
    const bounceable = inbound.info.type === 'internal' && inbound.info.bounce;
    const sent = sentMessages(tx);
    expect(sent.length).toBe(bounceable ? 1 : 0);
    for (const m of sent) {
        expect(m.bounced).toBe(true);
        expect(m.to.equals(e.from)).toBe(true);
    }
    // nothing else left the contract in the whole cascade
    const fromContract = result.transactions.filter(
        (t) => t.inMessage?.info.type === 'internal' && t.inMessage.info.src.equals(e.to),
    );
    expect(fromContract.length).toBe(bounceable ? 1 : 0);

    const after = await stateOf(blockchain, e.to);
    expect(after.data.equals(e.before.data)).toBe(true);
    expect(after.balance).toBe(e.before.balance - storageFees(tx));
}
