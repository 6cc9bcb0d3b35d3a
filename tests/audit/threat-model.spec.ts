/**
 * The threat model is only useful if its references are real: every checklist id it cites must
 * exist, every attack class issue 5 names must have a section, and it must say what is not defended.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { loadChecklist } from '../../audits/tools/checklist';

const ROOT = join(__dirname, '..', '..');
const text = readFileSync(join(ROOT, 'audits', 'THREAT_MODEL.md'), 'utf8');

describe('THREAT_MODEL.md', () => {
    // A stale or typo'd id would send an auditor to a test that does not exist.
    it('[DOC-505] every checklist id the threat model cites exists, and it covers every attack class and what is not defended', () => {
        const ids = new Set(loadChecklist(join(ROOT, 'audits', 'checklist')).items.map((i) => i.id));
        const cited = [...text.matchAll(/\b([A-Z]{3,4})-(\d{3})(?:…(\d{3}))?/g)].flatMap((m) =>
            m[3] ? [`${m[1]}-${m[2]}`, `${m[1]}-${m[3]}`] : [`${m[1]}-${m[2]}`],
        );
        expect(cited.length).toBeGreaterThan(40);
        expect([...new Set(cited)].filter((id) => !ids.has(id))).toEqual([]);
        for (const heading of [
            'Stolen operator key',
            'Malicious member',
            'Hostile recipient contracts',
            'Fake Cocoon senders',
            'Griefing with dust and bounces',
            'Fee changes',
            'Storage exhaustion',
            'What the design does not defend',
        ]) {
            expect({ heading, present: new RegExp(`^##+ .*${heading}`, 'mi').test(text) }).toEqual({
                heading,
                present: true,
            });
        }
    });
});
