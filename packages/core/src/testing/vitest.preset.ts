import { fileURLToPath } from 'node:url';

/** Vitest settings shared by every package whose tests talk to PostgreSQL. */
export const databaseTestConfig = {
  globalSetup: [fileURLToPath(new URL('./global-setup.ts', import.meta.url))],
  include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  testTimeout: 20_000,
  hookTimeout: 60_000,
};
