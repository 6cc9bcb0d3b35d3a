/**
 * Bounces and top-ups. The registry's only bounceable messages go to the pool (worker_sync,
 * slashed_stake); when the pool is missing or throws they come back, are counted, and change
 * nothing else, and the operator re-sends with resync_worker. An empty body is a top-up.
 */
import { Address, beginCell, toNano } from '@ton/core';
import { internal } from '@ton/sandbox';
import { findTransactionRequired } from '@ton/test-utils';
import { storageFees } from '../../toolkit/chain/transactions';
import { RegistryError, WorkerStatus } from '../../wrappers/RegistryConstants';
import { parseWorkerSync } from '../../wrappers/shared';
import { parseWorkerRegistryData, RegistryHandler, suspendWorkerBody } from '../../wrappers/WorkerRegistry';
import { defaultParams, RegistryFixture, setupRegistry } from '../helpers/registry-fixture';
import { expectAccepted } from '../helpers/registry-expect';
import { bouncedBody } from '../helpers/bounced';
import { sentMessages } from '../helpers/messages';
import { plain } from '../helpers/plain';
import { stateOf } from '../../audits/harness/state';
import { MEMBERS, standardWorkers, W } from './workers';

let f: RegistryFixture;
/** An address with no account: bounceable messages to it come back. */
const nowhere = new Address(0, Buffer.alloc(32, 0xab));

beforeAll(async () => {
    f = await setupRegistry({ members: MEMBERS, workers: standardWorkers });
});
beforeEach(async () => {
    await f.blockchain.loadFrom(f.snapshot);
});

const plenty = (h: RegistryHandler, syncs = 1, others = 0) => f.fees.required(h, syncs, others) * 2n;
const pointAtNowhere = () =>
    f.registry.sendSetParams(f.owner.getSender(), { value: plenty('setParams', 0), params: defaultParams(nowhere) });

describe('bounced worker_sync', () => {
    // The pool is missing: the sync bounces. The worker's record is already right (active), so the
    // registry only counts the bounce; once a pool exists, resync delivers the same state. Each
    // step is asserted on what it could get wrong: the bounce carries the sync's fields and value
    // less the chain's fees, the counter moves by one and the status counts by the approval only,
    // and the resync is the exact worker_sync (value, bounce flag, fields) with the rest returned.
    it('[TON-101] a bounced worker_sync is counted, leaves the worker record as approved, and resync re-sends it', async () => {
        await pointAtNowhere();
        const counts = await f.registry.getCounts();
        expect(await f.registry.getBounces()).toEqual({ bouncedSyncs: 0, bouncedSlashes: 0 });
        const sync = { workerIndex: W.pending, payout: f.members[W.pending].address, active: true, withdrawn: false };
        const r = await f.registry.sendApproveWorker(f.operator.getSender(), {
            value: plenty('approveWorker'),
            workerIndex: W.pending,
            queryId: 4n,
        });
        const out = findTransactionRequired(r.transactions, { from: f.registry.address, to: nowhere });
        const sent = out.inMessage!;
        const back = findTransactionRequired(r.transactions, { from: nowhere, to: f.registry.address, success: true });
        const bounced = back.inMessage!;
        if (sent.info.type !== 'internal' || bounced.info.type !== 'internal')
            throw new Error('internal messages expected');
        expect(plain(parseWorkerSync(sent.body))).toEqual(plain({ ...sync, queryId: 4n }));
        expect({ bounced: bounced.info.bounced, bounce: bounced.info.bounce, value: bounced.info.value.coins }).toEqual(
            {
                bounced: true,
                bounce: false,
                // no account at `nowhere`: no compute phase, only the bounce's forward fee (inline body)
                value: f.fees.syncValue - f.fees.schedule.forward(0, 0),
            },
        );
        expect(bounced.body.toString()).toBe(bouncedBody(sent.body).toString());
        expect(sentMessages(back)).toEqual([]);
        expect(await f.registry.getBounces()).toEqual({ bouncedSyncs: 1, bouncedSlashes: 0 });
        expect(await f.registry.getCounts()).toEqual({
            ...counts,
            pending: counts.pending - 1,
            active: counts.active + 1,
        });
        expect(await f.registry.getWorker(W.pending)).toMatchObject({ status: WorkerStatus.active, synced: true });

        await f.registry.sendSetParams(f.owner.getSender(), {
            value: plenty('setParams', 0),
            params: defaultParams(f.pool.address),
        });
        const value = plenty('resyncWorker');
        const b = await stateOf(f.blockchain, f.registry.address);
        const again = await f.registry.sendResyncWorker(f.operator.getSender(), {
            value,
            workerIndex: W.pending,
            queryId: 5n,
        });
        await expectAccepted(f, again, {
            handler: 'resyncWorker',
            from: f.operator.address,
            msgValue: value,
            queryId: 5n,
            before: b,
            syncs: [sync],
        });
        expect(again.transactions).toHaveTransaction({ from: f.registry.address, to: f.pool.address, success: true });
        expect((await stateOf(f.blockchain, f.registry.address)).data.equals(b.data)).toBe(true);
        expect(await f.registry.getBounces()).toEqual({ bouncedSyncs: 1, bouncedSlashes: 0 });
    });

    // A bounce must not be able to move stakes: the registry's state right before the bounce
    // arrives (after the suspend that sent the sync) and right after it differ in bounced_syncs
    // alone — every record, counter, the member index, roles and params are the same — and the
    // balance grows by the bounced value less the fees, nothing is sent.
    it('[TON-101] handling a bounced worker_sync changes only the bounce counter', async () => {
        await pointAtNowhere();
        const suspend = internal({
            from: f.operator.address,
            to: f.registry.address,
            value: plenty('suspendWorker'),
            body: suspendWorkerBody({ workerIndex: W.active }),
        });
        const steps = await f.blockchain.sendMessageIter(suspend);
        const first = await steps.next();
        expect(first.done).toBe(false);
        const before = await stateOf(f.blockchain, f.registry.address);
        expect(parseWorkerRegistryData(before.data).workers.get(W.active)!.status).toBe(WorkerStatus.suspended);
        const txs = [];
        for (let s = await steps.next(); !s.done; s = await steps.next()) txs.push(s.value);
        const back = txs.find(
            (t) =>
                t.inMessage?.info.type === 'internal' &&
                t.inMessage.info.bounced &&
                t.inMessage.info.dest.equals(f.registry.address),
        )!;
        expect(
            back.description.type === 'generic' &&
                back.description.computePhase.type === 'vm' &&
                back.description.computePhase.exitCode,
        ).toBe(0);
        expect(sentMessages(back)).toEqual([]);
        const after = await stateOf(f.blockchain, f.registry.address);
        const [b, a] = [before, after].map((x) => parseWorkerRegistryData(x.data));
        expect(a.bouncedSyncs).toBe(b.bouncedSyncs + 1);
        expect(plain({ ...a, bouncedSyncs: 0, workers: [...a.workers], members: [...a.members] })).toEqual(
            plain({ ...b, bouncedSyncs: 0, workers: [...b.workers], members: [...b.members] }),
        );
        const bounced = back.inMessage!.info.type === 'internal' ? back.inMessage!.info.value.coins : -1n;
        expect(after.balance).toBe(before.balance + bounced - back.totalFees.coins);
    });
});

describe('bounced slashed_stake', () => {
    // The slashed amount comes back (less fees): it is counted and stays as surplus, never as
    // anyone's stake (total_stake already excludes it).
    it('[TON-102] a bounced slashed_stake is counted and its value stays outside total_stake', async () => {
        await pointAtNowhere();
        const stake = (await f.registry.getWorker(W.suspended))!.stake;
        const total = (await f.registry.getCounts()).totalStake;
        const r = await f.registry.sendSlashStake(f.owner.getSender(), {
            value: plenty('slashStake', 0, 1),
            workerIndex: W.suspended,
            amount: stake,
        });
        findTransactionRequired(r.transactions, { from: nowhere, to: f.registry.address, success: true });
        expect(await f.registry.getBounces()).toEqual({ bouncedSyncs: 0, bouncedSlashes: 1 });
        expect((await f.registry.getCounts()).totalStake).toBe(total - stake);
    });
});

describe('unexpected bounces and top-ups', () => {
    // Nothing else the registry sends is bounceable, so any other bounced body is refused (324)
    // rather than misread; its value stays, as for any bounced message.
    it('[TON-103] a bounced message that is neither worker_sync nor slashed_stake is rejected with unexpected_bounce and changes no data', async () => {
        const b = await stateOf(f.blockchain, f.registry.address);
        const body = beginCell().storeUint(0xffffffff, 32).storeUint(0xd53276db, 32).storeUint(0, 64).endCell();
        const r = await f.blockchain.sendMessage(
            internal({
                from: f.stranger.address,
                to: f.registry.address,
                value: toNano('0.1'),
                body,
                bounced: true,
                bounce: false,
            }),
        );
        const tx = findTransactionRequired(r.transactions, { to: f.registry.address });
        expect(
            tx.description.type === 'generic' &&
                tx.description.computePhase.type === 'vm' &&
                tx.description.computePhase.exitCode,
        ).toBe(RegistryError.unexpectedBounce);
        expect(sentMessages(tx)).toEqual([]);
        expect((await stateOf(f.blockchain, f.registry.address)).data.equals(b.data)).toBe(true);
    });

    // Anyone may fund storage; the money never becomes stake.
    it('[MSG-105] an empty body is accepted as a top-up: balance grows by the value, no message, data and total_stake unchanged', async () => {
        const b = await stateOf(f.blockchain, f.registry.address);
        const value = toNano('3');
        const r = await f.registry.sendTopUp(f.stranger.getSender(), { value });
        const tx = findTransactionRequired(r.transactions, {
            from: f.stranger.address,
            to: f.registry.address,
            success: true,
        });
        expect(sentMessages(tx)).toEqual([]);
        const after = await stateOf(f.blockchain, f.registry.address);
        expect(after.data.equals(b.data)).toBe(true);
        const cp =
            tx.description.type === 'generic' && tx.description.computePhase.type === 'vm'
                ? tx.description.computePhase.gasFees
                : -1n;
        expect(after.balance).toBe(b.balance + value - storageFees(tx) - cp);
    });
});
