/**
 * What the registry charges, computed from a live config the way the contract does
 * (contracts/registry/outbound.fc): gas bound + one forward fee per message sent + the pool's
 * worker_sync gas for each sync. worker_sync goes with its body in a ref (WORKER_SYNC_BODY_BITS);
 * every other registry message keeps its body inline (lump price only).
 */
import { Blockchain } from '@ton/sandbox';
import { RegistryGas } from '../../wrappers/RegistryConstants';
import { FeeSchedule } from '../../toolkit/chain/fees';
import { funcConstant } from './func-constants';

export const POOL_WORKER_SYNC_GAS = funcConstant('contracts/common/gas.fc', 'gas::pool_worker_sync');

export const WORKER_SYNC_BODY_BITS = funcConstant('contracts/registry/outbound.fc', 'WORKER_SYNC_BODY_BITS');

export type RegistryHandler = keyof typeof RegistryGas;

export class RegistryFees {
    readonly schedule: FeeSchedule;

    constructor(blockchain: Blockchain) {
        this.schedule = new FeeSchedule(blockchain.config);
    }

    /** Value attached to every worker_sync. */
    get syncValue(): bigint {
        return this.schedule.compute(POOL_WORKER_SYNC_GAS);
    }

    /** Forward fee of a registry message with an inline body (the lump price). */
    get msgFwd(): bigint {
        return this.schedule.forward(0, 0);
    }

    /** Forward fee of a worker_sync (body in one ref cell). */
    get syncFwd(): bigint {
        return this.schedule.forward(WORKER_SYNC_BODY_BITS, 1);
    }

    /** Least value `handler` accepts when it sends `syncs` worker_syncs and `others` further messages. */
    required(handler: RegistryHandler, syncs: number, others = 0): bigint {
        return (
            this.schedule.compute(RegistryGas[handler]) +
            this.msgFwd * BigInt(1 + others) +
            (this.syncFwd + this.syncValue) * BigInt(syncs)
        );
    }

    /**
     * Value of the message that returns the rest: what came in, less the stake change kept,
     * compute fee, each sync (value + forward fee), `others` forward fees and its own forward fee.
     */
    rest(o: { msgValue: bigint; computeFee: bigint; kept?: bigint; syncs: number; others?: number; sentValue?: bigint }): bigint {
        return (
            o.msgValue -
            (o.kept ?? 0n) -
            o.computeFee -
            BigInt(o.syncs) * (this.syncValue + this.syncFwd) -
            BigInt(o.others ?? 0) * this.msgFwd -
            (o.sentValue ?? 0n) -
            this.msgFwd
        );
    }
}
