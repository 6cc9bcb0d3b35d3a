/**
 * The TL-B files are the message spec, and op-codes are derived from them: each `#xxxxxxxx` tag is
 * the crc32 of its constructor line (CONTRIBUTING.md). A hand-typed or stale tag would make the
 * contract and every client disagree on what a message is.
 */
import {
    CONTRACTS,
    filesUnder,
    hex32,
    parseFuncConsts,
    parseTlb,
    TlbConstructor,
    tlbTag,
} from '../../audits/tools/func-sources';

/**
 * Tags fixed by outside standards, not derived from our lines. Exempt by value: a constructor that
 * extends a standard message (the pool's `payout_excesses` is an excesses with a report) keeps the
 * standard tag so wallets and indexers still recognise it.
 */
const STANDARD_TAGS: Record<string, number> = {
    excesses: 0xd53276db, // TEP-74
    cocoon_payout: 0xc59a7cd3, // Cocoon proxy contract
    cocoon_excesses: 0x2565934c, // Cocoon proxy contract (excesses to a voucher's send_excesses_to)
    text_comment: 0x00000000, // wallet text comment
    // worker_sync as registries built before its `withdrawn` field send it: a registry is immutable
    // and an upgraded pool keeps its registry, so the pool reads this tag too (the crc32 of the old line)
    worker_sync_v1: 0xfa683152,
};
const isStandard = (tag: number) => Object.values(STANDARD_TAGS).includes(tag);

const tlbFiles = filesUnder(CONTRACTS, /\.tlb$/);
const constructors: TlbConstructor[] = tlbFiles.flatMap(parseTlb);
const tagged = constructors.filter((c) => c.tag !== undefined);

describe('TL-B tags', () => {
    // A tag typed by hand, or left unchanged after a field was added, would silently fork the wire
    // format: every project tag must be the crc32 of its own line.
    it('[BLD-502] every #tag in contracts/**/*.tlb is the crc32 of its constructor line, standard tags exempt', () => {
        expect(tlbFiles.length).toBeGreaterThanOrEqual(2);
        const wrong = tagged
            .filter((c) => !isStandard(c.tag!))
            .filter((c) => tlbTag(c.canonical) !== c.tag)
            .map(
                (c) =>
                    `${c.file}: ${c.name} is tagged ${hex32(c.tag!)} but crc32("${c.canonical}") = ${hex32(tlbTag(c.canonical))}`,
            );
        expect(wrong).toEqual([]);
        for (const [name, tag] of Object.entries(STANDARD_TAGS)) {
            const decl = tagged.filter((c) => c.name === name);
            expect(decl.length).toBeGreaterThan(0);
            for (const d of decl) expect(hex32(d.tag!)).toBe(hex32(tag));
        }
    });

    // Two message kinds with one tag could not be told apart by the receiving contract. Only
    // extensions of a standard message may share its standard tag.
    it('[BLD-502] no two constructors share a tag except extensions of a standard message', () => {
        const byTag = new Map<number, Set<string>>();
        for (const c of tagged) byTag.set(c.tag!, (byTag.get(c.tag!) ?? new Set()).add(c.name));
        const clashes = [...byTag]
            .filter(([t, names]) => names.size > 1 && !isStandard(t))
            .map(([t, names]) => `${hex32(t)}: ${[...names].join(', ')}`);
        expect(clashes).toEqual([]);
    });

    // The FunC op constant is what the contract compares against: it must be the spec's tag of the
    // constructor of the same name, or the contract would accept a message the spec does not define.
    it('[BLD-503] every op:: constant in contracts/**/op-codes.fc equals the tag of its TL-B constructor', () => {
        const opFiles = filesUnder(CONTRACTS, /^op-codes\.fc$/);
        expect(opFiles.length).toBeGreaterThanOrEqual(2);
        const ops = opFiles.flatMap(parseFuncConsts).filter((c) => c.kind === 'op');
        expect(ops.length).toBeGreaterThan(5);
        // A contract's ops come from its own .tlb or the shared one (two contracts may both have a set_params).
        const scope = (file: string) => file.split('/')[1];
        const problems = ops.flatMap((op) => {
            const decl = tagged.filter((c) => c.name === op.name && [scope(op.file), 'common'].includes(scope(c.file)));
            if (decl.length === 0)
                return [
                    `${op.file}: op::${op.name} has no tagged constructor ${op.name} in contracts/${scope(op.file)}/*.tlb or contracts/common/*.tlb`,
                ];
            return decl
                .filter((d) => BigInt(d.tag!) !== op.value)
                .map(
                    (d) =>
                        `${op.file}: op::${op.name} = 0x${op.value.toString(16)} but ${d.file} tags ${op.name} ${hex32(d.tag!)}`,
                );
        });
        expect(problems).toEqual([]);
    });
});
