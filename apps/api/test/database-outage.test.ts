import { randomUUID } from 'node:crypto';
import { freePort } from '@wbn/core/testing/free-port';
import { startTemporaryPostgres, type TemporaryPostgres } from '@wbn/core/testing/temporary-postgres';
import { waitFor } from '@wbn/core/testing/wait';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { type ChildApp, startChild, waitForReady } from './child-process.ts';
import { startSmtpSink } from './smtp-sink.ts';

/**
 * The API as its own process against a PostgreSQL this file owns, restarted under concurrent load:
 * the process survives, answers 503 UNAVAILABLE with Retry-After while the database is away, serves
 * again as soon as it is back, and every write it confirmed is in the database.
 */
let database: TemporaryPostgres;
let api: ChildApp;
let baseUrl: string;

beforeAll(async () => {
  database = await startTemporaryPostgres();
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  api = startChild('api', { DATABASE_URL: database.url, PORT: String(port), MIGRATE_ON_START: 'true' });
  await waitForReady(baseUrl, api);
}, 60_000);
afterEach(async () => {
  // A test that failed while the database was down must not leave it down for the next one.
  await database?.start();
});
afterAll(async () => {
  await api?.stop();
  await database?.close();
});

interface Outcome {
  via: 'rest' | 'trpc' | 'signup';
  requestId: string;
  status: number;
  retryAfter: string | null;
  body: any;
}

async function call(via: Outcome['via'], token: string): Promise<Outcome> {
  const requestId = `fault-${randomUUID()}`;
  const input = { anxiety_level: 5, triggers: ['outage'], timestamp: new Date().toISOString() };
  const [path, body] =
    via === 'rest'
      ? ['/api/checkin', input]
      : via === 'trpc'
        ? ['/trpc/checkin.create', input]
        : [
            '/api/auth/signup',
            { username: `fault_${randomUUID().slice(0, 8)}`, password: 'correct horse battery staple 42' },
          ];
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
      'x-request-id': requestId,
    },
    body: JSON.stringify(body),
  }).catch(() => undefined);
  // A reset or refused connection: the process died or dropped the request.
  if (!response) return { via, requestId, status: 0, retryAfter: null, body: undefined };
  expect(response.headers.get('x-request-id')).toBe(requestId);
  return {
    via,
    requestId,
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    body: await response.json(),
  };
}

/** Writers on every path (REST, tRPC, a multi-statement transaction) until told to stop. */
function startLoad(token: string) {
  const outcomes: Outcome[] = [];
  let running = true;
  const loops = (['rest', 'trpc', 'signup', 'rest', 'trpc', 'signup'] as const).map(async (via) => {
    while (running) outcomes.push(await call(via, token));
  });
  return {
    outcomes,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

const checkinId = (o: Outcome) => (o.via === 'rest' ? o.body.id : o.body.result?.data?.id);
const errorBody = (o: Outcome) => (o.via === 'trpc' ? o.body.error?.data?.error : o.body);

it('survives a database restart under load: 503 UNAVAILABLE while down, 2xx after, nothing confirmed is lost', async () => {
  const signup = await call('signup', '');
  expect(signup.status).toBe(201);
  const token = signup.body.token as string;
  const load = startLoad(token);
  const seen = (predicate: (o: Outcome) => boolean) => () => {
    if (api.process.exitCode !== null) throw new Error(`the API exited with ${api.process.exitCode}`);
    return load.outcomes.some(predicate);
  };

  await waitFor(
    seen((o) => o.status < 300 && o.via === 'rest'),
    'writes before the outage',
  );
  await database.stop();
  const downAt = load.outcomes.length;
  await waitFor(
    seen((o) => o.status === 503 && o.via === 'rest'),
    'a REST 503',
  );
  await waitFor(
    seen((o) => o.status === 503 && o.via === 'trpc'),
    'a tRPC 503',
  );
  expect((await fetch(`${baseUrl}/readyz`)).status).toBe(503);

  await database.start();
  const backAt = Date.now();
  const upAt = load.outcomes.length;
  await waitFor(
    () => load.outcomes.slice(upAt).some((o) => o.status < 300 && o.via !== 'signup'),
    'writes after the restart',
  );
  const recoveredMs = Date.now() - backAt;
  await waitFor(
    seen((o) => o.status < 300 && o.via === 'signup' && load.outcomes.indexOf(o) > upAt),
    'a sign-up after',
  );
  await load.stop();

  expect(api.process.exitCode).toBeNull();
  expect(recoveredMs).toBeLessThan(3000);
  const { outcomes } = load;
  expect(outcomes.length).toBeGreaterThan(downAt);
  // Only successes and 503s: no 500 for an outage.
  expect(
    outcomes.filter((o) => o.status >= 300 && o.status !== 503).map((o) => [o.via, o.status, o.body]),
  ).toEqual([]);
  for (const failed of outcomes.filter((o) => o.status === 503)) {
    expect(errorBody(failed)).toEqual({ code: 'UNAVAILABLE', message: expect.any(String) });
    expect(Number(failed.retryAfter)).toBeGreaterThan(0);
  }

  // Every write that was confirmed is durable; none of the refused ones is (a refused sign-up
  // committed would leave a user the client believes does not exist).
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const confirmed = outcomes.filter((o) => o.status < 300 && o.via !== 'signup').map(checkinId);
    const { rows } = await client.query('SELECT id FROM checkins WHERE id = ANY($1::uuid[])', [confirmed]);
    expect(rows.length).toBe(confirmed.length);
    const refusedNames = outcomes.filter((o) => o.via === 'signup' && o.status === 503).length;
    expect(refusedNames).toBeGreaterThan(0);
  } finally {
    await client.end();
  }

  // Each 503 was logged once, under the request id the client sent, with its route template and
  // the database error's class (not the wrappers around it).
  const failureLines = api.lines().filter((line) => line.msg === 'request failed');
  const unavailable = outcomes.filter((o) => o.status === 503);
  const loggedIds = failureLines.map((line) => line.reqId);
  expect(loggedIds.filter((id) => unavailable.some((o) => o.requestId === id)).length).toBe(
    unavailable.length,
  );
  expect(new Set(loggedIds).size).toBe(loggedIds.length);
  const routes = { rest: '/api/checkin', trpc: '/trpc/checkin.create', signup: '/api/auth/signup' };
  for (const failed of unavailable) {
    const line = failureLines.find((l) => l.reqId === failed.requestId);
    expect(line?.route).toBe(routes[failed.via]);
    expect(line?.errorClass).toMatch(/^(?!TRPCError$|AppError$)\w+$/);
  }
}, 60_000);

it('the worker survives a database restart and mails what was asked for after it, under the request id', async () => {
  const smtp = await startSmtpSink();
  const worker = startChild('worker', {
    DATABASE_URL: database.url,
    SMTP_URL: smtp.url,
    NOTIFY_TICK_CRON: 'off',
  });
  try {
    const email = `fault-${randomUUID().slice(0, 8)}@example.com`;
    const signup = await fetch(`${baseUrl}/api/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        username: `fault_${randomUUID().slice(0, 8)}`,
        password: 'correct horse battery staple 42',
        email,
      }),
    });
    expect(signup.status).toBe(201);
    // Only a confirmed address receives reset codes; the confirmation flow has tests of its own.
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    await client.query('UPDATE users SET email_verified_at = now() WHERE email = $1', [email]);
    await client.end();
    const askForReset = async (requestId: string) => {
      const response = await fetch(`${baseUrl}/api/auth/reset-password-request`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': requestId },
        body: JSON.stringify({ email }),
      }).catch(() => undefined);
      return response?.status;
    };
    const mailedUnder = (requestId: string) => () => {
      if (worker.process.exitCode !== null)
        throw new Error(`the worker exited with ${worker.process.exitCode}`);
      return worker
        .lines()
        .some((line) => line.reqId === requestId && line.msg === 'password reset code mailed');
    };

    expect(await askForReset('reset-before')).toBe(200);
    await waitFor(mailedUnder('reset-before'), 'the worker to mail the first code');
    expect(smtp.received.filter((mail) => mail.to.includes(email))).toHaveLength(1);

    await database.stop();
    // The worker's own connections notice the outage (pg-boss polls, the pool's clients drop).
    await waitFor(
      () => worker.lines().some((line) => line.level === 50 || line.level === 40),
      'the worker to notice',
    );
    await database.start();
    const after = `reset-after-${randomUUID()}`;
    await waitFor(async () => (await askForReset(after)) === 200, 'the API to accept a reset request again');
    await waitFor(mailedUnder(after), 'the worker to mail the code asked for after the restart');
    expect(smtp.received.filter((mail) => mail.to.includes(email))).toHaveLength(2);
    expect(worker.process.exitCode).toBeNull();
  } finally {
    await worker.stop();
    await smtp.close();
  }
}, 60_000);
