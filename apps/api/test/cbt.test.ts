import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, issuePaths as paths, type TestApp } from './test-app.ts';

let t: TestApp;
let token: string;
const NOW = '2026-03-10T12:00:00.000Z';
beforeAll(async () => {
  t = await createTestApp({ clockStart: NOW });
  token = (await t.signup()).token;
});
afterAll(async () => t?.close());

const fullRecord = {
  situation: 'Presentation at work',
  automatic_thoughts: ['Everyone will think I am useless'],
  emotions: [{ name: 'anxious', intensity_before: 100, intensity_after: 0 }],
  cognitive_distortions: ['catastrophising', 'mind-reading', 'all-or-nothing'],
  evidence_for: 'I stumbled once last time',
  evidence_against: 'My manager praised the last one',
  balanced_thought: 'I am prepared, and one stumble is not a disaster',
};

describe('POST /api/cbt/thought-record', () => {
  it('stores a full record and returns it with the spec fields', async () => {
    const res = await t.api('POST', '/api/cbt/thought-record', {
      token,
      body: { data: fullRecord, timestamp: NOW },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: expect.any(String),
      user_id: expect.any(String),
      type: 'thought-record',
      timestamp: NOW,
    });
    expect(res.body.data).toEqual(fullRecord);
  });

  it('saves a half-finished record (every field optional) and keeps unknown fields verbatim', async () => {
    const data = {
      situation: 'Lying awake',
      future_field: { nested: [1, 'two', null, { deep: true }] },
      emotions: [{ name: 'worried', colour: 'grey' }],
    };
    const res = await t.api('POST', '/api/cbt/thought-record', { token, body: { data, timestamp: NOW } });
    expect(res.status).toBe(201);
    const listed = await t.api('GET', '/api/cbt/entries?type=thought-record', { token });
    expect(listed.body.find((e: { id: string }) => e.id === res.body.id).data).toEqual(data);
    const empty = await t.api('POST', '/api/cbt/thought-record', {
      token,
      body: { data: {}, timestamp: NOW },
    });
    expect(empty.status).toBe(201);
  });

  it.each([
    ['data.emotions.0.intensity_before', { emotions: [{ intensity_before: 101 }] }],
    ['data.emotions.0.intensity_after', { emotions: [{ intensity_after: -1 }] }],
    ['data.cognitive_distortions.0', { cognitive_distortions: ['being-wrong-on-the-internet'] }],
    ['data.situation', { situation: 42 }],
    ['data.automatic_thoughts', { automatic_thoughts: 'not a list' }],
    ['data', { blob: 'x'.repeat(17_000) }],
  ])('refuses %s with 400 naming the field', async (field, data) => {
    const res = await t.api('POST', '/api/cbt/thought-record', { token, body: { data, timestamp: NOW } });
    expect(res.status).toBe(400);
    expect(paths(res)).toContain(field);
  });

  it('refuses a missing or non-object data and a future timestamp', async () => {
    expect(
      paths(await t.api('POST', '/api/cbt/thought-record', { token, body: { timestamp: NOW } })),
    ).toContain('data');
    expect(
      paths(await t.api('POST', '/api/cbt/thought-record', { token, body: { data: [1], timestamp: NOW } })),
    ).toContain('data');
    const future = await t.api('POST', '/api/cbt/thought-record', {
      token,
      body: { data: {}, timestamp: '2026-03-11T00:00:00Z' },
    });
    expect(paths(future)).toContain('timestamp');
  });

  it('accepts data just under the size bound', async () => {
    const res = await t.api('POST', '/api/cbt/thought-record', {
      token,
      body: { data: { blob: 'x'.repeat(16_000) }, timestamp: NOW },
    });
    expect(res.status).toBe(201);
  });
});

describe('POST /api/cbt/entries (any registered tool)', () => {
  it('checks data with the schema of the named tool, and refuses a tool that is not registered', async () => {
    const ok = await t.api('POST', '/api/cbt/entries', {
      token,
      body: { type: 'thought-record', data: { situation: 'Exam', extra: { kept: true } }, timestamp: NOW },
    });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({
      type: 'thought-record',
      data: { situation: 'Exam', extra: { kept: true } },
    });

    const wrongData = await t.api('POST', '/api/cbt/entries', {
      token,
      body: { type: 'thought-record', data: { emotions: [{ intensity_before: 140 }] }, timestamp: NOW },
    });
    expect(wrongData.status).toBe(400);
    expect(paths(wrongData)).toEqual(['data.emotions.0.intensity_before']);

    const unknownTool = await t.api('POST', '/api/cbt/entries', {
      token,
      body: { type: 'worry-tree', data: {}, timestamp: NOW },
    });
    expect(unknownTool.status).toBe(400);
    expect(paths(unknownTool)).toEqual(['type']);
  });
});

describe('GET /api/cbt/entries', () => {
  it('lists only the caller’s entries, newest first, filtered by type; refuses an unknown type', async () => {
    const { token: own } = await t.signup();
    for (const ts of ['2026-03-01T10:00:00Z', '2026-03-03T10:00:00Z', '2026-03-02T10:00:00Z']) {
      await t.api('POST', '/api/cbt/thought-record', {
        token: own,
        body: { data: { situation: ts }, timestamp: ts },
      });
    }
    const res = await t.api('GET', '/api/cbt/entries?type=thought-record&limit=2', { token: own });
    expect(res.status).toBe(200);
    expect(res.body.map((e: { data: { situation: string } }) => e.data.situation)).toEqual([
      '2026-03-03T10:00:00Z',
      '2026-03-02T10:00:00Z',
    ]);
    const next = await t.api('GET', `/api/cbt/entries?cursor=${res.body[1].id}`, { token: own });
    expect(next.body.map((e: { data: { situation: string } }) => e.data.situation)).toEqual([
      '2026-03-01T10:00:00Z',
    ]);
    const bad = await t.api('GET', '/api/cbt/entries?type=mood-diary', { token: own });
    expect(bad.status).toBe(400);
    expect(paths(bad)).toContain('type');
  });
});

describe('BOLA: CBT entries', () => {
  it("gives user B 404 and no data for A's entry", async () => {
    const a = await t.signup();
    const b = await t.signup();
    const created = await t.api('POST', '/api/cbt/thought-record', {
      token: a.token,
      body: { data: { situation: 'private' }, timestamp: NOW },
    });
    const id = created.body.id;
    // B's own older entry is what an unscoped cursor (A's entry's time) would let through.
    const own = await t.api('POST', '/api/cbt/thought-record', {
      token: b.token,
      body: { data: { situation: 'mine' }, timestamp: '2026-03-09T12:00:00.000Z' },
    });
    const read = await t.api('GET', `/api/cbt/entries/${id}`, { token: b.token });
    expect(read.status).toBe(404);
    expect(JSON.stringify(read.body)).not.toContain('private');
    expect((await t.api('DELETE', `/api/cbt/entries/${id}`, { token: b.token })).status).toBe(404);
    const listB = await t.api('GET', '/api/cbt/entries', { token: b.token });
    expect(listB.body.map((e: { id: string }) => e.id)).toEqual([own.body.id]);
    const afterForeignCursor = await t.api('GET', `/api/cbt/entries?cursor=${id}`, { token: b.token });
    expect(afterForeignCursor.status).toBe(200);
    expect(afterForeignCursor.body).toEqual([]);
    expect((await t.api('GET', `/api/cbt/entries/${id}`, { token: a.token })).body.data).toEqual({
      situation: 'private',
    });
    expect((await t.api('DELETE', `/api/cbt/entries/${id}`, { token: a.token })).status).toBe(200);
  });
});
