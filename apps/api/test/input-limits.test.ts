import { INPUT_LIMITS } from '@wbn/contracts/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './test-app.ts';

/**
 * Structural limits hold before any schema runs, on REST and on tRPC (single calls, batches and
 * query-string inputs): 400 VALIDATION with a reason, never a 500 and never a stack overflow.
 */
let t: TestApp;
let token: string;
beforeAll(async () => {
  t = await createTestApp();
  ({ token } = await t.signup());
});
afterAll(async () => t?.close());

const nested = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;
const checkin = { anxiety_level: 5, triggers: ['work'], timestamp: '2026-01-01T10:00:00Z' };

async function rest(payload: string) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/checkin',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    payload,
  });
  return { status: res.statusCode, body: JSON.parse(res.body) };
}

async function trpc(url: string, payload?: string) {
  const res = await t.app.inject({
    method: payload === undefined ? 'GET' : 'POST',
    url,
    headers: { authorization: `Bearer ${token}`, ...(payload ? { 'content-type': 'application/json' } : {}) },
    ...(payload === undefined ? {} : { payload }),
  });
  return { status: res.statusCode, body: JSON.parse(res.body) };
}

describe('REST', () => {
  it.each([
    ['nested 100 000 levels deep', `{"triggers":${nested(100_000)}}`, 'INPUT_TOO_DEEP'],
    ['nested one level too deep', `{"triggers":${nested(INPUT_LIMITS.maxDepth)}}`, 'INPUT_TOO_DEEP'],
    [
      'with too many keys',
      JSON.stringify(Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`k${i}`, 1]))),
      'INPUT_TOO_LARGE',
    ],
    [
      'with too many items',
      JSON.stringify({ ...checkin, triggers: Array(INPUT_LIMITS.maxItems + 1).fill('a') }),
      'INPUT_TOO_LARGE',
    ],
    [
      'with a too long string',
      JSON.stringify({ ...checkin, timestamp: 'x'.repeat(INPUT_LIMITS.maxStringLength + 1) }),
      'INPUT_TOO_LARGE',
    ],
  ])('refuses a body %s with 400 and the reason', async (_name, payload, reason) => {
    const res = await rest(payload);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION', reason });
  });

  it('lets a body at the depth limit through to the schema (the control)', async () => {
    const res = await rest(`{"triggers":${nested(INPUT_LIMITS.maxDepth - 1)}}`);
    expect(res.status).toBe(400);
    expect(res.body.reason).toBeUndefined();
    expect(res.body.issues.map((i: { path: string }) => i.path)).toContain('anxiety_level');
    expect((await rest(JSON.stringify(checkin))).status).toBe(201);
  });
});

describe('tRPC', () => {
  it('refuses a deep input to a single call, in a batch (the other call still runs) and in a query string', async () => {
    const single = await trpc('/trpc/checkin.create', `{"triggers":${nested(100_000)}}`);
    expect(single.status).toBe(400);
    expect(single.body.error.data.error).toMatchObject({ code: 'VALIDATION', reason: 'INPUT_TOO_DEEP' });

    const batch = await trpc(
      '/trpc/checkin.create,checkin.create?batch=1',
      `{"0":{"triggers":${nested(5000)}},"1":${JSON.stringify(checkin)}}`,
    );
    expect(batch.body[0].error.data.error).toMatchObject({ code: 'VALIDATION', reason: 'INPUT_TOO_DEEP' });
    expect(batch.body[1].result.data.anxiety_level).toBe(5);

    const query = await trpc(
      `/trpc/checkin.history?input=${encodeURIComponent(`{"cursor":${nested(5000)}}`)}`,
    );
    expect(query.status).toBe(400);
    expect(query.body.error.data.error.reason).toBe('INPUT_TOO_DEEP');
  });

  it('refuses too many keys, items and characters', async () => {
    const wide = await trpc(
      '/trpc/checkin.create',
      JSON.stringify({ ...checkin, triggers: Array(5000).fill('a') }),
    );
    expect(wide.status).toBe(400);
    expect(wide.body.error.data.error.reason).toBe('INPUT_TOO_LARGE');
  });

  it.each([
    ['checkin.create', { ...checkin, triggers: ['wo\u0000rk'] }],
    ['interaction.log', { duration: 5, tool: 'chat\u0000bot', timestamp: '2026-01-01T10:00:00Z' }],
    ['cbt.thoughtRecord', { data: { situation: 'a\u0000b' }, timestamp: '2026-01-01T10:00:00Z' }],
    [
      'cbt.thoughtRecord',
      { data: { unknown_field: { deeper: ['x\u0000'] } }, timestamp: '2026-01-01T10:00:00Z' },
    ],
  ])(
    'refuses a NUL character on %s with 400 (the contracts refuse it on both surfaces)',
    async (path, input) => {
      const viaTrpc = await trpc(`/trpc/${path}`, JSON.stringify(input));
      expect(viaTrpc.status).toBe(400);
      expect(viaTrpc.body.error.data.error.code).toBe('VALIDATION');
    },
  );
});
