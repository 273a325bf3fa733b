import { type ChildProcess, spawn } from 'node:child_process';
import { request } from 'node:http';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { freePort } from '@wbn/core/testing/free-port';
import { createTestRuntime, TEST_SECRETS, type TestRuntime } from '@wbn/core/testing/test-runtime';
import { waitFor } from '@wbn/core/testing/wait';
import { afterAll, beforeAll, expect, it } from 'vitest';

let runtime: TestRuntime;
beforeAll(async () => {
  runtime = await createTestRuntime();
});
afterAll(async () => runtime?.close());

async function waitForReady(port: number, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`API exited early with ${child.exitCode}`);
    const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('API never became ready');
}

/** Whether the port still accepts connections: a server that began closing stops listening first. */
function accepting(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

it('on SIGTERM finishes the request in flight, then exits cleanly', async () => {
  const port = await freePort();
  const child = spawn(process.execPath, [fileURLToPath(new URL('../src/main.ts', import.meta.url))], {
    env: {
      ...process.env,
      ...TEST_SECRETS,
      DATABASE_URL: runtime.databaseUrl,
      DATA_DIR: runtime.config.dataDir,
      PORT: String(port),
      LOG_LEVEL: 'info',
      RATE_LIMIT: 'off',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // The server logs each request as it arrives: that is the moment it is certainly in flight.
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const requestArrived = () => output.includes('"url":"/api/auth/signup"');
  await waitForReady(port, child);

  // Start a sign-up and hold back half its body, so it is certainly in flight when SIGTERM arrives.
  const body = JSON.stringify({
    username: `shutdown_${process.pid}`,
    password: 'correct horse battery staple 42',
  });
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/auth/signup',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.write(body.slice(0, 10));
    void (async () => {
      await waitFor(requestArrived, 'the server to receive the request', 10_000);
      child.kill('SIGTERM');
      // Then the rest of the body, once the server has begun shutting down (it stopped listening).
      await waitFor(async () => !(await accepting(port)), 'the server to stop accepting connections', 10_000);
      req.end(body.slice(10));
    })().catch(reject);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

  const answered = await response;
  expect(answered.status).toBe(201);
  expect(JSON.parse(answered.body).user.username).toBe(`shutdown_${process.pid}`);
  expect(await exited).toBe(0);
});
