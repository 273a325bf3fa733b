import { buildServer } from '@wbn/api/server';
import { createTestRuntime, type TestRuntime } from '@wbn/core/testing/test-runtime';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium } from 'playwright-core';

/** Debian's Chromium (apt-get install chromium): Playwright's own browser download is not used. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface ApiServer {
  runtime: TestRuntime;
  app: FastifyInstance;
  baseUrl: string;
  close(): Promise<void>;
}

/** The real API on a free port over a private cloned database (one per test: no test sees another's data). */
export async function startServer(): Promise<ApiServer> {
  const runtime = await createTestRuntime({ env: { COMMUNITY_WATCHED_WORDS_FLAG: 'hopeless' } });
  const app = await buildServer(runtime);
  const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    runtime,
    app,
    baseUrl,
    async close() {
      await app.close();
      await runtime.close();
    },
  };
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}
