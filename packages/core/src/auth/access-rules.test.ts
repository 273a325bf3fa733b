import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, type TestRuntime } from '../testing/test-runtime.ts';
import type { Actor } from './actor.ts';

/**
 * The access rules hold when a service is called directly (as the CLI, a job or a test does), not
 * only behind the HTTP edge: each service checks the actor it is given.
 */
let t: TestRuntime;
let n = 0;
beforeAll(async () => {
  t = await createTestRuntime();
});
afterAll(async () => t?.close());

async function member(
  flags: Partial<Pick<Actor, 'isPremium' | 'isModerator' | 'isBanned'>> = {},
): Promise<Actor> {
  const { user } = await t.core.auth.signup({
    username: `rules_${process.pid}_${++n}`,
    password: 'correct horse battery staple 42',
  });
  return {
    id: user.id,
    username: user.username,
    isPremium: false,
    isModerator: false,
    isBanned: false,
    ...flags,
  };
}

const refusal = (reason: string) => ({ code: 'FORBIDDEN', reason });

async function category(): Promise<string> {
  return (await t.core.community.addCategory(`Rules ${process.pid} ${++n}`)).id;
}

describe('moderator actions', () => {
  it('refuse a member who is not a moderator, and write nothing', async () => {
    const [caller, target] = [await member(), await member()];
    const input = { id: target.id, action: 'ban' as const, reason: 'spam' };
    await expect(t.core.moderation.actOnUser(caller, input)).rejects.toMatchObject(
      refusal('MODERATOR_REQUIRED'),
    );
    await expect(
      t.core.moderation.listReports(caller, { status: 'open', page: 1, limit: 20 }),
    ).rejects.toMatchObject(refusal('MODERATOR_REQUIRED'));
    await expect(t.core.moderation.listActions(caller, { page: 1, limit: 20 })).rejects.toMatchObject(
      refusal('MODERATOR_REQUIRED'),
    );
    await expect(
      t.core.moderation.actOnContent(caller, {
        id: target.id,
        content_type: 'post',
        action: 'hide',
        reason: 'spam',
      }),
    ).rejects.toMatchObject(refusal('MODERATOR_REQUIRED'));
    const banned = await t.db
      .selectFrom('users')
      .select('is_banned')
      .where('id', '=', target.id)
      .executeTakeFirst();
    expect(banned?.is_banned).toBe(false);

    // The control: the same call by a moderator goes through.
    await t.core.moderation.actOnUser(await member({ isModerator: true }), input);
    const after = await t.db
      .selectFrom('users')
      .select('is_banned')
      .where('id', '=', target.id)
      .executeTakeFirst();
    expect(after?.is_banned).toBe(true);
  });

  it('refuse a banned moderator', async () => {
    const target = await member();
    await expect(
      t.core.moderation.actOnUser(await member({ isModerator: true, isBanned: true }), {
        id: target.id,
        action: 'warn',
        reason: 'x',
      }),
    ).rejects.toMatchObject(refusal('ACCOUNT_BANNED'));
  });
});

describe('premium features', () => {
  it('refuse a member without premium: analytics, journal insights, posting and replying', async () => {
    const free = await member();
    await expect(t.core.progress.analytics(free, { timeframe: '30d' })).rejects.toMatchObject(
      refusal('PREMIUM_REQUIRED'),
    );
    await expect(t.core.journalInsights.insights(free)).rejects.toMatchObject(refusal('PREMIUM_REQUIRED'));
    const post = { category_id: await category(), title: 'Hello', content: 'A first post' };
    await expect(t.core.community.createPost(free, post)).rejects.toMatchObject(refusal('PREMIUM_REQUIRED'));

    const created = await t.core.community.createPost(await member({ isPremium: true }), post);
    await expect(t.core.community.createReply(free, { id: created.id, content: 'Hi' })).rejects.toMatchObject(
      refusal('PREMIUM_REQUIRED'),
    );
    expect(
      (await t.core.progress.analytics(await member({ isPremium: true }), { timeframe: '30d' })).timeframe,
    ).toBe('30d');
  });

  it('refuse a banned premium member posting or reporting', async () => {
    const banned = await member({ isPremium: true, isBanned: true });
    const post = { category_id: await category(), title: 'Hello', content: 'A post' };
    await expect(t.core.community.createPost(banned, post)).rejects.toMatchObject(refusal('ACCOUNT_BANNED'));
    const created = await t.core.community.createPost(await member({ isPremium: true }), post);
    await expect(
      t.core.moderation.report(banned, { id: created.id, content_type: 'post', reason: 'spam' }),
    ).rejects.toMatchObject(refusal('ACCOUNT_BANNED'));
    const reports = await sql<{
      count: string;
    }>`SELECT count(*) FROM moderation_reports WHERE content_id = ${created.id}`.execute(t.db);
    expect(Number(reports.rows[0]?.count)).toBe(0);
  });
});

describe('authenticate', () => {
  it('resolves a banned member to an actor flagged as banned, which the services then refuse', async () => {
    const { token, user } = await t.core.auth.signup({
      username: `rules_${process.pid}_${++n}`,
      password: 'correct horse battery staple 42',
    });
    await t.db
      .updateTable('users')
      .set({ is_banned: true, is_premium: true })
      .where('id', '=', user.id)
      .execute();
    const actor = await t.core.auth.authenticate(token);
    expect(actor).toMatchObject({ id: user.id, isBanned: true, isPremium: true });
    await expect(t.core.progress.analytics(actor, { timeframe: '30d' })).rejects.toMatchObject(
      refusal('ACCOUNT_BANNED'),
    );
  });
});
