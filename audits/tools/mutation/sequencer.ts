/**
 * Runs the specs of a mutation run in the order the runner chose (MUTATION_SPEC_ORDER, a JSON list
 * of root-relative paths), not jest's own: the fastest killers first, so `bail` stops early.
 */
import Sequencer from '@jest/test-sequencer';
import type { Test } from '@jest/test-result';
import { relative } from 'path';

export default class MutationSequencer extends Sequencer {
    sort(tests: Test[]): Test[] {
        const order: string[] = JSON.parse(process.env.MUTATION_SPEC_ORDER ?? '[]');
        const rank = (t: Test) => {
            const i = order.indexOf(relative(t.context.config.rootDir, t.path));
            return i < 0 ? order.length : i;
        };
        return [...tests].sort((a, b) => rank(a) - rank(b));
    }
}
