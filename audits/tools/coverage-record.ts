/**
 * Recording and tracing TVM coverage for `npm run coverage` (audits/tools/coverage.ts): a chain set
 * to log what coverage needs, the per-asm-line coverage of one contract from everything the chain
 * recorded, and a request with a second message landing while its continuation is in flight.
 */
import { Address, Cell, Message } from '@ton/core';
import { Blockchain, BlockchainTransaction, Coverage, CoverageData, GetMethodError } from '@ton/sandbox';
import * as tasm from 'ton-assembly';

/** What a chain with coverage enabled has recorded (protected in @ton/sandbox 0.41). */
interface Recorded {
    coverageTransactions: { address: bigint; vmLogs: string }[][];
    coverageGetMethodResults: { vmLogs: string }[];
}

/**
 * Coverage needs only each step's code location and gas, which `vm_logs_gas` logs; the sandbox's
 * enableCoverage asks for `vm_logs_verbose`, which also prints every stack (40 times the text,
 * the same lines, hits and gas: measured on the system scenario).
 */
export function recordCoverage(chain: Blockchain): void {
    chain.enableCoverage();
    chain.verbosity.vmLogs = 'vm_logs_gas';
}

/**
 * Coverage of `code` at `address` from everything the chain recorded. The sandbox's own
 * coverageForCell recompiles the code once per transaction, and its collectAsmCoverage copies a
 * line's step list on every step (quadratic in a loop's hits: tens of minutes for the batch
 * scenario). This is the same computation (ton-assembly, declared at the version @ton/sandbox pins:
 * decompile, recompile with a mapping, trace each log, count per asm line as buildLineInfo does)
 * with the code recompiled once and the steps counted in place.
 */
export function coverageOf(chain: Blockchain, code: Cell, address: Address): Coverage {
    const rec = chain as unknown as Recorded;
    const account = BigInt('0x' + address.hash.toString('hex'));
    const logs = [
        ...rec.coverageTransactions
            .flat()
            .filter((t) => t.address === account)
            .map((t) => t.vmLogs),
        ...rec.coverageGetMethodResults.map((g) => g.vmLogs),
    ].filter((l) => l.length > 0);
    const parsed = tasm.text.parse('out.tasm', tasm.text.print(tasm.runtime.decompileCell(code)));
    if (parsed.$ === 'ParseFailure') throw new Error('coverage: cannot re-parse the decompiled code');
    const [clean, mapping] = tasm.runtime.compileCellWithMapping(parsed.instructions);
    const info = tasm.trace.createMappingInfo(mapping);
    const asm = tasm.text.print(tasm.runtime.decompileCell(clean)).split('\n');
    const gas: number[][] = asm.map(() => []);
    for (const log of logs) {
        for (const t of tasm.trace.createTraceInfoPerTransaction(log, info, undefined)) {
            for (const step of t.steps) {
                if (step.loc === undefined) continue;
                // the first SETCP is logged with the whole gas limit: buildLineInfo counts it as 26
                const cost = step.gasCost > 10000 ? 26 : step.gasCost;
                for (const line of [step.loc.line, ...step.loc.otherLines]) gas[line]?.push(cost);
            }
        }
    }
    const lines: CoverageData['lines'] = asm.map((line, i) => {
        if (gas[i].length > 0) return { line, info: { $: 'Covered', hits: gas[i].length, gasCosts: gas[i] } };
        const t = line.trim();
        return { line, info: { $: t.includes('=>') || t === '}' || t === ']' || t === '' ? 'Skipped' : 'Uncovered' } };
    });
    return withoutSeparators(new Coverage({ code, lines }));
}

/**
 * `} {` is the text between the two continuations of IFELSE-style instructions (IFREFELSEREF and
 * the like): no VM step is ever logged there (it is never covered, in any contract), yet the
 * sandbox counts it as an instruction. It is not one: counted as skipped here.
 */
export function withoutSeparators(c: Coverage): Coverage {
    return new Coverage({
        code: c.data.code,
        lines: c.data.lines.map((l) => (l.line.trim() === '} {' ? { line: l.line, info: { $: 'Skipped' } } : l)),
    });
}

/**
 * Runs a get-method call that must fail (exit 11, an op without a price) and records its VM log:
 * the sandbox records coverage of successful get-method runs only.
 */
export async function failingGet(chain: Blockchain, call: () => Promise<unknown>): Promise<void> {
    try {
        await call();
    } catch (e) {
        if (!(e instanceof GetMethodError)) throw e;
        (chain as unknown as Recorded).coverageGetMethodResults.push({ vmLogs: e.vmLogs });
        return;
    }
    throw new Error('coverage: a get-method call that must fail succeeded');
}

/** Runs `first` and, once its first transaction is done, all of `between` (while the rest of `first` is in flight). */
export async function midFlight(chain: Blockchain, first: Message, between: Message): Promise<void> {
    const iter = await chain.sendMessageIter(first, { allowParallel: true });
    const txs: BlockchainTransaction[] = [];
    for (let r = await iter.next(); !r.done; r = await iter.next()) {
        txs.push(r.value);
        if (txs.length !== 1) continue;
        const other = await chain.sendMessageIter(between, { allowParallel: true });
        for (let p = await other.next(); !p.done; p = await other.next()) txs.push(p.value);
    }
    // The sandbox records coverage of sendMessage's transactions only, not of an iterator's.
    (chain as unknown as Recorded).coverageTransactions.push(txs);
}
