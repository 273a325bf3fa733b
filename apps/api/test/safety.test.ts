import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Member, member, newCategory, post, reply } from './community-helpers.ts';
import { createTestApp, type TestApp } from './test-app.ts';

const NOW = '2026-03-10T12:00:00.000Z';
const HIT = "I can't do this. I want to kill myself.";
const NEGATION = "I don't want to die, I just want this week to be over.";
const FIGURATIVE = 'This traffic is killing me, I nearly died laughing at the radio though.';

let t: TestApp;
let writer: Member;
let mod: Member;
let categoryId: string;
beforeAll(async () => {
  t = await createTestApp({ clockStart: NOW });
  [writer, mod] = await Promise.all([member(t, { premium: true }), member(t, { moderator: true })]);
  categoryId = await newCategory(t);
});
afterAll(async () => t?.close());

const setCountry = (token: string, country: string | null) =>
  t.api('PUT', '/api/user/profile', { token, body: { country } });

describe('GET /api/support/resources', () => {
  it('answers each country in the pack, upper-casing the code, and international otherwise', async () => {
    const gb = await t.api('GET', '/api/support/resources?country=gb');
    expect(gb.status).toBe(200);
    expect(gb.body).toMatchObject({ country: 'GB', emergency_number: '999' });
    expect(gb.body.resources).toContainEqual(
      expect.objectContaining({ name: 'Samaritans', phone: '116 123' }),
    );
    expect((await t.api('GET', '/api/support/resources?country=US')).body.resources[0].phone).toBe('988');
    expect((await t.api('GET', '/api/support/resources?country=ZZ')).body.country).toBe('international');
    expect((await t.api('GET', '/api/support/resources')).body.country).toBe('international');
    expect((await t.api('GET', '/api/support/resources?country=12')).status).toBe(400);
  });
});

describe('support on the text a person writes', () => {
  it('journal: a hit gets help lines for the profile country; a negation gets none; both are saved', async () => {
    const { token } = await t.signup();
    expect((await setCountry(token, 'ie')).body.country).toBe('IE');
    const hit = await t.api('POST', '/api/journal', { token, body: { content: HIT, timestamp: NOW } });
    expect(hit.status).toBe(201);
    expect(hit.body.support).toMatchObject({ country: 'IE', message: expect.any(String) });
    expect(hit.body.support.resources).toContainEqual(expect.objectContaining({ phone: '116 123' }));
    const calm = await t.api('POST', '/api/journal', { token, body: { content: NEGATION, timestamp: NOW } });
    expect(calm.status).toBe(201);
    expect(calm.body).not.toHaveProperty('support');
    expect((await t.api('GET', `/api/journal/entries/${hit.body.id}`, { token })).body.content).toBe(HIT);
  });

  it('journal: nothing about the hit is kept (no report, no row beyond the encrypted entry)', async () => {
    const { token, user } = await t.signup();
    const before = await t.db
      .selectFrom('moderation_reports')
      .select(t.db.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    await t.api('POST', '/api/journal', { token, body: { content: HIT, timestamp: NOW } });
    const after = await t.db
      .selectFrom('moderation_reports')
      .select(t.db.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
    const row = await t.db
      .selectFrom('journal_entries')
      .selectAll()
      .where('user_id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(Buffer.from(row.content).toString('utf8')).not.toContain('kill');
  });

  it('derives the country from the time zone when the profile has none, else international', async () => {
    const { token } = await t.signup();
    const none = await t.api('POST', '/api/journal', { token, body: { content: HIT, timestamp: NOW } });
    expect(none.body.support.country).toBe('international');
    await t.api('PUT', '/api/user/settings', { token, body: { timezone: 'Australia/Sydney' } });
    const au = await t.api('POST', '/api/journal', { token, body: { content: HIT, timestamp: NOW } });
    expect(au.body.support.country).toBe('AU');
    expect(au.body.support.resources).toContainEqual(expect.objectContaining({ phone: '13 11 14' }));
  });

  it('CBT thought record: any field can carry it', async () => {
    const { token } = await t.signup();
    const hit = await t.api('POST', '/api/cbt/thought-record', {
      token,
      body: { data: { situation: 'Alone at night', automatic_thoughts: [HIT] }, timestamp: NOW },
    });
    expect(hit.status).toBe(201);
    expect(hit.body.support.resources.length).toBeGreaterThan(0);
    const calm = await t.api('POST', '/api/cbt/thought-record', {
      token,
      body: { data: { situation: 'Exam', automatic_thoughts: [NEGATION] }, timestamp: NOW },
    });
    expect(calm.status).toBe(201);
    expect(calm.body).not.toHaveProperty('support');
  });

  it('interaction notes', async () => {
    const { token } = await t.signup();
    const hit = await t.api('POST', '/api/interaction/log', {
      token,
      body: { duration: 10, tool: 'ChatGPT', notes: HIT, timestamp: NOW },
    });
    expect(hit.status).toBe(201);
    expect(hit.body.support).toBeDefined();
    const calm = await t.api('POST', '/api/interaction/log', {
      token,
      body: { duration: 10, tool: 'ChatGPT', notes: NEGATION, timestamp: NOW },
    });
    expect(calm.body).not.toHaveProperty('support');
  });
});

describe('crisis language in the forum', () => {
  const queue = async () =>
    (await t.api('GET', '/api/moderation/reports?status=open', { token: mod.token })).body as {
      content_id: string;
      reason: string;
      priority: number;
      weight: number;
      reporter_id: string | null;
    }[];

  it('offers the author help, stays visible, and goes to the front of the queue, even before hidden items', async () => {
    // An item hidden by reports (priority 1) is already waiting.
    const heated = await post(t, writer, categoryId, 'Heated', 'Angry words');
    const reporters = await Promise.all([member(t), member(t), member(t)]);
    for (const r of reporters) {
      await t.api('POST', `/api/community/${heated.id}/report`, {
        token: r.token,
        body: { content_type: 'post', reason: 'rude' },
      });
    }
    expect((await t.api('GET', `/api/community/post/${heated.id}`)).status).toBe(404);
    const res = await t.api('POST', '/api/community/post', {
      token: writer.token,
      body: { category_id: categoryId, title: 'Tonight', content: HIT },
    });
    expect(res.status).toBe(201);
    expect(res.body.support.resources.length).toBeGreaterThan(0);
    expect((await t.api('GET', `/api/community/post/${res.body.id}`)).status).toBe(200);
    const first = (await queue())[0];
    expect(first).toMatchObject({
      content_id: res.body.id,
      reason: 'crisis-language',
      weight: 0,
      reporter_id: null,
    });
    expect(first?.priority).toBeGreaterThan(1);
  });

  it('a reply too; a negation or an idiom raises nothing and offers nothing', async () => {
    const p = await post(t, writer, categoryId, 'Checking in', 'How is everyone?');
    const hit = await t.api('POST', `/api/community/post/${p.id}/reply`, {
      token: writer.token,
      body: { content: HIT },
    });
    expect(hit.status).toBe(201);
    expect(hit.body.support).toBeDefined();
    expect((await queue())[0]).toMatchObject({ content_id: hit.body.id, reason: 'crisis-language' });

    const calm = await reply(t, writer, p.id, NEGATION);
    const idiom = await post(t, writer, categoryId, 'Commute', FIGURATIVE);
    expect(calm).not.toHaveProperty('support');
    expect(idiom).not.toHaveProperty('support');
    const reported = (await queue()).map((r) => r.content_id);
    expect(reported).not.toContain(calm.id);
    expect(reported).not.toContain(idiom.id);
    expect((await t.api('GET', `/api/community/post/${idiom.id}`)).status).toBe(200);
  });

  it('the crisis report never hides the item, however many reports it adds to', async () => {
    const res = await t.api('POST', '/api/community/post', {
      token: writer.token,
      body: { category_id: categoryId, title: 'Help', content: HIT },
    });
    const [a, b] = await Promise.all([member(t), member(t)]);
    for (const r of [a, b]) {
      await t.api('POST', `/api/community/${res.body.id}/report`, {
        token: r.token,
        body: { content_type: 'post', reason: 'worried' },
      });
    }
    // Two member reports are below the threshold of three: the system report counted nothing.
    expect((await t.api('GET', `/api/community/post/${res.body.id}`)).status).toBe(200);
  });
  it('keeps its priority when member reports later hide the same item', async () => {
    const res = await t.api('POST', '/api/community/post', {
      token: writer.token,
      body: { category_id: categoryId, title: 'Still here', content: HIT },
    });
    const reporters = await Promise.all([member(t), member(t), member(t)]);
    for (const r of reporters) {
      await t.api('POST', `/api/community/${res.body.id}/report`, {
        token: r.token,
        body: { content_type: 'post', reason: 'off topic' },
      });
    }
    expect((await t.api('GET', `/api/community/post/${res.body.id}`)).status).toBe(404);
    const crisis = (await queue()).find(
      (r) => r.content_id === res.body.id && r.reason === 'crisis-language',
    );
    expect(crisis?.priority).toBe(2);
  });
});
