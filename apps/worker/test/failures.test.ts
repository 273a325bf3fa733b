import { deadLetterQueueName } from '@wbn/core/queue/queue-policies';
import { insertTips } from '@wbn/core/testing/fixtures';
import { createTestRuntime, type TestRuntime } from '@wbn/core/testing/test-runtime';
import { waitFor } from '@wbn/core/testing/wait';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startWorker } from '../src/worker.ts';
import {
  createUsers,
  drain,
  NOTIFY_SEND,
  type PushPeers,
  sendHandler,
  sendsFor,
  startPushPeers,
} from './support.ts';

const DEAD_LETTER = deadLetterQueueName(NOTIFY_SEND.name);

describe('push failures', () => {
  let t: TestRuntime;
  let peers: PushPeers;
  // A database and peers per test: a daily tip goes to everyone, so each test must own everyone.
  beforeEach(async () => {
    peers = await startPushPeers();
    t = await createTestRuntime({ env: peers.env, clockStart: '2026-05-04T10:00:00Z' });
    await insertTips(t.db, 30);
    // Fast retries so the test sees the whole retry ladder in seconds (production: 15 s doubling, 6 tries).
    await t.boss.updateQueue(NOTIFY_SEND.name, { retryLimit: 2, retryDelay: 1, retryBackoff: false });
  });
  afterEach(async () => {
    await t?.close();
    await peers?.close();
  });

  it('removes tokens the push services report as unregistered or invalid', async () => {
    const [gone, bad, invalid, fine] = await createUsers(t, [
      { timezone: 'Europe/Berlin', platform: 'apns' },
      { timezone: 'Europe/Berlin', platform: 'fcm' },
      { timezone: 'Europe/Berlin', platform: 'apns' },
      { timezone: 'Europe/Berlin', platform: 'fcm' },
    ]);
    if (!gone || !bad || !invalid || !fine) throw new Error('users');
    peers.apns.state.responder = (push) => {
      if (push.token === gone.token) return { status: 410, body: { reason: 'Unregistered' } };
      if (push.token === invalid.token) return { status: 400, body: { reason: 'BadDeviceToken' } };
      return undefined;
    };
    peers.fcm.state.responder = (push) =>
      push.token === bad.token
        ? {
            status: 404,
            body: { error: { code: 404, status: 'NOT_FOUND', details: [{ errorCode: 'UNREGISTERED' }] } },
          }
        : undefined;
    await t.core.notifications.dailyTipNow();
    await drain(t, sendHandler(t, peers.providers()));
    peers.apns.state.responder = undefined;
    peers.fcm.state.responder = undefined;

    const devices = await t.db
      .selectFrom('devices')
      .select('user_id')
      .where('user_id', 'in', [gone.id, bad.id, invalid.id, fine.id])
      .execute();
    expect(devices.map((d) => d.user_id)).toEqual([fine.id]);
    expect((await t.core.users.getSettings(gone.id)).push_platforms).toEqual([]);
    expect((await t.core.users.getSettings(bad.id)).push_platforms).toEqual([]);
    expect((await t.core.users.getSettings(invalid.id)).push_platforms).toEqual([]);
    expect((await sendsFor(t, gone.id)).map((s) => s.status)).toEqual(['invalid_token']);
    expect(peers.count(fine.token)).toBe(1);
  });

  it('retries 429 and 5xx (by the queue retry policy), never re-pushing devices that already got it; dead-letters after the limit', async () => {
    const [ok, flaky, down] = await createUsers(t, [
      { timezone: 'Asia/Tokyo', platform: 'fcm' },
      { timezone: 'Asia/Tokyo', platform: 'apns' },
      { timezone: 'America/Sao_Paulo', platform: 'fcm' },
    ]);
    if (!ok || !flaky || !down) throw new Error('users');
    const attempts = new Map<string, number>();
    const countAttempt = (token: string) => {
      const n = (attempts.get(token) ?? 0) + 1;
      attempts.set(token, n);
      return n;
    };
    peers.apns.state.responder = (push) =>
      push.token === flaky.token && countAttempt(push.token) === 1
        ? { status: 429, body: { reason: 'TooManyRequests' } }
        : undefined;
    peers.fcm.state.responder = (push) => {
      if (push.token !== down.token) return undefined;
      countAttempt(push.token);
      return { status: 503, body: { error: { code: 503, status: 'UNAVAILABLE' } } };
    };
    const handler = sendHandler(t, peers.providers());
    await startWorker({ boss: t.boss, logger: t.logger, handlers: [handler] });
    await t.core.notifications.dailyTipNow();

    await waitFor(() => peers.count(flaky.token) === 1, 'the 429 to be retried');
    const settled = async (userId: string) => (await sendsFor(t, userId)).every((s) => s.status === 'sent');
    await waitFor(
      async () => (await settled(ok.id)) && (await settled(flaky.id)),
      'the Tokyo batch to settle',
    );
    expect(peers.count(ok.token)).toBe(1);
    expect(attempts.get(flaky.token)).toBe(2);

    // The 503 batch: first try + 2 retries, then the dead-letter queue.
    await waitFor(async () => (await t.boss.findJobs(DEAD_LETTER)).length > 0, 'the dead letter');
    const [dead] = await t.boss.findJobs<{ timezone: string }>(DEAD_LETTER);
    expect(dead?.data.timezone).toBe('America/Sao_Paulo');
    expect(attempts.get(down.token)).toBe(3);
    expect(peers.count(down.token)).toBe(0);
    expect((await sendsFor(t, down.id)).map((s) => s.status)).toEqual(['pending']);
    await t.boss.offWork(NOTIFY_SEND.name);
    peers.fcm.state.responder = undefined;
    peers.apns.state.responder = undefined;
  });

  it('copies permanent failures to the dead-letter queue at once, without retrying them', async () => {
    const [user] = await createUsers(t, [{ timezone: 'Africa/Lagos', platform: 'apns' }]);
    if (!user) throw new Error('users');
    peers.apns.state.responder = () => ({ status: 400, body: { reason: 'PayloadTooLarge' } });
    await t.core.notifications.dailyTipNow();
    const result = await drain(t, sendHandler(t, peers.providers()));
    peers.apns.state.responder = undefined;
    expect(result).toEqual({ completed: 1, failed: 0 });
    const dead = await t.boss.findJobs<{ device_ids: string[]; error: string }>(DEAD_LETTER);
    expect(dead).toHaveLength(1);
    expect(dead[0]?.data.error).toContain('PayloadTooLarge');
    expect(dead[0]?.data.device_ids).toHaveLength(1);
    expect((await sendsFor(t, user.id)).map((s) => s.status)).toEqual(['failed']);
  });
});
