// typescript-eslint and ts-api-utils need the TypeScript 5 compiler API; the repository's
// `typescript` is 7 (native, no such API). npm hoists their packages to the root, where
// require('typescript') would find 7, so this preload points that one name at the
// TypeScript 5.9 this workspace pins. Used only by `npm run lint`.
const Module = require('node:module');
const path = require('node:path');

const typescript5 = require.resolve('typescript', { paths: [__dirname] });
const original = Module._resolveFilename;
Module._resolveFilename = function resolveTypeScript5(request, ...rest) {
  if (request === 'typescript') return typescript5;
  return original.call(this, request, ...rest);
};
if (!typescript5.startsWith(path.join(__dirname, 'node_modules'))) {
  throw new Error(`expected TypeScript 5 under tools/lint, found ${typescript5}`);
}
