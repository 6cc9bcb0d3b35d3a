/**
 * The one compile helper (toolkit/func/compile.ts). func-js adds two process listeners per
 * emscripten module and never removes them; past ten, node prints MaxListenersExceededWarning on
 * every test file that builds a few contracts. The helper must give those listeners back and leave
 * every other listener alone, and build each contract once per process.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { compileContract, compileFuncSources, funcVersion, releasingFuncListeners } from '../../toolkit/func/compile';

const EVENTS = ['uncaughtException', 'unhandledRejection'] as const;
const counts = () => EVENTS.map((e) => process.listenerCount(e));
const THROWING = join(__dirname, '..', 'payout', 'fixtures', 'throwing.fc');
const build = () =>
    compileFuncSources('throwing.fc', { targets: [THROWING], sources: (p: string) => readFileSync(p, 'utf8') });

describe('compile helper', () => {
    // Eleven func-js modules in one process (more than MaxListeners' 10) must leave the listener counts where they were.
    it('[BLD-370] eleven compiles and a version query leave the process listener counts unchanged; a listener added meanwhile stays', async () => {
        const before = counts();
        const foreign = () => undefined;
        for (let i = 0; i < 11; i++) {
            await releasingFuncListeners(async () => {
                const code = (await build()).code;
                if (i === 0) process.on('uncaughtException', foreign);
                return code;
            });
        }
        expect(await funcVersion()).toMatch(/^\d+\.\d+\.\d+$/);
        expect(process.listeners('uncaughtException')).toContain(foreign);
        process.removeListener('uncaughtException', foreign);
        expect(counts()).toEqual(before);
    });

    // Fixtures, toolkit and tools share one build per contract: the same promise, one compile.
    it('[BLD-370] compileContract builds each contract once per process and gives the same code to every caller', async () => {
        const before = counts();
        const [a, b] = [compileContract('WorkerRegistry'), compileContract('WorkerRegistry')];
        expect(a).toBe(b);
        expect((await a).hash().equals((await b).hash())).toBe(true);
        expect(counts()).toEqual(before);
    });

    it('[BLD-370] a FunC error is reported with the label and leaves no listener behind', async () => {
        const before = counts();
        // func-js also prints the compiler's diagnostics: collected here, not shown
        const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
        await expect(
            compileFuncSources('broken.fc', {
                targets: ['broken.fc'],
                sources: { 'broken.fc': '() recv_internal() { oops }' },
            }),
        ).rejects.toThrow(/^broken\.fc: /);
        expect(warn.mock.calls.map((c) => String(c[0])).join('\n')).toContain('undefined function `oops`');
        warn.mockRestore();
        expect(counts()).toEqual(before);
    });
});
