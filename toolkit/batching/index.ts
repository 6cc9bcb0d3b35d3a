export * from './errors';
export * from './types';
export * from './build';
export * from './resubmit';
export * from './pool-limits';
