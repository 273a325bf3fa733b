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

describe('POST /api/checkin', () => {
  it('stores a check-in and answers 201 with the spec fields; triggers trimmed, case-folded, de-duplicated', async () => {
    const res = await t.api('POST', '/api/checkin', {
      token,
      body: {
        anxiety_level: 6,
        triggers: [' Work ', 'work', 'SLEEP'],
        timestamp: '2026-03-10T13:00:00+01:00',
      },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: expect.any(String),
      user_id: expect.any(String),
      anxiety_level: 6,
      triggers: ['work', 'sleep'],
      timestamp: '2026-03-10T12:00:00.000Z',
    });
  });

  it.each([0, 10])(
    'accepts anxiety_level at the bound %i, 20 triggers and a timestamp 5 minutes ahead',
    async (level) => {
      const res = await t.api('POST', '/api/checkin', {
        token,
        body: {
          anxiety_level: level,
          triggers: Array.from({ length: 20 }, (_, i) => `t${i}`.padEnd(50, 'x')),
          timestamp: '2026-03-10T12:05:00Z',
        },
      });
      expect(res.status).toBe(201);
      expect(res.body.triggers).toHaveLength(20);
    },
  );

  it.each([
    ['anxiety_level', { anxiety_level: 11 }],
    ['anxiety_level', { anxiety_level: -1 }],
    ['anxiety_level', { anxiety_level: 4.5 }],
    ['anxiety_level', { anxiety_level: '5' }],
    ['triggers', { triggers: Array.from({ length: 21 }, (_, i) => `t${i}`) }],
    ['triggers.0', { triggers: ['x'.repeat(51)] }],
    ['triggers.0', { triggers: ['   '] }],
    ['timestamp', { timestamp: '2026-03-10T12:00:00' }],
    ['timestamp', { timestamp: 'yesterday' }],
    ['timestamp', { timestamp: '2026-03-10T12:06:00Z' }],
    ['timestamp', { timestamp: '1999-12-31T23:59:59Z' }],
    ['triggers', { triggers: Array.from({ length: 20 }, (_, i) => `${i}${'😟'.repeat(13)}`) }],
  ])('refuses a bad %s with 400 naming the field', async (field, patch) => {
    const body = { anxiety_level: 5, triggers: [], timestamp: '2026-03-10T11:00:00Z', ...patch };
    const res = await t.api('POST', '/api/checkin', { token, body });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION');
    expect(paths(res)).toContain(field);
  });

  it('requires a session', async () => {
    const res = await t.api('POST', '/api/checkin', {
      body: { anxiety_level: 1, triggers: [], timestamp: NOW },
    });
    expect(res.status).toBe(401);
  });
});

describe('GET /api/checkin/history', () => {
  it('lists newest first with limit, from/to and a cursor that walks the whole history once', async () => {
    const { token: own } = await t.signup();
    const written: string[] = [];
    for (let day = 1; day <= 25; day++) {
      const timestamp = `2026-02-${String(day).padStart(2, '0')}T08:00:00Z`;
      const res = await t.api('POST', '/api/checkin', {
        token: own,
        body: { anxiety_level: day % 11, triggers: [], timestamp },
      });
      written.push(res.body.id);
    }
    const first = await t.api('GET', '/api/checkin/history', { token: own });
    expect(first.status).toBe(200);
    expect(first.body).toHaveLength(20);
    expect(first.body[0]).toEqual({
      id: written[24],
      anxiety_level: 25 % 11,
      triggers: [],
      timestamp: '2026-02-25T08:00:00.000Z',
    });
    expect(Object.keys(first.body[0]).sort()).toEqual(['anxiety_level', 'id', 'timestamp', 'triggers']);

    const seen: string[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = await t.api('GET', `/api/checkin/history?limit=7${cursor ? `&cursor=${cursor}` : ''}`, {
        token: own,
      });
      expect(page.status).toBe(200);
      if (page.body.length === 0) break;
      seen.push(...page.body.map((c: { id: string }) => c.id));
      cursor = page.body.at(-1).id;
    }
    expect(seen).toEqual([...written].reverse());

    const ranged = await t.api(
      'GET',
      '/api/checkin/history?from=2026-02-10T00:00:00Z&to=2026-02-13T00:00:00Z',
      { token: own },
    );
    expect(ranged.body.map((c: { timestamp: string }) => c.timestamp)).toEqual([
      '2026-02-12T08:00:00.000Z',
      '2026-02-11T08:00:00.000Z',
      '2026-02-10T08:00:00.000Z',
    ]);
  });

  it.each([
    ['limit', 'limit=0'],
    ['limit', 'limit=101'],
    ['from', 'from=notadate'],
    ['cursor', 'cursor=abc'],
    ['to', 'from=2026-02-10T00:00:00Z&to=2026-02-01T00:00:00Z'],
  ])('refuses a bad %s with 400', async (field, query) => {
    const res = await t.api('GET', `/api/checkin/history?${query}`, { token });
    expect(res.status).toBe(400);
    expect(paths(res)).toContain(field);
  });

  it('accepts limit=100', async () => {
    expect((await t.api('GET', '/api/checkin/history?limit=100', { token })).status).toBe(200);
  });
});

describe('BOLA: check-ins', () => {
  it("gives user B 404 and no data for A's check-in, and leaves it in place", async () => {
    const a = await t.signup();
    const b = await t.signup();
    const created = await t.api('POST', '/api/checkin', {
      token: a.token,
      body: { anxiety_level: 7, triggers: ['secret'], timestamp: NOW },
    });
    const id = created.body.id;
    // B's own older row is what an unscoped cursor (A's row's time) would let through.
    const own = await t.api('POST', '/api/checkin', {
      token: b.token,
      body: { anxiety_level: 2, timestamp: '2026-03-09T12:00:00.000Z' },
    });
    const read = await t.api('GET', `/api/checkin/entries/${id}`, { token: b.token });
    expect(read.status).toBe(404);
    expect(JSON.stringify(read.body)).not.toContain('secret');
    expect((await t.api('DELETE', `/api/checkin/entries/${id}`, { token: b.token })).status).toBe(404);
    const listB = await t.api('GET', `/api/checkin/history?cursor=${id}`, { token: b.token });
    expect(listB.status).toBe(200);
    expect(listB.body).toEqual([]);
    const historyB = await t.api('GET', '/api/checkin/history', { token: b.token });
    expect(historyB.body.map((c: { id: string }) => c.id)).toEqual([own.body.id]);

    expect((await t.api('GET', `/api/checkin/entries/${id}`, { token: a.token })).body.triggers).toEqual([
      'secret',
    ]);
    expect((await t.api('DELETE', `/api/checkin/entries/${id}`, { token: a.token })).status).toBe(200);
    expect((await t.api('GET', `/api/checkin/entries/${id}`, { token: a.token })).status).toBe(404);
  });
});
