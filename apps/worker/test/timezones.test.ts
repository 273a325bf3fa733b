import { localTime } from '@wbn/core/notifications/local-time';
import { insertTips } from '@wbn/core/testing/fixtures';
import { createTestRuntime, type TestRuntime } from '@wbn/core/testing/test-runtime';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUsers, drain, type PushPeers, sendHandler, startPushPeers } from './support.ts';

const QUARTER = 15 * 60_000;

/** Walks the injected clock in scheduler steps; returns every push with the instant it went out. */
async function runSchedule(t: TestRuntime, peers: PushPeers, from: string, to: string) {
  const handler = sendHandler(t, peers.providers());
  const sent: { token: string; at: Date; title: string }[] = [];
  const seen = { fcm: 0, apns: 0 };
  for (let at = new Date(from).getTime(); at <= new Date(to).getTime(); at += QUARTER) {
    t.clock.set(new Date(at));
    await t.core.notifications.tick();
    await drain(t, handler);
    // Each peer's log only grows: entries past the last step's length went out at this instant.
    for (const peer of ['fcm', 'apns'] as const) {
      const pushes = peers[peer].log.pushes;
      for (const push of pushes.slice(seen[peer]))
        sent.push({ token: push.token, at: new Date(at), title: push.title });
      seen[peer] = pushes.length;
    }
  }
  return sent;
}

describe('daily tip at the local hour in every time zone', () => {
  let t: TestRuntime;
  let peers: PushPeers;
  // Each test walks its own calendar: a database of its own, so no tip history carries over.
  beforeEach(async () => {
    peers = await startPushPeers();
    t = await createTestRuntime({ env: { ...peers.env, DAILY_TIP_LOCAL_HOUR: '9' } });
    await insertTips(t.db, 30);
  });
  afterEach(async () => {
    await t?.close();
    await peers?.close();
  });

  it('reaches UTC+14, UTC-12, a half-hour zone and a DST change day exactly once per local date, at 09:00 local', async () => {
    const zones = [
      'Pacific/Kiritimati',
      'Etc/GMT+12',
      'Asia/Kolkata',
      'Europe/Berlin',
      'America/New_York',
      'UTC',
    ];
    const users = await createUsers(
      t,
      zones.map((timezone, i) => ({ timezone, platform: i % 2 ? ('apns' as const) : ('fcm' as const) })),
    );
    // Europe/Berlin springs forward on 2026-03-29 (01:00Z); the walk covers the day on both sides.
    const sent = await runSchedule(t, peers, '2026-03-27T18:00:00Z', '2026-03-31T12:00:00Z');

    const byDate = new Map<string, Set<string>>();
    for (const user of users) {
      const mine = sent.filter((s) => s.token === user.token);
      const dates = mine.map((s) => localTime(s.at, user.timezone).date);
      expect(new Set(dates).size, `${user.timezone}: one push per local date`).toBe(dates.length);
      expect(dates, user.timezone).toEqual(expect.arrayContaining(['2026-03-29', '2026-03-30']));
      for (const s of mine) {
        const local = localTime(s.at, user.timezone);
        expect(local.minutes, `${user.timezone} at ${s.at.toISOString()}`).toBeGreaterThanOrEqual(9 * 60);
        expect(local.minutes).toBeLessThan(9 * 60 + 15);
        const titles = byDate.get(local.date) ?? new Set();
        titles.add(s.title);
        byDate.set(local.date, titles);
      }
    }
    // Everyone gets the same tip on a given local date, and consecutive dates differ.
    for (const [date, titles] of byDate) expect(titles.size, date).toBe(1);
    const daily = ['2026-03-28', '2026-03-29', '2026-03-30'].map((d) => [...(byDate.get(d) ?? [])][0]);
    expect(new Set(daily).size).toBe(3);
    // Berlin's tip on the change day went out at 09:00 CEST = 07:00Z (UTC+2 after the switch).
    const berlin = users.find((u) => u.timezone === 'Europe/Berlin');
    expect(sent.filter((s) => s.token === berlin?.token).map((s) => s.at.toISOString())).toContain(
      '2026-03-29T07:00:00.000Z',
    );
  });

  it('stops from the next slice on once notifications are turned off, and resumes when turned on', async () => {
    const [user] = await createUsers(t, [{ timezone: 'Asia/Kolkata' }]);
    if (!user) throw new Error('no user');
    await runSchedule(t, peers, '2026-04-01T03:00:00Z', '2026-04-01T04:30:00Z'); // 09:00 IST = 03:30Z
    expect(peers.count(user.token)).toBe(1);
    await t.core.users.updateNotificationSettings(user.id, { is_enabled: false });
    await runSchedule(t, peers, '2026-04-02T03:00:00Z', '2026-04-02T04:30:00Z');
    expect(peers.count(user.token)).toBe(1);
    await t.core.users.updateNotificationSettings(user.id, { is_enabled: true });
    await runSchedule(t, peers, '2026-04-03T03:00:00Z', '2026-04-03T04:30:00Z');
    expect(peers.count(user.token)).toBe(2);
  });
});

describe('DST edges: a skipped and a repeated local hour', () => {
  let t: TestRuntime;
  let peers: PushPeers;
  afterAll(async () => {
    await t?.close();
    await peers?.close();
  });

  it('sends once when the hour does not exist (Berlin 02:00 on 2026-03-29) and once when it occurs twice (New York 01:00 on 2026-11-01)', async () => {
    peers = await startPushPeers();
    t = await createTestRuntime({ env: { ...peers.env, DAILY_TIP_LOCAL_HOUR: '2' } });
    await insertTips(t.db, 30);
    const [berlin] = await createUsers(t, [{ timezone: 'Europe/Berlin' }]);
    const spring = await runSchedule(t, peers, '2026-03-28T22:00:00Z', '2026-03-29T06:00:00Z');
    // 02:00 is skipped (01:59 CET -> 03:00 CEST at 01:00Z): the tip goes out at 03:00 local, once.
    expect(spring.filter((s) => s.token === berlin?.token).map((s) => s.at.toISOString())).toEqual([
      '2026-03-29T01:00:00.000Z',
    ]);
    await t?.close();

    t = await createTestRuntime({ env: { ...peers.env, DAILY_TIP_LOCAL_HOUR: '1' } });
    await insertTips(t.db, 30);
    const [newYork, kolkata] = await createUsers(t, [
      { timezone: 'America/New_York' },
      { timezone: 'Asia/Kolkata', reminder_time: '08:30' },
    ]);
    peers.reset();
    const fall = await runSchedule(t, peers, '2026-11-01T03:00:00Z', '2026-11-01T09:00:00Z');
    // 01:00 EDT (05:00Z) and 01:00 EST (06:00Z) are both "1 a.m.": only the first sends.
    expect(fall.filter((s) => s.token === newYork?.token).map((s) => s.at.toISOString())).toEqual([
      '2026-11-01T05:00:00.000Z',
    ]);
    // The half-hour zone's 08:30 check-in reminder: 03:00Z, once (its tip went out at 01:00 IST = 19:30Z before).
    const reminders = fall.filter((s) => s.token === kolkata?.token && s.title === 'Time for your check-in');
    expect(reminders.map((s) => s.at.toISOString())).toEqual(['2026-11-01T03:00:00.000Z']);
  });
});
