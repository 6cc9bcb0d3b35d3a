/**
 * WorkerRegistry behaviour that mutation testing (audits/MUTATION.md) showed the suite pinned down
 * only slowly: the mutants below were killed, but only by the 1,000-member load test (524 s) or the
 * capacity spec (203-613 s, after its slow cycling test). Each test here kills its mutants in
 * seconds, on a fresh registry, with the messages built raw from worker_registry.tlb.
 */
import { Address, beginCell, Cell, toNano } from '@ton/core';
import { PRICE_SETS } from '../../toolkit/chain/prices';
import { RegistryError, RegistryOp } from '../../wrappers/RegistryConstants';
import { expectAccepted } from '../helpers/registry-expect';
import { MIN_STAKE, setupRegistry, START_TIME, workerRecord } from '../helpers/registry-fixture';
import { expectRejected } from '../helpers/rejections';
import { plain } from '../helpers/plain';
import { stateOf } from '../../audits/harness/state';

/** register_worker#ae2ee719 query_id:uint64 stake:Coins payout:MsgAddressInt = InternalMsgBody; */
function registerWorker(queryId: bigint, stake: bigint, payout: Address): Cell {
    return beginCell()
        .storeUint(RegistryOp.registerWorker, 32)
        .storeUint(queryId, 64)
        .storeCoins(stake)
        .storeAddress(payout)
        .endCell();
}

/** storage.fc NEXT_INDEX_MAX: next_index never reaches it, so the last index handed out is 2^32 - 2. */
const NEXT_INDEX_MAX = 0xffffffff;
const QID = 11n;

describe.each(PRICE_SETS)('WorkerRegistry mutation kills (%s prices)', (prices) => {
    // A registration must bring its stake plus exactly the gas bound of register_worker and one
    // forward fee (no worker_sync follows a registration): one nanoton less is refused with 308 and
    // nothing changes; the minimum registers and keeps the stake. A stake above min_stake makes the
    // two terms distinct. (Kills member.fc:12 `required_value(gas::register_worker, 0, 0)` with its
    // sync or message count raised or lowered by one: b8f8ad5a, ac768057, 151c4f81, 71303a8c.)
    it('[GAS-101] register_worker accepts exactly stake + its fee from the config and refuses one nanoton less', async () => {
        const f = await setupRegistry({ prices });
        const m = f.members[0];
        const stake = MIN_STAKE + toNano('0.5');
        const min = stake + f.fees.required('registerWorker', 0, 0);
        const before = await stateOf(f.blockchain, f.registry.address);
        const low = await f.registry.sendRaw(m.getSender(), {
            value: min - 1n,
            body: registerWorker(QID, stake, m.address),
        });
        await expectRejected(f.blockchain, low, {
            from: m.address,
            to: f.registry.address,
            exitCode: RegistryError.insufficientValue,
            before,
        });

        const b = await stateOf(f.blockchain, f.registry.address);
        const ok = await f.registry.sendRaw(m.getSender(), { value: min, body: registerWorker(QID, stake, m.address) });
        await expectAccepted(f, ok, {
            handler: 'registerWorker',
            from: m.address,
            msgValue: min,
            queryId: QID,
            before: b,
            kept: stake,
        });
        expect(plain(await f.registry.getWorker(0))).toEqual(
            plain(workerRecord(m.address, { payout: m.address, stake, registeredAt: START_TIME })),
        );
        expect(await f.registry.getCounts()).toMatchObject({ nextIndex: 1, pending: 1, totalStake: stake });
    });

    // Indices are never reused: at next_index = 2^32 - 1 (NEXT_INDEX_MAX) registration is refused
    // with 327 although capacity is free, state unchanged; one index lower it is accepted and hands
    // out 2^32 - 2. (Kills member.fc:15 with the throw deleted or `<` made `<=`: 26460c08, 4b1f7af5;
    // either way the record would be written and next_index overflow its 32 bits.)
    it('[STO-110] at next_index 2^32 - 1 registration is refused with index_space_exhausted; at 2^32 - 2 it takes that index', async () => {
        const value = (f: Awaited<ReturnType<typeof setupRegistry>>) =>
            MIN_STAKE + f.fees.required('registerWorker', 0, 0);
        const full = await setupRegistry({ prices, config: { nextIndex: NEXT_INDEX_MAX } });
        const m = full.members[0];
        const before = await stateOf(full.blockchain, full.registry.address);
        const over = await full.registry.sendRaw(m.getSender(), {
            value: value(full),
            body: registerWorker(QID, MIN_STAKE, m.address),
        });
        await expectRejected(full.blockchain, over, {
            from: m.address,
            to: full.registry.address,
            exitCode: RegistryError.indexSpaceExhausted,
            before,
        });

        const last = await setupRegistry({ prices, config: { nextIndex: NEXT_INDEX_MAX - 1 } });
        const n = last.members[0];
        const b = await stateOf(last.blockchain, last.registry.address);
        const ok = await last.registry.sendRaw(n.getSender(), {
            value: value(last),
            body: registerWorker(QID, MIN_STAKE, n.address),
        });
        await expectAccepted(last, ok, {
            handler: 'registerWorker',
            from: n.address,
            msgValue: value(last),
            queryId: QID,
            before: b,
            kept: MIN_STAKE,
        });
        expect(await last.registry.getMemberWorkers(n.address)).toEqual([NEXT_INDEX_MAX - 1]);
        expect((await last.registry.getCounts()).nextIndex).toBe(NEXT_INDEX_MAX);
    });
});
