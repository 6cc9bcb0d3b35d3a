/**
 * A process that built FunC exits at once (toolkit/func/compile.ts). Observed (issue 11): jest
 * printed "A worker process has failed to exit gracefully" after tests/cocoon/source.spec.ts, whose
 * four Cocoon compiles left V8 re-compiling each func-js module's hot wasm functions on background
 * threads; node waits for those jobs before exiting (~700 ms measured), past the 500 ms jest allows.
 */
import { spawnSync } from 'child_process';
import { join } from 'path';

const ROOT = join(__dirname, '..', '..');
/** Four compiles in a child node, then the time from the last one's end to the process's exit event. */
const CHILD = `
const { readFileSync } = require('fs');
const { compileFuncSources } = require('./toolkit/func/compile');
(async () => {
    for (const n of ['root', 'proxy', 'worker', 'wallet']) {
        await compileFuncSources(n, { targets: ['contracts/cocoon_' + n + '.fc'], sources: (p) => readFileSync('vendor/cocoon/' + p, 'utf8') });
    }
    const done = Date.now();
    process.on('exit', () => console.log('exit-delay ' + (Date.now() - done)));
})();
`;
/** What jest waits for a worker before it force-exits it. */
const JEST_EXIT_GRACE_MS = 500;

describe('compile helper: process exit', () => {
    it("[BLD-370] a process exits within jest's grace period after four func-js compiles (no background wasm tier-up left)", () => {
        const r = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', CHILD], {
            cwd: ROOT,
            encoding: 'utf8',
            env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' },
        });
        expect(r.status).toBe(0);
        const delay = Number(/exit-delay (\d+)/.exec(r.stdout)?.[1]);
        // measured ~1 ms with the fix and ~700 ms without it, on a loaded 2-core machine
        expect(delay).toBeLessThan(JEST_EXIT_GRACE_MS / 2);
    });
});
