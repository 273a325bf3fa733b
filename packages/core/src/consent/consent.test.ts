import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../auth/actor.ts';
import { insertActor } from '../testing/actors.ts';
import { insertTips } from '../testing/fixtures.ts';
import { createTestRuntime, REPO_CONTENT_DIR, type TestRuntime } from '../testing/test-runtime.ts';
import { createConsentRepository } from './consent.repository.ts';

let t: TestRuntime;
beforeAll(async () => {
  t = await createTestRuntime();
  await insertTips(t.db, 3);
});
afterAll(async () => t?.close());

const grant = (actor: Actor, purpose: 'journal_insights' | 'push_notifications' | 'community_guidelines') =>
  t.core.consent.update(actor, { purpose, granted: true, policy_version: 1, source: 'app' });
const withdraw = (
  actor: Actor,
  purpose: 'journal_insights' | 'push_notifications' | 'community_guidelines',
) => t.core.consent.update(actor, { purpose, granted: false, policy_version: 1, source: 'api' });

describe('consent ledger', () => {
  it('keeps every grant and withdrawal, newest first, and the current state per purpose', async () => {
    const actor = await insertActor(t.db);
    const empty = await t.core.consent.list(actor);
    expect(empty.history).toEqual([]);
    expect(empty.consents.map((c) => c.purpose).sort()).toEqual([
      'community_guidelines',
      'email_alerts',
      'journal_insights',
      'push_notifications',
    ]);
    expect(empty.consents.every((c) => !c.granted && c.policy_version === null)).toBe(true);

    await grant(actor, 'journal_insights');
    t.clock.advance(1000);
    await withdraw(actor, 'journal_insights');
    t.clock.advance(1000);
    await grant(actor, 'community_guidelines');
    // The same answer to the same text again is not a new event.
    await grant(actor, 'community_guidelines');

    const { consents, history } = await t.core.consent.list(actor);
    expect(history.map((e) => [e.purpose, e.granted, e.source])).toEqual([
      ['community_guidelines', true, 'app'],
      ['journal_insights', false, 'api'],
      ['journal_insights', true, 'app'],
    ]);
    expect(consents.find((c) => c.purpose === 'journal_insights')).toMatchObject({
      granted: false,
      policy_version: 1,
      current_policy_version: 1,
    });
    expect(consents.find((c) => c.purpose === 'community_guidelines')?.granted).toBe(true);
  });

  it('refuses a grant for a version that is not the current one', async () => {
    const actor = await insertActor(t.db);
    await expect(
      t.core.consent.update(actor, {
        purpose: 'journal_insights',
        granted: true,
        policy_version: 2,
        source: 'api',
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await t.core.consent.list(actor)).history).toEqual([]);
  });

  it('is append-only: the table refuses an update, and goes only with the account', async () => {
    const actor = await insertActor(t.db);
    await grant(actor, 'journal_insights');
    await expect(
      sql`UPDATE consent_events SET granted = false WHERE user_id = ${actor.id}`.execute(t.db),
    ).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM consent_events WHERE user_id = ${actor.id}`.execute(t.db)).rejects.toThrow(
      /append-only/,
    );
    await t.core.users.deleteAccount(actor.id);
    const left = await t.db
      .selectFrom('consent_events')
      .select('id')
      .where('user_id', '=', actor.id)
      .execute();
    expect(left).toEqual([]);
  });
});

describe('the spec switches are consents', () => {
  it('PUT settings and the notifications switch write grants and withdrawals and read back as before', async () => {
    const actor = await insertActor(t.db);
    const on = await t.core.users.updateSettings(actor.id, { journal_insights_opt_in: true });
    expect(on.journal_insights_opt_in).toBe(true);
    await t.core.users.updateNotificationSettings(actor.id, { is_enabled: true, token: 'fcm-token-compat' });
    expect((await t.core.users.getSettings(actor.id)).notifications_enabled).toBe(true);
    await t.core.users.updateSettings(actor.id, { journal_insights_opt_in: true });
    await t.core.users.updateSettings(actor.id, { notifications_enabled: false });

    const { history } = await t.core.consent.list(actor);
    expect(history.map((e) => [e.purpose, e.granted, e.source, e.policy_version])).toEqual([
      ['push_notifications', false, 'app', 1],
      ['push_notifications', true, 'app', 1],
      ['journal_insights', true, 'app', 1],
    ]);
    const mirror = await t.db
      .selectFrom('user_settings')
      .select(['journal_insights_opt_in', 'notifications_enabled'])
      .where('user_id', '=', actor.id)
      .executeTakeFirstOrThrow();
    expect(mirror).toEqual({ journal_insights_opt_in: true, notifications_enabled: false });
  });
});

describe('every optional processing checks the ledger', () => {
  it('journal insights: 403 CONSENT_REQUIRED until granted, and again after withdrawal', async () => {
    const actor = await insertActor(t.db, { isPremium: true });
    await expect(t.core.journalInsights.insights(actor)).rejects.toMatchObject({
      reason: 'CONSENT_REQUIRED',
    });
    await grant(actor, 'journal_insights');
    await expect(t.core.journalInsights.insights(actor)).resolves.toHaveProperty('insights');
    await withdraw(actor, 'journal_insights');
    await expect(t.core.journalInsights.insights(actor)).rejects.toMatchObject({
      reason: 'CONSENT_REQUIRED',
    });
  });

  it('push: nobody without a push_notifications grant is sent anything, whatever user_settings says', async () => {
    const actor = await insertActor(t.db);
    await t.core.users.updateNotificationSettings(actor.id, { is_enabled: true, token: `fcm-${actor.id}` });
    expect((await t.core.notifications.dailyTipNow({ username: actor.username })).batches).toBe(1);

    await withdraw(actor, 'push_notifications');
    // Even with the mirror switched back on behind the ledger's back, the ledger decides.
    await t.db
      .updateTable('user_settings')
      .set({ notifications_enabled: true })
      .where('user_id', '=', actor.id)
      .execute();
    expect((await t.core.notifications.dailyTipNow({ username: actor.username })).batches).toBe(0);
  });

  it('community: the first post and reply need the guidelines accepted', async () => {
    const actor = await insertActor(t.db, { isPremium: true });
    const category = await t.core.community.addCategory(`Consent ${actor.username}`, 'test');
    const input = { category_id: category.id, title: 'Hello', content: 'First post' };
    await expect(t.core.community.createPost(actor, input)).rejects.toMatchObject({
      code: 'FORBIDDEN',
      reason: 'CONSENT_REQUIRED',
      message: expect.stringMatching(/community guidelines/),
    });
    await grant(actor, 'community_guidelines');
    const post = await t.core.community.createPost(actor, input);
    await withdraw(actor, 'community_guidelines');
    await expect(
      t.core.community.createReply(actor, { id: post.id, content: 'Me again' }),
    ).rejects.toMatchObject({
      reason: 'CONSENT_REQUIRED',
    });
  });
});

describe('a new policy version', () => {
  let dir: string;
  let v2: TestRuntime;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'wbn-pack-'));
    await cp(REPO_CONTENT_DIR, dir, { recursive: true });
    const file = path.join(dir, 'policies', 'journal_insights.yaml');
    const text = await readFile(file, 'utf8');
    await writeFile(
      file,
      `${text}  - version: 2\n    effective: 2027-01-01\n    title: Journal insights\n    text: A changed text.\n`,
    );
    v2 = await createTestRuntime({ env: { CONTENT_DIR: dir } });
  });
  afterAll(async () => {
    await v2?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('makes an insights grant for the old text lapse until the person agrees to the new one', async () => {
    const actor = await insertActor(v2.db, { isPremium: true });
    // Granted while version 1 was current.
    await createConsentRepository().insert(v2.db, {
      user_id: actor.id,
      purpose: 'journal_insights',
      policy_version: 1,
      granted: true,
      source: 'app',
      at: v2.clock.now(),
    });
    await expect(v2.core.journalInsights.insights(actor)).rejects.toMatchObject({
      reason: 'CONSENT_REQUIRED',
    });
    const state = (await v2.core.consent.list(actor)).consents.find((c) => c.purpose === 'journal_insights');
    expect(state).toMatchObject({
      granted: false,
      needs_reconsent: true,
      policy_version: 1,
      current_policy_version: 2,
    });
    // A spec-only client sees the switch off and can simply turn it on again.
    expect((await v2.core.users.getSettings(actor.id)).journal_insights_opt_in).toBe(false);
    await expect(
      v2.core.consent.update(actor, {
        purpose: 'journal_insights',
        granted: true,
        policy_version: 1,
        source: 'app',
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await v2.core.users.updateSettings(actor.id, { journal_insights_opt_in: true });
    await expect(v2.core.journalInsights.insights(actor)).resolves.toHaveProperty('insights');
    const after = (await v2.core.consent.list(actor)).history[0];
    expect(after).toMatchObject({ purpose: 'journal_insights', granted: true, policy_version: 2 });
  });

  it('does not make grants lapse for purposes that do not ask again', async () => {
    const actor = await insertActor(v2.db, { isPremium: true });
    await v2.core.consent.update(actor, {
      purpose: 'community_guidelines',
      granted: true,
      policy_version: 1,
      source: 'app',
    });
    expect(await v2.core.consent.isGranted(v2.db, actor.id, 'community_guidelines')).toBe(true);
  });
});
