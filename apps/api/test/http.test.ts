import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restProcedures, strictlyLimitedPaths } from '../src/http/procedures.ts';
import { strictCallsInTrpcUrl } from '../src/http/rate-limit.ts';
import { appRouter } from '../src/router.ts';
import { createTestApp, STRONG_PASSWORD, type TestApp, uniqueName } from './test-app.ts';

describe('HTTP surface', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      env: {
        RATE_LIMIT: 'on',
        RATE_LIMIT_AUTH_MAX: '3',
        RATE_LIMIT_GLOBAL_MAX: '1000',
        CORS_ORIGINS: 'https://app.example.org',
      },
    });
  });
  afterAll(async () => t?.close());

  it('limits the auth doors strictly per IP: 429 with Retry-After and the JSON error body', async () => {
    const attempt = () =>
      t.api('POST', '/api/auth/login', { body: { username: uniqueName(), password: 'whatever-123' } });
    for (let i = 0; i < 3; i++) expect((await attempt()).status).toBe(401);
    const limited = await attempt();
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(t.config.http.rateLimit.authWindowSeconds);
    expect(limited.body.code).toBe('RATE_LIMITED');
    // The same procedure over tRPC shares the limit.
    const viaTrpc = await t.app.inject({
      method: 'POST',
      url: '/trpc/auth.login',
      payload: { username: 'x', password: 'y' },
    });
    expect(viaTrpc.statusCode).toBe(429);
    // Other routes are only under the (much larger) global limit.
    expect((await t.api('GET', '/healthz')).status).toBe(200);
    // A forged X-Forwarded-For buys no new budget (no proxy is trusted by default).
    const forged = await t.api('POST', '/api/auth/login', {
      body: { username: uniqueName(), password: 'whatever-123' },
      headers: { 'x-forwarded-for': '198.51.100.77' },
    });
    expect(forged.status).toBe(429);
    // Another address has its own budget.
    const elsewhere = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: '203.0.113.7',
      payload: { username: uniqueName(), password: 'whatever-123' },
    });
    expect(elsewhere.statusCode).toBe(401);
  });

  it('cannot be dodged by spelling the path differently: other spellings are no route at all', async () => {
    const remoteAddress = '203.0.113.50';
    const attempt = (url: string) =>
      t.app.inject({
        method: 'POST',
        url,
        remoteAddress,
        payload: { username: uniqueName(), password: 'whatever-123' },
      });
    for (let i = 0; i < 3; i++) expect((await attempt('/api/auth/login')).statusCode).toBe(401);
    for (const url of [
      '/api/auth/login',
      '/api/AUTH/./login',
      '/api//auth/login/',
      '/api/auth/%6Cogin?x=1',
    ]) {
      expect([404, 429], url).toContain((await attempt(url)).statusCode);
    }
  });

  it('counts every sign-in call of a tRPC batch against the strict budget', () => {
    const strict = new Set(['auth.login', 'auth.signup']);
    expect(strictCallsInTrpcUrl('/trpc/auth.login,auth.login,auth.signup?batch=1', strict)).toBe(3);
    expect(strictCallsInTrpcUrl('/trpc/auth.%6Cogin', strict)).toBe(1);
    expect(strictCallsInTrpcUrl('/trpc/user.profile,checkin.history?batch=1', strict)).toBe(0);
  });

  it('puts a password change under the strict budget: it checks a password too', () => {
    const strict = strictlyLimitedPaths(restProcedures(appRouter));
    expect(strict.has('auth.changePassword')).toBe(true);
    expect(strict.has('auth.sessions')).toBe(false);
    expect(strictCallsInTrpcUrl('/trpc/auth.changePassword,auth.sessions?batch=1', strict)).toBe(1);
  });

  it('sends security headers', async () => {
    const res = await t.api('GET', '/healthz');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['strict-transport-security']).toContain('max-age=');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(res.headers['content-security-policy']).toBeUndefined();
    // Errors and unknown routes carry them too.
    for (const path of ['/api/checkin/history', '/no-such-route']) {
      expect((await t.api('GET', path)).headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('allows CORS only from configured origins', async () => {
    const allowed = await t.api('GET', '/healthz', { headers: { origin: 'https://app.example.org' } });
    expect(allowed.headers['access-control-allow-origin']).toBe('https://app.example.org');
    const other = await t.api('GET', '/healthz', { headers: { origin: 'https://evil.example.com' } });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers unknown routes and wrong methods with a JSON 404', async () => {
    const unknown = await t.api('GET', '/api/nope');
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('NOT_FOUND');
    const wrongMethod = await t.api('PATCH', '/api/user/profile', { body: {} });
    expect(wrongMethod.status).toBe(404);
    expect(wrongMethod.body.code).toBe('NOT_FOUND');
  });
});

describe('RATE_LIMIT=off', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      env: { RATE_LIMIT: 'off', RATE_LIMIT_AUTH_MAX: '1', RATE_LIMIT_GLOBAL_MAX: '1' },
    });
  });
  afterAll(async () => t?.close());

  it('refuses NUL characters anywhere in a body or URL with 400, never a 500', async () => {
    const { token } = await t.signup();
    const inBody = await t.api('POST', '/api/interaction/log', {
      token,
      body: { duration: 5, tool: 'chat\u0000bot', timestamp: new Date().toISOString() },
    });
    expect(inBody.status).toBe(400);
    expect(inBody.body.code).toBe('VALIDATION');
    const nested = await t.api('PUT', '/api/user/profile', {
      token,
      body: { demographics: { 'a\u0000': 'x' } },
    });
    expect(nested.status).toBe(400);
    const inQuery = await t.api('GET', '/api/cbt/entries?type=thought%00record', { token });
    expect(inQuery.status).toBe(400);
  });

  it('turns every limit off', async () => {
    const username = uniqueName();
    await t.signup(username);
    for (let i = 0; i < 5; i++) {
      expect(
        (await t.api('POST', '/api/auth/login', { body: { username, password: STRONG_PASSWORD } })).status,
      ).toBe(200);
    }
  });
});
