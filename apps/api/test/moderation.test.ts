import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Member, member, moderate, newCategory, post, reply } from './community-helpers.ts';
import { createTestApp, STRONG_PASSWORD, type TestApp } from './test-app.ts';

let t: TestApp;
let author: Member;
let mod: Member;
let categoryId: string;
beforeAll(async () => {
  t = await createTestApp();
  [author, mod] = await Promise.all([member(t, { premium: true }), member(t, { moderator: true })]);
  categoryId = await newCategory(t);
});
afterAll(async () => t?.close());

const report = (m: Member, id: string, content_type: 'post' | 'reply' = 'post', reason = 'Unkind') => {
  t.clock.advance(1000);
  return t.api('POST', `/api/community/${id}/report`, { token: m.token, body: { content_type, reason } });
};
const queue = (status = 'open') =>
  t.api('GET', `/api/moderation/reports?status=${status}`, { token: mod.token });
const notices = (m: Member) => t.api('GET', '/api/user/moderation-notices', { token: m.token });
const actions = () => t.api('GET', '/api/moderation/actions', { token: mod.token });
const listIds = async () =>
  (await t.api('GET', `/api/community/category/${categoryId}/posts?limit=100`)).body.posts.map(
    (p: { id: string }) => p.id,
  );

describe('moderators and their own kind', () => {
  it("cannot hide, delete or edit their own content or another moderator's (403 CANNOT_MODERATE_TARGET)", async () => {
    const [modA, modB] = await Promise.all([
      member(t, { premium: true, moderator: true }),
      member(t, { premium: true, moderator: true }),
    ]);
    const own = await post(t, modA, categoryId, 'Mine', 'A moderator writing as a member');
    const colleague = await post(t, modB, categoryId, 'Theirs', 'Another moderator writing');
    for (const id of [own.id, colleague.id]) {
      for (const action of ['hide', 'delete']) {
        const res = await moderate(t, modA, id, { action, reason: 'x' });
        expect(res.status).toBe(403);
        expect(res.body.reason).toBe('CANNOT_MODERATE_TARGET');
      }
    }
    const ids = await listIds();
    expect(ids).toContain(own.id);
    expect(ids).toContain(colleague.id);
  });
});

describe('moderator gate', () => {
  it('refuses every moderation route to members (403 MODERATOR_REQUIRED) and to anonymous callers (401)', async () => {
    const plain = await member(t, { premium: true });
    const id = '00000000-0000-4000-8000-000000000000';
    const calls: [string, string, unknown?][] = [
      ['GET', '/api/moderation/reports'],
      ['GET', '/api/moderation/actions'],
      ['POST', `/api/moderation/content/${id}`, { action: 'hide' }],
      ['POST', `/api/moderation/user/${id}`, { action: 'warn', reason: 'x' }],
    ];
    for (const [method, url, body] of calls) {
      const res = await t.api(method, url, { token: plain.token, body });
      expect(res.status, url).toBe(403);
      expect(res.body.reason).toBe('MODERATOR_REQUIRED');
      expect((await t.api(method, url, { body })).status).toBe(401);
    }
  });
});

describe('moderator gate on real targets', () => {
  it('refuses user and content actions by a member on a real user and post (403), and changes nothing', async () => {
    const plain = await member(t, { premium: true });
    const target = await member(t, { premium: true });
    const p = await post(t, target, categoryId);
    for (const body of [
      { action: 'warn', reason: 'x' },
      { action: 'silence', reason: 'x', duration: 24 },
      { action: 'ban', reason: 'x' },
    ]) {
      const res = await t.api('POST', `/api/moderation/user/${target.id}`, { token: plain.token, body });
      expect(res.status, body.action).toBe(403);
      expect(res.body.reason).toBe('MODERATOR_REQUIRED');
    }
    for (const action of ['hide', 'delete']) {
      const res = await moderate(t, plain, p.id, { action, reason: 'x' });
      expect(res.status, action).toBe(403);
      expect(res.body.reason).toBe('MODERATOR_REQUIRED');
    }
    expect((await t.api('GET', '/api/user/profile', { token: target.token })).status).toBe(200);
    expect((await notices(target)).body).toEqual([]);
    expect(await listIds()).toContain(p.id);
    const audit = await t.api('GET', `/api/moderation/actions?target_user_id=${target.id}`, {
      token: mod.token,
    });
    expect(audit.body).toEqual([]);
  });
});

describe('reports', () => {
  it('report → threshold → auto-hide → queue first → action → resolved → audit → notice for the author', async () => {
    const p = await post(t, author, categoryId, 'Heated', 'Some heated words here');
    const calm = await post(t, author, categoryId, 'Calm', 'Nothing wrong');
    const [a, b, c] = await Promise.all([member(t), member(t), member(t)]);
    await report(a, calm.id, 'post', 'I just disagree'); // an older, ordinary report

    expect((await report(a, p.id)).body).toEqual({ message: 'Report received.' });
    expect((await report(b, p.id)).status).toBe(200);
    // A repeat answers the same and counts once: two distinct reporters are below the threshold (3).
    const repeat = await report(a, p.id, 'post', 'again');
    expect(repeat.status).toBe(200);
    expect(repeat.body).toEqual({ message: 'Report received.' });
    expect((await t.api('GET', `/api/community/post/${p.id}`)).status).toBe(200);
    expect(await listIds()).toContain(p.id);

    await report(c, p.id);
    expect((await t.api('GET', `/api/community/post/${p.id}`)).status).toBe(404);
    expect(await listIds()).not.toContain(p.id);
    expect((await notices(author)).body[0]).toMatchObject({
      action: 'auto_hide',
      content_type: 'post',
      content_id: p.id,
    });

    const open = await queue();
    expect(open.status).toBe(200);
    const first3 = open.body.slice(0, 3);
    expect(first3.every((r: { content_id: string }) => r.content_id === p.id)).toBe(true);
    expect(first3[0]).toMatchObject({
      id: expect.any(String),
      content_type: 'post',
      content_id: p.id,
      reason: 'Unkind',
      reporter_id: c.id,
      status: 'open',
      priority: 1,
      report_count: 3,
      is_hidden: true,
      content_snippet: 'Some heated words here',
      author_pseudonym: author.pseudonym,
    });
    expect(new Set(first3.map((r: { reporter_id: string }) => r.reporter_id))).toEqual(
      new Set([a.id, b.id, c.id]),
    );
    expect(open.body.find((r: { content_id: string }) => r.content_id === calm.id)).toMatchObject({
      priority: 0,
    });

    const act = await moderate(t, mod, p.id, { action: 'delete', reason: 'Personal attack' });
    expect(act.body).toEqual({ message: 'Action applied.' });
    expect((await queue()).body.some((r: { content_id: string }) => r.content_id === p.id)).toBe(false);
    const resolved = (await queue('resolved')).body.filter(
      (r: { content_id: string }) => r.content_id === p.id,
    );
    expect(resolved).toHaveLength(3);
    expect(resolved[0]).toMatchObject({ status: 'resolved', resolution: 'delete', is_deleted: true });

    const log = (await actions()).body;
    expect(log[0]).toMatchObject({
      moderator_id: mod.id,
      action: 'delete',
      target_user_id: author.id,
      content_type: 'post',
      content_id: p.id,
      reason: 'Personal attack',
      timestamp: expect.any(String),
    });
    const authorNotices = (await notices(author)).body;
    expect(authorNotices[0]).toMatchObject({ action: 'delete', content_id: p.id, reason: 'Personal attack' });
    // A reporter is not told about actions on someone else's content.
    expect((await notices(a)).body).toEqual([]);
  });

  it("hides on a moderator's report alone", async () => {
    const p = await post(t, author, categoryId);
    await report(mod, p.id);
    expect((await t.api('GET', `/api/community/post/${p.id}`)).status).toBe(404);
  });

  it('reports replies too, and answers 404 for unknown or deleted items and 400 for a bad type', async () => {
    const p = await post(t, author, categoryId);
    const r = await reply(t, author, p.id);
    const reporter = await member(t);
    expect((await report(reporter, r.id, 'reply')).status).toBe(200);
    expect((await report(reporter, r.id, 'post')).status).toBe(404); // it is not a post
    expect((await report(reporter, '00000000-0000-4000-8000-000000000000')).status).toBe(404);
    await moderate(t, mod, p.id, { action: 'delete' });
    expect((await report(await member(t), r.id, 'reply')).status).toBe(404);
    const bad = await t.api('POST', `/api/community/${p.id}/report`, {
      token: reporter.token,
      body: { content_type: 'user', reason: 'x' },
    });
    expect(bad.status).toBe(400);
    expect(
      (await t.api('POST', `/api/community/${p.id}/report`, { body: { content_type: 'post', reason: 'x' } }))
        .status,
    ).toBe(401);
  });
});

describe('content actions', () => {
  it('keeps the original text of an edit in the audit log and shows the new text', async () => {
    const p = await post(t, author, categoryId, 'Edit me', 'call me on 555-0100');
    const res = await moderate(t, mod, p.id, {
      action: 'edit',
      new_content: 'call me on [removed]',
      reason: 'Contact details',
    });
    expect(res.status).toBe(200);
    const shown = await t.api('GET', `/api/community/post/${p.id}`);
    expect(shown.body.content).toBe('call me on [removed]');
    expect(shown.body.edited_at).not.toBeNull();
    const entry = (await actions()).body.find((e: { content_id: string }) => e.content_id === p.id);
    expect(entry).toMatchObject({
      action: 'edit',
      before_text: 'call me on 555-0100',
      after_text: 'call me on [removed]',
    });
    expect((await notices(author)).body[0]).toMatchObject({ action: 'edit', reason: 'Contact details' });
    const missing = await moderate(t, mod, p.id, { action: 'edit' });
    expect(missing.status).toBe(400);
    expect(missing.body.issues[0].path).toBe('new_content');
  });

  it('edits a reply, lifting a hide that reports had put on it', async () => {
    const p = await post(t, author, categoryId);
    const r = await reply(t, author, p.id, 'rude reply');
    await report(mod, r.id, 'reply');
    expect((await t.api('GET', `/api/community/post/${p.id}`)).body.replies).toEqual([]);
    await moderate(t, mod, r.id, { action: 'edit', content_type: 'reply', new_content: 'polite reply' });
    const shown = await t.api('GET', `/api/community/post/${p.id}`);
    expect(shown.body.replies.map((x: { content: string }) => x.content)).toEqual(['polite reply']);
  });

  it('unhide restores the post to listings, its page and the total', async () => {
    const p = await post(t, author, categoryId);
    const total = async () =>
      (await t.api('GET', `/api/community/category/${categoryId}/posts`)).body.total_posts;
    const before = await total();
    await moderate(t, mod, p.id, { action: 'hide', reason: 'Checking' });
    expect(await listIds()).not.toContain(p.id);
    expect(await total()).toBe(before - 1);
    await moderate(t, mod, p.id, { action: 'unhide' });
    expect(await listIds()).toContain(p.id);
    expect(await total()).toBe(before);
    expect((await t.api('GET', `/api/community/post/${p.id}`)).status).toBe(200);
  });

  it('answers 404 for unknown or already deleted content', async () => {
    const p = await post(t, author, categoryId);
    await moderate(t, mod, p.id, { action: 'delete' });
    expect((await moderate(t, mod, p.id, { action: 'unhide' })).status).toBe(404);
    expect((await moderate(t, mod, '00000000-0000-4000-8000-000000000000', { action: 'hide' })).status).toBe(
      404,
    );
  });
});

describe('user actions', () => {
  it('ban ends a live token at once and refuses login; the banned user can still read why; unban restores', async () => {
    const target = await member(t, { premium: true });
    expect((await t.api('GET', '/api/user/profile', { token: target.token })).status).toBe(200);
    const res = await t.api('POST', `/api/moderation/user/${target.id}`, {
      token: mod.token,
      body: { action: 'ban', reason: 'Repeated harassment' },
    });
    expect(res.body).toEqual({ message: 'Action applied.' });
    const live = await t.api('GET', '/api/user/profile', { token: target.token });
    expect(live.status).toBe(403);
    expect(live.body.reason).toBe('ACCOUNT_BANNED');
    const report2 = await t.api('POST', `/api/community/${'00000000-0000-4000-8000-000000000000'}/report`, {
      token: target.token,
      body: { content_type: 'post', reason: 'x' },
    });
    expect(report2.status).toBe(403);
    const loginRes = await t.api('POST', '/api/auth/login', {
      body: { username: target.username, password: STRONG_PASSWORD },
    });
    expect(loginRes.status).toBe(403);
    const why = await notices(target);
    expect(why.status).toBe(200);
    expect(why.body[0]).toMatchObject({ action: 'ban', reason: 'Repeated harassment', content_id: null });

    await t.api('POST', `/api/moderation/user/${target.id}`, {
      token: mod.token,
      body: { action: 'unban', reason: 'Appeal accepted' },
    });
    expect((await t.api('GET', '/api/user/profile', { token: target.token })).status).toBe(200);
  });

  it('warns without restricting, and records silence with its end', async () => {
    const target = await member(t, { premium: true });
    await t.api('POST', `/api/moderation/user/${target.id}`, {
      token: mod.token,
      body: { action: 'warn', reason: 'Be kind' },
    });
    await post(t, target, categoryId);
    await t.api('POST', `/api/moderation/user/${target.id}`, {
      token: mod.token,
      body: { action: 'silence', reason: 'Cool off', duration: 48 },
    });
    const [silence, warn] = (await notices(target)).body;
    expect(warn).toMatchObject({ action: 'warn', reason: 'Be kind', until: null });
    expect(new Date(silence.until).getTime() - new Date(silence.timestamp).getTime()).toBe(48 * 3_600_000);
    const entry = (
      await t.api('GET', `/api/moderation/actions?target_user_id=${target.id}`, { token: mod.token })
    ).body;
    expect(entry.map((e: { action: string }) => e.action)).toEqual(['silence', 'warn']);
  });

  it('refuses to act on yourself or another moderator (403 CANNOT_MODERATE_TARGET), 404 for unknown users', async () => {
    const other = await member(t, { moderator: true });
    for (const id of [mod.id, other.id]) {
      const res = await t.api('POST', `/api/moderation/user/${id}`, {
        token: mod.token,
        body: { action: 'ban', reason: 'x' },
      });
      expect(res.status).toBe(403);
      expect(res.body.reason).toBe('CANNOT_MODERATE_TARGET');
    }
    const unknown = await t.api('POST', '/api/moderation/user/00000000-0000-4000-8000-000000000000', {
      token: mod.token,
      body: { action: 'warn', reason: 'x' },
    });
    expect(unknown.status).toBe(404);
    const noReason = await t.api('POST', `/api/moderation/user/${author.id}`, {
      token: mod.token,
      body: { action: 'warn' },
    });
    expect(noReason.status).toBe(400);
  });
});

describe('audit log', () => {
  it('is append-only in the database, keeps entries of a departed moderator, and goes with the affected user', async () => {
    const target = await member(t, { premium: true });
    const leaving = await member(t, { moderator: true });
    await t.api('POST', `/api/moderation/user/${target.id}`, {
      token: leaving.token,
      body: { action: 'warn', reason: 'one' },
    });
    const [entry] = (
      await t.api('GET', `/api/moderation/actions?target_user_id=${target.id}`, { token: mod.token })
    ).body;

    await expect(
      sql`UPDATE moderation_actions SET reason = 'rewritten' WHERE id = ${entry.id}`.execute(t.db),
    ).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM moderation_actions WHERE id = ${entry.id}`.execute(t.db)).rejects.toThrow(
      /append-only/,
    );

    expect((await t.api('DELETE', '/api/user/profile', { token: leaving.token })).status).toBe(200);
    const kept = (
      await t.api('GET', `/api/moderation/actions?target_user_id=${target.id}`, { token: mod.token })
    ).body;
    expect(kept).toEqual([{ ...entry, moderator_id: null }]);

    expect((await t.api('DELETE', '/api/user/profile', { token: target.token })).status).toBe(200);
    const gone = await t.db
      .selectFrom('moderation_actions')
      .select('id')
      .where('id', '=', entry.id)
      .execute();
    expect(gone).toEqual([]);
  });
});
