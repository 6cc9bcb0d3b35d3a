export * from './errors';
export { MAX_WORKER_INDEX } from './validate';
export * from './apportion';
export * from './commission';
export * from './entitlements';
