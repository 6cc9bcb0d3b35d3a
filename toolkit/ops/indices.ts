/** Files of worker indices for the operator's bulk scripts: indices separated by commas or new lines, `#` comments. */
import { readFileSync } from 'fs';
import { parseInteger } from './args';
import { BadInput } from './errors';

export const WORKER_INDEX_MAX = 0xffffffff;

export function readIndexFile(file: string): number[] {
    let text: string;
    try {
        text = readFileSync(file, 'utf8');
    } catch {
        throw new BadInput(`${file}: cannot read the file`);
    }
    const words = text.split('\n').flatMap((l, i) =>
        l
            .replace(/#.*/, '')
            .split(',')
            .map((w) => w.trim())
            .filter((w) => w.length > 0)
            .map((w) => ({ w, line: i + 1 })),
    );
    const seen = new Map<number, number>();
    for (const { w, line } of words) {
        const i = parseInteger(`${file}:${line}: worker index`, w, 0, WORKER_INDEX_MAX);
        if (seen.has(i))
            throw new BadInput(`${file}:${line}: worker ${i} is listed twice (first on line ${seen.get(i)})`);
        seen.set(i, line);
    }
    if (seen.size === 0) throw new BadInput(`${file}: no worker index in the file`);
    return [...seen.keys()];
}
