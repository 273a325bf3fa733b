import type { TestApp } from './test-app.ts';

/**
 * Gives a test account a confirmed address, as a fixture: only confirmed addresses receive reset
 * codes, alerts and receipts. (The confirmation flow itself is tested in email-verification.test.ts.)
 */
export async function withConfirmedEmail<S extends { user: { id: string } }>(
  t: TestApp,
  session: S,
  email: string,
): Promise<S> {
  await t.db
    .updateTable('users')
    .set({ email, email_verified_at: new Date() })
    .where('id', '=', session.user.id)
    .execute();
  return session;
}

/** A user agent a test can recognise in the session list and in alert mails. */
export const FIREFOX_LINUX = 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0';
export const SAFARI_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1';

/** A tRPC call through the real server: mutations POST their input, queries send it in the URL. */
export async function trpc(
  t: TestApp,
  kind: 'query' | 'mutation',
  path: string,
  options: { token?: string; input?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; data: any; error: any }> {
  const headers = {
    ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    ...options.headers,
  };
  const response =
    kind === 'mutation'
      ? await t.app.inject({
          method: 'POST',
          url: `/trpc/${path}`,
          headers: { ...headers, 'content-type': 'application/json' },
          ...(options.input === undefined ? {} : { payload: JSON.stringify(options.input) }),
        })
      : await t.app.inject({
          method: 'GET',
          url: `/trpc/${path}${options.input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(options.input))}`}`,
          headers,
        });
  const body = JSON.parse(response.body);
  return { status: response.statusCode, data: body.result?.data, error: body.error };
}

/** Bans a user the way a moderator's action does (the flag the per-request check reads). */
export async function ban(t: TestApp, userId: string): Promise<void> {
  await t.db.updateTable('users').set({ is_banned: true }).where('id', '=', userId).execute();
}

export async function login(t: TestApp, username: string, password: string, userAgent?: string) {
  return t.api('POST', '/api/auth/login', {
    body: { username, password },
    ...(userAgent ? { headers: { 'user-agent': userAgent } } : {}),
  });
}

/**
 * Puts at least one row of the user's into every table that references users, the way the app would
 * (journal through the API, so it is really encrypted), returning the journal texts written.
 */
export async function seedEverything(
  t: TestApp,
  session: { token: string; user: { id: string; pseudonym: string } },
) {
  const userId = session.user.id;
  const texts = [
    `dear diary ${Math.random().toString(36).slice(2)}`,
    'second, with "quotes", commas\nand lines',
  ];
  for (const content of texts) {
    const res = await t.api('POST', '/api/journal', {
      token: session.token,
      body: { content, timestamp: t.clock.now().toISOString() },
    });
    if (res.status !== 201) throw new Error(`journal write failed: ${res.status}`);
  }
  const now = new Date();
  const category = await t.db
    .insertInto('community_categories')
    .values({ name: `cat_${Math.random().toString(36).slice(2)}` })
    .returning('id')
    .executeTakeFirstOrThrow();
  const post = await t.db
    .insertInto('community_posts')
    .values({
      category_id: category.id,
      author_user_id: userId,
      author_pseudonym: session.user.pseudonym,
      title: 't',
      content: 'c',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await t.db
    .insertInto('community_replies')
    .values({
      post_id: post.id,
      author_user_id: userId,
      author_pseudonym: session.user.pseudonym,
      content: 'r',
    })
    .execute();
  await t.db
    .insertInto('moderation_reports')
    .values({ reporter_user_id: userId, content_type: 'post', content_id: post.id, reason: 'r' })
    .execute();
  await t.db
    .insertInto('moderation_reports')
    .values({
      reporter_user_id: null,
      content_type: 'post',
      content_id: post.id,
      reason: 'watched word',
      resolved_by: userId,
      status: 'resolved',
      resolved_at: now,
      resolution: 'hide',
    })
    .execute();
  await t.db
    .insertInto('moderation_actions')
    .values({ target_user_id: userId, action: 'warn', reason: 'be kind' })
    .execute();
  await t.db
    .insertInto('moderation_actions')
    .values({ moderator_user_id: userId, action: 'hide', content_type: 'post', content_id: post.id })
    .execute();
  const notice = await t.db
    .insertInto('moderation_notices')
    .values({ user_id: userId, action: 'warn', reason: 'be kind' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await t.db
    .insertInto('moderation_appeals')
    .values({ user_id: userId, notice_id: notice.id, text: 'please look again' })
    .execute();
  // An appeal this person decided as a moderator (someone else's notice).
  const other = await t.signup();
  const otherNotice = await t.db
    .insertInto('moderation_notices')
    .values({ user_id: other.user.id, action: 'warn', reason: 'tone' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await t.db
    .insertInto('moderation_appeals')
    .values({
      user_id: other.user.id,
      notice_id: otherNotice.id,
      text: 'not mine to export',
      status: 'upheld',
      decided_at: now,
      decided_by: userId,
      decision_reason: 'reviewed',
    })
    .execute();
  await t.db
    .insertInto('consent_events')
    .values({ user_id: userId, purpose: 'journal_insights', policy_version: 1, granted: true, source: 'app' })
    .execute();
  await t.db
    .insertInto('checkins')
    .values({ user_id: userId, timestamp: now, anxiety_level: 4, triggers: ['work', '=cmd'] })
    .execute();
  await t.db
    .insertInto('cbt_entries')
    .values({ user_id: userId, type: 'thought-record', data: '{"situation":"s"}', timestamp: now })
    .execute();
  await t.db
    .insertInto('interaction_logs')
    .values({ user_id: userId, timestamp: now, duration: 5, tool: 'chat' })
    .execute();
  const device = await t.db
    .insertInto('devices')
    .values({ user_id: userId, platform: 'fcm', token: `tok_${Math.random()}` })
    .returning('id')
    .executeTakeFirstOrThrow();
  await t.db
    .insertInto('notification_sends')
    .values({
      notification_key: `k_${Math.random()}`,
      user_id: userId,
      device_id: device.id,
      kind: 'daily-tip',
      local_date: '2026-01-01',
      platform: 'fcm',
      title: 'tip',
      body: 'breathe',
    })
    .execute();
  await t.db
    .insertInto('login_failures')
    .values({ user_id: userId, failures: 1, window_started_at: now })
    .execute();
  await t.db
    .insertInto('password_reset_codes')
    .values({ user_id: userId, code_hmac: Buffer.alloc(32), expires_at: now })
    .execute();
  return { texts, postId: post.id };
}
