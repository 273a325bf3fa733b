import { QUEUES } from '@wbn/contracts/queues';
import { MAX_DEVICES_PER_USER } from '@wbn/core/notifications/devices.repository';
import { insertTips } from '@wbn/core/testing/fixtures';
import { createTestRuntime } from '@wbn/core/testing/test-runtime';
import { createHandlers } from '@wbn/worker/handlers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './test-app.ts';

const FCM_TOKEN = 'fcm-registration-token-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const APNS_TOKEN = 'a'.repeat(64);

/**
 * Runs the queued notify-send batches through the worker's real handler (with the development log
 * provider, since the test has no push credentials), as a worker process would.
 */
async function deliverQueued(t: TestApp) {
  const worker = createHandlers(t);
  const send = worker.handlers.find((handler) => handler.queue.name === QUEUES.notifySend.name);
  if (!send) throw new Error('no notify-send handler');
  try {
    for (;;) {
      const jobs = await t.boss.fetch<unknown>(QUEUES.notifySend.name, { batchSize: 50 });
      if (jobs.length === 0) return;
      for (const job of jobs) {
        await send.handle(send.queue.schema.parse(job.data), { logger: t.logger, jobId: job.id });
        await t.boss.complete(QUEUES.notifySend.name, job.id);
      }
    }
  } finally {
    await worker.close();
  }
}

describe('notifications API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2026-03-10T08:00:00Z' });
  });
  afterAll(() => t.close());

  it('registers several devices per person and keeps the spec token columns truthful', async () => {
    const { token, user } = await t.signup();
    let res = await t.api('POST', '/api/user/settings/notifications', {
      token,
      body: { is_enabled: true, token: FCM_TOKEN, platform: 'fcm', app_version: '1.4.0' },
    });
    expect(res).toMatchObject({ status: 200, body: { is_enabled: true } });
    await t.api('POST', '/api/user/settings/notifications', {
      token,
      body: { is_enabled: true, token: APNS_TOKEN },
    });
    res = await t.api('GET', '/api/user/settings', { token });
    expect(res.body).toMatchObject({
      notifications_enabled: true,
      push_platforms: ['fcm', 'apns'],
      reminder_time: null,
    });
    const devices = await t.db
      .selectFrom('devices')
      .select(['platform', 'app_version'])
      .where('user_id', '=', user.id)
      .orderBy('platform')
      .execute();
    expect(devices).toEqual([
      { platform: 'apns', app_version: null },
      { platform: 'fcm', app_version: '1.4.0' },
    ]);
    const settings = await t.db
      .selectFrom('user_settings')
      .select(['fcm_token', 'apns_token'])
      .where('user_id', '=', user.id)
      .executeTakeFirst();
    expect(settings).toEqual({ fcm_token: FCM_TOKEN, apns_token: APNS_TOKEN });

    // Turning off with a token removes that device only.
    await t.api('POST', '/api/user/settings/notifications', {
      token,
      body: { is_enabled: false, token: APNS_TOKEN },
    });
    res = await t.api('GET', '/api/user/settings', { token });
    expect(res.body).toMatchObject({ notifications_enabled: false, push_platforms: ['fcm'] });
  });

  it('keeps at most MAX_DEVICES_PER_USER devices per person, dropping the ones seen longest ago', async () => {
    const { token, user } = await t.signup();
    const registered: string[] = [];
    for (let i = 0; i < MAX_DEVICES_PER_USER + 3; i++) {
      t.clock.advance(1000);
      const pushToken = `fcm-token-${i}-${'x'.repeat(40)}`;
      registered.push(pushToken);
      const res = await t.api('POST', '/api/user/settings/notifications', {
        token,
        body: { is_enabled: true, token: pushToken, platform: 'fcm' },
      });
      expect(res.status).toBe(200);
    }
    const kept = await t.db.selectFrom('devices').select('token').where('user_id', '=', user.id).execute();
    expect(kept.map((d) => d.token).sort()).toEqual(registered.slice(3).sort());
  });

  it('moves a token to the account that registers it last', async () => {
    const first = await t.signup();
    const second = await t.signup();
    const shared = 'fcm-shared-phone-token-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';
    await t.api('POST', '/api/user/settings/notifications', {
      token: first.token,
      body: { is_enabled: true, token: shared },
    });
    await t.api('POST', '/api/user/settings/notifications', {
      token: second.token,
      body: { is_enabled: true, token: shared },
    });
    expect((await t.api('GET', '/api/user/settings', { token: first.token })).body.push_platforms).toEqual(
      [],
    );
    expect((await t.api('GET', '/api/user/settings', { token: second.token })).body.push_platforms).toEqual([
      'fcm',
    ]);
    const owners = await t.db.selectFrom('devices').select('user_id').where('token', '=', shared).execute();
    expect(owners).toEqual([{ user_id: second.user.id }]);
    // A person cannot remove someone else's token.
    await t.api('POST', '/api/user/settings/notifications', {
      token: first.token,
      body: { is_enabled: false, token: shared },
    });
    expect(
      await t.db.selectFrom('devices').select('user_id').where('token', '=', shared).execute(),
    ).toHaveLength(1);
  });

  it('sets and clears a quarter-hour reminder time through the settings API', async () => {
    const { token } = await t.signup();
    let res = await t.api('PUT', '/api/user/settings', {
      token,
      body: { reminder_time: '20:30', timezone: 'Asia/Kolkata' },
    });
    expect(res).toMatchObject({ status: 200, body: { reminder_time: '20:30', timezone: 'Asia/Kolkata' } });
    res = await t.api('PUT', '/api/user/settings', { token, body: { reminder_time: '20:10' } });
    expect(res.status).toBe(400);
    expect(res.body.issues[0].path).toBe('reminder_time');
    res = await t.api('PUT', '/api/user/settings', { token, body: { reminder_time: null } });
    expect(res.body.reminder_time).toBeNull();
  });

  it('lists what was sent to the user, newest first and bounded, and only theirs', async () => {
    await insertTips(t.db, 30);
    const issuedAt = t.clock.now();
    const me = await t.signup(undefined, { timezone: 'Asia/Kolkata' });
    const other = await t.signup();
    await t.api('PUT', '/api/user/settings', { token: me.token, body: { timezone: 'Asia/Kolkata' } });
    await t.api('POST', '/api/user/settings/notifications', {
      token: me.token,
      body: { is_enabled: true, token: APNS_TOKEN.replace(/a/g, 'c') },
    });
    await t.api('POST', '/api/user/settings/notifications', {
      token: other.token,
      body: { is_enabled: true, token: 'fcm-other-cccccccccccccccccccccccc' },
    });

    for (const day of ['2026-03-11', '2026-03-12', '2026-03-13']) {
      t.clock.set(`${day}T03:30:00Z`); // 09:00 in Kolkata
      await t.core.notifications.tick();
      await deliverQueued(t);
    }
    // Back to when the access tokens were issued (they live 15 minutes), to read the log over HTTP.
    t.clock.set(issuedAt);
    const res = await t.api('GET', '/api/user/notifications?limit=2', { token: me.token });
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(2);
    expect(res.body[0]).toMatchObject({
      kind: 'daily-tip',
      platform: 'apns',
      status: 'sent',
      local_date: '2026-03-13',
    });
    expect(res.body[1].local_date).toBe('2026-03-12');
    expect(res.body[0].title).not.toBe(res.body[1].title);
    expect(res.body[0].body).toMatch(/^Body of tip/);
    // The other user is in UTC: 03:30Z is not their 09:00, so they got nothing, and never see mine.
    expect((await t.api('GET', '/api/user/notifications', { token: other.token })).body).toEqual([]);
    expect((await t.api('GET', '/api/user/notifications?limit=101', { token: me.token })).status).toBe(400);
    expect((await t.api('GET', '/api/user/notifications')).status).toBe(401);
  });

  it('rotates the tip of the day without a repeat within 30 days', async () => {
    // A database of its own with exactly 30 tips: the rotation depends on every tip and every past day.
    const own = await createTestRuntime();
    try {
      await insertTips(own.db, 30);
      const titles: string[] = [];
      for (let day = 0; day < 60; day++) {
        const date = new Date(Date.UTC(2027, 0, 1 + day)).toISOString().slice(0, 10);
        const first = await own.core.notifications.tipOfTheDay(date);
        // Asking again (another zone reaching the same local date) gives the same tip.
        expect(await own.core.notifications.tipOfTheDay(date)).toEqual(first);
        titles.push(first?.title ?? '');
      }
      expect(new Set(titles).size).toBe(30);
      for (let i = 0; i + 30 <= titles.length; i++) expect(new Set(titles.slice(i, i + 30)).size).toBe(30);
    } finally {
      await own.close();
    }
  });
});
