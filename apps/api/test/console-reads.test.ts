import { THREAD_REPLIES_MAX } from '@wbn/contracts/moderation-review';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Member, member, moderate, newCategory, post, reply } from './community-helpers.ts';
import { createTestApp, type TestApp } from './test-app.ts';

/** The reads the moderator console needs beyond the queue: an item in context and a filtered audit log. */
let t: TestApp;
let author: Member;
let other: Member;
let mod: Member;
let categoryId: string;
beforeAll(async () => {
  t = await createTestApp();
  [author, other, mod] = await Promise.all([
    member(t, { premium: true }),
    member(t, { premium: true }),
    member(t, { moderator: true }),
  ]);
  categoryId = await newCategory(t);
});
afterAll(async () => t?.close());

const item = (m: Member, type: string, id: string) =>
  t.api('GET', `/api/moderation/item/${type}/${id}`, { token: m.token });

describe('GET /api/moderation/item/{content_type}/{id}', () => {
  it('shows a reported reply in its thread, with its reports and its author’s record', async () => {
    const author = await member(t, { premium: true });
    const thread = await post(t, other, categoryId, 'A thread', 'The opening post');
    const first = await reply(t, other, thread.id, 'A kind reply');
    const reported = await reply(t, author, thread.id, 'An unkind reply');
    await t.api('POST', `/api/community/${reported.id}/report`, {
      token: other.token,
      body: { content_type: 'reply', reason: 'Unkind' },
    });
    await t.api('POST', `/api/moderation/user/${author.id}`, {
      token: mod.token,
      body: { action: 'warn', reason: 'Be kind to others' },
    });

    const res = await item(mod, 'reply', reported.id);
    expect(res.status).toBe(200);
    expect(res.body.post).toMatchObject({ id: thread.id, title: 'A thread', content: 'The opening post' });
    expect(res.body.entry).toMatchObject({
      id: reported.id,
      content: 'An unkind reply',
      author_id: author.id,
    });
    expect(res.body.replies.map((r: { id: string }) => r.id)).toEqual([first.id, reported.id]);
    expect(res.body.reports).toEqual([
      expect.objectContaining({ reason: 'Unkind', reporter_id: other.id, status: 'open' }),
    ]);
    expect(res.body.author).toMatchObject({ id: author.id, is_banned: false });
    expect(res.body.author.notices).toEqual([
      expect.objectContaining({ action: 'warn', reason: 'Be kind to others' }),
    ]);
  });

  it('returns the reported reply itself even when it lies beyond the replies it lists', async () => {
    const thread = await post(t, other, categoryId, 'A long thread', 'Many answers');
    const replier = await t.core.auth.authenticate(other.token);
    for (let i = 0; i < THREAD_REPLIES_MAX; i++) {
      t.clock.advance(1000);
      await t.core.community.createReply(replier, { id: thread.id, content: `Reply ${i}` });
    }
    const late = await reply(t, author, thread.id, 'A late unkind reply');
    const res = await item(mod, 'reply', late.id);
    expect(res.status).toBe(200);
    expect(res.body.replies).toHaveLength(THREAD_REPLIES_MAX);
    expect(res.body.replies.map((r: { id: string }) => r.id)).not.toContain(late.id);
    expect(res.body.entry).toMatchObject({ id: late.id, content: 'A late unkind reply' });
  });

  it('keeps a hidden post visible to the moderator, marked hidden', async () => {
    const hidden = await post(t, author, categoryId, 'Soon hidden', 'Text a moderator hides');
    await moderate(t, mod, hidden.id, { action: 'hide', reason: 'Off topic' });
    const res = await item(mod, 'post', hidden.id);
    expect(res.status).toBe(200);
    expect(res.body.post).toMatchObject({
      is_hidden: true,
      hidden_reason: 'moderator',
      content: 'Text a moderator hides',
    });
    expect(res.body.author.notices[0]).toMatchObject({ action: 'hide', reason: 'Off topic' });
  });

  it('answers 404 for an unknown item and 403 MODERATOR_REQUIRED to a member', async () => {
    const missing = await item(mod, 'post', '00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
    const thread = await post(t, author, categoryId);
    const refused = await item(other, 'post', thread.id);
    expect(refused.status).toBe(403);
    expect(refused.body.reason).toBe('MODERATOR_REQUIRED');
  });
});

describe('GET /api/moderation/actions filters', () => {
  it('filters by moderator, action and time window', async () => {
    const [modB, target] = await Promise.all([member(t, { moderator: true }), member(t, { premium: true })]);
    t.clock.advance(60_000);
    const from = t.clock.now().toISOString();
    await t.api('POST', `/api/moderation/user/${target.id}`, {
      token: mod.token,
      body: { action: 'warn', reason: 'first' },
    });
    t.clock.advance(60_000);
    const between = t.clock.now().toISOString();
    await t.api('POST', `/api/moderation/user/${target.id}`, {
      token: modB.token,
      body: { action: 'silence', reason: 'second', duration: 2 },
    });
    const list = async (query: string) =>
      (
        await t.api('GET', `/api/moderation/actions?target_user_id=${target.id}&${query}`, {
          token: mod.token,
        })
      ).body as { reason: string }[];

    expect((await list(`moderator_id=${modB.id}`)).map((a) => a.reason)).toEqual(['second']);
    expect((await list('action=warn')).map((a) => a.reason)).toEqual(['first']);
    expect(
      (await list(`from=${encodeURIComponent(from)}&to=${encodeURIComponent(between)}`)).map((a) => a.reason),
    ).toEqual(['first']);
    expect((await list(`from=${encodeURIComponent(between)}`)).map((a) => a.reason)).toEqual(['second']);
    const bad = await t.api('GET', '/api/moderation/actions?action=explode', { token: mod.token });
    expect(bad.status).toBe(400);
  });
});
