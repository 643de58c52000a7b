import { defineConfig } from 'vitest/config';

/**
 * One Vitest run for the whole repository. Database suites create their own PGlite
 * (and PostgreSQL when VIGIL_TEST_DATABASE_URL is set), so files run in separate forks.
 */
const config = defineConfig({
  test: {
    include: ['libs/*/src/**/*.test.ts', 'apps/*/src/**/*.test.{ts,tsx}', 'apps/*/e2e/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
export default config;
