export * from './ballot-id';
export * from './ballot-sample';
export * from './consistent-sampler';
export * from './csv';
export * from './manifest';
export * from './sha256';
export * from './ticket';
