/**
 * Reset-queue backlog: N password-reset jobs queued while no worker runs (N users with an address),
 * then a worker process starts with a real SMTP server on loopback; prints how long until every code
 * is mailed and the rate.
 *
 *   pnpm bench reset-backlog [N ...]     (default: 50 1000; BENCH_DATABASE_URL as for the others)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '@wbn/core/config';
import { createLogger } from '@wbn/core/logger';
import { createRuntime } from '@wbn/core/runtime';
import { sql } from 'kysely';
import { startSmtpSink } from '../apps/api/test/smtp-sink.ts';
import { freshDatabase } from './lib/database.ts';
import { print } from './lib/stats.ts';

const sizes = process.argv.slice(2).map(Number).filter(Boolean);
const WORKER = fileURLToPath(new URL('../apps/worker/src/main.ts', import.meta.url));

async function backlog(size: number) {
  const database = await freshDatabase('wbn_bench_reset');
  const env = {
    ...process.env,
    NODE_ENV: 'development',
    DATABASE_URL: database.url,
    DATA_DIR: mkdtempSync(path.join(tmpdir(), 'wbn-bench-')),
    LOG_LEVEL: 'warn',
    NOTIFY_TICK_CRON: 'off',
  };
  const runtime = await createRuntime({ config: loadConfig(env), logger: createLogger({ level: 'silent' }) });
  const emails = Array.from({ length: size }, (_, i) => `backlog-${i}@example.com`);
  await sql`
    INSERT INTO users (username, password_hash, email, email_verified_at, pseudonym)
    SELECT 'backlog_' || i, 'x', 'backlog-' || i || '@example.com', now(), 'Backlog ' || i
    FROM generate_series(0, ${size - 1}) AS i`.execute(runtime.db);
  await runtime.boss.insert(
    'password-reset',
    emails.map((email) => ({ data: { email } })),
  );
  await runtime.close();

  const smtp = await startSmtpSink();
  progress = () => smtp.received.length;
  const started = performance.now();
  const worker = spawn(process.execPath, [WORKER], {
    env: { ...env, SMTP_URL: smtp.url, MIGRATE_ON_START: 'false' },
    stdio: ['ignore', process.env.BENCH_WORKER_LOG ? 'inherit' : 'ignore', 'inherit'],
  });
  const firstMail = await waitUntil(() => smtp.received.length > 0);
  const done = await waitUntil(() => smtp.received.length >= size, 600_000);
  const seconds = (done - started) / 1000;
  print(
    `backlog ${size}: first mail after ${((firstMail - started) / 1000).toFixed(1)} s, all ${size} after ${seconds.toFixed(1)} s (${(size / seconds).toFixed(1)} mails/s, worker start included)`,
  );
  worker.kill('SIGTERM');
  await new Promise((resolve) => worker.once('exit', resolve));
  await smtp.close();
  await database.drop();
}

let progress = () => 0;

async function waitUntil(condition: () => boolean, timeoutMs = 120_000): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  let report = performance.now() + 10_000;
  while (!condition()) {
    if (performance.now() > report) {
      report += 10_000;
      print(`  … ${progress()} mailed`);
    }
    if (performance.now() > deadline) throw new Error('backlog not worked off in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return performance.now();
}

for (const size of sizes.length > 0 ? sizes : [50, 1000]) await backlog(size);
