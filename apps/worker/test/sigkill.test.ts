import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { insertTips } from '@wbn/core/testing/fixtures';
import { createTestRuntime, TEST_SECRETS, type TestRuntime } from '@wbn/core/testing/test-runtime';
import { waitFor } from '@wbn/core/testing/wait';
import { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUsers, NOTIFY_SEND, type PushPeers, startPushPeers } from './support.ts';

const WORKER_MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const SEND_CONCURRENCY = 5;
const WORKER_CONCURRENCY = 2;

describe('a worker killed mid-batch', () => {
  let t: TestRuntime;
  let peers: PushPeers;
  let supervisor: PgBoss;
  let child: ChildProcess | undefined;

  function startChild(): ChildProcess {
    const proc = spawn(process.execPath, [WORKER_MAIN], {
      cwd: path.dirname(WORKER_MAIN),
      stdio: ['ignore', 'ignore', 'inherit'],
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        LOG_LEVEL: 'error',
        DATABASE_URL: t.databaseUrl,
        MIGRATE_ON_START: 'false',
        DATA_DIR: t.config.dataDir,
        NOTIFY_TICK_CRON: 'off',
        NOTIFY_SEND_CONCURRENCY: String(SEND_CONCURRENCY),
        NOTIFY_WORKER_CONCURRENCY: String(WORKER_CONCURRENCY),
        ...TEST_SECRETS,
        ...peers.env,
      },
    });
    return proc;
  }

  beforeAll(async () => {
    peers = await startPushPeers({ delayMs: 40 });
    t = await createTestRuntime({
      env: { ...peers.env, NOTIFY_BATCH_SIZE: '50' },
      clockStart: '2026-06-10T05:00:00Z',
    });
    await insertTips(t.db, 30);
    await t.boss.updateQueue(NOTIFY_SEND.name, { heartbeatSeconds: 10, retryDelay: 1, retryBackoff: false });
    // Production workers supervise every minute; this one checks heartbeats every second.
    supervisor = new PgBoss({
      connectionString: t.databaseUrl,
      max: 2,
      superviseIntervalSeconds: 1,
      monitorIntervalSeconds: 1,
    });
    await supervisor.start();
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await supervisor?.stop({ graceful: false, close: true });
    await t?.close();
    await peers?.close();
  });

  it('is restarted: every device gets the tip, re-sent only if in flight at the kill, every copy under one collapse id', {
    timeout: 120_000,
  }, async () => {
    const users = await createUsers(
      t,
      Array.from({ length: 200 }, (_, i) => ({
        timezone: 'Asia/Kolkata',
        platform: i % 2 ? ('apns' as const) : ('fcm' as const),
      })),
    );
    await t.core.notifications.dailyTipNow();

    // Killed from inside the peers, the instant the 60th push arrives: mid-batch, with pushes in flight.
    const running = startChild();
    child = running;
    const killed = new Promise((resolve) => running.once('exit', resolve));
    let arrived = 0;
    const killAtSixty = () => {
      if (++arrived === 60) running.kill('SIGKILL');
      return undefined;
    };
    peers.fcm.state.responder = killAtSixty;
    peers.apns.state.responder = killAtSixty;
    await killed;
    peers.fcm.state.responder = undefined;
    peers.apns.state.responder = undefined;
    // Pushes that reached the peers before the kill are recorded once the peers' latency has passed.
    await waitFor(
      () => peers.fcm.state.delaying === 0 && peers.apns.state.delaying === 0,
      'the peers to record what reached them',
    );
    const atKill = peers.total();
    expect(atKill).toBeGreaterThanOrEqual(60);
    const settledAtKill = await t.db
      .selectFrom('notification_sends')
      .innerJoin('devices', 'devices.id', 'notification_sends.device_id')
      .select('devices.token')
      .where('notification_sends.status', '=', 'sent')
      .execute();
    expect(atKill).toBeLessThan(users.length);

    child = startChild();
    await waitFor(
      async () => {
        const pending = await t.db
          .selectFrom('notification_sends')
          .select('id')
          .where('status', '!=', 'sent')
          .execute();
        const all = await t.db.selectFrom('notification_sends').select('id').execute();
        return all.length === users.length && pending.length === 0;
      },
      'every send to be recorded as sent',
      60_000,
    );
    const stopped = new Promise((resolve) => child?.once('exit', resolve));
    child.kill('SIGTERM');
    await stopped;
    child = undefined;

    const pushes = [...peers.fcm.log.pushes, ...peers.apns.log.pushes];
    for (const user of users) {
      const mine = pushes.filter((p) => p.token === user.token);
      // Once, or twice if it was in flight at the kill: never lost, never more.
      expect([1, 2], user.token).toContain(mine.length);
      // A re-sent copy carries the same collapse id as the first (it names the notification, not the
      // attempt), so the device replaces it instead of showing a second notification.
      expect(new Set(mine.map((p) => p.collapseKey)).size).toBe(1);
      expect(mine[0]?.collapseKey).toMatch(/^daily-tip:\d{4}-\d{2}-\d{2}$/);
    }
    // A push recorded as sent before the kill never goes out again; exactly the pushes that reached a
    // peer but were not yet recorded (in flight, or awaiting the write of outcomes) go out twice.
    for (const { token } of settledAtKill) expect(peers.count(token), token).toBe(1);
    const duplicates = pushes.length - users.length;
    expect(duplicates).toBe(atKill - settledAtKill.length);
    process.stdout.write(
      `SIGKILL test: ${atKill} pushes before the kill, ${duplicates} wire duplicate(s) after restart\n`,
    );
  });
});
