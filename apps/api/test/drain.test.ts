import { Agent, request } from 'node:http';
import { freePort } from '@wbn/core/testing/free-port';
import { createTestRuntime, type TestRuntime } from '@wbn/core/testing/test-runtime';
import { waitFor } from '@wbn/core/testing/wait';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startChild, waitForReady } from './child-process.ts';

let runtime: TestRuntime;
beforeAll(async () => {
  runtime = await createTestRuntime();
});
afterAll(async () => runtime?.close());

interface Answer {
  status: number;
  connection: string | undefined;
  retryAfter: string | undefined;
  body: string;
}

/** One request on a keep-alive agent; resolves with the answer or the network error's code. */
function get(port: number, agent: Agent): Promise<Answer | string> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/api/content/modules', agent }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          connection: res.headers.connection,
          retryAfter: res.headers['retry-after'] as string | undefined,
          body,
        }),
      );
      res.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    req.end();
  });
}

it('on SIGTERM under load: answers every accepted request (2xx, or 503 in the documented shape with Connection: close), resets none, exits 0', async () => {
  const port = await freePort();
  const api = startChild('api', {
    DATABASE_URL: runtime.databaseUrl,
    PORT: String(port),
    METRICS_PORT: 'off',
  });
  await waitForReady(`http://127.0.0.1:${port}`, api);

  const agent = new Agent({ keepAlive: true, maxSockets: 8 });
  const answers: (Answer | string)[] = [];
  let stopped = false;
  const loops = Array.from({ length: 8 }, async () => {
    while (!stopped) {
      const answer = await get(port, agent);
      answers.push(answer);
      // Once nothing accepts connections any more, this client is done.
      if (answer === 'ECONNREFUSED') return;
    }
  });
  await waitFor(() => answers.length >= 40, 'requests before the signal');
  const beforeSignal = answers.length;
  api.process.kill('SIGTERM');
  const code = await api.exited;
  stopped = true;
  await Promise.all(loops);
  agent.destroy();

  expect(code).toBe(0);
  const afterSignal = answers.slice(beforeSignal);
  const failures = afterSignal.filter((a): a is string => typeof a === 'string');
  // Refused connections were never accepted; anything else (ECONNRESET, socket hang up) was dropped.
  expect(failures.filter((f) => f !== 'ECONNREFUSED')).toEqual([]);
  const answered = afterSignal.filter((a): a is Answer => typeof a !== 'string');
  expect(answered.every((a) => a.status === 200 || a.status === 503)).toBe(true);
  const late = answered.filter((a) => a.status === 503);
  expect(late.length).toBeGreaterThan(0);
  for (const answer of late) {
    expect(JSON.parse(answer.body)).toEqual({ code: 'UNAVAILABLE', message: expect.any(String) });
    expect(answer.connection).toBe('close');
    expect(answer.retryAfter).toBe('1');
  }
}, 60_000);
