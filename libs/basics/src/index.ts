export * from './assert';
export * from './brand';
export * from './canonical-json';
export * from './result';
export * from './canonical-url';
export * from './message-of';
export * from './uuid';
