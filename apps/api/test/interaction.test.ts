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

describe('POST /api/interaction/log', () => {
  it('logs an interaction with the spec fields', async () => {
    const res = await t.api('POST', '/api/interaction/log', {
      token,
      body: {
        duration: 25,
        tool: ' ChatGPT ',
        notes: 'Planning my week',
        timestamp: '2026-03-10T09:00:00+02:00',
      },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: expect.any(String),
      user_id: expect.any(String),
      duration: 25,
      tool: 'ChatGPT',
      notes: 'Planning my week',
      timestamp: '2026-03-10T07:00:00.000Z',
    });
    const noNotes = await t.api('POST', '/api/interaction/log', {
      token,
      body: { duration: 1, tool: 'x', timestamp: NOW },
    });
    expect(noNotes.status).toBe(201);
    expect(noNotes.body.notes).toBeNull();
  });

  it.each([1, 1440])('accepts duration %i at the bound', async (duration) => {
    const res = await t.api('POST', '/api/interaction/log', {
      token,
      body: { duration, tool: 'Claude', timestamp: NOW },
    });
    expect(res.status).toBe(201);
  });

  it.each([
    ['duration', { duration: 0 }],
    ['duration', { duration: 1441 }],
    ['duration', { duration: 2.5 }],
    ['tool', { tool: '' }],
    ['tool', { tool: 'x'.repeat(101) }],
    ['notes', { notes: 'x'.repeat(2001) }],
    ['timestamp', { timestamp: '2030-01-01T00:00:00Z' }],
    ['timestamp', { timestamp: undefined }],
  ])('refuses a bad %s with 400', async (field, patch) => {
    const res = await t.api('POST', '/api/interaction/log', {
      token,
      body: { duration: 10, tool: 'Claude', timestamp: NOW, ...patch },
    });
    expect(res.status).toBe(400);
    expect(paths(res)).toContain(field);
  });
});

describe('GET /api/interaction/history and BOLA', () => {
  it('lists the caller’s logs newest first; B gets 404 and nothing for A’s log', async () => {
    const a = await t.signup();
    const b = await t.signup();
    const older = await t.api('POST', '/api/interaction/log', {
      token: a.token,
      body: { duration: 5, tool: 'Gemini', notes: 'private note', timestamp: '2026-03-01T10:00:00Z' },
    });
    const newer = await t.api('POST', '/api/interaction/log', {
      token: a.token,
      body: { duration: 15, tool: 'Claude', timestamp: '2026-03-02T10:00:00Z' },
    });
    const list = await t.api('GET', '/api/interaction/history?limit=1', { token: a.token });
    expect(list.body.map((l: { id: string }) => l.id)).toEqual([newer.body.id]);
    const next = await t.api('GET', `/api/interaction/history?cursor=${newer.body.id}`, { token: a.token });
    expect(next.body.map((l: { id: string }) => l.id)).toEqual([older.body.id]);

    const id = older.body.id;
    // B's own even older log is what an unscoped cursor (A's log's time) would let through.
    const own = await t.api('POST', '/api/interaction/log', {
      token: b.token,
      body: { duration: 3, tool: 'Claude', timestamp: '2026-02-28T10:00:00Z' },
    });
    const read = await t.api('GET', `/api/interaction/entries/${id}`, { token: b.token });
    expect(read.status).toBe(404);
    expect(JSON.stringify(read.body)).not.toContain('private note');
    expect((await t.api('DELETE', `/api/interaction/entries/${id}`, { token: b.token })).status).toBe(404);
    const historyB = await t.api('GET', '/api/interaction/history', { token: b.token });
    expect(historyB.body.map((l: { id: string }) => l.id)).toEqual([own.body.id]);
    const afterForeignCursor = await t.api('GET', `/api/interaction/history?cursor=${id}`, {
      token: b.token,
    });
    expect(afterForeignCursor.status).toBe(200);
    expect(afterForeignCursor.body).toEqual([]);
    expect((await t.api('GET', `/api/interaction/entries/${id}`, { token: a.token })).body.notes).toBe(
      'private note',
    );
  });
});
