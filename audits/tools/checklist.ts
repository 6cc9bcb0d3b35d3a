/**
 * The audit checklist: loading `audits/checklist/*.yaml` fragments and validating their schema.
 * Format (CONTRIBUTING.md): every item has `id` (`<CAT>-<NNN>`), `category` (matching the id
 * prefix), `property`, `impact`, and exactly one of `tests` (a non-empty list of exact `it`
 * titles) or `not_applicable` (the reason).
 */
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';

/** Categories of issue 5, in the order the rendered checklist shows them. */
export const CATEGORIES = {
    BLD: 'Code quality and reproducible build',
    ACC: 'Access control and ownership',
    FIN: 'Financial maths',
    STO: 'State and storage',
    MSG: 'Messages',
    DUP: 'Double payment and idempotency',
    GAS: 'Gas and fee limits',
    ASY: 'Asynchrony',
    POOL: 'GPU-pool specifics',
    UPG: 'Upgrades',
    COC: 'Integration with Cocoon',
    TON: 'TON-specific pitfalls',
    DOC: 'Testing and documentation',
} as const;

export type Category = keyof typeof CATEGORIES;

export function isCategory(s: string): s is Category {
    return Object.prototype.hasOwnProperty.call(CATEGORIES, s);
}

export interface ChecklistItem {
    id: string;
    category: Category;
    property: string;
    impact: string;
    /** Exact `it` titles proving the item; empty when the item is not applicable. */
    tests: string[];
    notApplicable?: string;
    /** Fragment the item came from, relative to the checklist directory. */
    source: string;
}

export interface Checklist {
    items: ChecklistItem[];
    /** Schema problems, each naming its fragment and item. */
    problems: string[];
}

/** `[CAT-NNN]` as carried by test titles. */
export const ID_PATTERN = /^([A-Z]{3,4})-(\d{3})$/;
export const TITLE_ID_PATTERN = /\[([A-Z]{3,4}-\d{3})\]/g;

const KNOWN_KEYS = new Set(['id', 'category', 'property', 'impact', 'tests', 'not_applicable']);

/** Ids carried by a test title, in order. */
export function idsInTitle(title: string): string[] {
    return [...title.matchAll(TITLE_ID_PATTERN)].map((m) => m[1]);
}

function nonEmptyString(v: unknown): v is string {
    return typeof v === 'string' && v.trim().length > 0;
}

/** Validate one parsed fragment; items that fail validation are reported and left out. */
export function validateFragment(source: string, doc: unknown): Checklist {
    const items: ChecklistItem[] = [];
    const problems: string[] = [];
    if (doc === null || doc === undefined) return { items, problems };
    if (!Array.isArray(doc)) {
        problems.push(`${source}: the fragment must be a YAML list of items`);
        return { items, problems };
    }
    doc.forEach((raw: unknown, i: number) => {
        const where = `${source} item #${i + 1}`;
        if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
            problems.push(`${where}: not a mapping`);
            return;
        }
        const r = raw as Record<string, unknown>;
        const label = typeof r.id === 'string' ? `${source} ${r.id}` : where;
        const bad: string[] = [];
        for (const k of Object.keys(r)) if (!KNOWN_KEYS.has(k)) bad.push(`unknown key '${k}'`);
        const m = typeof r.id === 'string' ? ID_PATTERN.exec(r.id) : null;
        if (!m) bad.push(`id ${JSON.stringify(r.id)} is not <CAT>-<NNN>`);
        if (typeof r.category !== 'string' || !isCategory(r.category)) {
            bad.push(`category ${JSON.stringify(r.category)} is not one of ${Object.keys(CATEGORIES).join(' ')}`);
        } else if (m && m[1] !== r.category) {
            bad.push(`category ${r.category} does not match the id prefix ${m[1]}`);
        }
        if (!nonEmptyString(r.property)) bad.push('property is missing or empty');
        if (!nonEmptyString(r.impact)) bad.push('impact is missing or empty');
        const hasTests = r.tests !== undefined;
        const hasNa = r.not_applicable !== undefined;
        if (hasTests === hasNa) bad.push('needs exactly one of `tests` or `not_applicable`');
        if (hasTests && !(Array.isArray(r.tests) && r.tests.length > 0 && r.tests.every(nonEmptyString))) {
            bad.push('`tests` must be a non-empty list of test titles');
        }
        if (hasNa && !nonEmptyString(r.not_applicable)) bad.push('`not_applicable` must give a reason');
        if (bad.length > 0) {
            problems.push(`${label}: ${bad.join('; ')}`);
            return;
        }
        items.push({
            id: r.id as string,
            category: r.category as Category,
            property: (r.property as string).trim(),
            impact: (r.impact as string).trim(),
            tests: hasTests ? (r.tests as string[]) : [],
            notApplicable: hasNa ? (r.not_applicable as string).trim() : undefined,
            source,
        });
    });
    return { items, problems };
}

/** Parse fragment texts (name → YAML) into one checklist, with duplicate ids reported. */
export function parseFragments(fragments: { source: string; text: string }[]): Checklist {
    const items: ChecklistItem[] = [];
    const problems: string[] = [];
    for (const f of fragments) {
        let doc: unknown;
        try {
            doc = parse(f.text);
        } catch (e) {
            problems.push(`${f.source}: YAML does not parse: ${(e as Error).message.split('\n')[0]}`);
            continue;
        }
        const v = validateFragment(f.source, doc);
        items.push(...v.items);
        problems.push(...v.problems);
    }
    const firstSource = new Map<string, string>();
    for (const it of items) {
        const prev = firstSource.get(it.id);
        if (prev !== undefined) problems.push(`${it.source} ${it.id}: duplicate id (already in ${prev})`);
        else firstSource.set(it.id, it.source);
    }
    items.sort(compareItems);
    return { items, problems };
}

/** Category order of CATEGORIES, then number. */
export function compareItems(a: { id: string; category: Category }, b: { id: string; category: Category }): number {
    const order = Object.keys(CATEGORIES);
    const c = order.indexOf(a.category) - order.indexOf(b.category);
    return c !== 0 ? c : a.id.localeCompare(b.id);
}

/** Every `*.yaml` / `*.yml` fragment in `dir`. */
export function loadChecklist(dir: string): Checklist {
    let names: string[];
    try {
        names = readdirSync(dir)
            .filter((n) => /\.ya?ml$/.test(n))
            .sort();
    } catch {
        return { items: [], problems: [`${dir}: checklist directory not found`] };
    }
    if (names.length === 0) return { items: [], problems: [`${dir}: no checklist fragments (*.yaml)`] };
    return parseFragments(names.map((source) => ({ source, text: readFileSync(join(dir, source), 'utf8') })));
}
