/**
 * Every FunC file of the contracts #includes what it uses (issue 12): a file that compiled only
 * because its contract's root happened to include its dependencies first breaks as soon as the root
 * changes order, and hides what it depends on from its reader. FunC 0.4.6 reads a file once, so the
 * includes cost nothing. Property: each file, compiled alone through its own #includes, passes
 * FunC; only Fift's "`main` procedure not defined" may fail, for the files that are not a root.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { CONTRACTS, filesUnder, rel } from '../../audits/tools/func-sources';
import { tryCompileFuncSources } from '../../toolkit/func/compile';

const files = ['pool', 'earnings', 'common', 'registry', 'bench']
    .flatMap((dir) => filesUnder(join(CONTRACTS, dir), /\.fc$/))
    .filter((f) => !f.endsWith('stdlib.fc'));

/** What FunC says of `file` compiled alone, or undefined when it compiles (a missing main excepted). */
async function aloneError(file: string, source?: string): Promise<string | undefined> {
    const r = await tryCompileFuncSources({
        targets: [file],
        sources: (p: string) => (p === file && source !== undefined ? source : readFileSync(p, 'utf8')),
    });
    if (r.ok || /`main` procedure not defined/.test(r.message)) return undefined;
    return r.message;
}

describe('FunC includes', () => {
    // Fift prints its stack dump for the missing main through console.error: not a failure here
    let quiet: jest.SpyInstance;
    beforeAll(() => {
        quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    });
    afterAll(() => quiet.mockRestore());

    it('every contract file compiles alone through its own #includes', async () => {
        expect(files.length).toBeGreaterThan(30);
        const problems: string[] = [];
        for (const f of files) {
            const e = await aloneError(f);
            if (e !== undefined) problems.push(`${rel(f)}: ${e.split('\n')[0]}`);
        }
        expect(problems).toEqual([]);
    }, 120_000);

    // The check must notice a missing include: revenue.fc without its storage.fc (whose globals it
    // writes) fails alone.
    it('a file without one of its includes is noticed', async () => {
        const revenue = join(CONTRACTS, 'pool', 'revenue.fc');
        const without = readFileSync(revenue, 'utf8').replace('#include "storage.fc";\n', '');
        expect(without).not.toContain('#include "storage.fc"');
        expect(await aloneError(revenue, without)).toMatch(/revenue\.fc:\d+:\d+: error/);
    });
});
