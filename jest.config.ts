import type { Config } from 'jest';

const config: Config = {
    preset: 'ts-jest',
    testEnvironment: '@ton/sandbox/jest-environment',
    testPathIgnorePatterns: ['/node_modules/', '/dist/'],
    testMatch: ['<rootDir>/tests/**/*.spec.ts'],
    // Sandbox-heavy suites (load, gas at 10,000 workers, stress, fuzz) run far beyond jest's 5 s default.
    testTimeout: 600_000,
    maxWorkers: 2,
    reporters: ['default'],
};

export default config;
