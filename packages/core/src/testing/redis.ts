import { type ChildProcess, spawn } from 'node:child_process';
import { Redis } from 'ioredis';
import { freePort } from './free-port.ts';

const LOCAL_REDIS_URL = 'redis://127.0.0.1:6379';

export type TestRedis = { url: string; stop(): Promise<void> } | { url: undefined; missing: string };

/**
 * A real Redis for the tests that need one: TEST_REDIS_URL (which must answer), else the local
 * server on 6379, else a private `redis-server` on a free port for this test file. Only when none of
 * these can run does it return what is missing, for the test to report itself skipped with it.
 */
export async function startTestRedis(): Promise<TestRedis> {
  const given = process.env.TEST_REDIS_URL;
  if (given) {
    const problem = await unanswered(given);
    if (problem)
      throw new Error(`TEST_REDIS_URL is set but does not answer (${problem}): fix it or unset it`);
    return { url: given, stop: async () => {} };
  }
  const localProblem = await unanswered(LOCAL_REDIS_URL);
  if (!localProblem) return { url: LOCAL_REDIS_URL, stop: async () => {} };
  const port = await freePort();
  const server = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const started = await readyOrFailure(server);
  if (started !== 'ready') {
    return {
      url: undefined,
      missing: `no Redis at ${LOCAL_REDIS_URL} (${localProblem}) and no redis-server to start (${started}); set TEST_REDIS_URL or install redis-server`,
    };
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: async () => {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    },
  };
}

function readyOrFailure(server: ChildProcess): Promise<string> {
  return new Promise((resolve) => {
    let output = '';
    server.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) resolve('ready');
    });
    server.once('error', (error) => resolve(error.message));
    server.once('exit', (code) =>
      resolve(`redis-server exited with ${code}: ${output.trim().split('\n').at(-1)}`),
    );
  });
}

async function unanswered(url: string): Promise<string | undefined> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 1000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  // The connect rejection only says "Connection is closed."; the socket's error says why.
  let socketError: string | undefined;
  redis.on('error', (error: Error) => {
    socketError ??= error.message;
  });
  try {
    await redis.connect();
    await redis.ping();
    return undefined;
  } catch (error) {
    return socketError ?? (error as Error).message;
  } finally {
    redis.disconnect();
  }
}
