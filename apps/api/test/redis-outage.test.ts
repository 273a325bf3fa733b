import { freePort } from '@wbn/core/testing/free-port';
import { type PrivateRedis, startPrivateRedis } from '@wbn/core/testing/redis';
import { createTestRuntime, type TestRuntime } from '@wbn/core/testing/test-runtime';
import { waitFor } from '@wbn/core/testing/wait';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type ChildApp, startChild, waitForReady } from './child-process.ts';

/**
 * The API as its own process with Redis (a redis-server this file owns) holding rate-limit counters
 * and caches. Redis dies: requests keep answering at once, rate limits keep applying per process, the
 * outage is logged once; Redis returns: the counters go back to it. A shared Redis cannot stand in
 * (the test stops it): without a `redis-server` binary the test reports itself skipped with the reason.
 */
const GLOBAL_MAX = 25;
const AUTH_MAX = 3;
let runtime: TestRuntime;
let redis: PrivateRedis | { missing: string };
let api: ChildApp;
let baseUrl: string;

beforeAll(async () => {
  redis = await startPrivateRedis();
  if ('missing' in redis) return;
  runtime = await createTestRuntime();
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  api = startChild('api', {
    DATABASE_URL: runtime.databaseUrl,
    PORT: String(port),
    REDIS_URL: redis.url,
    RATE_LIMIT: 'on',
    RATE_LIMIT_GLOBAL_MAX: String(GLOBAL_MAX),
    RATE_LIMIT_AUTH_MAX: String(AUTH_MAX),
    MIGRATE_ON_START: 'false',
  });
  await waitForReady(baseUrl, api);
}, 60_000);
afterAll(async () => {
  await api?.stop();
  if (redis && !('missing' in redis)) await redis.stop();
  await runtime?.close();
});

async function timedGet(path: string) {
  const started = performance.now();
  const response = await fetch(`${baseUrl}${path}`);
  await response.arrayBuffer();
  return {
    status: response.status,
    ms: performance.now() - started,
    remaining: Number(response.headers.get('x-ratelimit-remaining')),
  };
}

/** A sign-in with wrong credentials: under the strict budget of the procedures marked `rateLimit: 'auth'`. */
async function timedLogin() {
  const started = performance.now();
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'nobody_here', password: 'wrong-password-123' }),
  });
  await response.arrayBuffer();
  return { status: response.status, ms: performance.now() - started };
}

async function counterKeysInRedis(url: string): Promise<string[]> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0 });
  try {
    await client.connect();
    return await client.keys('wbn-rate-global-*');
  } finally {
    client.disconnect();
  }
}

const OUTAGE_ANSWER_BOUND_MS = 2500;

it('keeps answering without Redis, limits per process meanwhile, and returns to Redis', async (context) => {
  if ('missing' in redis)
    return context.skip(`${redis.missing}: this test stops its Redis, so it needs redis-server on PATH`);
  const redisUrl = redis.url;
  expect((await timedGet('/api/content/modules')).status).toBe(200);
  // The API connects to Redis in the background (counting in-process until then): once it has, the
  // counters live in Redis. A request per poll, so this usually takes one or two.
  await waitFor(
    async () =>
      (await counterKeysInRedis(redisUrl)).length > 0 || void (await timedGet('/api/content/modules')),
    "the API's rate-limit counters to reach Redis",
    3_000,
  );

  await redis.stop();
  // Every request during the outage answers quickly and is still counted (in this process).
  const during = [];
  for (let i = 0; i <= GLOBAL_MAX; i++) during.push(await timedGet('/api/content/modules'));
  expect(during.filter((r) => r.status !== 200 && r.status !== 429)).toEqual([]);
  // Bounded timeouts: well under the ~4 s an unbounded client spends retrying, loose enough for a loaded machine.
  expect(Math.max(...during.map((r) => r.ms))).toBeLessThan(OUTAGE_ANSWER_BOUND_MS);
  expect(during.at(-1)?.status).toBe(429);
  // The strict sign-in budget falls back too: refused past AUTH_MAX, at once, never a 500.
  const logins = [];
  for (let i = 0; i <= AUTH_MAX; i++) logins.push(await timedLogin());
  expect(logins.map((r) => r.status)).toEqual([...Array(AUTH_MAX).fill(401), 429]);
  expect(Math.max(...logins.map((r) => r.ms))).toBeLessThan(OUTAGE_ANSWER_BOUND_MS);
  expect((await fetch(`${baseUrl}/readyz`)).status).toBe(200);

  const outageLines = api
    .lines()
    .filter((line) => line.msg === 'redis unavailable; falling back until it is back');
  // One line per connection (rate limits and each cache), not one per request.
  expect(outageLines.length).toBeGreaterThan(0);
  expect(outageLines.length).toBeLessThanOrEqual(3);

  await redis.start();
  await waitFor(
    () => api.lines().some((line) => line.msg === 'redis is back'),
    'the API to reconnect',
    10_000,
  );
  // Back on Redis: a fresh shared counter there, not the exhausted one of this process.
  const back = await timedGet('/api/content/modules');
  expect(back.status).toBe(200);
  expect(await counterKeysInRedis(redis.url)).not.toEqual([]);
}, 30_000);
