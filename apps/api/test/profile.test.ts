import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, STRONG_PASSWORD, type TestApp, uniqueName } from './test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

/** Every table with a user_id-like column, found in the catalogue so a new table cannot be forgotten. */
async function rowsReferencing(userId: string): Promise<Record<string, number>> {
  const columns = await sql<{ table_name: string; column_name: string }>`
    SELECT c.table_name, c.column_name FROM information_schema.columns c
    JOIN information_schema.tables t ON t.table_name = c.table_name AND t.table_schema = c.table_schema
    WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND c.data_type = 'uuid'
      AND (c.column_name IN ('user_id', 'author_user_id', 'reporter_user_id') OR (c.table_name = 'users' AND c.column_name = 'id'))
  `.execute(t.db);
  const counts: Record<string, number> = {};
  for (const { table_name, column_name } of columns.rows) {
    const result = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM ${sql.table(table_name)} WHERE ${sql.ref(column_name)} = ${userId}`.execute(
      t.db,
    );
    counts[`${table_name}.${column_name}`] = result.rows[0]?.n ?? 0;
  }
  return counts;
}

describe('GET/PUT /api/user/profile', () => {
  it('returns the spec fields', async () => {
    const username = uniqueName();
    const { token, user } = await t.signup(username, { email: `${username}@example.org` });
    const res = await t.api('GET', '/api/user/profile', { token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: user.id,
      username,
      email: `${username}@example.org`,
      demographics: null,
      is_premium: false,
      is_moderator: false,
    });
  });

  it('writes only email and demographics; everything else in the body changes nothing', async () => {
    const username = uniqueName();
    const { token } = await t.signup(username);
    const res = await t.api('PUT', '/api/user/profile', {
      token,
      body: {
        email: `${username}@example.net`,
        demographics: { country: 'NZ' },
        is_premium: true,
        is_moderator: true,
        username: 'someone-else',
        pseudonym: 'Chosen-Name-0001',
        id: crypto.randomUUID(),
      },
    });
    expect(res.status).toBe(200);
    const row = await t.db
      .selectFrom('users')
      .selectAll()
      .where('username', '=', username)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      email: `${username}@example.net`,
      demographics: { country: 'NZ' },
      is_premium: false,
      is_moderator: false,
    });
    expect(row.pseudonym).not.toBe('Chosen-Name-0001');
  });

  it('refuses an invalid email with 400 naming the field, and a taken one with 409', async () => {
    const a = uniqueName();
    await t.signup(a, { email: `${a}@example.org` });
    const { token } = await t.signup();
    const bad = await t.api('PUT', '/api/user/profile', { token, body: { email: 'not-an-email' } });
    expect(bad.status).toBe(400);
    expect(bad.body.issues[0].path).toBe('email');
    const taken = await t.api('PUT', '/api/user/profile', {
      token,
      body: { email: `${a.toUpperCase()}@EXAMPLE.org` },
    });
    expect(taken.status).toBe(409);
    expect(taken.body.reason).toBe('EMAIL_TAKEN');
  });
});

describe('DELETE /api/user/profile', () => {
  async function userWithData() {
    const username = uniqueName('del');
    const session = await t.signup(username, { email: `${username}@example.org` });
    const userId: string = session.user.id;
    await t.db.updateTable('users').set({ email_verified_at: new Date() }).where('id', '=', userId).execute();
    const category = await t.db
      .insertInto('community_categories')
      .values({ name: uniqueName('cat') })
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
      .values({ post_id: post.id, author_user_id: userId, author_pseudonym: 'x', content: 'r' })
      .execute();
    await t.db
      .insertInto('moderation_reports')
      .values({ reporter_user_id: userId, content_type: 'post', content_id: post.id, reason: 'r' })
      .execute();
    await t.db
      .insertInto('checkins')
      .values({ user_id: userId, timestamp: new Date(), anxiety_level: 4, triggers: ['work'] })
      .execute();
    await t.db
      .insertInto('cbt_entries')
      .values({ user_id: userId, type: 'thought-record', data: '{}', timestamp: new Date() })
      .execute();
    await t.db
      .insertInto('journal_entries')
      .values({ user_id: userId, timestamp: new Date(), content: Buffer.from([1, 2, 3]) })
      .execute();
    await t.db
      .insertInto('interaction_logs')
      .values({ user_id: userId, timestamp: new Date(), duration: 5, tool: 'chat' })
      .execute();
    return { username, userId, ...session };
  }

  it('deletes every row of the user in every per-user table, and the token stops working at once', async () => {
    const { token, userId } = await userWithData();
    const before = await rowsReferencing(userId);
    const seeded = [
      'users.id',
      'user_settings.user_id',
      'sessions.user_id',
      'refresh_tokens.user_id',
      'checkins.user_id',
      'cbt_entries.user_id',
      'journal_entries.user_id',
      'interaction_logs.user_id',
      'community_posts.author_user_id',
      'community_replies.author_user_id',
      'moderation_reports.reporter_user_id',
    ];
    // One row of each kind, all the user's.
    expect(Object.fromEntries(seeded.map((key) => [key, before[key]]))).toEqual(
      Object.fromEntries(seeded.map((key) => [key, 1])),
    );

    const res = await t.api('DELETE', '/api/user/profile', { token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ message: 'Account and all associated data deleted.' });
    // The receipt counts what went, per data type.
    expect(res.body.counts).toMatchObject({
      profile: 1,
      checkins: 1,
      cbt_entries: 1,
      journal_entries: 1,
      interaction_logs: 1,
      community_posts: 1,
      community_replies: 1,
      reports_filed: 1,
    });
    expect(Date.parse(res.body.deleted_at)).not.toBeNaN();

    const after = await rowsReferencing(userId);
    expect(Object.entries(after).filter(([, n]) => n > 0)).toEqual([]);
    expect((await t.api('GET', '/api/user/profile', { token })).status).toBe(401);
  });

  it('lets the username be registered again, and old tokens never open the new account', async () => {
    const { username, token } = await userWithData();
    await t.api('DELETE', '/api/user/profile', { token });
    const again = await t.api('POST', '/api/auth/signup', { body: { username, password: STRONG_PASSWORD } });
    expect(again.status).toBe(201);
    expect((await t.api('GET', '/api/user/profile', { token })).status).toBe(401);
    expect((await t.api('GET', '/api/user/profile', { token: again.body.token })).body.id).toBe(
      again.body.user.id,
    );
  });

  it('leaves everything in place when the delete fails midway', async () => {
    const { token, userId } = await userWithData();
    const before = await rowsReferencing(userId);
    // Injected failure: the cascade reaches interaction_logs after other tables, and this trigger aborts it there.
    await sql`CREATE FUNCTION refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'injected failure'; END $$`.execute(t.db);
    await sql`CREATE TRIGGER refuse_delete BEFORE DELETE ON interaction_logs FOR EACH ROW EXECUTE FUNCTION refuse_delete()`.execute(
      t.db,
    );
    try {
      const res = await t.api('DELETE', '/api/user/profile', { token });
      expect(res.status).toBe(500);
      expect(res.body).toEqual({ code: 'INTERNAL', message: 'Internal server error' });
    } finally {
      await sql`DROP TRIGGER refuse_delete ON interaction_logs`.execute(t.db);
      await sql`DROP FUNCTION refuse_delete()`.execute(t.db);
    }
    expect(await rowsReferencing(userId)).toEqual(before);
    expect((await t.api('GET', '/api/user/profile', { token })).status).toBe(200);
  });
});

describe('settings', () => {
  it('reads and updates consent, notifications and time zone', async () => {
    const { token } = await t.signup();
    const initial = await t.api('GET', '/api/user/settings', { token });
    expect(initial.body).toEqual({
      notifications_enabled: false,
      journal_insights_opt_in: false,
      timezone: 'UTC',
      push_platforms: [],
      reminder_time: null,
    });
    const updated = await t.api('PUT', '/api/user/settings', {
      token,
      body: { journal_insights_opt_in: true, timezone: 'Asia/Kolkata' },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      journal_insights_opt_in: true,
      timezone: 'Asia/Kolkata',
      notifications_enabled: false,
    });
    const badZone = await t.api('PUT', '/api/user/settings', { token, body: { timezone: 'Mars/Olympus' } });
    expect(badZone.status).toBe(400);
    expect(badZone.body.issues[0].path).toBe('timezone');
    // Known to the JavaScript runtime, unknown to PostgreSQL (removed from tzdata): refused, not stored.
    const legacy = await t.api('PUT', '/api/user/settings', { token, body: { timezone: 'US/Pacific-New' } });
    expect(legacy.status).toBe(400);
    expect((await t.api('GET', '/api/user/settings', { token })).body.timezone).toBe('Asia/Kolkata');
    const wrongType = await t.api('PUT', '/api/user/settings', {
      token,
      body: { journal_insights_opt_in: 'false' },
    });
    expect(wrongType.status).toBe(400);
  });

  it('registers a push token in the column of its platform, and removes it when turned off', async () => {
    const { token, user } = await t.signup();
    const apnsToken = 'a'.repeat(64);
    const on = await t.api('POST', '/api/user/settings/notifications', {
      token,
      body: { is_enabled: true, token: apnsToken },
    });
    expect(on.status).toBe(200);
    expect(on.body).toEqual({ is_enabled: true });
    await t.api('POST', '/api/user/settings/notifications', {
      token,
      body: { is_enabled: true, token: 'fcm-token:abc', platform: 'fcm' },
    });
    let row = await t.db
      .selectFrom('user_settings')
      .selectAll()
      .where('user_id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      notifications_enabled: true,
      apns_token: apnsToken,
      fcm_token: 'fcm-token:abc',
    });
    expect((await t.api('GET', '/api/user/settings', { token })).body.push_platforms).toEqual([
      'fcm',
      'apns',
    ]);

    await t.api('POST', '/api/user/settings/notifications', {
      token,
      body: { is_enabled: false, token: apnsToken },
    });
    row = await t.db
      .selectFrom('user_settings')
      .selectAll()
      .where('user_id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ notifications_enabled: false, apns_token: null, fcm_token: 'fcm-token:abc' });
    const tooLong = await t.api('POST', '/api/user/settings/notifications', {
      token,
      body: { is_enabled: true, token: 'x'.repeat(513) },
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.issues[0].path).toBe('token');
    const bad = await t.api('POST', '/api/user/settings/notifications', {
      token,
      body: { is_enabled: 'yes' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.issues[0].path).toBe('is_enabled');
  });
});
