import type { User } from '@wbn/contracts/auth';
import { createTestRuntime, type TestRuntime } from '@wbn/core/testing/test-runtime';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../src/server.ts';

export interface TestApp extends TestRuntime {
  app: FastifyInstance;
  /** JSON request against the in-process server (no socket). */
  api(
    method: string,
    url: string,
    options?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<{
    status: number;
    body: any;
    headers: Record<string, string | string[] | number | undefined>;
  }>;
  signup(
    username?: string,
    extra?: Record<string, unknown>,
  ): Promise<{ token: string; refresh_token: string; user: User }>;
}

let counter = 0;
export const uniqueName = (prefix = 'user') => `${prefix}_${process.pid}_${++counter}`;
/** The field paths a 400 names, e.g. ['anxiety_level']. */
export const issuePaths = (res: { body: { issues?: { path: string }[] } }) =>
  (res.body.issues ?? []).map((i) => i.path);

export const STRONG_PASSWORD = 'correct horse battery staple 42';

/** The real server on a private cloned database; close() drops it all. */
export async function createTestApp(options: Parameters<typeof createTestRuntime>[0] = {}): Promise<TestApp> {
  const runtime = await createTestRuntime(options);
  const app = await buildServer(runtime);
  await app.ready();

  const api: TestApp['api'] = async (method, url, { token, body, headers = {} } = {}) => {
    const response = await app.inject({
      method: method as 'GET',
      url,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      ...(body !== undefined ? { payload: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = response.body;
    return {
      status: response.statusCode,
      body: text ? JSON.parse(text) : undefined,
      headers: response.headers,
    };
  };

  return {
    ...runtime,
    app,
    api,
    async signup(username = uniqueName(), extra = {}) {
      const res = await api('POST', '/api/auth/signup', {
        body: { username, password: STRONG_PASSWORD, ...extra },
      });
      if (res.status !== 201) throw new Error(`signup failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    },
    async close() {
      await app.close();
      await runtime.close();
    },
  };
}
