/**
 * Imports go one way: contracts → wrappers → toolkit → scripts, with harness/ (stress, bench: what
 * checks the code, never run by an operator) beside scripts, tests and audits on top, and tests above
 * audits (a spec may import an audit tool or the audit harness, never the reverse). Inside toolkit/,
 * ops/ (the scripts' logic) sits on the libraries: chain/, settlement/, batching/... never import it.
 * Found on ef9cef0: wrappers/PoolPayout.ts and EarningsAddress.ts imported toolkit/chain/fees (the
 * bindings could not be published without the operator toolkit), and audits/tools/coverage.ts
 * imported tests/helpers and tests/audit/support while tests imported audits/tools (a cycle).
 */
import { readFileSync } from 'fs';
import { dirname, join, normalize, relative } from 'path';
import { filesUnder, ROOT } from '../../audits/tools/func-sources';

/** What each layer (top-level folder) must not import. */
const FORBIDDEN: Record<string, string[]> = {
    wrappers: ['toolkit', 'scripts', 'harness', 'tests', 'audits'],
    toolkit: ['scripts', 'harness', 'tests', 'audits'],
    scripts: ['harness', 'tests', 'audits'],
    harness: ['scripts', 'tests', 'audits'],
    audits: ['tests'],
};

/** The operator logic every toolkit library sits below (toolkit/ops itself may import it). */
const OPS = 'toolkit/ops';

const IMPORT = /(?:\bfrom\s+|\brequire\(\s*|\bimport\(\s*|\bjest\.mock\(\s*|^\s*import\s+)['"](\.{1,2}\/[^'"]+)['"]/gm;

const inside = (path: string, folder: string) => path === folder || path.startsWith(`${folder}/`);

interface Source {
    /** Path relative to the repository root. */
    path: string;
    text: string;
}

/** Every relative import of `sources` that goes against the layer order, as `file -> target`. */
function layerViolations(sources: Source[]): string[] {
    const out: string[] = [];
    for (const { path, text } of sources) {
        const layer = path.split('/')[0];
        const forbidden = FORBIDDEN[layer] ?? [];
        for (const m of text.matchAll(IMPORT)) {
            const target = normalize(join(dirname(path), m[1]))
                .split('\\')
                .join('/');
            const top = target.split('/')[0];
            if (forbidden.includes(top)) out.push(`${path} imports ${target} (${layer} must not import ${top}/)`);
            else if (inside(target, OPS) && layer === 'toolkit' && !inside(path, OPS))
                out.push(`${path} imports ${target} (toolkit libraries must not import ${OPS}/)`);
        }
    }
    return out;
}

const sourcesOf = (layer: string): Source[] =>
    filesUnder(join(ROOT, layer), /\.(ts|js)$/).map((f) => ({
        path: relative(ROOT, f).split('\\').join('/'),
        text: readFileSync(f, 'utf8'),
    }));

describe('layers', () => {
    // A binding that needs the toolkit, a toolkit module that needs a test helper, or an audit tool
    // built on a spec's helper would make a lower layer unusable without an upper one.
    it('[BLD-522] no import goes against contracts → wrappers → toolkit → scripts, harness beside scripts, tests and audits on top', () => {
        const sources = Object.keys(FORBIDDEN).flatMap(sourcesOf);
        for (const folder of ['audits/harness', 'harness/stress', 'harness/bench', OPS, 'scripts'])
            expect(sources.filter((s) => inside(s.path, folder)).length).toBeGreaterThan(0);
        expect(sources.length).toBeGreaterThan(100);
        expect(layerViolations(sources)).toEqual([]);
    });

    // The check must see each violation found on ef9cef0, in each import form the code uses. (The
    // sources are assembled so that this file itself names no module: the mutation oracle follows
    // relative imports it finds in a spec's text.)
    it('[BLD-522] the layer check names every planted import against the order, harness/ and toolkit/ops included', () => {
        const q = (target: string) => `'${target}'`;
        expect(
            layerViolations([
                { path: 'wrappers/PoolPayout.ts', text: `import { FeeSchedule } from ${q('../toolkit/chain/fees')};` },
                {
                    path: 'audits/tools/coverage.ts',
                    text: `import {\n    setupSystem,\n} from ${q('../../tests/audit/support/system')};`,
                },
                {
                    path: 'toolkit/ops/x.ts',
                    text: `const w = require(${q('../../scripts/operator/w')});\njest.mock(${q('../../tests/helpers/state')});`,
                },
                { path: 'scripts/owner/y.ts', text: `import ${q('../../audits/tools/checklist')};` },
                { path: 'toolkit/chain/z.ts', text: `export { harvest } from ${q('../../harness/stress/world')};` },
                { path: 'scripts/operator/v.ts', text: `import type { Bench } from ${q('../../harness/bench/cli')};` },
                { path: 'harness/stress/u.ts', text: `import { run } from ${q('../../scripts/operator/payout')};` },
                { path: 'toolkit/settlement/t.ts', text: `import { journal } from ${q('../ops/journal')};` },
                { path: 'toolkit/ops/ok.ts', text: `import { journal } from ${q('./journal')};` },
                { path: 'harness/bench/ok.ts', text: `import { FeeSchedule } from ${q('../../toolkit/chain/fees')};` },
                { path: 'audits/tools/ok.ts', text: `import { PoolWorld } from ${q('../../harness/stress/world')};` },
                { path: 'tests/payout/ok.spec.ts', text: `import { setupPool } from ${q('../../audits/harness/x')};` },
                { path: 'toolkit/ops/ok.ts', text: `import { PoolOp } from ${q('../../wrappers/PoolPayout')};` },
            ]),
        ).toEqual([
            'wrappers/PoolPayout.ts imports toolkit/chain/fees (wrappers must not import toolkit/)',
            'audits/tools/coverage.ts imports tests/audit/support/system (audits must not import tests/)',
            'toolkit/ops/x.ts imports scripts/operator/w (toolkit must not import scripts/)',
            'toolkit/ops/x.ts imports tests/helpers/state (toolkit must not import tests/)',
            'scripts/owner/y.ts imports audits/tools/checklist (scripts must not import audits/)',
            'toolkit/chain/z.ts imports harness/stress/world (toolkit must not import harness/)',
            'scripts/operator/v.ts imports harness/bench/cli (scripts must not import harness/)',
            'harness/stress/u.ts imports scripts/operator/payout (harness must not import scripts/)',
            'toolkit/settlement/t.ts imports toolkit/ops/journal (toolkit libraries must not import toolkit/ops/)',
        ]);
    });
});
