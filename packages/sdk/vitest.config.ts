import { defineConfig } from 'vitest/config';

// Generating the REST types imports the whole API and runs the generator: seconds on a loaded 2-core machine.
export default defineConfig({
  test: { include: ['src/**/*.test.ts'], passWithNoTests: false, testTimeout: 60_000 },
});
