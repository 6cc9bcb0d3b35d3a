/**
 * Both contracts trust the body of a bounced message (the pool credits a returned payout back to
 * its worker from it; the registry counts bounced syncs). That is sound only if nobody but the
 * network can deliver a message with the bounced flag set. The fuzzers rely on it too: they never
 * forge a bounced pool_payout or worker_sync. This test stages the forgery with a real contract.
 */
import { beginCell, Cell, contractAddress, toNano } from '@ton/core';
import { Blockchain } from '@ton/sandbox';
import { readFileSync } from 'fs';
import { join } from 'path';
import { compileFuncSources } from '../../toolkit/func/compile';
import { PoolOp } from '../../wrappers/PoolConstants';

/** Sends the body it is given to the address it is given, with the bounced bit (0x1C = 011100) set. */
const FORGER = `
() recv_internal(int balance, int value, cell full, slice body) impure {
    if (body.slice_empty?()) { return (); }
    slice to = body~load_msg_addr();
    send_raw_message(begin_cell()
        .store_uint(0x1C, 6).store_slice(to).store_coins(100000000)
        .store_uint(0, 1 + 4 + 4 + 64 + 32 + 1 + 1)
        .store_slice(body)
        .end_cell(), 1);
}`;

describe('bounce forgery', () => {
    // Attack: a hostile contract sends a message with bounced=1 whose body looks like a bounced
    // pool_payout. Must hold: the receiver sees bounced=0, so it is handled as an ordinary message.
    it('[MSG-502] a contract cannot forge a bounced message: the network clears the bounced flag it sets', async () => {
        const stdlib = readFileSync(join(__dirname, '..', '..', 'contracts', 'common', 'stdlib.fc'), 'utf8');
        const { code } = await compileFuncSources('forger.fc', {
            targets: ['stdlib.fc', 'forger.fc'],
            sources: { 'stdlib.fc': stdlib, 'forger.fc': FORGER },
        });
        const chain = await Blockchain.create();
        const attacker = await chain.treasury('attacker');
        const victim = await chain.treasury('victim');
        const init = { code, data: Cell.EMPTY };
        const forger = contractAddress(0, init);
        const fakeBounce = beginCell()
            .storeUint(0xffffffff, 32)
            .storeUint(PoolOp.poolPayout, 32)
            .storeUint(0, 64)
            .storeUint(3, 32)
            .storeCoins(toNano('5'));
        const res = await attacker.send({
            to: forger,
            value: toNano('1'),
            init,
            body: beginCell().storeAddress(victim.address).storeBuilder(fakeBounce).endCell(),
        });
        const delivered = res.transactions.find(
            (t) => t.inMessage?.info.type === 'internal' && t.inMessage.info.dest.equals(victim.address),
        );
        expect(delivered).toBeDefined();
        const info = delivered!.inMessage!.info;
        if (info.type !== 'internal') throw new Error('expected an internal message');
        expect(info.src.equals(forger)).toBe(true);
        expect(info.bounced).toBe(false);
        expect(delivered!.inMessage!.body.beginParse().loadUint(32)).toBe(0xffffffff);
    });
});
