export * from './test-app';
export * from './test-database';
export * from './test-server';
export * from './taxii-fixture';
export * from './tlp-oracle';
export * from './detect-fixture';
