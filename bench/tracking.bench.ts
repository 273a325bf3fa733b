/**
 * Tracking benchmark (issue 3): our authenticated POST /api/checkin and GET /api/checkin/history?limit=20
 * against a bare Fastify + pg server doing the same SQL with no auth and no validation, in the same run;
 * (each server in its own process: bench/tracking-servers.ts), then premium analytics latency on a database seeded with 1 M check-ins over 10 k users, for a user with
 * 3 years of daily data vs one with a week, and journal insights latency. Besides requests/s, each
 * round reports the server process's CPU time per answered request (min/median/max), which other load
 * on the machine disturbs far less.
 *
 *   pnpm bench tracking            (BENCH_ROUNDS=3 BENCH_SECONDS=5 BENCH_WARM_UP_SECONDS=5 BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres)
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '@wbn/core/config';
import { createLogger } from '@wbn/core/logger';
import { createRuntime } from '@wbn/core/runtime';
import type autocannon from 'autocannon';
import { sql } from 'kysely';
import { startChildServer } from './lib/child-server.ts';
import { freshDatabase } from './lib/database.ts';
import { type LoadResult, runLoad } from './lib/load.ts';
import { median, minMedianMax, print } from './lib/stats.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 50;
const WARM_UP_SECONDS = Number(process.env.BENCH_WARM_UP_SECONDS ?? 5);
const database = await freshDatabase('wbn_bench_tracking');
const dbUrl = database.url;

const config = loadConfig({
  ...process.env,
  NODE_ENV: 'development',
  DATABASE_URL: dbUrl,
  DATA_DIR: mkdtempSync(path.join(tmpdir(), 'wbn-bench-')),
  LOG_LEVEL: 'silent',
  RATE_LIMIT: 'off',
});
const runtime = await createRuntime({ config, logger: createLogger({ level: 'silent' }) });

// BENCH_CPU_PROF=<dir>: both servers write a V8 CPU profile there when they stop (summarise one with
// `node bench/lib/profile-summary.ts <file>`); BENCH_HEAP_PROF=<dir>: their sampled allocations
// (bench/lib/allocation-profile.ts); BENCH_ONLY=<text> runs only the scenarios naming it.
const profileDir = process.env.BENCH_CPU_PROF;
const serve = (mode: 'ours' | 'bare') =>
  startChildServer(
    new URL('./tracking-servers.ts', import.meta.url),
    [mode, dbUrl],
    { ...process.env, BENCH_DATA_DIR: config.dataDir },
    profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${mode}.cpuprofile`] : [],
  );
const ours = await serve('ours');
const bare = await serve('bare');
const oursUrl = ours.url;
const bareUrl = bare.url;

async function signup(username: string) {
  const res = await fetch(`${oursUrl}/api/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'correct horse battery staple 42' }),
  });
  const body = (await res.json()) as { token: string; user: { id: string } };
  return { token: body.token, id: body.user.id };
}

const loadUser = await signup('bench_load');
await sql`
  INSERT INTO checkins (user_id, "timestamp", anxiety_level, triggers)
  SELECT ${loadUser.id}::uuid, now() - g * interval '1 hour', g % 11, ARRAY['work', 'sleep']
  FROM generate_series(1, 1000) g`.execute(runtime.db);

const cannon = (options: autocannon.Options) =>
  runLoad({ connections: CONNECTIONS, duration: SECONDS, ...options });

const checkinBody = JSON.stringify({
  anxiety_level: 5,
  triggers: ['work', 'sleep'],
  timestamp: '2026-01-01T10:00:00Z',
});
const scenarios = {
  'POST /api/checkin': {
    ours: {
      url: `${oursUrl}/api/checkin`,
      method: 'POST' as const,
      body: checkinBody,
      headers: { authorization: `Bearer ${loadUser.token}`, 'content-type': 'application/json' },
      server: ours.child,
    },
    bare: {
      url: `${bareUrl}/checkin`,
      method: 'POST' as const,
      body: checkinBody,
      headers: { 'x-user': loadUser.id, 'content-type': 'application/json' },
      server: bare.child,
    },
  },
  'GET /api/checkin/history?limit=20': {
    ours: {
      url: `${oursUrl}/api/checkin/history?limit=20`,
      headers: { authorization: `Bearer ${loadUser.token}` },
      server: ours.child,
    },
    bare: { url: `${bareUrl}/history`, headers: { 'x-user': loadUser.id }, server: bare.child },
  },
};

print(
  `\n${CONNECTIONS} connections, ${SECONDS} s per run, ${ROUNDS} rounds (ours and baseline alternate). min/median/max`,
);
print(
  '| endpoint | ours req/s | baseline req/s | ours p50 / p99 ms | baseline p50 / p99 ms | throughput ratio | p99 ratio | server CPU µs/request ours / baseline | database CPU µs/request ours / baseline |',
);
print('|---|---|---|---|---|---|---|---|---|');
for (const [name, s] of Object.entries(scenarios)) {
  if (process.env.BENCH_ONLY && !name.includes(process.env.BENCH_ONLY)) continue;
  // Warm-up, both alike: the JIT (the API's deeper call chains take a few thousand requests to be
  // optimised), the pools, the session cache, the prepared statements.
  await cannon({ ...s.ours, duration: WARM_UP_SECONDS });
  await cannon({ ...s.bare, duration: WARM_UP_SECONDS });
  const o: LoadResult[] = [];
  const b: LoadResult[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    o.push(await cannon(s.ours));
    b.push(await cannon(s.bare));
  }
  const ratio = o.map((r, i) => r.rps / (b[i]?.rps ?? 1));
  const p99ratio = o.map((r, i) => r.p99 / Math.max(1, b[i]?.p99 ?? 1));
  const cpu = (results: LoadResult[], of: 'cpuMicrosPerRequest' | 'databaseCpuMicrosPerRequest') =>
    minMedianMax(
      results.map((r) => r[of] ?? Number.NaN),
      0,
    );
  print(
    `| ${name} | ${median(o.map((r) => r.rps)).toFixed(0)} | ${median(b.map((r) => r.rps)).toFixed(0)} | ${median(o.map((r) => r.p50))} / ${median(o.map((r) => r.p99))} | ${median(b.map((r) => r.p50))} / ${median(b.map((r) => r.p99))} | ${minMedianMax(ratio)} | ${minMedianMax(p99ratio)} | ${cpu(o, 'cpuMicrosPerRequest')} / ${cpu(b, 'cpuMicrosPerRequest')} | ${cpu(o, 'databaseCpuMicrosPerRequest')} / ${cpu(b, 'databaseCpuMicrosPerRequest')} |`,
  );
}

// BENCH_SEED=0 skips the 1 M-row part (throughput comparison only).
if (process.env.BENCH_SEED !== '0') {
  // --- 1 M check-ins over 10 k users, plus a 3-year user and a one-week user -----------------------
  print('\nSeeding 1 M check-ins over 10 k users…');
  const seedStart = Date.now();
  await sql`
    INSERT INTO users (username, password_hash, pseudonym, timezone)
    SELECT 'seed_' || g, 'x', 'Seed-' || g, 'Europe/Berlin' FROM generate_series(1, 10000) g`.execute(
    runtime.db,
  );
  await sql`
    INSERT INTO checkins (user_id, "timestamp", anxiety_level, triggers)
    SELECT u.id, now() - (g * interval '7 hours') - (random() * interval '1 hour'), (random() * 10)::int,
           CASE g % 4 WHEN 0 THEN ARRAY['work'] WHEN 1 THEN ARRAY['sleep', 'money'] WHEN 2 THEN ARRAY['family']
                      ELSE ARRAY[]::text[] END
    FROM users u CROSS JOIN generate_series(1, 100) g WHERE u.username LIKE 'seed\\_%'`.execute(runtime.db);
  const long = await signup('bench_three_years');
  const week = await signup('bench_one_week');
  await sql`UPDATE users SET is_premium = true, timezone = 'America/New_York' WHERE id IN (${long.id}, ${week.id})`.execute(
    runtime.db,
  );
  await sql`
    INSERT INTO checkins (user_id, "timestamp", anxiety_level, triggers)
    SELECT ${long.id}::uuid, now() - g * interval '1 day', (g * 7) % 11, ARRAY['work', 'sleep']
    FROM generate_series(0, 1094) g
    UNION ALL
    SELECT ${week.id}::uuid, now() - g * interval '1 day', (g * 7) % 11, ARRAY['work']
    FROM generate_series(0, 6) g`.execute(runtime.db);
  await sql`
    INSERT INTO interaction_logs (user_id, "timestamp", duration, tool)
    SELECT ${long.id}::uuid, now() - g * interval '3 days', 10 + g % 30, (ARRAY['Claude', 'ChatGPT'])[1 + g % 2]
    FROM generate_series(0, 364) g`.execute(runtime.db);
  await sql`VACUUM ANALYZE checkins`.execute(runtime.db);
  await sql`VACUUM ANALYZE interaction_logs`.execute(runtime.db);
  const total = await sql<{ n: number }>`SELECT count(*)::int AS n FROM checkins`.execute(runtime.db);
  print(`seeded in ${((Date.now() - seedStart) / 1000).toFixed(1)} s; checkins: ${total.rows[0]?.n}`);

  // Journal entries for insights (encrypted through the service, as the API does).
  for (let i = 0; i < 60; i++) {
    await runtime.core.journal.create(long.id, {
      content: `Day ${i}: work was busy and I slept badly, but a walk in the park helped and I feel calmer.`,
      timestamp: new Date(Date.now() - i * 86_400_000).toISOString(),
    });
  }
  await runtime.core.users.updateSettings(long.id, { journal_insights_opt_in: true });

  const latency = (url: string, token: string) =>
    runLoad({ url, connections: 1, amount: 300, headers: { authorization: `Bearer ${token}` } });
  print('\nLatency, 1 connection, 300 sequential requests (ms):');
  print('| request | user | p50 | p99 |');
  print('|---|---|---|---|');
  for (const timeframe of ['30d', '365d', 'all']) {
    for (const [label, user] of [
      ['3 years daily', long],
      ['1 week', week],
    ] as const) {
      const r = await latency(`${oursUrl}/api/progress/analytics?timeframe=${timeframe}`, user.token);
      print(`| analytics ${timeframe} | ${label} | ${r.p50} | ${r.p99} |`);
    }
  }
  const insights = await latency(`${oursUrl}/api/journal/insights`, long.token);
  print(`| journal insights (60 entries) | 3 years daily | ${insights.p50} | ${insights.p99} |`);
  const summary = await latency(`${oursUrl}/api/progress/summary`, long.token);
  print(`| progress summary | 3 years daily | ${summary.p50} | ${summary.p99} |`);
}

// Waiting for the exits lets the servers finish writing their CPU profiles.
const exited = [ours.child, bare.child].map((child) => new Promise((done) => child.once('exit', done)));
ours.child.kill('SIGTERM');
bare.child.kill('SIGTERM');
await Promise.all(exited);
await runtime.close();
await database.drop();
