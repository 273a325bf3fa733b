import { waitFor } from '@wbn/core/testing/wait';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './test-app.ts';

/**
 * The same checks as elsewhere, with the per-process session cache on as in production: whatever
 * changes a user's standing — here made behind the API's back, as the CLI or another instance would —
 * must reach every request quickly, and nothing may be served from the cache to a banned user.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ env: { SESSION_CACHE_TTL_MS: '30000' } });
});
afterAll(async () => t?.close());

const profile = (token: string) => t.api('GET', '/api/user/profile', { token });

describe('with the session cache on', () => {
  it('sees grants and bans made by another process within moments, not at the TTL', async () => {
    const { token, user } = await t.signup();
    expect((await profile(token)).body.is_premium).toBe(false);
    await t.db
      .updateTable('users')
      .set({ is_premium: true, is_moderator: true })
      .where('id', '=', user.id)
      .execute();
    await waitFor(async () => (await profile(token)).body.is_premium, 'the grant', 2000);
    expect((await profile(token)).body).toMatchObject({ is_premium: true, is_moderator: true });

    await t.db.updateTable('users').set({ is_banned: true }).where('id', '=', user.id).execute();
    await waitFor(async () => (await profile(token)).status === 403, 'the ban', 2000);
  });

  it('never lets the banned-but-may-read-notices path open the rest of the API', async () => {
    const { token, user } = await t.signup();
    await t.db.updateTable('users').set({ is_banned: true }).where('id', '=', user.id).execute();
    await waitFor(async () => (await profile(token)).status === 403, 'the ban', 2000);
    expect((await t.api('GET', '/api/user/moderation-notices', { token })).status).toBe(200);
    const after = await profile(token);
    expect(after.status).toBe(403);
    expect(after.body.reason).toBe('ACCOUNT_BANNED');
  });
});
