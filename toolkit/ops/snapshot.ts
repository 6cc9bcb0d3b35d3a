/**
 * The contracts' state in one read each: the registry's worker records and the pool's ledger come from
 * one snapshot of their storage, however many workers a script acts on (get_worker would take one
 * request per worker: 1,000 workers at toncenter's 1 request per second without a key is 17 minutes).
 */
import { Cell } from '@ton/core';
import { parseWorkerRegistryData, WorkerRecord } from '../../wrappers/WorkerRegistry';
import { poolStateReader } from '../reconcile/pool-adapter';
import { OpsError } from './errors';
import { DeployedPool } from './pool';
import { OpsProvider } from './provider';

async function storage(p: OpsProvider, what: string, address: DeployedPool['deployment']['pool']['address']) {
    const s = await p.getContractState(address);
    if (s.state.type !== 'active' || !s.state.data) throw new OpsError(`${what} ${address} is not active`);
    return { data: Cell.fromBoc(s.state.data)[0], lt: s.last?.lt ?? 0n };
}

/** Every worker record of the registry, by index. */
export async function registryWorkers(p: OpsProvider, d: DeployedPool): Promise<Map<number, WorkerRecord>> {
    return parseWorkerRegistryData((await storage(p, 'registry', d.deployment.registry.address)).data).workers;
}

/** The pool's ledger (and the logical time of its last transaction, to tell that it processed something). */
export async function poolLedger(p: OpsProvider, d: DeployedPool) {
    const { data, lt } = await storage(p, 'pool', d.deployment.pool.address);
    const reader = poolStateReader(data);
    return { lt, worker: (i: number) => reader.workerLedger(i) };
}
