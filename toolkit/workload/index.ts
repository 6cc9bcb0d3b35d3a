export * from './random';
export * from './model';
export * from './scheduler';
export * from './fairness';
