import { fork } from 'node:child_process';
import http from 'node:http';
import http2 from 'node:http2';
import { ManualClock } from '@wbn/core/clock';
import { loadConfig } from '@wbn/core/config';
import { createLogger } from '@wbn/core/logger';
import { createRuntime } from '@wbn/core/runtime';
import { createHandlers } from '@wbn/worker/handlers';
import { startWorker } from '@wbn/worker/worker';
import { sql } from 'kysely';
import { freshDatabase } from './lib/database.ts';
import { median, minMedianMax, print } from './lib/stats.ts';

/**
 * pnpm bench notify — 1 M users with notifications on over 40 time zones (seeded with
 * generate_series), local FCM + APNs protocol peers in a child process on loopback.
 * Measures: (1) time to enqueue one hour's slice of the daily-tip fan-out (four 15-minute ticks),
 * (2) sustained pushes per second through the real worker (pg-boss jobs, send log, HTTP/2 APNs,
 * keep-alive FCM), against a baseline in the same run: a bare client pushing the same requests to
 * the same peers with no database, and (3) the worker's RSS/heap sampled every second.
 * Env: BENCH_USERS (default 1000000), BENCH_HOURS (hours of slices to send, default 1; only the
 * first hour's enqueue is timed), BENCH_DATABASE_URL (PostgreSQL server, default the local one).
 */
const USERS = Number(process.env.BENCH_USERS ?? 1_000_000);
const ZONES = [
  'UTC',
  'Europe/London',
  'Europe/Berlin',
  'Europe/Athens',
  'Europe/Moscow',
  'Asia/Dubai',
  'Asia/Karachi',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Asia/Dhaka',
  'Asia/Bangkok',
  'Asia/Shanghai',
  'Asia/Tokyo',
  'Australia/Adelaide',
  'Australia/Sydney',
  'Pacific/Auckland',
  'Pacific/Kiritimati',
  'Pacific/Tongatapu',
  'Pacific/Honolulu',
  'America/Anchorage',
  'America/Los_Angeles',
  'America/Denver',
  'America/Chicago',
  'America/New_York',
  'America/Halifax',
  'America/St_Johns',
  'America/Sao_Paulo',
  'Atlantic/Azores',
  'Africa/Lagos',
  'Africa/Cairo',
  'Africa/Johannesburg',
  'Africa/Nairobi',
  'Asia/Tehran',
  'Asia/Kabul',
  'Asia/Yangon',
  'Asia/Singapore',
  'Asia/Seoul',
  'Australia/Perth',
  'Etc/GMT+12',
  'America/Mexico_City',
];
/** 07:00Z on a June day: 09:00 in UTC+2 zones; the four ticks to 07:45Z make one hour's slice. */
const SLICE_START = '2026-06-10T07:00:00Z';

const mb = (bytes: number) => Math.round(bytes / 1_048_576);

// --- peers (child process) ---------------------------------------------------------------------
const peers = fork(new URL('./notify-peers.ts', import.meta.url), {
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
const counts = { pushes: 0, devices: 0, duplicates: 0, rejected: 0, baseline: 0 };
let peerInfo = { topic: '', apnsBearer: '' };
const peerEnv = await new Promise<Record<string, string>>((resolve) => {
  peers.on(
    'message',
    (message: { type: string; env?: Record<string, string> } & typeof counts & typeof peerInfo) => {
      if (message.type === 'ready' && message.env) {
        peerInfo = { topic: message.topic, apnsBearer: message.apnsBearer };
        resolve(message.env);
      }
      if (message.type === 'count') Object.assign(counts, message);
    },
  );
});

// --- database + seed ---------------------------------------------------------------------------
const database = await freshDatabase('wbn_bench_notify');
const clock = new ManualClock(SLICE_START);
const config = loadConfig({
  ...process.env,
  ...peerEnv,
  NODE_ENV: 'test',
  LOG_LEVEL: 'warn',
  DATABASE_URL: database.url,
  DATABASE_POOL_MAX: '10',
  DATA_DIR: '.data/bench',
  DAILY_TIP_LOCAL_HOUR: '9',
  NOTIFY_CATCH_UP_MINUTES: '15',
  NOTIFY_TICK_CRON: 'off',
  NOTIFY_BATCH_SIZE: process.env.NOTIFY_BATCH_SIZE ?? '1000',
  NOTIFY_SEND_CONCURRENCY: process.env.NOTIFY_SEND_CONCURRENCY ?? '250',
  NOTIFY_WORKER_CONCURRENCY: process.env.NOTIFY_WORKER_CONCURRENCY ?? '4',
});
const runtime = await createRuntime({
  config,
  logger: createLogger({ level: 'warn', name: 'bench' }),
  clock,
});
const { db } = runtime;

let started = Date.now();
await sql`
  INSERT INTO users (username, password_hash, pseudonym, timezone)
  SELECT 'bench_' || i, 'x', 'p_' || i, (${ZONES}::text[])[1 + i % ${ZONES.length}]
  FROM generate_series(1, ${USERS}) AS i`.execute(db);
await sql`
  INSERT INTO devices (user_id, platform, token)
  SELECT id, CASE WHEN n % 2 = 0 THEN 'fcm' ELSE 'apns' END,
         CASE WHEN n % 2 = 0 THEN 'fcm-' || md5(id::text) ELSE md5(id::text) || md5(n::text) END
  FROM (SELECT id, row_number() OVER () AS n FROM users) u`.execute(db);
await sql`
  INSERT INTO user_settings (user_id, notifications_enabled, fcm_token, apns_token)
  SELECT u.id, true, f.token, a.token FROM users u
  LEFT JOIN devices f ON f.user_id = u.id AND f.platform = 'fcm'
  LEFT JOIN devices a ON a.user_id = u.id AND a.platform = 'apns'`.execute(db);
// Everyone consented to push, as the settings switch would have recorded it.
await sql`
  INSERT INTO consent_events (user_id, purpose, policy_version, granted, source)
  SELECT id, 'push_notifications', 1, true, 'operator' FROM users`.execute(db);
await sql`
  INSERT INTO content_items (type, title, content_structure)
  SELECT 'tip', 'Tip ' || i, jsonb_build_object('text', 'Body of tip ' || i) FROM generate_series(1, 30) i`.execute(
  db,
);
await sql`ANALYZE`.execute(db);
print(
  `seeded ${USERS} users / devices / settings over ${ZONES.length} zones in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);

// --- (1) fan-out: one hour's slice, enqueue only ---------------------------------------------------
const tickTimes: number[] = [];
let batches = 0;
let slices = 0;
started = Date.now();
for (let quarter = 0; quarter < 4; quarter++) {
  clock.set(new Date(new Date(SLICE_START).getTime() + quarter * 15 * 60_000));
  const t0 = performance.now();
  const result = await runtime.core.notifications.tick();
  tickTimes.push(performance.now() - t0);
  batches += result.batches;
  slices += result.slices;
}
const fanOutMs = Date.now() - started;
const { recipients } = await sql<{ recipients: number }>`
  SELECT count(*)::int AS recipients FROM users WHERE timezone = ANY(${(
    await db.selectFrom('notification_slices').select('timezone').execute()
  ).map((r) => r.timezone)}::text[])`
  .execute(db)
  .then((r) => r.rows[0] ?? { recipients: 0 });
print(
  `fan-out: first hour's slice = ${slices} zone slice(s), ${recipients} users, ${batches} batch jobs enqueued in ${fanOutMs} ms ` +
    `(ticks: ${tickTimes.map((t) => t.toFixed(0)).join(' / ')} ms)`,
);

// More hours of slices (not timed) give the send phase a longer run to sample memory over.
const HOURS = Number(process.env.BENCH_HOURS ?? 1);
for (let quarter = 4; quarter < HOURS * 4; quarter++) {
  clock.set(new Date(new Date(SLICE_START).getTime() + quarter * 15 * 60_000));
  await runtime.core.notifications.tick();
}
const { total } = await sql<{ total: number }>`
  SELECT count(*)::int AS total FROM users WHERE timezone IN (SELECT timezone FROM notification_slices)`
  .execute(db)
  .then((r) => r.rows[0] ?? { total: 0 });
print(`sending ${HOURS} hour(s) of slices: ${total} users`);

// --- baseline: bare clients, no database ------------------------------------------------------------
async function baseline(seconds: number): Promise<number> {
  const before = counts.baseline;
  const session = http2.connect(peerEnv.APNS_ENDPOINT ?? '');
  const agent = new http.Agent({ keepAlive: true, maxSockets: 250 });
  const fcmUrl = new URL(`${peerEnv.FCM_ENDPOINT}/v1/projects/wbn-bench/messages:send`);
  const body = JSON.stringify({ message: { token: 'baseline', notification: { title: 't', body: 'b' } } });
  const deadline = Date.now() + seconds * 1000;
  const apnsLane = async () => {
    while (Date.now() < deadline) {
      await new Promise<void>((resolve, reject) => {
        const stream = session.request({
          ':method': 'POST',
          ':path': '/3/device/baseline',
          authorization: `bearer ${peerInfo.apnsBearer}`,
          'apns-topic': peerInfo.topic,
          'apns-push-type': 'alert',
          'apns-priority': '10',
        });
        stream.on('response', () => {});
        stream.on('data', () => {});
        stream.on('end', resolve);
        stream.on('error', reject);
        stream.end('{"aps":{"alert":{"title":"t","body":"b"}}}');
      });
    }
  };
  const fcmLane = async () => {
    while (Date.now() < deadline) {
      await new Promise<void>((resolve, reject) => {
        const req = http.request(
          fcmUrl,
          {
            method: 'POST',
            agent,
            headers: { authorization: 'Bearer bench-baseline', 'content-type': 'application/json' },
          },
          (res) => {
            res.resume();
            res.on('end', resolve);
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    }
  };
  await Promise.all([...Array.from({ length: 500 }, apnsLane), ...Array.from({ length: 250 }, fcmLane)]);
  session.close();
  agent.destroy();
  return (counts.baseline - before) / seconds;
}

// --- (2) + (3) the real worker draining the slice -----------------------------------------------------
const memory: { rss: number; heap: number }[] = [];
const sampler = setInterval(() => {
  const usage = process.memoryUsage();
  memory.push({ rss: usage.rss, heap: usage.heapUsed });
}, 1000);
const worker = createHandlers(runtime);
const sendStart = Date.now();
await startWorker({ boss: runtime.boss, logger: runtime.logger, handlers: worker.handlers });
const perSecond: number[] = [];
let last = counts.pushes;
while (counts.pushes < total) {
  await new Promise((r) => setTimeout(r, 1000));
  perSecond.push(counts.pushes - last);
  last = counts.pushes;
  if (perSecond.length > 600) break;
}
const sendSeconds = (Date.now() - sendStart) / 1000;
clearInterval(sampler);
await runtime.boss.offWork('notify-send');
const sustained = perSecond.slice(1, -1); // drop the partial first and last seconds
const rate = { median: median(sustained), summary: minMedianMax(sustained, 0) };
const average = counts.pushes / sendSeconds;
await new Promise((r) => setTimeout(r, 500));
print(
  `sends: ${counts.pushes} pushes to ${counts.devices} devices in ${sendSeconds.toFixed(1)} s = ${average.toFixed(0)}/s overall; ` +
    `per second min/median/max ${rate.summary}; duplicates ${counts.duplicates}; rejected by peers ${counts.rejected}`,
);
const rss = minMedianMax(
  memory.map((m) => mb(m.rss)),
  0,
);
const heap = minMedianMax(
  memory.map((m) => mb(m.heap)),
  0,
);
print(
  `worker memory over ${memory.length} samples: RSS min/median/max ${rss} MB ` +
    `(first ${mb(memory[0]?.rss ?? 0)}, last ${mb(memory.at(-1)?.rss ?? 0)}); heap ${heap} MB`,
);

print(
  `worker RSS / heap every 5 s (MB): ${memory
    .filter((_, index) => index % 5 === 0)
    .map((m) => `${mb(m.rss)}/${mb(m.heap)}`)
    .join('  ')}`,
);

const baselineRates = [await baseline(5), await baseline(5), await baseline(5)];
print(
  `baseline (bare HTTP/2 + keep-alive clients, same peers, no DB): min/median/max ${minMedianMax(baselineRates, 0)} req/s; ` +
    `worker median ${rate.median}/s = ${((rate.median / median(baselineRates)) * 100).toFixed(0)} % of baseline`,
);

await worker.close();
await runtime.close();
peers.disconnect();
peers.kill();
await database.drop();
process.exit(0);
