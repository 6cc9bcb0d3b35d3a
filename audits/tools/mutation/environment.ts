/**
 * The sandbox's jest environment, failing fast: after the first failed test or hook of a spec the
 * rest of its tests are skipped. A mutant is killed by one failure; the tests after it would only
 * cost time.
 */
import type { Circus } from '@jest/types';
import SandboxEnvironment from '@ton/sandbox/dist/jest/BenchmarkEnvironment';

export default class FailFastEnvironment extends SandboxEnvironment {
    private failed = false;

    async handleTestEvent(event: Circus.Event): Promise<void> {
        if (event.name === 'hook_failure' || event.name === 'test_fn_failure') this.failed = true;
        else if (this.failed && event.name === 'test_start') event.test.mode = 'skip';
    }
}
