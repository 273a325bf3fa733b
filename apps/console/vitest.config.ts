import { databaseTestConfig } from '@wbn/core/testing/vitest.preset';
import { defineConfig } from 'vitest/config';

/**
 * `pnpm test`: logic in Node, components in happy-dom (a file opts in with a @vitest-environment
 * comment) against the real API in-process on a private database. The browser suite is
 * vitest.e2e.config.ts.
 */
export default defineConfig({
  test: { ...databaseTestConfig, include: ['test/**/*.test.{ts,tsx}'] },
});
