/**
 * What a refused bounceable message brings back to its sender: the bounce the chain builds,
 * field by field. Its body is 0xFFFFFFFF and the first 256 bits of the refused body, no refs;
 * its value is what came in less the compute fee and the bounce's own forward fee (an inline body:
 * the lump price). A contract that answered a refusal itself, or kept part of the value, fails here.
 */
import { Address, beginCell, Cell } from '@ton/core';
import { BlockchainTransaction } from '@ton/sandbox';
import { computeFees } from '../../toolkit/chain/transactions';
import { BOUNCED_BODY_BITS, BOUNCED_PREFIX, FeeFormulas } from '../../wrappers/shared';
import { sentMessages } from './messages';

/** The body a bounce of `refused` carries (its root cell's bits; a body in a ref is that ref). */
export function bouncedBody(refused: Cell): Cell {
    const s = refused.beginParse();
    return beginCell()
        .storeUint(BOUNCED_PREFIX, 32)
        .storeBits(s.loadBits(Math.min(BOUNCED_BODY_BITS, s.remainingBits)))
        .endCell();
}

/** Asserts `tx` (the refused message's transaction) sent back exactly its bounce, every field exact. */
export function expectBouncedIntact(tx: BlockchainTransaction, fees: FeeFormulas, sender: Address) {
    const inbound = tx.inMessage!;
    if (inbound.info.type !== 'internal') throw new Error('expectBouncedIntact: not an internal message');
    const sent = sentMessages(tx);
    expect(sent.length).toBe(1);
    const [m] = sent;
    expect({
        to: m.to.toString(),
        bounce: m.bounce,
        bounced: m.bounced,
        value: m.value,
        refs: m.body.refs.length,
    }).toEqual({
        to: sender.toString(),
        bounce: false,
        bounced: true,
        value: inbound.info.value.coins - computeFees(tx) - fees.forward(0, 0),
        refs: 0,
    });
    expect(m.body.toString()).toBe(bouncedBody(inbound.body).toString());
}
