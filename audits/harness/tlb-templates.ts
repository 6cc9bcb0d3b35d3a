/**
 * Message layouts for the fuzzer, read from the contracts' TL-B (the spec), so every handler the
 * spec defines is fuzzed with bodies shaped like its own, and a new message in a .tlb is fuzzed
 * without touching this code. A field type the generator does not know fails loudly.
 */
import { join } from 'path';
import { CONTRACTS, filesUnder, parseTlb, TlbConstructor } from '../tools/func-sources';

export type Field =
    | { name: string; kind: 'uint'; bits: number }
    | { name: string; kind: 'coins' }
    | { name: string; kind: 'address'; allowNone: boolean }
    | { name: string; kind: 'bool' }
    | { name: string; kind: 'entries' }
    /** `^WorkerList`: a pay_owed's worker indexes. */
    | { name: string; kind: 'workers' }
    /** `Cell` inline: the rest of the body, any bits (a comment's text). */
    | { name: string; kind: 'tail' }
    | { name: string; kind: 'ref'; inner: Field[] | 'any' }
    | { name: string; kind: 'maybeRef'; inner: Field[] | 'any' }
    | { name: string; kind: 'inline'; inner: Field[] };

export interface MessageTemplate {
    name: string;
    op: number;
    /** Fields after the op (query_id first for every message of this project). */
    fields: Field[];
}

/** Top-level `name:Type` tokens of a constructor's field list (parentheses kept together). */
function fieldTokens(canonical: string): string[] {
    const lhs = canonical.split(' = ')[0];
    const tokens: string[] = [];
    let depth = 0;
    let cur = '';
    for (const ch of lhs) {
        if (ch === '(') depth++;
        if (ch === ')') depth--;
        if (ch === ' ' && depth === 0) {
            if (cur) tokens.push(cur);
            cur = '';
        } else cur += ch;
    }
    if (cur) tokens.push(cur);
    return tokens.slice(1).filter((t) => !t.startsWith('{'));
}

export class TemplateSet {
    private readonly byType = new Map<string, TlbConstructor>();

    constructor(private readonly constructors: TlbConstructor[]) {
        for (const c of constructors) {
            const type = c.canonical.split(' = ')[1];
            if (c.canonical.split(' ')[0] === c.name && c.tag === undefined && !this.byType.has(type))
                this.byType.set(type, c);
        }
    }

    /** Every tagged InternalMsgBody constructor, as a template. */
    messages(): MessageTemplate[] {
        return this.constructors
            .filter((c) => c.tag !== undefined && c.canonical.endsWith('= InternalMsgBody'))
            .map((c) => ({ name: c.name, op: c.tag!, fields: this.fields(c, 0) }));
    }

    private fields(c: TlbConstructor, depth: number): Field[] {
        return fieldTokens(c.canonical).map((t) => {
            const [name, ...rest] = t.split(':');
            return this.field(name, rest.join(':'), depth);
        });
    }

    private named(type: string, depth: number): Field[] {
        const c = this.byType.get(type);
        if (!c || depth > 3) throw new Error(`fuzz templates: no constructor for type ${type}`);
        return this.fields(c, depth + 1);
    }

    private field(name: string, type: string, depth: number): Field {
        const t = type.replace(/^\((.*)\)$/, '$1').trim();
        let m: RegExpExecArray | null;
        if ((m = /^u?int(\d+)$/.exec(t)) || (m = /^## (\d+)$/.exec(t)))
            return { name, kind: 'uint', bits: Number(m[1]) };
        if (t === 'Coins') return { name, kind: 'coins' };
        if (t === 'MsgAddressInt') return { name, kind: 'address', allowNone: false };
        if (t === 'MsgAddress') return { name, kind: 'address', allowNone: true };
        if (t === 'Bool') return { name, kind: 'bool' };
        if (t === '^PayoutEntries') return { name, kind: 'entries' };
        if (t === '^WorkerList') return { name, kind: 'workers' };
        if (t === 'Cell') return { name, kind: 'tail' };
        if (t === '^Cell') return { name, kind: 'ref', inner: 'any' };
        if ((m = /^Maybe \^(\w+)$/.exec(t)))
            return { name, kind: 'maybeRef', inner: m[1] === 'Cell' ? 'any' : this.refInner(m[1], depth) };
        if ((m = /^\^(\w+)$/.exec(t))) return { name, kind: 'ref', inner: this.refInner(m[1], depth) };
        if (/^\w+$/.test(t)) return { name, kind: 'inline', inner: this.named(t, depth) };
        throw new Error(`fuzz templates: field ${name}:${type} has a type the generator does not know`);
    }

    private refInner(type: string, depth: number): Field[] {
        if (type === 'MsgAddressInt') return [{ name: 'address', kind: 'address', allowNone: false }];
        return this.named(type, depth);
    }
}

/** The templates of one contract: its own .tlb files plus the shared ones. */
export function contractTemplates(contract: 'registry' | 'pool'): MessageTemplate[] {
    const files = [
        ...filesUnder(join(CONTRACTS, contract), /\.tlb$/),
        ...filesUnder(join(CONTRACTS, 'common'), /\.tlb$/),
    ];
    return new TemplateSet(files.flatMap(parseTlb)).messages();
}
