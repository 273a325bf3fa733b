import { connectRuntime } from '@wbn/core/runtime';
import { waitFor } from '@wbn/core/testing/wait';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../src/server.ts';
import { ban, FIREFOX_LINUX, login, SAFARI_IPHONE, trpc } from './account-helpers.ts';
import { createTestApp, STRONG_PASSWORD, type TestApp, uniqueName } from './test-app.ts';

const NEW_PASSWORD = 'a brand new passphrase 7';
let t: TestApp;
beforeAll(async () => {
  // The session cache on, as in production: revocations must still apply at once.
  t = await createTestApp({ env: { SESSION_CACHE_TTL_MS: '30000' } });
});
afterAll(async () => t?.close());

const profile = (token: string) => t.api('GET', '/api/user/profile', { token });

/** One account signed in twice: from Firefox (a) and from an iPhone (b). */
async function twoSessions() {
  const username = uniqueName('sess');
  await t.signup(username);
  const a = (await login(t, username, STRONG_PASSWORD, FIREFOX_LINUX)).body;
  const b = (await login(t, username, STRONG_PASSWORD, SAFARI_IPHONE)).body;
  return { username, a, b };
}

describe('GET /api/auth/sessions', () => {
  it('lists live sessions with a coarse origin and marks the current one (REST and tRPC)', async () => {
    const { a, b } = await twoSessions();
    const res = await t.api('GET', '/api/auth/sessions', { token: a.token });
    expect(res.status).toBe(200);
    const mine = res.body.find((s: { current: boolean }) => s.current);
    expect(mine).toMatchObject({ user_agent: FIREFOX_LINUX, ip_prefix: '127.0.0.0/24', current: true });
    expect(res.body.map((s: { user_agent: string }) => s.user_agent)).toContain(SAFARI_IPHONE);
    // The full address is never stored.
    const raw = await t.db
      .selectFrom('sessions')
      .select('ip_prefix')
      .where('user_id', '=', a.user.id)
      .execute();
    for (const row of raw) expect(row.ip_prefix).toMatch(/\/24$|\/48$/);

    const viaTrpc = await trpc(t, 'query', 'auth.sessions', { token: b.token });
    expect(viaTrpc.status).toBe(200);
    expect(viaTrpc.data.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    expect(viaTrpc.data.find((s: { current: boolean }) => s.current).user_agent).toBe(SAFARI_IPHONE);
  });

  it('writes last_seen_at at most once a minute, however many requests a session makes', async () => {
    const { a } = await twoSessions();
    const lastSeen = async () =>
      (
        await t.db
          .selectFrom('sessions')
          .select('last_seen_at')
          .where('user_id', '=', a.user.id)
          .where('user_agent', '=', FIREFOX_LINUX)
          .executeTakeFirstOrThrow()
      ).last_seen_at?.getTime();
    // Each request below misses the in-process cache, so it reaches the database check.
    const uncachedRequest = async () => {
      t.core.sessionCache.forgetUser(a.user.id);
      expect((await profile(a.token)).status).toBe(200);
    };
    const start = await lastSeen();
    t.clock.advance(30_000);
    for (let i = 0; i < 5; i++) await uncachedRequest();
    expect(await lastSeen()).toBe(start);
    t.clock.advance(31_000);
    await uncachedRequest();
    const moved = await lastSeen();
    expect(moved).toBe(t.clock.now().getTime());
    await uncachedRequest();
    expect(await lastSeen()).toBe(moved);
  });
});

describe('DELETE /api/auth/sessions/{id}', () => {
  it('ends that session at once; the others keep working', async () => {
    const { a, b } = await twoSessions();
    expect((await profile(b.token)).status).toBe(200); // cached now
    const sessions = (await t.api('GET', '/api/auth/sessions', { token: a.token })).body;
    const other = sessions.find((s: { user_agent: string }) => s.user_agent === SAFARI_IPHONE);
    const res = await t.api('DELETE', `/api/auth/sessions/${other.id}`, { token: a.token });
    expect(res.status).toBe(200);
    expect((await profile(b.token)).status).toBe(401);
    expect(
      (await t.api('POST', '/api/auth/refresh', { body: { refresh_token: b.refresh_token } })).status,
    ).toBe(401);
    expect((await profile(a.token)).status).toBe(200);
  });

  it('ends it on every API process, through the auth-change notification', async () => {
    const { a, b } = await twoSessions();
    const other = await connectRuntime({
      config: t.config,
      logger: t.logger,
      clock: t.clock,
      databaseUrl: t.databaseUrl,
      bossMax: 1,
    });
    let second: FastifyInstance | undefined;
    try {
      second = await buildServer(other);
      const onSecond = async (token: string) =>
        (
          await second?.inject({
            method: 'GET',
            url: '/api/user/profile',
            headers: { authorization: `Bearer ${token}` },
          })
        )?.statusCode;
      await waitFor(async () => (await onSecond(b.token)) === 200, 'the second process to accept the token');
      expect(await onSecond(b.token)).toBe(200); // now served from the second process's cache
      const id = (await t.api('GET', '/api/auth/sessions', { token: b.token })).body.find(
        (s: { current: boolean }) => s.current,
      ).id;
      expect((await t.api('DELETE', `/api/auth/sessions/${id}`, { token: a.token })).status).toBe(200);
      await waitFor(
        async () => (await onSecond(b.token)) === 401,
        'the second process to forget the session',
        2000,
      );
    } finally {
      await second?.close();
      await other.close();
    }
  });

  it("answers 404 for another user's session id, and ends nothing (REST and tRPC)", async () => {
    const mine = await twoSessions();
    const theirs = await twoSessions();
    const theirSession = (await t.api('GET', '/api/auth/sessions', { token: theirs.a.token })).body[0].id;
    const res = await t.api('DELETE', `/api/auth/sessions/${theirSession}`, { token: mine.a.token });
    expect(res.status).toBe(404);
    const viaTrpc = await trpc(t, 'mutation', 'auth.endSession', {
      token: mine.a.token,
      input: { id: theirSession },
    });
    expect(viaTrpc.status).toBe(404);
    expect((await profile(theirs.a.token)).status).toBe(200);
    expect((await profile(theirs.b.token)).status).toBe(200);
  });
});

describe('POST /api/auth/logout-all', () => {
  it('ends all sessions, or all but this one with keep_current', async () => {
    const { username, a, b } = await twoSessions();
    const kept = await t.api('POST', '/api/auth/logout-all', {
      token: a.token,
      body: { keep_current: true },
    });
    expect(kept.status).toBe(200);
    expect(kept.body.ended).toBe(2); // b and the sign-up session
    expect((await profile(a.token)).status).toBe(200);
    expect((await profile(b.token)).status).toBe(401);

    const c = (await login(t, username, STRONG_PASSWORD)).body;
    const all = await trpc(t, 'mutation', 'auth.logoutAll', { token: c.token, input: {} });
    expect(all.data).toEqual({ ended: 2 });
    expect((await profile(a.token)).status).toBe(401);
    expect((await profile(c.token)).status).toBe(401);
  });
});

describe('POST /api/auth/change-password', () => {
  it('needs the current password, applies the policy, ends every other session and keeps this one', async () => {
    const { username, a, b } = await twoSessions();
    const wrong = await t.api('POST', '/api/auth/change-password', {
      token: a.token,
      body: { current_password: 'not my password at all', new_password: NEW_PASSWORD },
    });
    expect(wrong.status).toBe(401);
    const weak = await t.api('POST', '/api/auth/change-password', {
      token: a.token,
      body: { current_password: STRONG_PASSWORD, new_password: 'password' },
    });
    expect(weak.status).toBe(400);
    expect(weak.body.reason).toBe('WEAK_PASSWORD');

    const ok = await t.api('POST', '/api/auth/change-password', {
      token: a.token,
      body: { current_password: STRONG_PASSWORD, new_password: NEW_PASSWORD },
    });
    expect(ok.status).toBe(200);
    expect((await profile(a.token)).status).toBe(200);
    expect((await profile(b.token)).status).toBe(401);
    expect((await login(t, username, STRONG_PASSWORD)).status).toBe(401);
    expect((await login(t, username, NEW_PASSWORD)).status).toBe(200);
  });

  it('is throttled like sign-in', async () => {
    const { a } = await twoSessions();
    const statuses: number[] = [];
    for (let i = 0; i < t.config.auth.loginMaxFailuresPerAccount + 1; i++) {
      const res = await trpc(t, 'mutation', 'auth.changePassword', {
        token: a.token,
        input: { current_password: `wrong guess ${i}`, new_password: NEW_PASSWORD },
      });
      statuses.push(res.status);
    }
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.slice(0, -1).every((s) => s === 401)).toBe(true);
  });

  it('racing a refresh of another session: that session ends either way', async () => {
    for (let round = 0; round < 5; round++) {
      const { a, b } = await twoSessions();
      const [, refreshed] = await Promise.all([
        t.api('POST', '/api/auth/change-password', {
          token: a.token,
          body: { current_password: STRONG_PASSWORD, new_password: NEW_PASSWORD },
        }),
        t.api('POST', '/api/auth/refresh', { body: { refresh_token: b.refresh_token } }),
      ]);
      // Whoever won, nothing from session b works afterwards.
      if (refreshed.status === 200) {
        expect((await profile(refreshed.body.token)).status).toBe(401);
        const again = await t.api('POST', '/api/auth/refresh', {
          body: { refresh_token: refreshed.body.refresh_token },
        });
        expect(again.status).toBe(401);
      } else {
        expect(refreshed.status).toBe(401);
      }
      expect((await profile(b.token)).status).toBe(401);
      expect((await profile(a.token)).status).toBe(200);
    }
  });
});

describe('banned users', () => {
  it('cannot change their password or manage sessions', async () => {
    const { a } = await twoSessions();
    await ban(t, a.user.id);
    await waitFor(async () => (await profile(a.token)).status === 403, 'the ban');
    expect((await t.api('GET', '/api/auth/sessions', { token: a.token })).status).toBe(403);
    expect((await t.api('POST', '/api/auth/logout-all', { token: a.token, body: {} })).status).toBe(403);
    const change = await t.api('POST', '/api/auth/change-password', {
      token: a.token,
      body: { current_password: STRONG_PASSWORD, new_password: NEW_PASSWORD },
    });
    expect(change.status).toBe(403);
  });
});
