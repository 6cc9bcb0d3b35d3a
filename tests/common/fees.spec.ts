/**
 * Every expected fee in the suite, the contracts' value checks mirrored off-chain, and the
 * operator toolkit's batch pricing come from toolkit/chain/fees.ts. If its maths drifted from the
 * TVM by one nanoton, "balances to the nanoton" assertions would be checking a wrong model. Here it
 * is compared with what the sandbox actually charged in real transactions, under both price sets.
 */
import { Blockchain } from '@ton/sandbox';
import { beginCell, Cell, storeMessage, toNano, Transaction } from '@ton/core';
import { applyPrices, PRICE_SETS } from '../../toolkit/chain/prices';
import { cellStats, FeeSchedule } from '../../toolkit/chain/fees';
import { computeFees, gasUsed } from '../../toolkit/chain/transactions';

/** Bodies from empty to several cells, with a shared subtree (counted once) and a wide cell. */
function bodies(): { name: string; body: Cell }[] {
    const leaf = beginCell().storeUint(0xabcdef, 24).endCell();
    const wide = beginCell().storeBuffer(Buffer.alloc(127, 7)).endCell();
    return [
        { name: 'empty', body: Cell.EMPTY },
        { name: 'inline 96 bits', body: beginCell().storeUint(0xc59a7cd3, 32).storeUint(42n, 64).endCell() },
        {
            name: 'three refs, one shared twice',
            body: beginCell().storeUint(1, 32).storeRef(leaf).storeRef(leaf).storeRef(wide).endCell(),
        },
        {
            name: 'a chain of four full cells',
            body: [1, 2, 3].reduce(
                (acc, i) => beginCell().storeBuffer(Buffer.alloc(127, i)).storeRef(acc).endCell(),
                wide,
            ),
        },
    ];
}

function description(tx: Transaction) {
    if (tx.description.type !== 'generic') throw new Error('not a generic transaction');
    return tx.description;
}

describe.each(PRICE_SETS)('FeeSchedule against the sandbox (%s prices)', (prices) => {
    // Gas fees: every transaction's charged compute fee must be FeeSchedule.compute(gas used),
    // including the flat part under mainnet2026 (first 100 gas) and the rounding up.
    it(`[GAS-500] FeeSchedule.compute equals the compute fee the sandbox charged, to the nanoton (${prices})`, async () => {
        const chain = await Blockchain.create();
        applyPrices(chain, prices);
        const fees = new FeeSchedule(chain.config);
        const a = await chain.treasury('a');
        const b = await chain.treasury('b');
        let checked = 0;
        for (const { body } of bodies()) {
            const r = await a.send({ to: b.address, value: toNano('1'), body, bounce: false });
            for (const tx of r.transactions) {
                const d = description(tx);
                if (d.computePhase.type !== 'vm') continue;
                expect(computeFees(tx)).toBe(fees.compute(gasUsed(tx)));
                checked++;
            }
        }
        expect(checked).toBeGreaterThanOrEqual(8);
    });

    // Forward fees: the total forward fee of each sent message (the action phase's total) must be
    // FeeSchedule.forward(bits, cells) of the message beyond its root; the receiver sees that total
    // minus the sender's action share, FeeSchedule.action(total).
    it(`[GAS-501] FeeSchedule.forward and action equal the forward fees the sandbox charged, to the nanoton (${prices})`, async () => {
        const chain = await Blockchain.create();
        applyPrices(chain, prices);
        const fees = new FeeSchedule(chain.config);
        const a = await chain.treasury('a');
        const b = await chain.treasury('b');
        const init = { code: bodies()[3].body, data: beginCell().storeUint(7, 8).endCell() };
        const cases = [
            ...bodies().map((c) => ({ ...c, init: undefined })),
            { name: 'with a state init', body: bodies()[2].body, init },
        ];
        for (const c of cases) {
            const r = await a.send({ to: b.address, value: toNano('1'), body: c.body, init: c.init, bounce: false });
            const tx = r.transactions[0];
            const out = tx.outMessages.get(0)!;
            if (out.info.type !== 'internal') throw new Error('expected an internal message');
            const stats = cellStats(beginCell().store(storeMessage(out)).endCell());
            const total = fees.forward(stats.bits, stats.cells);
            const action = description(tx).actionPhase!;
            expect({
                case: c.name,
                total: action.totalFwdFees,
                action: action.totalActionFees,
                remaining: out.info.forwardFee,
            }).toEqual({
                case: c.name,
                total,
                action: fees.action(total),
                remaining: total - fees.action(total),
            });
        }
        // A body the sender stores as a ref costs forwardOfRef(body): the helper the contracts' mirrors use.
        const big = bodies()[3].body;
        const r = await a.send({ to: b.address, value: toNano('1'), body: big, bounce: false });
        expect(description(r.transactions[0]).actionPhase!.totalFwdFees).toBe(fees.forwardOfRef(big));
    });
});
