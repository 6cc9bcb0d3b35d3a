/**
 * Per-FunC-function coverage for `npm run coverage`, from the compiler's Fift output.
 *
 * The coverage lines are the decompiled TVM assembly of the code cell. FunC 0.4.6 emits one Fift
 * procedure per FunC function: `name PROC` (called through the method dictionary), `name
 * PROCINLINE` (expanded at each call site) and `name PROCREF` (`inline_ref`: called by CALLREF).
 * The Fift assembler expands a small PROCINLINE in place and puts a large one in a ref called by
 * CALLREF. So a line belongs to:
 * - the method-dictionary entry around it (`id => {`): ids come from `DECLPROC` (1, 2, ... in
 *   order; recv_internal is 0) and `id DECLMETHOD name`;
 * - or, inside it, the innermost `CALLREF {` block, named by the PROCREF/PROCINLINE whose first
 *   instructions (up to its first call) are the block's first instructions, when exactly one does.
 * Functions expanded in place are counted in the function they were expanded into: the granularity
 * is a compiled procedure or ref'd body, not every FunC function and not a FunC line.
 */
import { getCompilerConfigForContract } from '@ton/blueprint';
import { Cell } from '@ton/core';
import { Coverage } from '@ton/sandbox';
import { compileFuncSources } from '../../toolkit/func/compile';
import { readFileSync } from 'fs';

/** The Fift output of contract `name` (its wrappers/<name>.compile.ts targets), checked to be the code `code`. */
export async function fiftOf(name: string, code: Cell): Promise<string> {
    const config = await getCompilerConfigForContract(name);
    if (!('lang' in config) || config.lang !== 'func') throw new Error(`${name}: not a FunC contract`);
    if (!config.targets) throw new Error(`${name}: its compile config names no targets`);
    const built = await compileFuncSources(name, {
        targets: config.targets,
        sources: (path: string) => readFileSync(path, 'utf8'),
    });
    if (!built.code.hash().equals(code.hash())) throw new Error(`${name}: func-js built other code than blueprint`);
    return built.fift;
}

interface FiftProc {
    name: string;
    kind: 'PROC' | 'PROCINLINE' | 'PROCREF' | 'METHOD';
    /** The body's lines, trimmed. */
    body: string[];
}

/** Control words that differ between Fift source and the decompiled text (continuations, jumps). */
const CONTROL =
    /^(PUSHCONT|IF|IFNOT|IFJMP|IFNOTJMP|IFELSE|IFREF|IFNOTREF|IFJMPREF|IFNOTJMPREF|IFREFELSE|IFELSEREF|IFREFELSEREF|WHILE|UNTIL|REPEAT|AGAIN|ref|CALLREF|\}|\}>|\{|ELSE|DO)$/;
/**
 * Opcodes compared with their arguments (a global's index, an exit code): they print alike in Fift
 * and in the decompiled text, and tell apart bodies that share a prefix. Other opcodes are compared
 * by name only (stack arguments print differently: `s0 s3 XCHG` is `XCHG_0I s3`).
 */
const WITH_ARGS = /^(GETGLOB|SETGLOB|THROW|THROWIF|THROWIFNOT|THROWARG)$/;
/** Fift words the decompiler prints under another name. */
const ALIASES: Record<string, string> = {
    '-ROT': 'ROTREV',
    ADDCONST: 'ADDINT',
    MULCONST: 'MULINT',
    '-1 ADDCONST': 'ADDINT',
};
/** Instructions compared to name a CALLREF block. */
const HEAD = 24;

/** One Fift line as `OPCODE arg...` the way the decompiler prints it (globals by index), or '' for control words. */
function fiftInstruction(line: string, globals: Map<string, number>): string {
    const words = line.trim().split(/\s+/);
    let op = words[words.length - 1];
    if (op.includes('<{') || op.includes('}>')) return ''; // continuation brackets: PUSHCONT { ... } and refs in the decompiled text
    op = ALIASES[op] ?? op.replace(/^2(DUP|DROP|SWAP|OVER)$/, '$12');
    if (op === 'TRUE' || op === 'FALSE' || op === 'ZERO') return 'PUSHINT';
    if (op === '' || CONTROL.test(op)) return '';
    const args = words.slice(0, -1).map((w) => (globals.has(w) ? String(globals.get(w)) : w));
    return WITH_ARGS.test(op) ? [op, ...args].join(' ') : op;
}

function asmInstruction(line: string): string {
    const words = line.trim().split(/\s+/);
    const op = words[0].replace(/_(\d+|LONG|SHORT|\d+I)$/, '');
    if (CONTROL.test(op) || line.trim() === '} {') return '';
    return WITH_ARGS.test(op) ? words.join(' ').replace(/^\S+/, op) : op;
}

/** The first `HEAD` instructions of `proc`, with the PROCINLINE functions it calls expanded in place. */
function headOf(
    proc: FiftProc,
    procs: Map<string, FiftProc>,
    globals: Map<string, number>,
    out: string[] = [],
    depth = 0,
): string[] {
    for (const line of proc.body) {
        if (out.length >= HEAD) break;
        const call = /^(\S+)\s+INLINECALLDICT$/.exec(line);
        if (call) {
            const callee = procs.get(call[1]);
            if (!callee || callee.kind !== 'PROCINLINE' || depth > 8) return out;
            headOf(callee, procs, globals, out, depth + 1);
            continue;
        }
        if (/(CALLDICT|JMPDICT)$/.test(line)) return out; // a call the head cannot see into: stop comparing here
        const ins = fiftInstruction(line, globals);
        if (ins !== '') out.push(ins);
    }
    return out;
}

/** Procedures of a FunC compiler's Fift output and the method-dictionary id of each. */
export function fiftProcedures(fift: string): {
    ids: Map<number, string>;
    procs: Map<string, FiftProc>;
    globals: Map<string, number>;
} {
    const ids = new Map<number, string>();
    let next = 1;
    const special: Record<string, number> = {
        recv_internal: 0,
        recv_external: -1,
        run_ticktock: -2,
        split_prepare: -3,
        split_install: -4,
    };
    for (const m of fift.matchAll(/^\s*(?:(-?\d+)\s+DECLMETHOD|DECLPROC)\s+(\S+)/gm)) {
        const name = m[2];
        if (m[1] !== undefined) ids.set(Number(m[1]), name);
        else if (name in special) ids.set(special[name], name);
        else ids.set(next++, name);
    }
    const globals = new Map<string, number>();
    for (const m of fift.matchAll(/^\s*DECLGLOBVAR\s+(\S+)/gm)) globals.set(m[1], globals.size + 1);
    const procs = new Map<string, FiftProc>();
    const lines = fift.split('\n');
    for (let i = 0; i < lines.length; i++) {
        const m = /^(\s*)(\S+)\s+(PROC|PROCINLINE|PROCREF|METHOD):<\{\s*$/.exec(lines[i]);
        if (!m) continue;
        const body: string[] = [];
        for (let k = i + 1; k < lines.length && lines[k] !== `${m[1]}}>`; k++) body.push(lines[k].trim());
        procs.set(m[2], { name: m[2], kind: m[3] as FiftProc['kind'], body });
    }
    return { ids, procs, globals };
}

/** The named procedure each coverage line belongs to ('' for the lines outside every procedure). */
export function lineFunctions(c: Coverage, fift: string): string[] {
    const { ids, procs, globals } = fiftProcedures(fift);
    const heads = new Map(
        [...procs.values()]
            .filter((p) => p.kind === 'PROCREF' || p.kind === 'PROCINLINE')
            .map((p) => [p.name, headOf(p, procs, globals)]),
    );
    const lines = c.data.lines.map((l) => l.line);
    const out: string[] = new Array(lines.length).fill('');
    const stack: { indent: number; name: string }[] = [];
    const indentOf = (s: string) => s.length - s.trimStart().length;
    for (let i = 0; i < lines.length; i++) {
        const text = lines[i];
        const t = text.trim();
        const indent = indentOf(text);
        while (stack.length > 0 && t === '}' && stack[stack.length - 1].indent === indent) {
            stack.pop();
            out[i] = stack.length > 0 ? stack[stack.length - 1].name : '';
            break;
        }
        if (t === '}') continue;
        const entry = /^(-?\d+)\s*=>\s*\{$/.exec(t);
        if (entry) {
            stack.length = 0;
            stack.push({ indent, name: ids.get(Number(entry[1])) ?? `method ${entry[1]}` });
            out[i] = stack[0].name;
            continue;
        }
        out[i] = stack.length > 0 ? stack[stack.length - 1].name : '';
        if (t === 'CALLREF {') {
            const head: string[] = [];
            for (let k = i + 1; k < lines.length && head.length < HEAD; k++) {
                const u = lines[k].trim();
                if (u === '}' && indentOf(lines[k]) <= indent) break;
                const ins = asmInstruction(u);
                if (ins !== '') head.push(ins);
            }
            // The Fift head sharing the longest prefix with the block's (at least 4 instructions, and all of
            // its head or 8), if no other shares one as long.
            let best: string[] = [];
            let length = 0;
            for (const [name, h] of heads) {
                let common = 0;
                while (common < h.length && h[common] === head[common]) common++;
                if (common < 4 || common < Math.min(h.length, 8)) continue;
                if (common > length) [best, length] = [[name], common];
                else if (common === length) best.push(name);
            }
            const caller = stack.length > 0 ? stack[stack.length - 1].name : '';
            stack.push({ indent, name: best.length === 1 ? best[0] : `(ref in ${caller})` });
        }
    }
    return out;
}

export interface FunctionRow {
    name: string;
    instructions: number;
    covered: number;
}

/** Instructions and covered instructions per named procedure, in order of first appearance. */
export function functionCoverage(c: Coverage, fift: string): FunctionRow[] {
    const names = lineFunctions(c, fift);
    const rows = new Map<string, FunctionRow>();
    c.data.lines.forEach((l, i) => {
        if (l.info.$ === 'Skipped') return;
        const name = names[i] || '(outside any procedure)';
        const row = rows.get(name) ?? { name, instructions: 0, covered: 0 };
        row.instructions++;
        if (l.info.$ === 'Covered') row.covered++;
        rows.set(name, row);
    });
    return [...rows.values()];
}
