export * from './audit-event';
export * from './election';
export * from './ids';
export * from './jurisdiction';
export * from './organisation';
export * from './policy';
export * from './tlp';
export * from './user';
