import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Member, member, moderate, newCategory, post } from './community-helpers.ts';
import { createTestApp, type TestApp } from './test-app.ts';

let t: TestApp;
let acting: Member;
let deciding: Member;
let categoryId: string;
beforeAll(async () => {
  t = await createTestApp();
  [acting, deciding] = await Promise.all([member(t, { moderator: true }), member(t, { moderator: true })]);
  categoryId = await newCategory(t);
});
afterAll(async () => t?.close());

const latestNotice = async (m: Member) =>
  (await t.api('GET', '/api/user/moderation-notices', { token: m.token })).body[0] as {
    id: string;
    action: string;
    reason: string | null;
  };
const appeal = (m: Member, noticeId: string, text = 'Please look again: this was a misunderstanding.') =>
  t.api('POST', `/api/user/moderation-notices/${noticeId}/appeal`, { token: m.token, body: { text } });
// Each step moves the clock on, so "latest notice" is well defined.
function decide(mod: Member, appealId: string, decision: 'upheld' | 'overturned', reason = 'Reviewed') {
  t.clock.advance(1000);
  return t.api('POST', `/api/moderation/appeals/${appealId}`, {
    token: mod.token,
    body: { decision, reason },
  });
}
function actOnUser(mod: Member, target: Member, body: Record<string, unknown>) {
  t.clock.advance(1000);
  return t.api('POST', `/api/moderation/user/${target.id}`, { token: mod.token, body });
}
const visible = async (postId: string) =>
  (await t.api('GET', `/api/community/post/${postId}`)).status === 200;

/** Posts, has `acting` apply `body` to the post, and files an appeal against it. */
async function appealedContentAction(body: Record<string, unknown>) {
  const author = await member(t, { premium: true });
  const p = await post(t, author, categoryId, 'A title', 'The original words');
  expect((await moderate(t, acting, p.id, { content_type: 'post', ...body })).status).toBe(200);
  const filed = await appeal(author, (await latestNotice(author)).id);
  expect(filed.status).toBe(201);
  return { author, postId: p.id, appealId: filed.body.id as string };
}

describe('appeals', () => {
  it('overturning a hide makes the post visible again, logs the decision and tells the author why', async () => {
    const { author, postId, appealId } = await appealedContentAction({ action: 'hide', reason: 'Off topic' });
    expect(await visible(postId)).toBe(false);
    const queue = await t.api('GET', '/api/moderation/appeals?status=open', { token: deciding.token });
    expect(queue.body.map((a: { id: string }) => a.id)).toContain(appealId);
    expect(queue.body.find((a: { id: string }) => a.id === appealId)).toMatchObject({
      action: 'hide',
      status: 'open',
    });

    const res = await decide(deciding, appealId, 'overturned', 'It was on topic after all');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'overturned', decision_reason: 'It was on topic after all' });
    expect(await visible(postId)).toBe(true);
    expect(await latestNotice(author)).toMatchObject({
      action: 'appeal_overturned',
      reason: 'It was on topic after all',
    });
    const log = await t.api('GET', `/api/moderation/actions?target_user_id=${author.id}`, {
      token: deciding.token,
    });
    expect(log.body[0]).toMatchObject({
      action: 'appeal_overturned',
      moderator_id: deciding.id,
      content_id: postId,
    });
    const activity = await t.api('GET', '/api/user/activity', { token: author.token });
    expect(activity.body[0]).toMatchObject({
      kind: 'moderation-action',
      actor: 'moderator',
      details: { action: 'appeal_overturned' },
    });
    expect((await decide(deciding, appealId, 'upheld')).status).toBe(409);
  });

  it('a moderator cannot decide an appeal against their own decision', async () => {
    const { postId, appealId } = await appealedContentAction({ action: 'hide', reason: 'Spam' });
    const res = await decide(acting, appealId, 'overturned');
    expect(res.status).toBe(403);
    expect(res.body.reason).toBe('CANNOT_MODERATE_TARGET');
    expect(await visible(postId)).toBe(false);
  });

  it('overturning a delete restores the post; an edit gets its original text back', async () => {
    const deleted = await appealedContentAction({ action: 'delete', reason: 'Rule 3' });
    expect(await visible(deleted.postId)).toBe(false);
    expect((await decide(deciding, deleted.appealId, 'overturned')).status).toBe(200);
    expect(await visible(deleted.postId)).toBe(true);

    const edited = await appealedContentAction({
      action: 'edit',
      reason: 'Personal data',
      new_content: '[removed]',
    });
    expect((await decide(deciding, edited.appealId, 'overturned')).status).toBe(200);
    expect((await t.api('GET', `/api/community/post/${edited.postId}`)).body.content).toBe(
      'The original words',
    );
  });

  it('overturning an auto-hide (reports from members, no moderator) unhides the post', async () => {
    const author = await member(t, { premium: true });
    const p = await post(t, author, categoryId, 'Flagged', 'Words some disliked');
    const reporters = await Promise.all([member(t), member(t), member(t)]);
    for (const r of reporters) {
      t.clock.advance(1000);
      await t.api('POST', `/api/community/${p.id}/report`, {
        token: r.token,
        body: { content_type: 'post', reason: 'dislike' },
      });
    }
    expect(await visible(p.id)).toBe(false);
    const notice = await latestNotice(author);
    expect(notice.action).toBe('auto_hide');
    const filed = await appeal(author, notice.id);
    expect((await decide(deciding, filed.body.id, 'overturned')).status).toBe(200);
    expect(await visible(p.id)).toBe(true);
  });

  it('overturning a silence lets the person post again', async () => {
    const target = await member(t, { premium: true });
    expect(
      (await actOnUser(acting, target, { action: 'silence', reason: 'Cool off', duration: 48 })).status,
    ).toBe(200);
    const body = { category_id: categoryId, title: 'Back', content: 'Hello again' };
    expect((await t.api('POST', '/api/community/post', { token: target.token, body })).status).toBe(403);
    const filed = await appeal(target, (await latestNotice(target)).id);
    expect((await decide(deciding, filed.body.id, 'overturned')).status).toBe(200);
    expect((await t.api('POST', '/api/community/post', { token: target.token, body })).status).toBe(201);
  });

  it('a banned person can appeal; overturning the ban lets their session work again', async () => {
    const target = await member(t, { premium: true });
    expect((await actOnUser(acting, target, { action: 'ban', reason: 'Harassment' })).status).toBe(200);
    expect((await t.api('GET', '/api/user/profile', { token: target.token })).status).toBe(403);
    const filed = await appeal(target, (await latestNotice(target)).id, 'It was my sibling on my phone.');
    expect(filed.status).toBe(201);
    expect((await decide(deciding, filed.body.id, 'overturned', 'Believable; first incident')).status).toBe(
      200,
    );
    expect((await t.api('GET', '/api/user/profile', { token: target.token })).status).toBe(200);
    expect(await latestNotice(target)).toMatchObject({ action: 'appeal_overturned' });
  });

  it('upholding changes nothing but the record, and the person is told', async () => {
    const target = await member(t);
    await actOnUser(acting, target, { action: 'warn', reason: 'Tone' });
    const filed = await appeal(target, (await latestNotice(target)).id);
    const res = await decide(deciding, filed.body.id, 'upheld', 'The tone broke rule 1');
    expect(res.body.status).toBe('upheld');
    expect(await latestNotice(target)).toMatchObject({
      action: 'appeal_upheld',
      reason: 'The tone broke rule 1',
    });
    const open = await t.api('GET', '/api/moderation/appeals?status=open', { token: deciding.token });
    expect(open.body.map((a: { id: string }) => a.id)).not.toContain(filed.body.id);
  });

  it('once per notice, within 30 days, only your own, and only decisions against you', async () => {
    const target = await member(t);
    await actOnUser(acting, target, { action: 'warn', reason: 'Tone' });
    const notice = await latestNotice(target);
    expect((await appeal(target, notice.id)).status).toBe(201);
    const again = await appeal(target, notice.id);
    expect(again.status).toBe(409);
    expect(again.body.reason).toBe('ALREADY_APPEALED');

    const other = await member(t);
    expect((await appeal(other, notice.id)).status).toBe(404);

    await actOnUser(acting, target, { action: 'unban', reason: 'Housekeeping' });
    const lifted = await appeal(target, (await latestNotice(target)).id);
    expect(lifted.status).toBe(409);
    expect(lifted.body.reason).toBe('NOT_APPEALABLE');

    const late = await member(t);
    await actOnUser(acting, late, { action: 'warn', reason: 'Tone' });
    const lateNotice = await latestNotice(late);
    // The decision is 31 days old (moved back in the database: the shared clock stays put for other tests).
    await sql`UPDATE moderation_notices SET created_at = created_at - interval '31 days' WHERE id = ${lateNotice.id}`.execute(
      t.db,
    );
    const res = await appeal(late, lateNotice.id);
    expect(res.status).toBe(403);
    expect(res.body.reason).toBe('APPEAL_WINDOW_CLOSED');
  });

  it('only moderators see and decide appeals', async () => {
    const plain = await member(t);
    expect((await t.api('GET', '/api/moderation/appeals', { token: plain.token })).status).toBe(403);
    expect(
      (
        await t.api('POST', '/api/moderation/appeals/00000000-0000-4000-8000-000000000000', {
          token: deciding.token,
          body: { decision: 'upheld', reason: 'x' },
        })
      ).status,
    ).toBe(404);
  });
});
