import { randomUUID } from 'node:crypto';
import type { Actor } from '@wbn/core/auth/actor';
import { Ajv } from 'ajv';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, STRONG_PASSWORD, type TestApp, uniqueName } from './test-app.ts';

/**
 * The error contract, operation by operation, from the published document: hostile and mistaken
 * requests of every kind go to every operation; each answer must be a status the operation
 * documents (or its success), every error body must match the document's ApiError schema, and every
 * documented 4xx must actually be produced by some request. 5xx are documented for honesty (500:
 * our own bugs; 503: a database outage or a draining server, on every operation) but no client
 * request should produce one, so none is expected here (database-outage.test.ts and drain.test.ts
 * produce the 503s).
 */
type Operation = { method: string; path: string; documented: Set<number>; success: number; query: string[] };
type Probe = {
  name: string;
  token?: string;
  body?: string;
  contentType?: string;
  ids?: 'random' | 'malformed' | 'bad-encoding';
  /** A real row's id for `{id}`, where a refusal needs one. */
  id?: string;
  query?: 'junk';
  remoteAddress?: string;
};

/** Minimal valid bodies where a refusal needs the input to parse first (403 premium, 404, 409). */
const VALID_BODIES: Record<string, (ctx: { taken: { username: string; email: string } }) => unknown> = {
  'POST /auth/signup': ({ taken }) => ({ username: taken.username, password: STRONG_PASSWORD }),
  'POST /auth/login': () => ({ username: uniqueName(), password: 'wrong-password-123' }),
  'POST /auth/refresh': () => ({ refresh_token: 'not-a-refresh-token' }),
  'PUT /user/profile': ({ taken }) => ({ email: taken.email }),
  'POST /community/post': () => ({ category_id: randomUUID(), title: 'Hello', content: 'A post' }),
  'POST /community/post/{id}/reply': () => ({ content: 'A reply' }),
  'POST /community/{id}/report': () => ({ content_type: 'post', reason: 'spam' }),
  'POST /moderation/content/{id}': () => ({ action: 'hide' }),
  'POST /moderation/user/{id}': () => ({ action: 'warn', reason: 'spam' }),
  'POST /user/moderation-notices/{id}/appeal': () => ({ text: 'Please look again' }),
  'POST /moderation/appeals/{id}': () => ({ decision: 'upheld', reason: 'Reviewed' }),
  'PUT /user/consents/{purpose}': () => ({ granted: true, policy_version: 10_000 }),
  'POST /operator/roles': () => ({ username: uniqueName(), role: 'premium', grant: true }),
};

/** Path parameters that are not ids: a value the operation accepts, so the id or body beside them decides the answer. */
const PATH_PARAMS: Record<string, string> = { purpose: 'journal_insights', content_type: 'post' };

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const DEEP = `{"a":${'['.repeat(5000)}${']'.repeat(5000)}}`;

let t: TestApp;
let limited: TestApp;
let document: any;
let validateApiError: (body: unknown) => boolean;
let operations: Operation[];
const taken = { username: '', email: '' };
/** status → probe names, per operation: what each operation answered. */
const seen = new Map<string, Map<number, string[]>>();

async function member(
  flags: { premium?: boolean; moderator?: boolean; operator?: boolean; banned?: boolean } = {},
) {
  const username = uniqueName('contract');
  const { token, user } = await t.signup(username);
  await t.db
    .updateTable('users')
    .set({
      is_premium: !!flags.premium,
      is_moderator: !!flags.moderator,
      is_operator: !!flags.operator,
      is_banned: !!flags.banned,
    })
    .where('id', '=', user.id)
    .execute();
  // Premium members have accepted the guidelines, so posting reaches its 404 (unknown category, post).
  if (flags.premium && !flags.banned) await accept(token, 'community_guidelines');
  return token;
}

async function accept(token: string, purpose: 'community_guidelines') {
  const policy = (await t.core.consent.policies()).find((p) => p.purpose === purpose);
  const res = await t.api('PUT', `/api/user/consents/${purpose}`, {
    token,
    body: { granted: true, policy_version: policy?.version },
  });
  expect(res.status).toBe(200);
}

/** Records what an operation answered to a probe; every error body must match the published schema. */
function record(key: string, name: string, res: { status: number; body: unknown }) {
  const answers = seen.get(key) ?? new Map<number, string[]>();
  seen.set(key, answers);
  answers.set(res.status, [...(answers.get(res.status) ?? []), name]);
  if (res.status >= 400)
    expect(validateApiError(res.body), `${key} ${name}: ${JSON.stringify(res.body)}`).toBe(true);
}

/** A member with a fresh notice (a warning by `moderator`), as an actor, with their token. */
async function warned(moderator: Actor) {
  const token = await member();
  const actor = await t.core.auth.authenticate(token);
  await t.core.moderation.actOnUser(moderator, { id: actor.id, action: 'warn', reason: 'Tone' });
  const [notice] = await t.core.moderation.listNotices(actor.id, { page: 1, limit: 1 });
  if (!notice) throw new Error('the warning left no notice');
  return { token, actor, noticeId: notice.id };
}

function url(op: Operation, probe: Probe): string {
  const id =
    probe.ids === 'malformed' ? 'not-a-uuid' : probe.ids === 'bad-encoding' ? '%E0%A4%A' : randomUUID();
  const path = `/api${op.path.replace(/\{(\w+)\}/g, (_, name: string) => (name === 'id' ? (probe.id ?? id) : (PATH_PARAMS[name] ?? id)))}`;
  if (probe.query !== 'junk' || op.query.length === 0) return path;
  return `${path}?${op.query.map((name) => `${name}=%00bad`).join('&')}`;
}

async function send(app: TestApp, op: Operation, probe: Probe) {
  const hasBody = probe.body !== undefined && BODY_METHODS.has(op.method);
  const res = await app.app.inject({
    method: op.method as 'GET',
    url: url(op, probe),
    ...(probe.remoteAddress ? { remoteAddress: probe.remoteAddress } : {}),
    headers: {
      ...(probe.token ? { authorization: `Bearer ${probe.token}` } : {}),
      ...(hasBody ? { 'content-type': probe.contentType ?? 'application/json' } : {}),
    },
    ...(hasBody ? { payload: probe.body } : {}),
  });
  return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : undefined };
}

beforeAll(async () => {
  t = await createTestApp();
  limited = await createTestApp({
    env: { RATE_LIMIT: 'on', RATE_LIMIT_GLOBAL_MAX: '1', RATE_LIMIT_AUTH_MAX: '1' },
  });
  document = (await t.api('GET', '/openapi.json')).body;
  const ajv = new Ajv({ strict: false, allErrors: true });
  validateApiError = ajv.compile(document.components.schemas.ApiError);
  operations = Object.entries(document.paths as Record<string, Record<string, any>>)
    .filter(([path]) => !path.startsWith('/content/audio/'))
    .flatMap(([path, item]) =>
      Object.entries(item).map(([method, operation]) => {
        const statuses = Object.keys(operation.responses).map(Number);
        return {
          method: method.toUpperCase(),
          path,
          documented: new Set(statuses.filter((s) => s >= 400)),
          success: statuses.find((s) => s < 300) ?? 200,
          query: (operation.parameters ?? []).filter((p: any) => p.in === 'query').map((p: any) => p.name),
        };
      }),
    );

  const registered = await t.signup();
  taken.username = registered.user.username;
  taken.email = `${uniqueName('taken')}@example.org`;
  await t.api('PUT', '/api/user/profile', { token: registered.token, body: { email: taken.email } });

  for (const [index, op] of operations.entries()) {
    const key = `${op.method} ${op.path}`;
    const valid = JSON.stringify(VALID_BODIES[key]?.({ taken }) ?? {});
    const [power, free, banned] = [
      await member({ premium: true, moderator: true, operator: true }),
      await member(),
      await member({ banned: true }),
    ];
    const probes: Probe[] = [
      { name: 'no token', body: valid },
      { name: 'garbage token', token: 'garbage', body: valid },
      { name: 'banned member', token: banned, body: valid },
      { name: 'free member', token: free, body: valid },
      { name: 'malformed ids and query', token: power, ids: 'malformed', query: 'junk', body: valid },
      { name: 'unknown ids', token: power, body: valid },
      { name: 'bad percent-encoding in the path', token: power, ids: 'bad-encoding', body: valid },
      { name: 'malformed JSON', token: power, body: '{"a":' },
      { name: 'deep JSON', token: power, body: DEEP },
      {
        name: 'wide JSON',
        token: power,
        body: JSON.stringify(Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`k${i}`, i]))),
      },
      { name: 'NUL in strings', token: power, body: valid.replaceAll('":"', '":"\\u0000') },
      { name: 'JSON array', token: power, body: '[]' },
      { name: 'too large', token: power, body: JSON.stringify({ a: 'x'.repeat(1_048_577) }) },
      { name: 'text/plain', token: power, body: 'hello', contentType: 'text/plain' },
    ];
    seen.set(key, new Map());
    for (const probe of probes) record(key, probe.name, await send(t, op, probe));
    // The global per-IP limit (1 here): the second request from one address is refused.
    const remoteAddress = `198.18.${Math.floor(index / 250)}.${(index % 250) + 1}`;
    await send(limited, op, { name: 'first', remoteAddress, body: valid });
    record(key, 'rate limited', await send(limited, op, { name: 'second', remoteAddress, body: valid }));
  }
  // Sign-in refusals that need a real account: a banned member's password and refresh token.
  const bannedLogin = uniqueName('contract');
  const bannedSession = await t.signup(bannedLogin);
  await t.db.updateTable('users').set({ is_banned: true }).where('id', '=', bannedSession.user.id).execute();
  const op = (path: string) => operations.find((o) => o.path === path && o.method === 'POST') as Operation;
  const login = await send(t, op('/auth/login'), {
    name: 'x',
    body: JSON.stringify({ username: bannedLogin, password: STRONG_PASSWORD }),
  });
  seen.get('POST /auth/login')?.set(login.status, ['banned member signs in']);
  const refresh = await send(t, op('/auth/refresh'), {
    name: 'x',
    body: JSON.stringify({ refresh_token: bannedSession.refresh_token }),
  });
  seen.get('POST /auth/refresh')?.set(refresh.status, ['banned member refreshes']);

  // Appeal refusals that need real rows: a notice appealed twice, one past the window, a decided appeal.
  const acting = await t.core.auth.authenticate(await member({ moderator: true }));
  const deciding = await t.core.auth.authenticate(await member({ moderator: true }));
  const appealKey = 'POST /user/moderation-notices/{id}/appeal';
  const appealBody = JSON.stringify(VALID_BODIES[appealKey]?.({ taken }));
  const twice = await warned(acting);
  await t.core.appeals.appeal(twice.actor, { id: twice.noticeId, text: 'Please look again' });
  const again = { name: 'appealed twice', token: twice.token, id: twice.noticeId, body: appealBody };
  record(appealKey, again.name, await send(t, op('/user/moderation-notices/{id}/appeal'), again));
  const late = await warned(acting);
  // Notices are never rewritten, so the typed builder refuses to; this ages one for the window.
  const longAgo = new Date(t.clock.now().getTime() - 31 * 86_400_000);
  await sql`UPDATE moderation_notices SET created_at = ${longAgo} WHERE id = ${late.noticeId}`.execute(t.db);
  const closed = { name: 'window closed', token: late.token, id: late.noticeId, body: appealBody };
  record(appealKey, closed.name, await send(t, op('/user/moderation-notices/{id}/appeal'), closed));
  const decided = await warned(acting);
  const filed = await t.core.appeals.appeal(decided.actor, { id: decided.noticeId, text: 'Look again' });
  const decision = { id: filed.id, decision: 'upheld' as const, reason: 'Reviewed' };
  await t.core.appeals.decide(deciding, decision);
  const decideKey = 'POST /moderation/appeals/{id}';
  const twiceDecided = {
    name: 'decided already',
    token: await member({ moderator: true }),
    id: filed.id,
    body: JSON.stringify(VALID_BODIES[decideKey]?.({ taken })),
  };
  record(decideKey, twiceDecided.name, await send(t, op('/moderation/appeals/{id}'), twiceDecided));

  // A banned person may withdraw consent but not grant it (the current version, so the version check passes).
  const consentKey = 'PUT /user/consents/{purpose}';
  const consentOp = operations.find((o) => `${o.method} ${o.path}` === consentKey) as Operation;
  const bannedGrant = {
    name: 'banned member grants',
    token: await member({ banned: true }),
    body: JSON.stringify({ granted: true, policy_version: 1 }),
  };
  record(consentKey, bannedGrant.name, await send(t, consentOp, bannedGrant));

  // An export still being prepared (no worker runs here): its download is refused until it is ready.
  const exporter = await member();
  await t.api('POST', '/api/user/export', { token: exporter });
  const downloadOp = operations.find((o) => o.path === '/user/export/download') as Operation;
  const early = await send(t, downloadOp, { name: 'x', token: exporter });
  seen.get('GET /user/export/download')?.set(early.status, ['export not ready']);
}, 300_000);

afterAll(async () => {
  await t?.close();
  await limited?.close();
});

describe('the error contract of /api', () => {
  it('documents every operation with the ApiError schema on each error status', () => {
    expect(operations.length).toBeGreaterThan(40);
    for (const op of operations) {
      const responses = document.paths[op.path][op.method.toLowerCase()].responses;
      for (const status of op.documented) {
        expect(
          responses[status].content['application/json'].schema,
          `${op.method} ${op.path} ${status}`,
        ).toEqual({
          $ref: '#/components/schemas/ApiError',
        });
      }
    }
  });

  it('answers no operation with a status it does not document', () => {
    const undocumented = operations.flatMap((op) =>
      [...(seen.get(`${op.method} ${op.path}`) ?? new Map()).entries()]
        .filter(([status]) => status !== op.success && !op.documented.has(status))
        .map(([status, probes]) => `${op.method} ${op.path} → ${status} (${probes.join(', ')})`),
    );
    expect(undocumented).toEqual([]);
  });

  it('documents 503 on every operation (a database outage or a drain), and no client request produces a 5xx', () => {
    expect(operations.filter((op) => !op.documented.has(503)).map((op) => `${op.method} ${op.path}`)).toEqual(
      [],
    );
    const answered5xx = operations.flatMap((op) =>
      [...(seen.get(`${op.method} ${op.path}`) ?? new Map()).entries()]
        .filter(([status]) => status >= 500)
        .map(([status, probes]) => `${op.method} ${op.path} → ${status} (${probes.join(', ')})`),
    );
    expect(answered5xx).toEqual([]);
  });

  it('produces every documented 4xx of every operation with a representative bad request', () => {
    const missing = operations.flatMap((op) => {
      const answered = seen.get(`${op.method} ${op.path}`) ?? new Map();
      return [...op.documented]
        .filter((status) => status < 500 && !answered.has(status))
        .map((status) => `${op.method} ${op.path} never answered ${status}`);
    });
    expect(missing).toEqual([]);
  });
});
