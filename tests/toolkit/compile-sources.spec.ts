/**
 * toolkit/func/compile.ts on explicit sources, as the mutation tool (audits/tools/mutation/compile.ts),
 * the upgrade fixture (tests/payout/upgrade.spec.ts) and the vendored Cocoon contracts
 * (toolkit/cocoon/vendor.ts) use it: a FunC error comes back as a value for the mutation tool
 * to count, and a foreign tree with its own stdlib builds exactly the code its manifest pins.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { tryCompileFuncSources } from '../../toolkit/func/compile';

const EVENTS = ['uncaughtException', 'unhandledRejection'] as const;
const counts = () => EVENTS.map((e) => process.listenerCount(e));
const COCOON = join(__dirname, '..', '..', 'vendor', 'cocoon');

describe('compile helper on explicit sources', () => {
    it('[BLD-370] tryCompileFuncSources returns a FunC error as a value and builds a foreign tree with its own stdlib, leaving no listener behind', async () => {
        const before = counts();
        // func-js also prints the compiler's diagnostics: collected here, not shown
        const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
        const broken = await tryCompileFuncSources({
            targets: ['broken.fc'],
            sources: { 'broken.fc': '() recv_internal() { oops }' },
        });
        warn.mockRestore();
        expect(broken.ok).toBe(false);
        expect(broken.ok ? '' : broken.message).toContain('broken.fc:1:27: error: `;` expected instead of `}`');
        // Cocoon's wallet, its includes resolved inside the fixture (Cocoon's stdlib, not ours)
        const read: string[] = [];
        const wallet = await tryCompileFuncSources({
            targets: ['contracts/cocoon_wallet.fc'],
            sources: (path: string) => {
                read.push(path);
                return readFileSync(join(COCOON, path), 'utf8');
            },
        });
        if (!wallet.ok) throw new Error(wallet.message);
        const pinned = /^code_hash_wallet: ([0-9a-f]{64})$/m.exec(readFileSync(join(COCOON, 'SOURCE'), 'utf8'))![1];
        expect(wallet.code.hash().toString('hex')).toBe(pinned);
        expect(read.some((p) => /stdlib/.test(p))).toBe(true);
        expect(wallet.fift).toContain('PROGRAM{');
        expect(counts()).toEqual(before);
    });
});
