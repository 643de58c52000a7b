export * from './observables';
export * from './playbook';
export * from './starter-library';
