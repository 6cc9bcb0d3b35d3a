/**
 * The residual cost of hostile recipients (THREAT_MODEL.md, "Hostile recipient contracts"): a
 * member points its payout address at a contract that burns all the gas it is given and fails. The
 * payout bounces; the pool must credit the full amount back to the worker (its money is untouched)
 * and the fees the failure burnt must come from the reserve, never from worker money. This test
 * measures that cost under both price sets so the threat model's bound is a number, not a guess.
 */
import { compileFunc } from '@ton-community/func-js';
import { Cell, contractAddress, toNano } from '@ton/core';
import { readFileSync } from 'fs';
import { join } from 'path';
import { FeeSchedule } from '../../toolkit/chain/fees';
import { PRICE_SETS } from '../../toolkit/chain/prices';
import { computeFees, storageFees } from '../../toolkit/chain/transactions';
import { PoolOp } from '../../wrappers/PoolConstants';
import { setupPool } from '../helpers/pool-fixture';

/** Loops until the gas the message bought runs out (exit -14): a failure as expensive as possible. */
const BURNER = `
() recv_internal(int balance, int value, cell full, slice body) impure {
    int i = 0;
    while (true) { i += 1; }
}`;

const MAX_GAS = 1_000_000;

describe.each(PRICE_SETS)('bounce cost (%s prices)', (prices) => {
    // Attack: a recipient that burns the maximum gas and fails. Must hold: the worker is owed exactly
    // what it was before the payout (credited back in full), other money is untouched, and the
    // reserve pays the burnt compute fee (at most the fee of 1,000,000 gas) plus the bounce's fees.
    it(`[POOL-500] a payout bouncing from a gas-burning recipient is credited back in full; its fees, up to 1,000,000 gas, come from the reserve (${prices})`, async () => {
        const stdlib = readFileSync(join(__dirname, '..', '..', 'contracts', 'common', 'stdlib.fc'), 'utf8');
        const r = await compileFunc({ targets: ['stdlib.fc', 'burner.fc'], sources: { 'stdlib.fc': stdlib, 'burner.fc': BURNER } });
        if (r.status === 'error') throw new Error(r.message);
        const init = { code: Cell.fromBase64(r.codeBoc), data: Cell.EMPTY };
        const burner = contractAddress(0, init);
        const f = await setupPool({ prices, workers: 2, recipients: 1, ledger: () => [{ index: 1, payout: burner, active: true }] });
        await f.stranger.send({ to: burner, value: toNano('0.1'), init, bounce: false });
        const fees = new FeeSchedule(f.blockchain.config);
        const before = await f.pool.getTotals();
        const amount = toNano('50');
        const res = await f.pool.sendPayoutBatch(f.operator.getSender(), { value: await f.pool.getBatchValue(1), queryId: 5n, entries: [{ workerIndex: 1, cumulative: amount }] });
        const hit = res.transactions.find((t) => t.inMessage?.info.type === 'internal' && t.inMessage.info.dest.equals(burner))!;
        if (hit.description.type !== 'generic' || hit.description.computePhase.type !== 'vm') throw new Error('the burner did not run');
        expect(hit.description.computePhase.exitCode).toBe(-14);
        expect(hit.description.computePhase.gasUsed).toBe(BigInt(MAX_GAS));
        const bounce = hit.description.bouncePhase;
        if (bounce?.type !== 'ok') throw new Error('the payout did not bounce');
        const back = res.transactions.find((t) => t.inMessage?.info.type === 'internal' && t.inMessage.info.bounced && t.inMessage.info.dest.equals(f.pool.address))!;
        expect(back.inMessage!.body.beginParse().skip(32).loadUint(32)).toBe(PoolOp.poolPayout);
        const after = await f.pool.getTotals();
        // Worker money and commission: exactly as before (paid once, returned once).
        expect(after.owed).toBe(before.owed);
        expect(after.commissionHeld).toBe(before.commissionHeld);
        expect(after.returned - before.returned).toBe(amount);
        expect((await f.pool.getWorker(1)).paid).toBe(0n);
        // The reserve pays the burnt gas, the bounce's forward fee, the pool's handling of the bounce
        // and the storage rent of the pool's transactions: to the nanoton, nothing else.
        const lost = before.reserve - after.reserve;
        const burnt = computeFees(hit);
        expect(burnt).toBe(fees.compute(MAX_GAS));
        const info = back.inMessage!.info;
        if (info.type !== 'internal') throw new Error('expected an internal bounce');
        const bounceFee = bounce.messageFees + bounce.forwardFees;
        expect(bounceFee).toBe(fees.forward(0, 0));
        expect(amount - info.value.coins - burnt).toBe(bounceFee);
        const poolTxs = res.transactions.filter((t) => t.address === BigInt('0x' + f.pool.address.hash.toString('hex')));
        const rent = poolTxs.reduce((a, t) => a + storageFees(t), 0n);
        expect(lost).toBe(burnt + bounceFee + computeFees(back) + rent);
    });
});
