/**
 * The malformed-input fuzz loop: send random messages to one contract, one at a time, and let a
 * per-contract oracle judge each one from the contract's state before and after and the
 * transactions it caused. The contract's own transaction is emulated alone (most messages are
 * rejected, and a bounce to a wallet proves nothing); the messages of an accepted one are then
 * delivered in full when `followAccepted` is set, so batches, continuations and returned payouts
 * are judged as one chain. The chain is reset to the fixture every `resetEvery` messages, so the
 * walk explores the states random accepted messages lead to without drifting forever.
 */
import { Address, Transaction } from '@ton/core';
import { Blockchain, BlockchainSnapshot, internal } from '@ton/sandbox';
import { Random } from '../../toolkit/workload/random';
import { ContractState, stateOf } from './state';
import { describe as describeMessage, FuzzMessage } from './random-message';

export interface Observation {
    message: FuzzMessage;
    before: ContractState;
    after: ContractState;
    /** The contract's transactions in the message's chain, oldest first (the first one handled the message). */
    own: Transaction[];
    /** Every transaction of the chain. */
    all: Transaction[];
}

export interface FuzzRun {
    blockchain: Blockchain;
    snapshot: BlockchainSnapshot;
    target: Address;
    seed: number;
    messages: number;
    resetEvery?: number;
    /** The next message, drawn from `rng`; `before` is the target's state it will meet. */
    next: (rng: Random, before: ContractState) => FuzzMessage;
    /** Problems with one observation (empty when it is fine). */
    judge: (o: Observation) => Promise<string[]> | string[];
    /** Reset the chain to the fixture after this observation (e.g. the owner replaced the code). */
    resetAfter?: (o: Observation) => boolean;
    /** Deliver the messages of an accepted transaction (and everything they cause) before judging. */
    followAccepted?: boolean;
    /** Send through the chain's message queue, whole chain at once (needed for TVM coverage collection). */
    viaQueue?: boolean;
    /** Replay hint printed with every failure. */
    replay: string;
}

export interface FuzzStats {
    sent: number;
    exitCodes: Map<number | 'skipped', number>;
}

/** Runs the loop; throws with the first problems found (seed, message number and the message itself). */
export async function runFuzz(run: FuzzRun): Promise<FuzzStats> {
    const rng = new Random(run.seed);
    const stats: FuzzStats = { sent: 0, exitCodes: new Map() };
    const problems: string[] = [];
    const resetEvery = run.resetEvery ?? 250;
    const targetHash = BigInt('0x' + run.target.hash.toString('hex'));
    for (let i = 0; i < run.messages && problems.length < 5; i++) {
        if (i % resetEvery === 0) await run.blockchain.loadFrom(run.snapshot);
        const before = await stateOf(run.blockchain, run.target);
        const message = run.next(rng, before);
        const inbound = internal({
            from: message.sender,
            to: run.target,
            value: message.value,
            body: message.body,
            bounce: message.bounce,
            bounced: message.bounced,
        });
        const queued = run.viaQueue ? (await run.blockchain.sendMessage(inbound)).transactions : undefined;
        const first: Transaction = queued
            ? queued[0]
            : await (await run.blockchain.getContract(run.target)).receiveMessage(inbound);
        const all: Transaction[] = queued ?? [first];
        const d = first.description.type === 'generic' ? first.description : undefined;
        const cp = d?.computePhase;
        if (!queued && run.followAccepted && cp?.type === 'vm' && cp.success && d?.actionPhase?.success) {
            for (const out of first.outMessages.values())
                all.push(...(await run.blockchain.sendMessage(out)).transactions);
        }
        const own = all.filter((t) => t.address === targetHash);
        const after = await stateOf(run.blockchain, run.target);
        stats.sent++;
        const code = cp?.type === 'vm' ? cp.exitCode : 'skipped';
        stats.exitCodes.set(code, (stats.exitCodes.get(code) ?? 0) + 1);
        const found = await run.judge({ message, before, after, own, all });
        for (const p of found) problems.push(`message #${i} (${describeMessage(message)}): ${p}`);
        if (run.resetAfter?.({ message, before, after, own, all })) await run.blockchain.loadFrom(run.snapshot);
    }
    if (process.env.FUZZ_STATS)
        console.log(
            `seed ${run.seed}: ${stats.sent} messages, exit codes ${JSON.stringify([...stats.exitCodes].sort())}`,
        );
    if (problems.length > 0) throw new Error(`${problems.join('\n')}\nseed ${run.seed}; ${run.replay}`);
    return stats;
}
