export * from './canonical-url';
export * from './database';
export * from './import-posts';
export * from './near-duplicates';
export * from './null-model';
export * from './prng';
export * from './progress';
