export * from './types';
export * from './events';
export * from './reconcile';
export * from './sandbox-source';
export * from './ton-client-source';
export * from './pool-adapter';
export * from './attributed';
