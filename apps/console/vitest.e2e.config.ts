import { databaseTestConfig } from '@wbn/core/testing/vitest.preset';
import { defineConfig } from 'vitest/config';

/** `pnpm test:e2e`: the built console in Debian's Chromium against the real API and PostgreSQL. */
export default defineConfig({
  test: {
    ...databaseTestConfig,
    include: ['e2e/**/*.e2e.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
