import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Actor } from '@wbn/core/auth/actor';
import { ManualClock } from '@wbn/core/clock';
import { loadConfig } from '@wbn/core/config';
import { createLogger } from '@wbn/core/logger';
import { createRuntime } from '@wbn/core/runtime';
import { createHandlers } from '@wbn/worker/handlers';
import { startWorker } from '@wbn/worker/worker';
import { zipSync } from 'fflate';
import { sql } from 'kysely';
import { freshDatabase } from './lib/database.ts';
import { median, minMedianMax, print } from './lib/stats.ts';

/**
 * pnpm bench export — one person with 3 years of daily check-ins and 1 000 journal entries (plus CBT
 * entries and interaction logs) asks for their data export; the real worker builds it (reads every
 * table, decrypts the journal, writes JSON + a ZIP of CSVs, encrypts both, stores them).
 * Measures, over BENCH_ROUNDS rounds: request-to-ready time, the worker process's RSS (sampled every
 * 50 ms) and the download (decrypt) time, against a baseline in the same run: the same rows read with
 * plain SQL, serialised with JSON.stringify and zipped, with no decryption, encryption or storage.
 * Env: BENCH_ENTRIES (default 1000), BENCH_DAYS (default 1095), BENCH_ROUNDS (default 3),
 * BENCH_DATABASE_URL.
 */
const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 1000);
const DAYS = Number(process.env.BENCH_DAYS ?? 3 * 365);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const mb = (bytes: number) => Math.round(bytes / 1_048_576);

const scratch = await mkdtemp(path.join(tmpdir(), 'wbn-bench-export-'));
const database = await freshDatabase('wbn_bench_export');
const clock = new ManualClock('2026-06-10T07:00:00Z');
const runtime = await createRuntime({
  config: loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATABASE_URL: database.url,
    DATA_DIR: scratch,
    MEDIA_DIR: path.join(scratch, 'media'),
    JOURNAL_KEY_FILE: path.join(scratch, 'journal-keys.json'),
    JWT_SECRET: 'bench-jwt-secret-that-is-long-enough-0123456789',
    RESET_CODE_SECRET: 'bench-reset-secret-that-is-long-enough-0123456789',
    NOTIFY_TICK_CRON: 'off',
  }),
  logger: createLogger({ level: 'warn', name: 'bench' }),
  clock,
});
const { db, core } = runtime;

// --- seed ---------------------------------------------------------------------------------------
let started = Date.now();
const { user } = await core.auth.signup({ username: 'bench_exporter', password: 'a bench passphrase 42' });
await sql`
  INSERT INTO checkins (user_id, "timestamp", anxiety_level, triggers)
  SELECT ${user.id}, now() - make_interval(days => i), i % 11, ARRAY['work', 'sleep']
  FROM generate_series(1, ${DAYS}) AS i`.execute(db);
await sql`
  INSERT INTO cbt_entries (user_id, type, data, "timestamp")
  SELECT ${user.id}, 'thought-record', '{"situation":"a meeting","thought":"I will fail","emotion":"fear"}',
         now() - make_interval(days => i)
  FROM generate_series(1, 200) AS i`.execute(db);
await sql`
  INSERT INTO interaction_logs (user_id, "timestamp", duration, tool, notes)
  SELECT ${user.id}, now() - make_interval(days => i), 300, 'breathing', 'calmer after'
  FROM generate_series(1, 500) AS i`.execute(db);
const paragraph = 'Today I noticed my breathing and wrote down what I felt. '.repeat(8);
for (let i = 0; i < ENTRIES; i++) {
  await core.journal.create(user.id, {
    content: `${i}: ${paragraph}`,
    timestamp: new Date(Date.parse('2026-06-10T07:00:00Z') - i * 86_400_000).toISOString(),
  });
}
print(
  `seeded ${DAYS} check-ins, ${ENTRIES} journal entries, 200 CBT entries, 500 interactions in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);

// --- baseline: the same rows, plain SQL + JSON.stringify + zip ---------------------------------
async function baseline(): Promise<number> {
  const start = performance.now();
  const tables = ['checkins', 'cbt_entries', 'interaction_logs', 'sessions', 'activity_log'];
  const out: Record<string, unknown[]> = {};
  for (const table of tables) {
    out[table] = (await sql`SELECT * FROM ${sql.table(table)} WHERE user_id = ${user.id}`.execute(db)).rows;
  }
  // The stored (encrypted) journal bytes as base64: the same volume of text, none of the crypto.
  out.journal_entries = (
    await sql`SELECT id, "timestamp", prompt_id, created_at, encode(content, 'base64') AS content
      FROM journal_entries WHERE user_id = ${user.id}`.execute(db)
  ).rows;
  const json = Buffer.from(JSON.stringify(out));
  zipSync({ 'export.json': json }, { level: 6 });
  return performance.now() - start;
}

// --- the real worker ----------------------------------------------------------------------------
const memory: number[] = [];
const sampler = setInterval(() => memory.push(process.memoryUsage().rss), 50);
const worker = createHandlers(runtime);
await startWorker({ boss: runtime.boss, logger: runtime.logger, handlers: worker.handlers });
// An actor without a session, as an operator tool would make the request.
const actor: Actor = {
  id: user.id,
  username: user.username,
  isPremium: false,
  isModerator: false,
  isBanned: false,
};

const builds: number[] = [];
const downloads: number[] = [];
const peaks: number[] = [];
let size = 0;
for (let round = 0; round < ROUNDS; round++) {
  clock.advance(25 * 3_600_000); // one export per 24 hours
  memory.length = 0;
  const before = process.memoryUsage().rss;
  started = performance.now();
  await core.exports.request(actor);
  for (;;) {
    const status = await core.exports.status(actor);
    if (status.status === 'ready') {
      size = status.bytes ?? 0;
      break;
    }
    if (status.status === 'failed') throw new Error('export failed');
    await new Promise((r) => setTimeout(r, 20));
  }
  builds.push(performance.now() - started);
  peaks.push(Math.max(before, ...memory) - before);
  const downloadStart = performance.now();
  await core.exports.download(actor, 'zip');
  downloads.push(performance.now() - downloadStart);
}
clearInterval(sampler);
const baselines = [await baseline(), await baseline(), await baseline()];

print(
  `export (request to ready, real worker): min/median/max ${minMedianMax(builds.map((ms) => ms / 1000))} s; ZIP ${(size / 1024).toFixed(0)} KiB`,
);
print(`download (read + decrypt ZIP): min/median/max ${minMedianMax(downloads, 0)} ms`);
print(
  `worker RSS: ${mb(process.memoryUsage().rss)} MB after; growth during a build min/median/max ${minMedianMax(peaks.map(mb), 0)} MB`,
);
print(
  `baseline (plain SQL + JSON.stringify + zip, no crypto or storage): min/median/max ${minMedianMax(baselines, 0)} ms; ` +
    `export = ${(median(builds) / median(baselines)).toFixed(1)} x baseline`,
);

await worker.close();
await runtime.close();
await database.drop();
await rm(scratch, { recursive: true, force: true });
process.exit(0);
