import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { login, type Member, member, moderate, newCategory, post, reply } from './community-helpers.ts';
import { createTestApp, type TestApp } from './test-app.ts';

let t: TestApp;
let writer: Member;
let mod: Member;
beforeAll(async () => {
  t = await createTestApp();
});
// Fresh members (and tokens) per test: some tests move the clock by hours or a month.
beforeEach(async () => {
  [writer, mod] = await Promise.all([member(t, { premium: true }), member(t, { moderator: true })]);
});
afterAll(async () => t?.close());

const listPosts = (categoryId: string, query = '') =>
  t.api('GET', `/api/community/category/${categoryId}/posts${query}`);

describe('GET /api/community/categories', () => {
  it('lists the starting categories as a bare array of { id, name, description }', async () => {
    const res = await t.api('GET', '/api/community/categories');
    expect(res.status).toBe(200);
    expect(Array.isArray(res.body)).toBe(true);
    const names = res.body.map((c: { name: string }) => c.name);
    expect(names).toEqual(
      expect.arrayContaining(['Introductions', 'Anxiety & Worry', 'Small Wins', 'Sleep', 'Mindfulness']),
    );
    expect(Object.keys(res.body[0]).sort()).toEqual(['description', 'id', 'name']);
  });

  it('shows operator changes at once in this process (add, rename, archive invalidate the cache)', async () => {
    await t.api('GET', '/api/community/categories'); // warm the cache
    const added = await t.core.community.addCategory('Creative Outlets', 'Art, music, writing');
    let names = (await t.api('GET', '/api/community/categories')).body.map((c: { name: string }) => c.name);
    expect(names).toContain('Creative Outlets');
    await t.core.community.renameCategory('creative outlets', 'Hobbies');
    names = (await t.api('GET', '/api/community/categories')).body.map((c: { name: string }) => c.name);
    expect(names).toContain('Hobbies');
    expect(names).not.toContain('Creative Outlets');
    await t.core.community.archiveCategory(added.id);
    names = (await t.api('GET', '/api/community/categories')).body.map((c: { name: string }) => c.name);
    expect(names).not.toContain('Hobbies');
    // Archived: closed to new posts.
    const res = await t.api('POST', '/api/community/post', {
      token: writer.token,
      body: { category_id: added.id, title: 'late', content: 'too late' },
    });
    expect(res.status).toBe(404);
    await expect(t.core.community.addCategory('Sleep')).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});

describe('POST /api/community/post and /post/{id}/reply', () => {
  it('creates a post for a premium member (201, spec fields, their pseudonym)', async () => {
    const categoryId = await newCategory(t);
    const res = await t.api('POST', '/api/community/post', {
      token: writer.token,
      body: { category_id: categoryId, title: 'First steps', content: 'Hello everyone' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      category_id: categoryId,
      author_pseudonym: writer.pseudonym,
      timestamp: expect.stringMatching(/Z$/),
      title: 'First steps',
      content: 'Hello everyone',
      reply_count: 0,
    });
    const r = await t.api('POST', `/api/community/post/${res.body.id}/reply`, {
      token: writer.token,
      body: { content: 'Welcome!' },
    });
    expect(r.status).toBe(201);
    expect(r.body).toEqual({
      id: expect.any(String),
      post_id: res.body.id,
      author_pseudonym: writer.pseudonym,
      timestamp: expect.any(String),
      content: 'Welcome!',
    });
  });

  it('refuses members without premium (403 PREMIUM_REQUIRED) and anonymous callers (401)', async () => {
    const categoryId = await newCategory(t);
    const free = await member(t);
    const body = { category_id: categoryId, title: 'x', content: 'y' };
    const res = await t.api('POST', '/api/community/post', { token: free.token, body });
    expect(res.status).toBe(403);
    expect(res.body.reason).toBe('PREMIUM_REQUIRED');
    expect((await t.api('POST', '/api/community/post', { body })).status).toBe(401);
    const p = await post(t, writer, categoryId);
    const r = await t.api('POST', `/api/community/post/${p.id}/reply`, {
      token: free.token,
      body: { content: 'hi' },
    });
    expect(r.status).toBe(403);
    expect(r.body.reason).toBe('PREMIUM_REQUIRED');
  });

  it('bounds lengths (400 naming the field) and answers 404 for unknown categories and posts', async () => {
    const categoryId = await newCategory(t);
    const long = await t.api('POST', '/api/community/post', {
      token: writer.token,
      body: { category_id: categoryId, title: 'x'.repeat(201), content: 'y' },
    });
    expect(long.status).toBe(400);
    expect(long.body.issues.map((i: { path: string }) => i.path)).toContain('title');
    const empty = await t.api('POST', '/api/community/post', {
      token: writer.token,
      body: { category_id: categoryId, title: 'ok', content: '   ' },
    });
    expect(empty.status).toBe(400);
    const unknownCategory = await t.api('POST', '/api/community/post', {
      token: writer.token,
      body: { category_id: '00000000-0000-4000-8000-000000000000', title: 'a', content: 'b' },
    });
    expect(unknownCategory.status).toBe(404);
    const unknownPost = await t.api(
      'POST',
      '/api/community/post/00000000-0000-4000-8000-000000000000/reply',
      {
        token: writer.token,
        body: { content: 'b' },
      },
    );
    expect(unknownPost.status).toBe(404);
    const longReply = await t.api(
      'POST',
      `/api/community/post/${(await post(t, writer, categoryId)).id}/reply`,
      {
        token: writer.token,
        body: { content: 'z'.repeat(5001) },
      },
    );
    expect(longReply.status).toBe(400);
  });

  it('refuses replies to hidden or deleted posts with 404', async () => {
    const categoryId = await newCategory(t);
    const hidden = await post(t, writer, categoryId);
    const deleted = await post(t, writer, categoryId);
    expect((await moderate(t, mod, hidden.id, { action: 'hide' })).status).toBe(200);
    expect((await moderate(t, mod, deleted.id, { action: 'delete' })).status).toBe(200);
    for (const id of [hidden.id, deleted.id]) {
      const res = await t.api('POST', `/api/community/post/${id}/reply`, {
        token: writer.token,
        body: { content: 'hi' },
      });
      expect(res.status).toBe(404);
    }
  });

  it('refuses a silenced member (403 ACCOUNT_SILENCED) but lets them read, until the silence ends', async () => {
    const categoryId = await newCategory(t);
    const quiet = await member(t, { premium: true });
    const existing = await post(t, writer, categoryId);
    const action = await t.api('POST', `/api/moderation/user/${quiet.id}`, {
      token: mod.token,
      body: { action: 'silence', reason: 'Cooling off', duration: 2 },
    });
    expect(action.body).toEqual({ message: 'Action applied.' });
    const res = await t.api('POST', '/api/community/post', {
      token: quiet.token,
      body: { category_id: categoryId, title: 'a', content: 'b' },
    });
    expect(res.status).toBe(403);
    expect(res.body.reason).toBe('ACCOUNT_SILENCED');
    const r = await t.api('POST', `/api/community/post/${existing.id}/reply`, {
      token: quiet.token,
      body: { content: 'b' },
    });
    expect(r.body.reason).toBe('ACCOUNT_SILENCED');
    expect((await t.api('GET', `/api/community/post/${existing.id}`, { token: quiet.token })).status).toBe(
      200,
    );
    expect((await t.api('GET', '/api/user/profile', { token: quiet.token })).status).toBe(200);

    t.clock.advance(2 * 3_600_000 + 1000);
    await Promise.all([login(t, quiet), login(t, writer), login(t, mod)]);
    await post(t, quiet, categoryId);
  });

  it('refuses a banned member with 403 ACCOUNT_BANNED on their live token', async () => {
    const categoryId = await newCategory(t);
    const gone = await member(t, { premium: true });
    await post(t, gone, categoryId);
    await t.api('POST', `/api/moderation/user/${gone.id}`, {
      token: mod.token,
      body: { action: 'ban', reason: 'Spam' },
    });
    const res = await t.api('POST', '/api/community/post', {
      token: gone.token,
      body: { category_id: categoryId, title: 'a', content: 'b' },
    });
    expect(res.status).toBe(403);
    expect(res.body.reason).toBe('ACCOUNT_BANNED');
  });
});

describe('GET /api/community/category/{id}/posts', () => {
  it('pages visible posts newest first with exact total_posts and reply_count, through hides and deletes', async () => {
    const categoryId = await newCategory(t);
    const posts = [];
    for (let i = 1; i <= 5; i++) posts.push(await post(t, writer, categoryId, `Post ${i}`));
    const [p1, p2, p3, p4, p5] = posts as [
      (typeof posts)[0],
      (typeof posts)[0],
      (typeof posts)[0],
      (typeof posts)[0],
      (typeof posts)[0],
    ];
    const [r0, r1] = [await reply(t, writer, p5.id, 'r0'), await reply(t, writer, p5.id, 'r1')];
    await reply(t, writer, p5.id, 'r2');
    await reply(t, writer, p5.id, 'r3');
    await reply(t, writer, p4.id);

    let res = await listPosts(categoryId, '?page=1&limit=2');
    expect(res.status).toBe(200);
    expect(res.body.total_posts).toBe(5);
    expect(res.body.posts).toEqual([
      {
        id: p5.id,
        author_pseudonym: writer.pseudonym,
        timestamp: p5.timestamp,
        title: 'Post 5',
        reply_count: 4,
      },
      {
        id: p4.id,
        author_pseudonym: writer.pseudonym,
        timestamp: p4.timestamp,
        title: 'Post 4',
        reply_count: 1,
      },
    ]);
    expect(
      (await listPosts(categoryId, '?page=3&limit=2')).body.posts.map((p: { id: string }) => p.id),
    ).toEqual([p1.id]);
    expect((await listPosts(categoryId, '?page=4&limit=2')).body).toMatchObject({
      posts: [],
      total_posts: 5,
    });
    expect((await listPosts(categoryId)).body.posts).toHaveLength(5); // defaults: page 1, limit 20

    // Hidden and deleted replies stop counting; hidden and deleted posts leave the list and the total.
    await moderate(t, mod, r0.id, { action: 'hide', content_type: 'reply' });
    await moderate(t, mod, r1.id, { action: 'delete', content_type: 'reply' });
    await moderate(t, mod, p4.id, { action: 'hide' });
    await moderate(t, mod, p2.id, { action: 'delete' });
    res = await listPosts(categoryId, '?page=1&limit=2');
    expect(res.body.total_posts).toBe(3);
    expect(res.body.posts.map((p: { id: string; reply_count: number }) => [p.id, p.reply_count])).toEqual([
      [p5.id, 2],
      [p3.id, 0],
    ]);
    expect(
      (await listPosts(categoryId, '?page=2&limit=2')).body.posts.map((p: { id: string }) => p.id),
    ).toEqual([p1.id]);
  });

  it('answers 404 for an unknown category and 400 for a bad page or limit', async () => {
    expect((await listPosts('00000000-0000-4000-8000-000000000000')).status).toBe(404);
    const categoryId = await newCategory(t);
    expect((await listPosts(categoryId, '?page=0')).status).toBe(400);
    expect((await listPosts(categoryId, '?limit=101')).status).toBe(400);
    expect((await listPosts('not-a-uuid')).status).toBe(400);
  });
});

describe('GET /api/community/post/{id}', () => {
  it('returns the post with visible replies oldest first, bounded, with a cursor to page further', async () => {
    const categoryId = await newCategory(t);
    const p = await post(t, writer, categoryId, 'Threaded', 'Body text');
    const rs = [];
    for (let i = 0; i < 5; i++) rs.push(await reply(t, writer, p.id, `reply ${i}`));
    const [r0, r1, r2] = rs as [(typeof rs)[0], (typeof rs)[0], (typeof rs)[0]];
    await moderate(t, mod, r1.id, { action: 'hide', content_type: 'reply' });

    const first = await t.api('GET', `/api/community/post/${p.id}?replies_limit=2`);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      id: p.id,
      category_id: categoryId,
      author_pseudonym: writer.pseudonym,
      timestamp: p.timestamp,
      title: 'Threaded',
      content: 'Body text',
      reply_count: 4,
    });
    expect(first.body.replies).toEqual([
      { id: r0.id, author_pseudonym: writer.pseudonym, timestamp: r0.timestamp, content: 'reply 0' },
      { id: r2.id, author_pseudonym: writer.pseudonym, timestamp: r2.timestamp, content: 'reply 2' },
    ]);
    const second = await t.api(
      'GET',
      `/api/community/post/${p.id}?replies_limit=2&replies_after=${first.body.next_replies_cursor}`,
    );
    expect(second.body.replies.map((r: { content: string }) => r.content)).toEqual(['reply 3', 'reply 4']);
    expect(second.body.next_replies_cursor).toBeNull();
    const all = await t.api('GET', `/api/community/post/${p.id}`);
    expect(all.body.replies).toHaveLength(4);
    expect(all.body.next_replies_cursor).toBeNull();
  });

  it('answers 404 for hidden, deleted and unknown posts', async () => {
    const categoryId = await newCategory(t);
    const hidden = await post(t, writer, categoryId);
    const deleted = await post(t, writer, categoryId);
    await moderate(t, mod, hidden.id, { action: 'hide' });
    await moderate(t, mod, deleted.id, { action: 'delete' });
    for (const id of [hidden.id, deleted.id, '00000000-0000-4000-8000-000000000000']) {
      expect((await t.api('GET', `/api/community/post/${id}`)).status).toBe(404);
    }
  });
});

describe('pseudonymity', () => {
  it('never puts a username, email or user id in any community response', async () => {
    const author = await member(t, { premium: true });
    const categoryId = await newCategory(t);
    const bodies: unknown[] = [];
    const created = await t.api('POST', '/api/community/post', {
      token: author.token,
      body: { category_id: categoryId, title: 'Hello', content: 'My first post' },
    });
    bodies.push(created.body);
    bodies.push(
      (
        await t.api('POST', `/api/community/post/${created.body.id}/reply`, {
          token: author.token,
          body: { content: 'self reply' },
        })
      ).body,
    );
    bodies.push((await t.api('GET', '/api/community/categories')).body);
    bodies.push((await listPosts(categoryId)).body);
    bodies.push((await t.api('GET', `/api/community/post/${created.body.id}`, { token: author.token })).body);
    bodies.push(
      (
        await t.api('POST', `/api/community/${created.body.id}/report`, {
          token: author.token,
          body: { content_type: 'post', reason: 'test' },
        })
      ).body,
    );
    const json = JSON.stringify(bodies).toLowerCase();
    expect(json).toContain(author.pseudonym.toLowerCase());
    for (const secret of [author.username, author.email, author.id])
      expect(json).not.toContain(secret.toLowerCase());
    expect(author.pseudonym.toLowerCase()).not.toContain(author.username.toLowerCase());
  });
});

describe('watched words', () => {
  let w: TestApp;
  let wWriter: Member;
  let wMod: Member;
  beforeAll(async () => {
    w = await createTestApp({
      env: { COMMUNITY_WATCHED_WORDS_BLOCK: 'forbiddenword', COMMUNITY_WATCHED_WORDS_FLAG: 'pills' },
    });
    [wWriter, wMod] = await Promise.all([member(w, { premium: true }), member(w, { moderator: true })]);
  });
  afterAll(async () => w?.close());

  it('blocks a post or reply with a blocked word (400 CONTENT_BLOCKED), whole words only', async () => {
    const categoryId = await newCategory(w);
    const res = await w.api('POST', '/api/community/post', {
      token: wWriter.token,
      body: { category_id: categoryId, title: 'Hi', content: 'this has a ForbiddenWord in it' },
    });
    expect(res.status).toBe(400);
    expect(res.body.reason).toBe('CONTENT_BLOCKED');
    expect(res.body.issues[0].path).toBe('content');
    const ok = await post(w, wWriter, categoryId, 'fine', 'forbiddenwords is another word');
    const r = await w.api('POST', `/api/community/post/${ok.id}/reply`, {
      token: wWriter.token,
      body: { content: 'forbiddenword!' },
    });
    expect(r.body.reason).toBe('CONTENT_BLOCKED');
    expect((await w.api('GET', `/api/community/category/${categoryId}/posts`)).body.total_posts).toBe(1);
  });

  it('lets a flagged word through, visible, with a system report in the queue', async () => {
    const categoryId = await newCategory(w);
    const p = await post(w, wWriter, categoryId, 'Question', 'where do I get pills');
    expect((await w.api('GET', `/api/community/post/${p.id}`)).status).toBe(200);
    const queue = await w.api('GET', '/api/moderation/reports?status=open', { token: wMod.token });
    const report = queue.body.find((q: { content_id: string }) => q.content_id === p.id);
    expect(report).toMatchObject({
      content_type: 'post',
      reporter_id: null,
      status: 'open',
      is_hidden: false,
      weight: 0,
    });
    expect(report.reason).toContain('pills');
  });
});

describe('delete policy', () => {
  it('keeps a deleted post text for the retention period, then purges it', async () => {
    // Its own app: the clock jumps past the retention period, and the purge must count only this post.
    const app = await createTestApp();
    try {
      const [author, moderator] = await Promise.all([
        member(app, { premium: true }),
        member(app, { moderator: true }),
      ]);
      const categoryId = await newCategory(app);
      const p = await post(app, author, categoryId, 'Soon gone', 'secret text');
      const r = await reply(app, author, p.id, 'reply text');
      await moderate(app, moderator, p.id, { action: 'delete', reason: 'Off topic' });
      const read = () =>
        app.db
          .selectFrom('community_posts')
          .select(['title', 'content', 'deleted_at'])
          .where('id', '=', p.id)
          .executeTakeFirstOrThrow();
      expect(await app.core.moderation.purgeDeletedContent()).toEqual({ posts: 0, replies: 0 });
      expect((await read()).content).toBe('secret text');
      app.clock.advance((app.config.community.deletedRetentionDays + 1) * 86_400_000);
      expect(await app.core.moderation.purgeDeletedContent()).toEqual({ posts: 1, replies: 1 });
      expect(await read()).toMatchObject({ title: '', content: '' });
      const replyRow = await app.db
        .selectFrom('community_replies')
        .select('content')
        .where('id', '=', r.id)
        .executeTakeFirstOrThrow();
      expect(replyRow.content).toBe('');
      expect(await app.core.moderation.purgeDeletedContent()).toEqual({ posts: 0, replies: 0 });
    } finally {
      await app.close();
    }
  });
});
