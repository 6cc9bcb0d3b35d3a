/**
 * The exit-code tables of README.md, docs/registry.md, docs/payout.md and docs/earnings.md are
 * generated (`npm run exit-codes`) from contracts/<dir>/errors.fc. Observed drift on ef9cef0, when
 * they were typed by hand: README.md had no 415 or 416, docs/registry.md listed 325 and 326 twice,
 * and the three copies worded 308, 405, 406 and 407 differently.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { applyExitCodes, DOCUMENTS, exitCodeTable, loadErrors } from '../../audits/tools/exit-codes';
import { ROOT } from '../../audits/tools/func-sources';

const read = (doc: string) => readFileSync(join(ROOT, doc), 'utf8');

describe('exit-code tables', () => {
    // A code added to errors.fc without `npm run exit-codes`, or a table edited by hand, fails here.
    it('[DOC-526] every exit-code table of README.md and docs/ equals what contracts/*/errors.fc gives', () => {
        const errors = loadErrors();
        expect([...errors.keys()].sort()).toEqual(['earnings', 'pool', 'registry']);
        for (const [doc, required] of Object.entries(DOCUMENTS)) {
            const { changed, missing } = applyExitCodes(read(doc), required, errors);
            expect({ doc, changed, missing }).toEqual({ doc, changed: [], missing: [] });
        }
        // Every declared code is a row of its table, once.
        for (const [dir, src] of errors) {
            const table = exitCodeTable(dir, src);
            for (const e of src.errors) expect(table.split(`\n| ${e.code} | \`${e.name}\` |`).length).toBe(2);
        }
    });

    // The three drifts observed must each be noticed, and the generated tables put back.
    it('[DOC-526] a stale table (a code missing, a code twice, a meaning reworded) is detected and regenerated', () => {
        const errors = loadErrors();
        const readme = read('README.md');
        const row416 = /\n\| 416 \| [^\n]*/.exec(readme)![0];
        const row325 = /\n\| 325 \| [^\n]*/.exec(readme)![0];
        const row501 = /\n\| 501 \| [^\n]*/.exec(readme)![0];
        const stale = readme
            .replace(row416, '')
            .replace(row325, row325 + row325)
            .replace(row501, '\n| 501 | `insufficient_value` | sweep below its fee |');
        expect(stale).not.toBe(readme);
        const { text, changed, missing } = applyExitCodes(stale, DOCUMENTS['README.md'], errors);
        expect({ changed: changed.sort(), missing }).toEqual({
            changed: ['earnings', 'pool', 'registry'],
            missing: [],
        });
        expect(text).toBe(readme);
        // A document that lost its block is named.
        const cut = read('docs/payout.md').replace(/<!-- exit-codes:pool -->[\s\S]*<!-- \/exit-codes:pool -->/, '');
        expect(applyExitCodes(cut, DOCUMENTS['docs/payout.md'], errors).missing).toEqual(['pool']);
    });

    // One wording per code, the errors.fc comment: a code declared without one cannot be tabled.
    it('[DOC-526] a code without a meaning is refused; every declared code has one', () => {
        const src = {
            header: 'Test exit codes.',
            file: 'contracts/x/errors.fc',
            errors: [
                { name: 'commented', code: 2, comment: 'from the comment' },
                { name: 'bare', code: 1 },
            ],
        };
        expect(() => exitCodeTable('x', src, [])).toThrow(
            'error::bare (contracts/x/errors.fc) has no ;; comment saying when it is thrown',
        );
        expect(
            exitCodeTable('x', { ...src, errors: [src.errors[0]] }, [{ codes: '5', name: 'tvm', meaning: 'm' }]),
        ).toBe(
            [
                'From `contracts/x/errors.fc` (`npm run exit-codes`): Test exit codes.',
                '',
                '| code | name | meaning |',
                '|---:|---|---|',
                '| 2 | `commented` | from the comment |',
                '| 5 | tvm | m |',
            ].join('\n'),
        );
        for (const [, src] of loadErrors()) expect(src.errors.filter((e) => e.comment === undefined)).toEqual([]);
    });
});
