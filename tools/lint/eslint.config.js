// ESLint flat config for the whole repository (run with `npm run lint` from the root).
// typescript-eslint needs the TypeScript 5 compiler API, which TypeScript 7 no longer ships:
// this workspace pins TypeScript 5.9 for linting only; type-checking uses TypeScript 7 (`npm run typecheck`).
import tseslint from 'typescript-eslint';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The pure libraries run in a browser too: no Node, no database, no app code. */
const pureLibraries = ['basics', 'domain', 'api', 'rla', 'stix'];

const nodeModules = [
  'assert', 'buffer', 'child_process', 'cluster', 'crypto', 'dgram', 'dns', 'events', 'fs',
  'fs/promises', 'http', 'http2', 'https', 'net', 'os', 'path', 'perf_hooks', 'process',
  'readline', 'stream', 'timers', 'tls', 'url', 'util', 'v8', 'vm', 'worker_threads', 'zlib',
];

const restrictedForPure = {
  paths: nodeModules.map((name) => ({ name, message: 'Pure libraries run in the browser: no Node modules.' })),
  patterns: [
    { group: ['node:*'], message: 'Pure libraries run in the browser: no Node modules; take I/O as an argument.' },
    { group: ['@vigil/db', '@vigil/server', '@vigil/cli', '@vigil/web', '@vigil/coordination', '@vigil/test-utils'], message: 'Pure libraries depend on pure libraries only.' },
    { group: ['kysely', 'pg', '@electric-sql/*', '@duckdb/*', 'hono', '@hono/*'], message: 'Pure libraries do no I/O.' },
    { group: ['@vigil/*/src/*', '../../*'], message: 'No deep imports across packages: import the package.' },
  ],
};

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**', '**/dist/**', 'vigil-data/**', 'coverage/**', 'bench/out/**',
      '**/*.js', '**/*.cjs', '**/*.mjs',
    ],
  },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        // Every package's own tsconfig, plus the one that covers all tests.
        project: ['libs/*/tsconfig.json', 'apps/*/tsconfig.json', 'bench/tsconfig.json', 'tsconfig.tests.json'],
        tsconfigRootDir: root,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // A `default: throwIllegalValue(x)` branch is how we mark a switch exhaustive.
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Named exports only.' },
        { selector: 'TSEnumDeclaration', message: 'Use a string-literal union with z.enum, not a TS enum.' },
      ],
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@vigil/*/src/*'], message: 'No deep imports across packages: import the package.' }] },
      ],
    },
  },
  {
    // Pure libraries: no Node, no I/O, no clock, no Math.random (randomness comes in as an argument).
    files: pureLibraries.map((name) => `libs/${name}/src/**/*.ts`),
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', restrictedForPure],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'Pure libraries read no environment.' },
        { name: 'Buffer', message: 'Use Uint8Array.' },
        { name: 'require', message: 'ESM only.' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Randomness is a seeded, injected input.' },
        { object: 'Date', property: 'now', message: 'Time is an injected input.' },
      ],
    },
  },
  {
    // The database layer depends on basics and domain only.
    files: ['libs/db/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@vigil/*', '!@vigil/basics', '!@vigil/domain'], message: 'db depends on basics and domain only.' }] }],
    },
  },
  {
    // The web app talks to the server only through the API contract.
    files: ['apps/web/src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@vigil/*', '!@vigil/api', '!@vigil/domain', '!@vigil/basics'], message: 'web imports api, domain and basics only.' }, { group: ['node:*'], message: 'The web app runs in the browser.' }] }],
    },
  },
  {
    // Vite and Vitest read their configuration from a default export.
    files: ['vitest.config.ts', 'apps/web/vite.config.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    // Tests may use Vitest's loosely typed matchers.
    files: ['**/*.test.ts', '**/*.test.tsx'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
);
