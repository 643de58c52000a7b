import { defineConfig } from 'vitest/config';

/**
 * One Vitest run for the whole repository. Database suites create their own PGlite
 * (and PostgreSQL when VIGIL_TEST_DATABASE_URL is set), so files run in separate forks.
 * Timeouts are generous: the CLI suites start many processes that each open PGlite, and a
 * loaded machine runs them several times slower. They only catch hangs; speed lives in bench/.
 */
const config = defineConfig({
  test: {
    include: ['libs/*/src/**/*.test.ts', 'apps/*/src/**/*.test.{ts,tsx}', 'apps/*/e2e/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 180_000,
    hookTimeout: 240_000,
  },
});
export default config;
