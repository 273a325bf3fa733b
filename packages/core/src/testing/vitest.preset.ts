import { fileURLToPath } from 'node:url';

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

/** Vitest settings shared by every package whose tests talk to PostgreSQL. */
export const databaseTestConfig = {
  globalSetup: [here('./global-setup.ts')],
  include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  // A package whose tests all vanished (a broken glob, a setup that found nothing) must fail.
  passWithNoTests: false,
  reporters: ['default', here('./skipped-reporter.ts')],
  testTimeout: 20_000,
  hookTimeout: 60_000,
};
