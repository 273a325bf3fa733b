import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen } from '@testing-library/react';
import { buildServer } from '@wbn/api/server';
import { createTestRuntime, type TestRuntime } from '@wbn/core/testing/test-runtime';
import type { FastifyInstance } from 'fastify';
import { PASSWORD } from '../e2e/seed.ts';
import { App } from '../src/app.tsx';
import { type ConsoleApi, createConsoleApi } from '../src/lib/api.ts';
import { ConsoleProvider } from '../src/lib/context.tsx';
import { createSessionStore, type SessionStore } from '../src/lib/session.ts';

export interface ApiHarness {
  runtime: TestRuntime;
  app: FastifyInstance;
  /** The browser's fetch, answered by the real server in-process (no socket, no CORS). */
  fetch: typeof globalThis.fetch;
  close(): Promise<void>;
}

export async function startApi(): Promise<ApiHarness> {
  const runtime = await createTestRuntime();
  const app = await buildServer(runtime);
  await app.ready();
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const res = await app.inject({
      method: (init?.method ?? 'GET') as 'GET',
      url: url.pathname + url.search,
      headers: Object.fromEntries(new Headers(init?.headers).entries()),
      ...(typeof init?.body === 'string' ? { payload: init.body } : {}),
    });
    return new Response(res.body, {
      status: res.statusCode,
      headers: { 'content-type': String(res.headers['content-type'] ?? 'application/json') },
    });
  };
  return {
    runtime,
    app,
    fetch,
    async close() {
      await app.close();
      await runtime.close();
    },
  };
}

export function consoleFor(harness: ApiHarness): { api: ConsoleApi; store: SessionStore } {
  const store = createSessionStore();
  return { store, api: createConsoleApi({ baseUrl: 'http://console.test', store, fetch: harness.fetch }) };
}

export function renderConsole(harness: ApiHarness) {
  const { api, store } = consoleFor(harness);
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const view = render(
    <QueryClientProvider client={queryClient}>
      <ConsoleProvider api={api} store={store}>
        <App />
      </ConsoleProvider>
    </QueryClientProvider>,
  );
  return { ...view, api, store };
}

export function signIn(username: string) {
  fireEvent.change(screen.getByLabelText('Username'), { target: { value: username } });
  fireEvent.change(screen.getByLabelText('Password'), { target: { value: PASSWORD } });
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
}
