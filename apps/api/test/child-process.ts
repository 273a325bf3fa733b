import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { TEST_SECRETS } from '@wbn/core/testing/test-runtime';
import { waitFor } from '@wbn/core/testing/wait';

/** The API or the worker as its own process (`node src/main.ts`), its JSON log lines collected. */
export interface ChildApp {
  process: ChildProcess;
  /** Every log line so far, parsed. */
  lines(): Record<string, unknown>[];
  exited: Promise<number | null>;
  stop(): Promise<number | null>;
}

const MAIN = {
  api: fileURLToPath(new URL('../src/main.ts', import.meta.url)),
  worker: fileURLToPath(new URL('../../worker/src/main.ts', import.meta.url)),
};

export function startChild(which: keyof typeof MAIN, env: Record<string, string>): ChildApp {
  const child = spawn(process.execPath, [MAIN[which]], {
    env: { ...process.env, ...TEST_SECRETS, LOG_LEVEL: 'info', RATE_LIMIT: 'off', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let errors = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    errors += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      if (code !== 0 && errors) process.stderr.write(`[${which} stderr]\n${errors}\n`);
      resolve(code);
    }),
  );
  return {
    process: child,
    exited,
    lines: () =>
      output
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Resolves once GET /readyz answers 200; fails at once if the process exits first. */
export async function waitForReady(baseUrl: string, child: ChildApp, timeoutMs = 30_000): Promise<void> {
  await waitFor(
    async () => {
      if (child.process.exitCode !== null) throw new Error(`exited early with ${child.process.exitCode}`);
      return fetch(`${baseUrl}/readyz`).then(
        (r) => r.ok,
        () => false,
      );
    },
    'the API to become ready',
    timeoutMs,
  );
}
