import { TEST_SECRETS } from '@wbn/core/testing/test-runtime';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, STRONG_PASSWORD, type TestApp, uniqueName } from './test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

describe('POST /api/auth/signup', () => {
  it('creates an account and answers 201 with tokens and the spec fields', async () => {
    const username = uniqueName('sam');
    const res = await t.api('POST', '/api/auth/signup', {
      body: {
        username,
        password: STRONG_PASSWORD,
        email: `${username}@example.org`,
        demographics: { age_range: '25-34' },
      },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      token: expect.any(String),
      refresh_token: expect.any(String),
      token_type: 'Bearer',
      user: {
        username,
        email: `${username}@example.org`,
        demographics: { age_range: '25-34' },
        is_premium: false,
        is_moderator: false,
      },
    });
    expect(res.body.user.pseudonym).toMatch(/^[A-Z][a-z]+-[A-Z][a-z]+-\d{4}$/);
    expect(res.body.user.pseudonym.toLowerCase()).not.toContain(username.toLowerCase());
    expect(res.body.user).not.toHaveProperty('password_hash');
  });

  it('ignores privileged fields in the body (no mass assignment)', async () => {
    const res = await t.api('POST', '/api/auth/signup', {
      body: {
        username: uniqueName(),
        password: STRONG_PASSWORD,
        is_premium: true,
        is_moderator: true,
        is_banned: true,
      },
    });
    expect(res.status).toBe(201);
    expect(res.body.user).toMatchObject({ is_premium: false, is_moderator: false });
    const profile = await t.api('GET', '/api/user/profile', { token: res.body.token });
    expect(profile.status).toBe(200);
  });

  it('refuses a taken username with 409, whatever its case', async () => {
    const username = uniqueName('Dup');
    await t.signup(username);
    const res = await t.api('POST', '/api/auth/signup', {
      body: { username: username.toUpperCase(), password: STRONG_PASSWORD },
    });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'CONFLICT', reason: 'USERNAME_TAKEN' });
  });

  it.each([
    ['empty', ''],
    ['short', 'abc12'],
    ['common', 'password123'],
  ])('refuses a weak password (%s) with 400 naming the field', async (_label, password) => {
    const res = await t.api('POST', '/api/auth/signup', { body: { username: uniqueName(), password } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION');
    expect(res.body.issues.map((i: { path: string }) => i.path)).toContain('password');
  });

  it('answers malformed JSON and wrong types with 400, never 500', async () => {
    const malformed = await t.api('POST', '/api/auth/signup', { body: '{"username": "x", ' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('VALIDATION');
    const wrongTypes = await t.api('POST', '/api/auth/signup', { body: { username: 42, password: ['a'] } });
    expect(wrongTypes.status).toBe(400);
    expect(new Set(wrongTypes.body.issues.map((i: { path: string }) => i.path))).toEqual(
      new Set(['password', 'username']),
    );
    const notJson = await t.api('POST', '/api/auth/signup', {
      body: 'username=x',
      headers: { 'content-type': 'text/plain' },
    });
    expect(notJson.status).toBe(415);
  });

  it('refuses a body over the limit with 413', async () => {
    const res = await t.api('POST', '/api/auth/signup', {
      body: {
        username: uniqueName(),
        password: STRONG_PASSWORD,
        demographics: { note: 'x'.repeat(1_100_000) },
      },
    });
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
  });
});

describe('POST /api/auth/login', () => {
  it('signs in with the right password and refuses a wrong one with 401', async () => {
    const username = uniqueName();
    await t.signup(username);
    const ok = await t.api('POST', '/api/auth/login', { body: { username, password: STRONG_PASSWORD } });
    expect(ok.status).toBe(200);
    expect(ok.body.user.username).toBe(username);
    const wrong = await t.api('POST', '/api/auth/login', {
      body: { username, password: 'not the password' },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.reason).toBe('INVALID_CREDENTIALS');
    const unknown = await t.api('POST', '/api/auth/login', {
      body: { username: uniqueName('ghost'), password: 'whatever1' },
    });
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
  });

  it('throttles an account after repeated failures with 429 and Retry-After', async () => {
    const username = uniqueName();
    await t.signup(username);
    for (let i = 0; i < t.config.auth.loginMaxFailuresPerAccount; i++) {
      await t.api('POST', '/api/auth/login', { body: { username, password: `wrong-${i}-password` } });
    }
    const res = await t.api('POST', '/api/auth/login', { body: { username, password: STRONG_PASSWORD } });
    expect(res.status).toBe(429);
    // The clock stood still since the first failure: the whole window is left.
    expect(res.headers['retry-after']).toBe(String(t.config.auth.loginFailureWindowSeconds));
    // Not a permanent lockout: the window passes.
    t.clock.advance((t.config.auth.loginFailureWindowSeconds + 1) * 1000);
    const later = await t.api('POST', '/api/auth/login', { body: { username, password: STRONG_PASSWORD } });
    expect(later.status).toBe(200);
  });

  it('cannot be raced: parallel guesses share one budget', async () => {
    const username = uniqueName();
    await t.signup(username);
    const max = t.config.auth.loginMaxFailuresPerAccount;
    const results = await Promise.all(
      Array.from({ length: max * 3 }, (_, i) =>
        t.api('POST', '/api/auth/login', { body: { username, password: `parallel-guess-${i}` } }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(max);
    expect(statuses.filter((s) => s === 429)).toHaveLength(max * 2);
  });

  it('refuses a banned user with 403 ACCOUNT_BANNED, and their live token at once', async () => {
    const username = uniqueName();
    const { token } = await t.signup(username);
    await t.db.updateTable('users').set({ is_banned: true }).where('username', '=', username).execute();
    const login = await t.api('POST', '/api/auth/login', { body: { username, password: STRONG_PASSWORD } });
    expect(login.status).toBe(403);
    expect(login.body.reason).toBe('ACCOUNT_BANNED');
    const live = await t.api('GET', '/api/user/profile', { token });
    expect(live.status).toBe(403);
  });
});

describe('access tokens', () => {
  const key = new TextEncoder().encode(TEST_SECRETS.JWT_SECRET);
  async function forge(overrides: {
    alg?: string;
    aud?: string;
    exp?: number;
    secret?: Uint8Array;
    sid?: string;
    sub?: string;
  }) {
    const { user, token } = await t.signup();
    const sid = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()).sid;
    const now = Math.floor(t.clock.now().getTime() / 1000);
    return new SignJWT({ sid: overrides.sid ?? sid })
      .setProtectedHeader({ alg: overrides.alg ?? 'HS256' })
      .setSubject(overrides.sub ?? user.id)
      .setIssuer(t.config.auth.issuer)
      .setAudience(overrides.aud ?? t.config.auth.audience)
      .setIssuedAt(now)
      .setExpirationTime(overrides.exp ?? now + 600)
      .sign(overrides.secret ?? key);
  }

  it('accepts a correctly forged token (the control for the cases below)', async () => {
    expect((await t.api('GET', '/api/user/profile', { token: await forge({}) })).status).toBe(200);
  });

  it.each([
    ['missing', async () => undefined],
    ['garbage', async () => 'not.a.jwt'],
    ['expired', async () => forge({ exp: Math.floor(t.clock.now().getTime() / 1000) - 120 })],
    ['wrong audience', async () => forge({ aud: 'someone-else' })],
    ['wrong key', async () => forge({ secret: new TextEncoder().encode('x'.repeat(48)) })],
    ['HS512', async () => forge({ alg: 'HS512' })],
    [
      'tampered',
      async () => {
        const token = await forge({});
        const [h, p, s] = token.split('.');
        const payload = JSON.parse(Buffer.from(p ?? '', 'base64url').toString());
        payload.sub = crypto.randomUUID();
        return `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
      },
    ],
    [
      'alg none',
      async () => {
        const token = await forge({});
        const payload = token.split('.')[1];
        return `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload}.`;
      },
    ],
  ])('refuses a %s token with 401', async (_label, make) => {
    const token = await make();
    const res = await t.api('GET', '/api/user/profile', token ? { token } : {});
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('UNAUTHORIZED');
  });

  it('checks the token before the body: no token and a bad body is still 401', async () => {
    const res = await t.api('PUT', '/api/user/profile', { body: { email: 'not-an-email' } });
    expect(res.status).toBe(401);
  });

  it('reads premium and moderator flags from the database on every request', async () => {
    const username = uniqueName();
    const { token } = await t.signup(username);
    await t.core.users.setRole(username, 'premium', true);
    await t.core.users.setRole(username, 'moderator', true);
    const profile = await t.api('GET', '/api/user/profile', { token });
    expect(profile.body).toMatchObject({ is_premium: true, is_moderator: true });
  });
});

describe('refresh and logout', () => {
  it('rotates refresh tokens, and a reused one revokes the whole family', async () => {
    const first = await t.signup();
    const second = await t.api('POST', '/api/auth/refresh', { body: { refresh_token: first.refresh_token } });
    expect(second.status).toBe(200);
    expect(second.body.refresh_token).not.toBe(first.refresh_token);
    expect((await t.api('GET', '/api/user/profile', { token: second.body.token })).status).toBe(200);

    const replay = await t.api('POST', '/api/auth/refresh', { body: { refresh_token: first.refresh_token } });
    expect(replay.status).toBe(401);
    // The legitimate holder's newer tokens die with the family.
    const next = await t.api('POST', '/api/auth/refresh', {
      body: { refresh_token: second.body.refresh_token },
    });
    expect(next.status).toBe(401);
    expect((await t.api('GET', '/api/user/profile', { token: second.body.token })).status).toBe(401);
  });

  const refresh = (app: TestApp, refresh_token: string) =>
    app.api('POST', '/api/auth/refresh', { body: { refresh_token } });

  it('refuses a refresh token past its own expiry, even while its session lives', async () => {
    const { user, refresh_token } = await t.signup();
    const now = t.clock.now();
    await t.db
      .updateTable('sessions')
      .set({ expires_at: new Date(now.getTime() + 86_400_000) })
      .where('user_id', '=', user.id)
      .execute();
    await t.db
      .updateTable('refresh_tokens')
      .set({ expires_at: new Date(now.getTime() - 1000) })
      .where('user_id', '=', user.id)
      .execute();
    const res = await refresh(t, refresh_token);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('UNAUTHORIZED');
  });

  it('refuses a refresh token whose session has ended, even while the token itself lives', async () => {
    const { user, refresh_token } = await t.signup();
    const now = t.clock.now();
    await t.db
      .updateTable('sessions')
      .set({ expires_at: new Date(now.getTime() - 1000) })
      .where('user_id', '=', user.id)
      .execute();
    await t.db
      .updateTable('refresh_tokens')
      .set({ expires_at: new Date(now.getTime() + 86_400_000) })
      .where('user_id', '=', user.id)
      .execute();
    expect((await refresh(t, refresh_token)).status).toBe(401);
  });

  it('ends a session REFRESH_TOKEN_TTL_DAYS after sign-in, however often it was refreshed', async () => {
    // Its own app: the clock jumps a month, which would expire the tokens of tests sharing `t`.
    const app = await createTestApp({ env: { REFRESH_TOKEN_TTL_DAYS: '30' } });
    try {
      let { refresh_token } = await app.signup();
      for (let day = 10; day < 30; day += 10) {
        app.clock.advance(10 * 86_400_000);
        const refreshed = await refresh(app, refresh_token);
        expect(refreshed.status).toBe(200);
        refresh_token = refreshed.body.refresh_token;
      }
      app.clock.advance(10 * 86_400_000 + 60_000); // day 30 and a minute
      const expired = await refresh(app, refresh_token);
      expect(expired.status).toBe(401);
      expect(expired.body.code).toBe('UNAUTHORIZED');
    } finally {
      await app.close();
    }
  });

  it('refuses to refresh for a banned user with 403 ACCOUNT_BANNED', async () => {
    const { user, refresh_token } = await t.signup();
    await t.db.updateTable('users').set({ is_banned: true }).where('id', '=', user.id).execute();
    const res = await refresh(t, refresh_token);
    expect(res.status).toBe(403);
    expect(res.body.reason).toBe('ACCOUNT_BANNED');
  });

  it('logout ends the session at once', async () => {
    const { token, refresh_token } = await t.signup();
    const out = await t.api('POST', '/api/auth/logout', { token, body: {} });
    expect(out.status).toBe(200);
    expect((await t.api('GET', '/api/user/profile', { token })).status).toBe(401);
    expect((await t.api('POST', '/api/auth/refresh', { body: { refresh_token } })).status).toBe(401);
  });
});
