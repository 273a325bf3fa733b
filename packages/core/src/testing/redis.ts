import { type ChildProcess, spawn } from 'node:child_process';
import { Redis } from 'ioredis';
import { freePort } from './free-port.ts';

const LOCAL_REDIS_URL = 'redis://127.0.0.1:6379';

export type TestRedis = { url: string; stop(): Promise<void> } | { url: undefined; missing: string };

/** A redis-server this process started and owns: it can be stopped (an outage) and started again. */
export interface PrivateRedis {
  url: string;
  /** Kills it outright (no persistence, so nothing to flush): what an outage looks like to clients. */
  stop(): Promise<void>;
  /** Starts it again on the same port; a no-op while it runs. */
  start(): Promise<void>;
}

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
  const server = await startPrivateRedis();
  if ('missing' in server) {
    return {
      url: undefined,
      missing: `no Redis at ${LOCAL_REDIS_URL} (${localProblem}) and ${server.missing}; set TEST_REDIS_URL or install redis-server`,
    };
  }
  return server;
}

/**
 * A `redis-server` on a free port that only the caller uses (no persistence). When the binary cannot
 * run here, returns why, for the test to report itself skipped with it.
 */
export async function startPrivateRedis(): Promise<PrivateRedis | { missing: string }> {
  const port = await freePort();
  let server: ChildProcess | undefined;
  const launch = async (): Promise<string> => {
    const child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    );
    server = child;
    return readyOrFailure(child);
  };
  const first = await launch();
  if (first !== 'ready') return { missing: `no redis-server to start (${first})` };
  return {
    url: `redis://127.0.0.1:${port}`,
    async start() {
      if (server && server.exitCode === null && server.signalCode === null) return;
      const started = await launch();
      if (started !== 'ready') throw new Error(`redis-server did not start again: ${started}`);
    },
    async stop() {
      const child = server;
      server = undefined;
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
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
