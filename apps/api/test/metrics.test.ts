import { randomUUID } from 'node:crypto';
import { createLogger } from '@wbn/core/logger';
import { startMetricsServer } from '@wbn/core/metrics/metrics-server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const COUNT = 'wbn_http_request_duration_seconds_count';

/** The value of one sample in Prometheus text, 0 when the series does not exist yet. */
async function sample(name: string, labels: Record<string, string>): Promise<number> {
  const text = await t.metrics.registry.metrics();
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  const line = text
    .split('\n')
    .find((l) => l.startsWith(`${name}{`) && wanted.every((label) => l.includes(label)));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

it('counts each request in the duration histogram, by route template and status', async () => {
  const labels = { method: 'GET', route: '/healthz', status: '200' };
  const before = await sample('wbn_http_request_duration_seconds_count', labels);
  expect((await t.api('GET', '/healthz')).status).toBe(200);
  expect(await sample('wbn_http_request_duration_seconds_count', labels)).toBe(before + 1);

  const notFound = { method: 'GET', route: 'unmatched', status: '404' };
  const missesBefore = await sample('wbn_http_request_duration_seconds_count', notFound);
  await t.api('GET', `/no/such/${Date.now()}`);
  expect(await sample('wbn_http_request_duration_seconds_count', notFound)).toBe(missesBefore + 1);
});

it('labels a REST answer with its route template and its real status', async () => {
  const { token } = await t.signup();
  const created = { method: 'POST', route: '/api/checkin', status: '201' };
  const history = { method: 'GET', route: '/api/checkin/history', status: '200' };
  const entry = { method: 'GET', route: '/api/checkin/entries/:id', status: '200' };
  const missing = { method: 'GET', route: '/api/checkin/entries/:id', status: '404' };
  const before = await Promise.all([created, history, entry, missing].map((l) => sample(COUNT, l)));

  const res = await t.api('POST', '/api/checkin', {
    token,
    body: { anxiety_level: 3, triggers: ['metrics'], timestamp: new Date().toISOString() },
  });
  expect(res.status).toBe(201);
  expect((await t.api('GET', '/api/checkin/history', { token })).status).toBe(200);
  expect((await t.api('GET', `/api/checkin/entries/${res.body.id}`, { token })).status).toBe(200);
  expect((await t.api('GET', `/api/checkin/entries/${randomUUID()}`, { token })).status).toBe(404);

  const after = await Promise.all([created, history, entry, missing].map((l) => sample(COUNT, l)));
  expect(after).toEqual(before.map((n) => n + 1));
});

it('moves the queue gauges when a job is enqueued', async () => {
  const labels = { queue: 'password-reset', state: 'created' };
  const before = await sample('wbn_queue_jobs', labels);
  const res = await t.api('POST', '/api/auth/reset-password-request', {
    body: { email: 'metrics@example.com' },
  });
  expect(res.status).toBe(200);
  expect(await sample('wbn_queue_jobs', labels)).toBe(before + 1);
});

it('reports the pool, the session cache, the process and the event loop', async () => {
  const { token } = await t.signup();
  await t.api('GET', '/api/checkin/history', { token });
  const text = await t.metrics.registry.metrics();
  for (const name of [
    'wbn_db_pool_connections',
    'wbn_db_pool_idle',
    'wbn_db_pool_waiting',
    'wbn_session_cache_lookups_total{result="miss"}',
    'wbn_http_requests_in_flight',
    'wbn_process_resident_memory_bytes',
    'wbn_nodejs_heap_size_used_bytes',
    'wbn_nodejs_eventloop_lag_p99_seconds',
  ]) {
    expect(text).toContain(name);
  }
  expect(await sample('wbn_session_cache_lookups_total', { result: 'miss' })).toBeGreaterThan(0);
});

it('serves the Prometheus text on its own port, and nothing else there', async () => {
  const server = await startMetricsServer({
    metrics: t.metrics,
    host: '127.0.0.1',
    port: 0,
    logger: createLogger({ level: 'silent' }),
  });
  try {
    if (!server.url) throw new Error('metrics server did not start');
    const response = await fetch(server.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    expect(await response.text()).toContain('# TYPE wbn_http_request_duration_seconds histogram');
    expect((await fetch(server.url.replace('/metrics', '/'))).status).toBe(404);
  } finally {
    await server.close();
  }
});
