/**
 * Telegram's Cocoon contracts as a pinned fixture: the vendored files are the ones SOURCE names
 * (sha256 per file, commit, licence), they compile with FunC 0.4.6 and their own stdlib to the
 * pinned code hashes, and our TypeScript for them mirrors their constants.
 */
import { createHash } from 'crypto';
import { readFileSync } from 'fs';
import { join, relative } from 'path';
import { filesUnder, mirrorDiff, parseFuncConsts } from '../../audits/tools/func-sources';
import { CocoonError, CocoonLimits, CocoonOp, CocoonWalletError } from '../../toolkit/cocoon/contracts';
import {
    COCOON_CONTRACTS,
    COCOON_VENDOR,
    cocoonCodes,
    funcVersion,
    readCocoonSource,
} from '../../toolkit/cocoon/vendor';

const fixtureFile = (p: string) => readFileSync(join(COCOON_VENDOR, p));
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('Cocoon contracts fixture (vendor/cocoon)', () => {
    // A silently edited fixture would make every Cocoon e2e spec prove something about contracts
    // Telegram never deployed: each vendored file must hash to SOURCE's line, SOURCE must list every
    // file in the folder, and the licence files must be Cocoon's own (Apache-2.0, Telegram FZ-LLC).
    it('[COC-600] every vendored Cocoon file matches the sha256 SOURCE pins at commit ae5eebf, and SOURCE lists them all', () => {
        const source = readCocoonSource();
        expect(source.repository).toBe('https://github.com/1IxI1/cocoon-contracts');
        expect(source.commit).toBe('ae5eebf87b0bb68638c93cb16e9109d0b37be63e');
        const onDisk = filesUnder(COCOON_VENDOR, /.*/)
            .map((p) => relative(COCOON_VENDOR, p))
            .filter((p) => p !== 'SOURCE')
            .sort();
        expect(onDisk).toEqual([...source.files.keys()].sort());
        const mismatched = [...source.files].filter(([p, hash]) => sha256(fixtureFile(p)) !== hash).map(([p]) => p);
        expect(mismatched).toEqual([]);
        for (const c of COCOON_CONTRACTS) expect(source.files.has(`contracts/cocoon_${c}.fc`)).toBe(true);
        expect(fixtureFile('NOTICE').toString('utf8').trim()).toBe('Copyright 2025 Telegram FZ-LLC');
        expect(fixtureFile('LICENSE').toString('utf8')).toContain(
            'Apache License\n                           Version 2.0, January 2004',
        );
    });

    // The e2e specs run the code FunC 0.4.6 makes of these files, with Cocoon's own stdlib and no
    // file from contracts/: the compiler version and each code hash are pinned, so a compiler or
    // include change shows up here and not as a puzzling e2e failure.
    it('[COC-601] root, proxy, worker and wallet compile with func-js FunC 0.4.6 and their own stdlib to the pinned code hashes', async () => {
        expect(await funcVersion()).toBe('0.4.6');
        const codes = await cocoonCodes();
        const got = Object.fromEntries(COCOON_CONTRACTS.map((c) => [c, codes[c].hash().toString('hex')]));
        expect(got).toEqual(Object.fromEntries(readCocoonSource().codeHashes));
    });

    // Our builders and assertions use CocoonOp / CocoonError / CocoonLimits: a drifted value would
    // build a message Cocoon never accepts, or assert the wrong exit code.
    it('[COC-602] CocoonOp, CocoonError and CocoonLimits equal contracts/opcodes.fc, utils.fc and cocoon_wallet.fc', () => {
        const consts = parseFuncConsts(join(COCOON_VENDOR, 'contracts', 'opcodes.fc'));
        expect([
            ...mirrorDiff(
                consts.filter((c) => c.kind === 'op'),
                CocoonOp,
                'CocoonOp',
            ),
            ...mirrorDiff(
                consts.filter((c) => c.kind === 'error'),
                CocoonError,
                'CocoonError',
            ),
        ]).toEqual([]);

        const utils = fixtureFile('contracts/utils.fc').toString('utf8');
        const oneTon = /const int ONE_TON = (\d+);/.exec(utils);
        expect(oneTon?.[1]).toBe('1000000000');
        const fraction = (name: string) => {
            const m = new RegExp(`const int ${name} = ONE_TON / (\\d+);`).exec(utils);
            if (!m) throw new Error(`utils.fc: no ${name} = ONE_TON / N`);
            return BigInt(oneTon![1]) / BigInt(m[1]);
        };
        expect({
            commissionEstimate: fraction('COMMISSION_ESTIMATE'),
            storageEstimate: fraction('STORAGE_ESTIMATE'),
        }).toEqual({
            commissionEstimate: CocoonLimits.commissionEstimate,
            storageEstimate: CocoonLimits.storageEstimate,
        });

        const wallet = fixtureFile('contracts/cocoon_wallet.fc').toString('utf8');
        expect(wallet).toContain('throw_if(1035, my_balance() < 2 * ONE_TON);');
        expect(CocoonLimits.walletMinBalance).toBe(2n * BigInt(oneTon![1]));
        expect(wallet).toContain(`throw_if(${CocoonWalletError.expired}, valid_until <= now());`);
        expect(wallet).toContain(
            `throw_unless(${CocoonWalletError.notOwner}, equal_slices_bits(sender_address, owner_address));`,
        );
    });
});
