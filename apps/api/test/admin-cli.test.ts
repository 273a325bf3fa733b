import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { TEST_SECRETS } from '@wbn/core/testing/test-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, uniqueName } from './test-app.ts';

const run = promisify(execFile);
const ADMIN = fileURLToPath(new URL('../../../scripts/admin.ts', import.meta.url));

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const admin = (...args: string[]) =>
  run(process.execPath, [ADMIN, ...args], {
    env: {
      ...process.env,
      ...TEST_SECRETS,
      DATABASE_URL: t.databaseUrl,
      DATA_DIR: t.config.dataDir,
      LOG_LEVEL: 'warn',
    },
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      stdout: error.stdout,
      stderr: error.stderr,
    }),
  );

describe('pnpm admin', () => {
  it("records who ran a grant in the person's activity log (--operator, else the OS user)", async () => {
    const username = uniqueName('cliop');
    const { token } = await t.signup(username);
    expect((await admin('user', 'grant', username, '--premium', '--by=alice')).code).toBe(0);
    expect((await admin('user', 'revoke', username, '--premium')).code).toBe(0);
    const activity = await t.api('GET', '/api/user/activity', { token });
    const [revoked, granted] = activity.body.filter((a: { actor: string }) => a.actor === 'operator');
    expect(granted).toMatchObject({ kind: 'role-granted', operator: 'alice', details: { role: 'premium' } });
    expect(revoked).toMatchObject({ kind: 'role-revoked', details: { role: 'premium' } });
    expect(revoked.operator).toMatch(/^os:/);
  });

  it('grants and revokes premium; the live token sees it on its next request', async () => {
    const username = uniqueName('cli');
    const { token } = await t.signup(username);
    const granted = await admin('user', 'grant', username, '--premium');
    expect(granted.code).toBe(0);
    expect(granted.stdout).toContain(`granted premium to ${username}`);
    expect((await t.api('GET', '/api/user/profile', { token })).body.is_premium).toBe(true);

    const revoked = await admin('user', 'revoke', username, '--premium');
    expect(revoked.stdout).toContain(`revoked premium from ${username}`);
    expect((await t.api('GET', '/api/user/profile', { token })).body.is_premium).toBe(false);
  });

  it('fails clearly on an unknown user and on bad usage', async () => {
    const unknown = await admin('user', 'grant', 'nobody_here', '--moderator');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('User "nobody_here" not found');
    const noRole = await admin('user', 'grant', 'someone');
    expect(noRole.code).toBe(1);
    expect(noRole.stderr).toContain('--premium or --moderator');
  });

  it('reports migrations', async () => {
    const result = await admin('db', 'migrate');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('database is up to date');
  });
});
