/**
 * TON-specific pitfalls that examples rarely catch, checked on the FunC sources themselves. Each
 * rule names a class of bug that has cost real contracts money; a violation prints file, function
 * and the offending text. Scope: every contract and the shared message helpers (not stdlib.fc,
 * whose functions are asm primitives).
 */
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import {
    camel,
    CONTRACTS,
    escapeRe,
    filesUnder,
    funcConstants,
    FuncFunction,
    parseFuncConsts,
    parseFuncFunctions,
    parseFuncGlobals,
    rel,
    ROOT,
} from '../../audits/tools/func-sources';

const files = [
    ...filesUnder(join(CONTRACTS, 'registry'), /\.fc$/),
    ...filesUnder(join(CONTRACTS, 'pool'), /\.fc$/),
    ...filesUnder(join(CONTRACTS, 'earnings'), /\.fc$/),
    join(CONTRACTS, 'common', 'messages.fc'),
];
const fns: FuncFunction[] = files.flatMap(parseFuncFunctions);
const globals = files.flatMap(parseFuncGlobals);
const where = (f: FuncFunction) => `${f.file} ${f.name}`;
const impure = (f: FuncFunction) => f.specifiers.includes('impure');

/** Top-level arguments of every call to `name` in `text`. */
function callArgs(text: string, name: string): string[][] {
    const out: string[][] = [];
    const re = new RegExp(`(?<![\\w:])${escapeRe(name)}\\s*\\(`, 'g');
    for (const m of text.matchAll(re)) {
        let depth = 1;
        let i = m.index! + m[0].length;
        const args: string[] = [];
        let cur = '';
        for (; i < text.length && depth > 0; i++) {
            const ch = text[i];
            if (ch === '(') depth++;
            if (ch === ')') depth--;
            if (depth === 0) break;
            if (ch === ',' && depth === 1) {
                args.push(cur.trim());
                cur = '';
            } else cur += ch;
        }
        args.push(cur.trim());
        out.push(args);
    }
    return out;
}

const SIDE_EFFECTS = [
    'send_raw_message',
    'set_data',
    'raw_reserve',
    'set_code',
    'accept_message',
    'commit',
    'emit_log',
];

describe('FunC pitfalls', () => {
    it('parses the contracts', () => {
        expect(fns.filter((f) => f.name === 'recv_internal')).toHaveLength(3);
        expect(fns.length).toBeGreaterThan(50);
    });

    // FunC deletes a call to a non-impure function whose result is unused: a `()` check or a
    // send/state write without `impure` silently disappears from the compiled code. Get-methods
    // (method_id) are entry points whose result is the answer, so nothing of theirs is deleted.
    it('[TON-501] every function that returns nothing, writes state or a global, sends, reserves, or calls an impure function is impure', () => {
        const impureNames = new Set(fns.filter(impure).map((f) => f.name));
        const problems: string[] = [];
        for (const f of fns) {
            if (impure(f) || f.body === '' || f.specifiers.some((x) => x.startsWith('method_id'))) continue;
            const reasons: string[] = [];
            if (f.returns === '()') reasons.push('returns ()');
            for (const p of SIDE_EFFECTS)
                if (new RegExp(`(?<![\\w:])${p}\\s*\\(`).test(f.body)) reasons.push(`calls ${p}`);
            for (const g of globals) {
                if (new RegExp(`(?<![\\w:])${escapeRe(g)}\\s*(=(?!=)|\\+=|-=|\\*=|/=|\\|=|&=|~)`).test(f.body))
                    reasons.push(`writes ${g}`);
            }
            for (const n of impureNames)
                if (new RegExp(`(?<![\\w:])[~.]?${escapeRe(n.replace(/^~/, ''))}\\s*\\(`).test(f.body))
                    reasons.push(`calls impure ${n}`);
            if (reasons.length > 0) problems.push(`${where(f)}: not impure but ${reasons.join(', ')}`);
        }
        expect(problems).toEqual([]);
    });

    // Mode +2 (ignore errors) turns a failed payout into a silent loss: the ledger says paid, no
    // message left. A numeric mode hides which flags a send uses; a destroy flag (+32) could delete
    // the pool with its ledger.
    it('[TON-502] every send uses named modes without +2 (ignore errors) or +32 (destroy), and sends only through the message helpers', () => {
        const named = new Map<string, number>(
            [...funcConstants('contracts/common/stdlib.fc')]
                .filter(([name]) => name.startsWith('SEND_MODE_'))
                .map(([name, v]): [string, number] => [name, Number(v)]),
        );
        expect(named.get('SEND_MODE_IGNORE_ERRORS')).toBe(2);
        const problems: string[] = [];
        const senders: Record<string, number> = {
            send_raw_message: 1,
            send_inline: 4,
            send_with_ref: 4,
        };
        for (const f of fns) {
            for (const [name, modeArg] of Object.entries(senders)) {
                for (const args of callArgs(f.body, name)) {
                    const mode = args[modeArg];
                    if (f.file === 'contracts/common/messages.fc' && mode === 'mode') continue; // the helpers pass their caller's mode on
                    const parts = mode.split('+').map((p) => p.trim());
                    const bad = parts.filter((p) => !named.has(p));
                    if (bad.length > 0) {
                        problems.push(`${where(f)}: ${name} with mode "${mode}" is not built from SEND_MODE_ names`);
                        continue;
                    }
                    const value = parts.reduce((a, p) => a + named.get(p)!, 0);
                    if (value & 2) problems.push(`${where(f)}: ${name} with mode ${mode} ignores errors (+2)`);
                    if (value & 32)
                        problems.push(`${where(f)}: ${name} with mode ${mode} may destroy the account (+32)`);
                }
            }
            if (
                /send_raw_message\s*\(/.test(f.body) &&
                !(/\/messages\.fc$/.test(f.file) && f.name.startsWith('send_'))
            ) {
                problems.push(`${where(f)}: calls send_raw_message outside a send_* helper of a messages.fc`);
            }
        }
        expect(problems).toEqual([]);
    });

    // A storage slice that is not end-parsed hides a layout mismatch between save_data and
    // load_data (a field added to one side only) until it corrupts a value.
    it('[TON-503] every slice load_data opens is checked with end_parse', () => {
        const loaders = fns.filter((f) => f.name === 'load_data');
        expect(loaders).toHaveLength(3);
        const problems: string[] = [];
        for (const f of loaders) {
            const opened = [...f.body.matchAll(/slice\s+(\w+)\s*=[^;]*begin_parse\(\)/g)].map((m) => m[1]);
            expect(opened.length).toBeGreaterThan(0);
            for (const s of opened)
                if (!new RegExp(`\\b${s}\\.end_parse\\(\\)`).test(f.body))
                    problems.push(`${where(f)}: slice ${s} is never end_parse()d`);
        }
        expect(problems).toEqual([]);
    });

    // A dictionary lookup returns a found flag; ignoring it reads a null as a record (or pays a
    // worker that does not exist).
    it('[TON-504] every dictionary lookup binds its found flag to a name that is then tested', () => {
        const problems: string[] = [];
        let lookups = 0;
        for (const f of fns) {
            for (const m of f.body.matchAll(
                /\(([^()]*?),\s*(?:int\s+)?(\w+)\)\s*=\s*[^;]*?\b\w*dict\w*_get\w*\?\s*\(/g,
            )) {
                lookups++;
                const flag = m[2];
                const rest = f.body.slice(m.index! + m[0].length);
                if (flag === '_' || !new RegExp(`\\b${flag}\\b`).test(rest))
                    problems.push(`${where(f)}: found flag "${flag}" of a lookup is not tested`);
            }
            for (const m of f.body.matchAll(/\b\w*dict\w*_get\w*\?\s*\(/g)) {
                const before = f.body.slice(Math.max(0, m.index! - 200), m.index!);
                if (!/\)\s*=\s*[\w:.~]*$/.test(before.replace(/\s+/g, ' ').trimEnd()))
                    problems.push(`${where(f)}: a lookup's result is used without destructuring its flag`);
            }
        }
        expect(lookups).toBeGreaterThanOrEqual(4);
        expect(problems).toEqual([]);
    });

    // A bounced message carries the original body behind 0xFFFFFFFF: parsed as a request it would
    // execute a query twice. recv_internal must branch on the bounced flag before reading an op.
    it('[TON-505] recv_internal handles the bounced flag before it reads the sender or an op', () => {
        for (const f of fns.filter((x) => x.name === 'recv_internal')) {
            const bounced = f.body.search(/\bis_bounced\s*\(/); // the stdlib's test of the bounced flag
            expect({ f: where(f), bounced: bounced >= 0 }).toEqual({ f: where(f), bounced: true });
            expect(bounced).toBeLessThan(f.body.indexOf('load_msg_addr'));
            const op = f.body.search(/\bint\s+op\s*=|\bop\s*==/); // the op read (the pool dispatches it in dispatch())
            expect(op).toBeGreaterThan(bounced);
        }
    });

    // Mode 128 sends the whole balance: without a raw_reserve first in the same function it would
    // send the members' money and the reserve along with an excess.
    it('[TON-506] a send with the whole balance (128) is preceded by raw_reserve in the same function', () => {
        /**
         * Reviewed exception: the earnings contract holds no money of its own (no owner, no reserve):
         * all of its balance is the worker's revenue on its way to the pool, or a sweep's caller's
         * own change, so sending all of it is the point (tests/earnings/property.spec.ts, ACC-651).
         */
        const HOLDS_NOTHING = 'contracts/earnings/';
        const problems: string[] = [];
        let uses = 0;
        for (const f of fns) {
            const at = f.body.indexOf('SEND_MODE_CARRY_ALL_BALANCE');
            if (at < 0 || f.file.startsWith(HOLDS_NOTHING)) continue;
            uses++;
            const reserve = f.body.indexOf('raw_reserve');
            if (reserve < 0 || reserve > at) problems.push(`${where(f)}: mode 128 without a raw_reserve before it`);
        }
        expect(uses).toBeGreaterThanOrEqual(2);
        expect(problems).toEqual([]);
    });

    // TL-B Bool is one bit; FunC's true is -1. Reading a Bool with load_uint(1) yields 1, and
    // `~ 1` is -2 (true): a negated flag is then always true. Storing a flag with store_uint(x, 1)
    // throws a range check (5) on true.
    it('[TON-507] one-bit flags are read with load_int(1) and written with store_int(x, 1), never as unsigned', () => {
        const problems: string[] = [];
        for (const f of fns) {
            for (const m of f.body.matchAll(/\b(pre)?load_uint\(\s*1\s*\)/g)) problems.push(`${where(f)}: ${m[0]}`);
            for (const args of callArgs(f.body, 'store_uint')) {
                if (args[1] === '1' && !/^(\d+|[A-Z][A-Z0-9_]*)$/.test(args[0]))
                    problems.push(`${where(f)}: store_uint(${args[0]}, 1)`);
            }
            for (const m of f.body.matchAll(/\.store_uint\(([^,()]+),\s*1\)/g)) {
                if (!/^(\d+|[A-Z][A-Z0-9_]*)$/.test(m[1].trim())) problems.push(`${where(f)}: .store_uint(${m[1]}, 1)`);
            }
        }
        expect(problems).toEqual([]);
    });

    // Payout and role addresses must be basechain addr_std: a masterchain address costs more to pay,
    // an addr_var or anycast one may not be payable at all. Every address a handler reads from a
    // body is checked (registry: ~load_basechain_addr; pool: is_basechain_std_addr).
    it('[TON-508] every address a handler reads from a message body is checked to be a basechain addr_std', () => {
        /** Reviewed exceptions: the continuations' response address comes only from the pool itself (not_self). */
        const EXEMPT = new Set([
            'contracts/pool/batch.fc on_payout_continue response',
            'contracts/pool/attributed.fc on_pay_owed_continue response',
        ]);
        const problems: string[] = [];
        for (const f of fns) {
            for (const m of f.body.matchAll(/slice\s+(\w+)\s*=\s*(\w+)~load_msg_addr\(\)/g)) {
                if (['cs', 'ds', 'roles', 'params', 'totals'].includes(m[2])) continue; // message header or own storage
                if (EXEMPT.has(`${where(f)} ${m[1]}`)) continue;
                if (!new RegExp(`is_basechain_std_addr\\(\\s*${m[1]}\\s*\\)`).test(f.body))
                    problems.push(`${where(f)}: ${m[1]} read from ${m[2]} is not checked`);
            }
        }
        expect(problems).toEqual([]);
    });

    // Validation first, effects after: a raw_reserve followed by further checks is a sign of an
    // effect ordered before its validation (and a handler that reserves, then throws, wastes the
    // compute of building its actions).
    it('[TON-509] no handler throws after it has reserved', () => {
        const problems: string[] = [];
        for (const f of fns) {
            const reserve = f.body.indexOf('raw_reserve');
            if (reserve < 0) continue;
            const after = f.body.slice(reserve);
            if (/\bthrow(_if|_unless)?\s*\(/.test(after)) problems.push(`${where(f)}: throws after raw_reserve`);
        }
        expect(problems).toEqual([]);
    });

    // Code replacement is the owner's strongest power: it must exist in exactly one place, the
    // pool's upgrade_code handler behind the owner check, and nowhere in the registry (whose code
    // is fixed at deploy, so a registry upgrade can never redirect who is paid).
    it("[UPG-500] only the pool's owner-checked upgrade_code handler can replace code; the registry has no upgrade path", () => {
        const setters = fns.filter((f) => /(?<![\w:])set_code\s*\(/.test(f.body)).map((f) => where(f));
        expect(setters).toEqual(['contracts/pool/owner.fc on_upgrade_code']);
        const handler = fns.find((f) => f.name === 'on_upgrade_code')!;
        expect(handler.body.indexOf('require_owner(')).toBeGreaterThanOrEqual(0);
        expect(handler.body.indexOf('require_owner(')).toBeLessThan(handler.body.indexOf('set_code('));
        expect(
            fns.filter((f) => f.file.startsWith('contracts/registry/') && /set_c3|set_code|SETCODE/.test(f.body)),
        ).toEqual([]);
    });

    // A gas bound nobody re-measures goes stale silently. Each gas.fc must name the spec that
    // re-measures its constants, that spec must exist, and every constant must appear in it or in
    // a test title quoted in the file.
    it('[DOC-504] every gas.fc names an existing spec that re-measures its constants', () => {
        const problems: string[] = [];
        const gasFiles = filesUnder(CONTRACTS, /^gas\.fc$/);
        expect(gasFiles.length).toBe(4);
        for (const file of gasFiles) {
            const text = readFileSync(file, 'utf8');
            const specs = [...text.matchAll(/tests\/[\w/.-]+\.spec\.ts/g)].map((m) => m[0]);
            if (specs.length === 0) problems.push(`${rel(file)} names no spec`);
            for (const spec of specs)
                if (!existsSync(join(ROOT, spec))) problems.push(`${rel(file)} names ${spec}, which does not exist`);
            const bodies = specs
                .filter((sp) => existsSync(join(ROOT, sp)))
                .map((sp) => readFileSync(join(ROOT, sp), 'utf8'));
            for (const c of parseFuncConsts(file).filter((k) => k.kind === 'gas')) {
                const camelName = camel(c.name);
                if (!bodies.some((b) => b.includes(`gas::${c.name}`) || b.includes(camelName)))
                    problems.push(`${rel(file)}: gas::${c.name} is not re-measured in ${specs.join(', ')}`);
            }
        }
        expect(problems).toEqual([]);
    });
});
