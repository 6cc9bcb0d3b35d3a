/**
 * Shared by the stress specs: a pool world funded for a set of entitlements, requests built by the
 * toolkit's batcher, and one assertion of everything "exactly once" means, to the nanoton.
 */
import { planBatches } from '../../toolkit/batching/build';
import { PayoutRequest } from '../../toolkit/batching/types';
import { PriceSet } from '../../toolkit/chain/prices';
import { reconcile } from '../../toolkit/reconcile/reconcile';
import { Progress } from '../../harness/stress/progress';
import { PoolWorld } from '../../harness/stress/world';

export async function openWorld(workers: number, prices: PriceSet = 'sandbox'): Promise<PoolWorld> {
    return PoolWorld.create({ workers, prices, seed: 1, progress: new Progress(null) });
}

/** Cumulative entitlements: worker i is owed (i + 1) * unit. */
export function entitlements(workers: number, unit: bigint): Map<number, bigint> {
    return new Map(Array.from({ length: workers }, (_, i) => [i, BigInt(i + 1) * unit]));
}

/** Sends revenue from the proxies until the pool has booked at least `amount` of worker money more. */
export async function fund(world: PoolWorld, amount: bigint): Promise<void> {
    const before = await world.bookedWorkerMoney();
    // 5% commission and a receipt fee per message: a tenth more in four messages always covers it.
    const each = (amount * 11n) / 40n + 1_000_000_000n;
    await world.sendRevenue([each, each, each, each]);
    expect((await world.bookedWorkerMoney()) - before).toBeGreaterThanOrEqual(amount);
}

export function requests(
    world: PoolWorld,
    entitled: ReadonlyMap<number, bigint>,
    size: number,
    firstQueryId = 1n,
): PayoutRequest[] {
    return planBatches({
        entitlements: entitled,
        limits: { ...world.limits, maxEntriesPerRequest: size },
        requiredValue: world.requiredValue,
        firstQueryId,
    });
}

/**
 * Exactly once, to the nanoton: no worker received more than its entitlement, every worker received
 * exactly it (net of bounces), the pool's ledger agrees with its transactions, its totals with its
 * ledger, and it stayed solvent.
 */
export async function expectExactlyOnce(
    world: PoolWorld,
    entitled: ReadonlyMap<number, bigint>,
    sent: readonly PayoutRequest[],
): Promise<void> {
    expect(world.observer.exactlyOnce(entitled)).toEqual({ doublePayments: 0, overpaidNanoton: 0n });
    for (const [w, amount] of entitled) expect([w, world.observer.received(w)]).toEqual([w, amount]);
    const money = await world.moneySnapshot();
    expect(money.conservationGap).toBe(0n);
    const r = await reconcile({ intended: entitled, source: world.source, submitted: sent });
    expect(r.differences).toEqual([]);
    expect(r.totals.received).toBe(r.totals.intended);
    expect(await world.solvencyGap()).toBeGreaterThanOrEqual(0n);
}
