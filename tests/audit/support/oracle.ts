/**
 * What every rejected message must satisfy, for either contract: a documented exit code, no state
 * change, no message but the bounce, and no value lost: the contract ends with its balance less
 * the storage rent (bounced) or keeps the stray value less the compute fee (non-bounceable).
 */
import { Address, Message, Transaction } from '@ton/core';
import { computeFees, storageFees } from '../../../toolkit/chain/transactions';
import { Observation } from '../../../audits/harness/fuzz-runner';

export interface Verdict {
    /** The compute phase ran and succeeded and the actions were applied. */
    accepted: boolean;
    /** Exit code of the compute phase; undefined when it was skipped (no gas). */
    exitCode?: number;
    problems: string[];
}

export interface ExitCodePolicy {
    /** Exit codes the contract documents (0 included). */
    documented: Set<number>;
    /** Below this value the message cannot buy the handler's gas bound, so running out of gas (-14) is expected. */
    outOfGasBelow: bigint;
}

const sameAddress = (a: Address | undefined | null, b: Address) => !!a && a.equals(b);

export function outMessages(tx: Transaction): Message[] {
    return [...tx.outMessages.values()];
}

export function judgeCommon(o: Observation, policy: ExitCodePolicy): Verdict {
    const problems: string[] = [];
    const tx = o.own[0];
    if (!tx || tx.description.type !== 'generic')
        return { accepted: false, problems: ['the contract had no ordinary transaction'] };
    const d = tx.description;
    const cp = d.computePhase;
    const exitCode = cp.type === 'vm' ? cp.exitCode : undefined;
    if (
        exitCode !== undefined &&
        !policy.documented.has(exitCode) &&
        !(exitCode === -14 && o.message.value < policy.outOfGasBelow)
    ) {
        problems.push(`exit code ${exitCode} is not documented`);
    }
    const computed = cp.type === 'vm' && cp.success;
    if (computed && !d.actionPhase?.success)
        problems.push(`the action phase failed (result ${d.actionPhase?.resultCode}) after a successful compute`);
    const accepted = computed && !!d.actionPhase?.success && !d.aborted;
    if (accepted) return { accepted, exitCode, problems };

    if (!o.after.data.equals(o.before.data))
        problems.push(`rejected with ${exitCode ?? 'no compute'} but the data changed`);
    if (o.own.length !== 1) problems.push(`rejected, yet the contract ran ${o.own.length} transactions`);
    const outs = outMessages(tx);
    const bounce = outs.find((m) => m.info.type === 'internal' && m.info.bounced);
    const others = outs.filter((m) => m !== bounce);
    if (others.length > 0) problems.push(`rejected, yet sent ${others.length} message(s) besides the bounce`);
    if (bounce && !(bounce.info.type === 'internal' && sameAddress(bounce.info.dest as Address, o.message.sender))) {
        problems.push('the bounce went somewhere else than the sender');
    }
    const expected = bounce
        ? o.before.balance - storageFees(tx)
        : o.before.balance - storageFees(tx) + o.message.value - computeFees(tx);
    if (o.after.balance !== expected)
        problems.push(`rejected: balance ${o.after.balance}, expected ${expected} (value lost or taken)`);
    return { accepted, exitCode, problems };
}
