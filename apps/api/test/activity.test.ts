import { waitFor } from '@wbn/core/testing/wait';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ban, login, trpc } from './account-helpers.ts';
import { member, newCategory, post } from './community-helpers.ts';
import { createTestApp, STRONG_PASSWORD, type TestApp, uniqueName } from './test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const activity = async (token: string, query = '') =>
  (await t.api('GET', `/api/user/activity${query}`, { token })).body;
/** The manual clock stands still; entries a second apart make "newest first" observable. */
const tick = () => t.clock.advance(1000);
const kinds = (items: { kind: string }[]) => items.map((i) => i.kind);

describe('GET /api/user/activity', () => {
  it('records sign-ins, a failed-sign-in burst, password changes and ended sessions, newest first', async () => {
    const username = uniqueName('act');
    await t.signup(username);
    tick();
    const a = (await login(t, username, STRONG_PASSWORD)).body;
    tick();
    for (let i = 0; i <= t.config.auth.loginMaxFailuresPerAccount; i++)
      await login(t, username, `wrong ${i}`);
    // Only the first refusal of the window is recorded, not every guess.
    await login(t, username, 'wrong again');
    await t.db.deleteFrom('login_failures').execute();
    tick();
    await t.api('POST', '/api/auth/change-password', {
      token: a.token,
      body: { current_password: STRONG_PASSWORD, new_password: 'a brand new passphrase 7' },
    });
    tick();
    await t.api('POST', '/api/auth/logout-all', { token: a.token, body: { keep_current: true } });
    const items = await activity(a.token);
    expect(kinds(items)).toEqual([
      'sessions-ended',
      'password-changed',
      'sign-in-failures',
      'sign-in',
      'sign-in',
    ]);
    expect(items[0].session_id).toBe(items[3].session_id);
  });

  it('records moderation actions on the person, with the kind of action only', async () => {
    const mod = await member(t, { moderator: true });
    const target = await member(t, { premium: true });
    const category = await newCategory(t);
    const p = await post(t, target, category, 'title', 'my very private words');
    await t.api('POST', `/api/moderation/content/${p.id}`, {
      token: mod.token,
      body: { action: 'hide', reason: 'off topic', content_type: 'post' },
    });
    tick();
    await t.api('POST', `/api/moderation/user/${target.id}`, {
      token: mod.token,
      body: { action: 'warn', reason: 'be kind' },
    });
    const items = await activity(target.token);
    const moderation = items.filter((i: { kind: string }) => i.kind === 'moderation-action');
    expect(moderation.map((m: { details: { action: string } }) => m.details.action)).toEqual([
      'warn',
      'hide',
    ]);
    expect(moderation.every((m: { actor: string }) => m.actor === 'moderator')).toBe(true);
    // Never content, never who the moderator was.
    expect(JSON.stringify(items)).not.toContain('my very private words');
    expect(JSON.stringify(items)).not.toContain(mod.id);
  });

  it("pages with a cursor (REST and tRPC); another user's cursor matches nothing", async () => {
    // Signed up first, so their entries are older than any cursor below: a cursor that leaked across
    // users would page into them.
    const other = await t.signup();
    tick();
    const username = uniqueName('page');
    const { token } = await t.signup(username);
    for (let i = 0; i < 4; i++) {
      tick();
      await login(t, username, STRONG_PASSWORD);
    }
    const first = await activity(token, '?limit=2');
    expect(first).toHaveLength(2);
    const next = await trpc(t, 'query', 'user.activity', {
      token,
      input: { limit: 10, cursor: first[1].id },
    });
    expect(next.data).toHaveLength(3);
    expect(next.data.map((i: { id: string }) => i.id)).not.toContain(first[0].id);

    expect(await activity(other.token, `?cursor=${first[1].id}`)).toEqual([]);
    expect((await t.api('GET', '/api/user/activity?limit=1000', { token })).status).toBe(400);
  });

  it('is readable while banned, deleted with the account, and purged after 365 days', async () => {
    const username = uniqueName('keep');
    const { token, user } = await t.signup(username);
    await ban(t, user.id);
    await waitFor(async () => (await t.api('GET', '/api/user/profile', { token })).status === 403, 'the ban');
    expect(kinds(await activity(token))).toEqual(['sign-in']);

    t.clock.advance(366 * 86_400_000);
    expect(await t.core.activity.purgeExpired()).toBeGreaterThanOrEqual(1);
    const left = await t.db.selectFrom('activity_log').select('id').where('user_id', '=', user.id).execute();
    expect(left).toEqual([]);
  });
});
