import type { Config } from 'jest';

/** `npx blueprint snapshot` sets BENCH_NEW (the label), `npx blueprint test --gas-report` sets BENCH_DIFF=true. */
const bench = process.env.BENCH_NEW !== undefined || process.env.BENCH_DIFF === 'true';

const config: Config = {
    preset: 'ts-jest',
    testEnvironment: '@ton/sandbox/jest-environment',
    testPathIgnorePatterns: ['/node_modules/', '/dist/'],
    testMatch: ['<rootDir>/tests/**/*.spec.ts'],
    // Sandbox-heavy suites (load, gas at 10,000 workers, stress, fuzz) run far beyond jest's 5 s default.
    testTimeout: 600_000,
    maxWorkers: 2,
    // Test locations (file and line) go into --json results: the audit report links each item to them.
    testLocationInResults: true,
    // @ton/sandbox's reporter writes what those two commands collect (.snapshot/<time>.json, or
    // gas-report.json compared with the last snapshot; contract.abi.json names the contracts; all
    // git-ignored). Outside them it would only print "SKIP Reporter mode: gas" on every run.
    // audits/tools/run-record.ts writes, beside `--json --outputFile` results, what the run tested
    // (commit, dirty flag, code hashes, narrowing): audit:check refuses results without it.
    reporters: [
        'default',
        '<rootDir>/audits/tools/run-record-reporter.js',
        ...(bench
            ? [
                  ['@ton/sandbox/jest-reporter', { contractExcludes: ['TreasuryContract'] }] as [
                      string,
                      Record<string, unknown>,
                  ],
              ]
            : []),
    ],
};

export default config;
