import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

describe('consent API', () => {
  it('serves the current policy texts publicly', async () => {
    const res = await t.api('GET', '/api/consents/policies');
    expect(res.status).toBe(200);
    expect(res.body.map((p: { purpose: string }) => p.purpose).sort()).toEqual([
      'community_guidelines',
      'email_alerts',
      'journal_insights',
      'push_notifications',
    ]);
    expect(res.body.find((p: { purpose: string }) => p.purpose === 'journal_insights')).toMatchObject({
      version: 1,
      reconsent_on_new_version: true,
      text: expect.stringContaining('journal'),
    });
  });

  it('grants and withdraws by REST, and lists state and history; the spec switch reads the same', async () => {
    const { token } = await t.signup();
    const granted = await t.api('PUT', '/api/user/consents/journal_insights', {
      token,
      body: { granted: true, policy_version: 1, source: 'app' },
    });
    expect(granted.status).toBe(200);
    expect(granted.body).toMatchObject({ purpose: 'journal_insights', granted: true, policy_version: 1 });
    expect((await t.api('GET', '/api/user/settings', { token })).body.journal_insights_opt_in).toBe(true);
    t.clock.advance(1000);
    await t.api('PUT', '/api/user/consents/journal_insights', {
      token,
      body: { granted: false, policy_version: 1 },
    });
    const list = await t.api('GET', '/api/user/consents', { token });
    expect(list.status).toBe(200);
    expect(list.body.history.map((e: { granted: boolean; source: string }) => [e.granted, e.source])).toEqual(
      [
        [false, 'api'],
        [true, 'app'],
      ],
    );
    expect((await t.api('GET', '/api/user/settings', { token })).body.journal_insights_opt_in).toBe(false);
  });

  it('lets a banned person read and withdraw consent (their data, their choice) but not grant it', async () => {
    const { token, user } = await t.signup();
    const grant = (granted: boolean) =>
      t.api('PUT', '/api/user/consents/journal_insights', { token, body: { granted, policy_version: 1 } });
    expect((await grant(true)).status).toBe(200);
    await t.db.updateTable('users').set({ is_banned: true }).where('id', '=', user.id).execute();
    t.clock.advance(1000);
    const withdrawn = await grant(false);
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({ purpose: 'journal_insights', granted: false });
    const regrant = await grant(true);
    expect(regrant.status).toBe(403);
    expect(regrant.body).toMatchObject({ code: 'FORBIDDEN', reason: 'ACCOUNT_BANNED' });
    const list = await t.api('GET', '/api/user/consents', { token });
    expect(list.status).toBe(200);
    expect(list.body.history.map((e: { granted: boolean }) => e.granted)).toEqual([false, true]);
  });

  it('answers 409 for a stale version, 400 for an unknown purpose, 401 without a token', async () => {
    const { token } = await t.signup();
    const stale = await t.api('PUT', '/api/user/consents/push_notifications', {
      token,
      body: { granted: true, policy_version: 7 },
    });
    expect(stale.status).toBe(409);
    const unknown = await t.api('PUT', '/api/user/consents/marketing', {
      token,
      body: { granted: true, policy_version: 1 },
    });
    expect(unknown.status).toBe(400);
    expect((await t.api('GET', '/api/user/consents')).status).toBe(401);
  });
});
