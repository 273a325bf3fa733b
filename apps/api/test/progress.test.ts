import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { TEST_SECRETS } from '@wbn/core/testing/test-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './test-app.ts';

let t: TestApp;
// 08:00 in New York, two days after the switch to daylight-saving time (2026-03-08 02:00 EST → 03:00 EDT).
const NOW = '2026-03-10T12:00:00.000Z';
const repoRoot = path.resolve(import.meta.dirname, '../../..');

beforeAll(async () => {
  t = await createTestApp({ clockStart: NOW });
});
afterAll(async () => t?.close());

/** Rows straddling local midnights and the DST switch, in UTC. */
const CHECKINS: { timestamp: string; anxiety_level: number; triggers: string[] }[] = [
  { timestamp: '2026-03-02T15:00:00Z', anxiety_level: 2, triggers: ['work'] },
  { timestamp: '2026-03-04T02:00:00Z', anxiety_level: 9, triggers: ['sleep', 'work'] },
  { timestamp: '2026-03-05T23:30:00Z', anxiety_level: 4, triggers: [] },
  { timestamp: '2026-03-08T04:30:00Z', anxiety_level: 7, triggers: ['Money'] },
  { timestamp: '2026-03-08T05:30:00Z', anxiety_level: 3, triggers: ['work'] },
  { timestamp: '2026-03-08T06:59:00Z', anxiety_level: 5, triggers: ['sleep'] },
  { timestamp: '2026-03-08T07:01:00Z', anxiety_level: 6, triggers: ['sleep', 'money'] },
  { timestamp: '2026-03-09T03:59:00Z', anxiety_level: 8, triggers: ['work'] },
  { timestamp: '2026-03-09T04:00:00Z', anxiety_level: 1, triggers: [] },
  { timestamp: '2026-03-09T18:45:00Z', anxiety_level: 10, triggers: ['family'] },
  { timestamp: '2026-03-10T11:00:00Z', anxiety_level: 0, triggers: ['work'] },
];
const INTERACTIONS = [
  { timestamp: '2026-03-01T12:00:00Z', duration: 100, tool: 'Claude' },
  { timestamp: '2026-03-08T05:00:00Z', duration: 20, tool: 'Claude' },
  { timestamp: '2026-03-09T12:00:00Z', duration: 15, tool: 'ChatGPT' },
  { timestamp: '2026-03-10T04:30:00Z', duration: 5, tool: 'Claude' },
];

function local(timestamp: string, timeZone: string) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      hourCycle: 'h23',
      weekday: 'short',
    })
      .formatToParts(new Date(timestamp))
      .map((p) => [p.type, p.value]),
  );
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(parts.weekday ?? '') + 1;
  return { date: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour), weekday };
}

const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** The analytics, computed here from the rows the test wrote, independently of the SQL. */
function expected(timeZone: string, days: number) {
  const today = local(NOW, timeZone).date;
  const from = addDays(today, -(days - 1));
  const rows = CHECKINS.map((c) => ({ ...c, ...local(c.timestamp, timeZone) })).filter(
    (c) => c.date >= from && c.date <= today,
  );
  const daily = Array.from({ length: days }, (_, i) => {
    const date = addDays(from, i);
    const levels = rows.filter((r) => r.date === date).map((r) => r.anxiety_level);
    return levels.length
      ? {
          date,
          average: avg(levels),
          min: Math.min(...levels),
          max: Math.max(...levels),
          count: levels.length,
        }
      : { date, average: null, min: null, max: null, count: 0 };
  });
  const triggers: Record<string, number[]> = {};
  for (const r of rows)
    for (const trigger of new Set(r.triggers.map((x) => x.toLowerCase())))
      triggers[trigger] = [...(triggers[trigger] ?? []), r.anxiety_level];
  const group = <K extends string | number>(key: (r: (typeof rows)[number]) => K) => {
    const out = new Map<K, number[]>();
    for (const r of rows) out.set(key(r), [...(out.get(key(r)) ?? []), r.anxiety_level]);
    return out;
  };
  const periods = ['night', 'morning', 'afternoon', 'evening'];
  const minutes: Record<string, number> = {};
  for (const i of INTERACTIONS) {
    const d = local(i.timestamp, timeZone).date;
    if (d >= from && d <= today) minutes[i.tool] = (minutes[i.tool] ?? 0) + i.duration;
  }
  return {
    from,
    today,
    daily,
    trigger_frequency: Object.fromEntries(Object.entries(triggers).map(([k, v]) => [k, v.length])),
    average_anxiety_by_trigger: Object.fromEntries(Object.entries(triggers).map(([k, v]) => [k, avg(v)])),
    weekday: [...group((r) => r.weekday)]
      .sort(([a], [b]) => a - b)
      .map(([weekday, v]) => ({ weekday, average: avg(v), count: v.length })),
    timeOfDay: [...group((r) => Math.floor(r.hour / 6))]
      .sort(([a], [b]) => a - b)
      .map(([h, v]) => ({ period: periods[h], average: avg(v), count: v.length })),
    minutes,
    overall: rows.length,
  };
}

const roundAll = (value: unknown): unknown =>
  typeof value === 'number'
    ? Math.round(value * 100) / 100
    : Array.isArray(value)
      ? value.map(roundAll)
      : value && typeof value === 'object'
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, roundAll(v)]))
        : value;

async function seededPremiumUser(timezone: string) {
  const s = await t.signup();
  await t.api('PUT', '/api/user/settings', { token: s.token, body: { timezone } });
  for (const c of CHECKINS)
    expect((await t.api('POST', '/api/checkin', { token: s.token, body: c })).status).toBe(201);
  for (const i of INTERACTIONS)
    expect((await t.api('POST', '/api/interaction/log', { token: s.token, body: i })).status).toBe(201);
  await t.core.users.setRole(s.user.username, 'premium', true);
  return s;
}

describe('GET /api/progress/analytics', () => {
  it.each([
    ['America/New_York', 7],
    ['America/New_York', 30],
    ['Asia/Kolkata', 7],
    ['Europe/London', 30],
  ])(
    'equals the figures computed independently from the rows, in %s over %i days',
    async (timezone, days) => {
      const { token } = await seededPremiumUser(timezone);
      const res = await t.api('GET', `/api/progress/analytics?timeframe=${days}d`, { token });
      expect(res.status).toBe(200);
      const want = expected(timezone, days);
      expect(res.body.timezone).toBe(timezone);
      expect(res.body.from).toBe(want.from);
      expect(res.body.to).toBe(want.today);
      expect(res.body.checkin_trends.daily).toEqual(roundAll(want.daily));
      expect(res.body.checkin_trends.overall.count).toBe(want.overall);
      expect(res.body.trigger_frequency).toEqual(want.trigger_frequency);
      expect(res.body.average_anxiety_by_trigger).toEqual(roundAll(want.average_anxiety_by_trigger));
      expect(res.body.weekday_pattern).toEqual(roundAll(want.weekday));
      expect(res.body.time_of_day_pattern).toEqual(roundAll(want.timeOfDay));
      expect(res.body.interaction_minutes_by_tool).toEqual(want.minutes);
    },
  );

  it('buckets the DST day correctly in New York (the 23-hour day of 2026-03-08)', async () => {
    const { token } = await seededPremiumUser('America/New_York');
    const res = await t.api('GET', '/api/progress/analytics?timeframe=7d', { token });
    const day = res.body.checkin_trends.daily.find((d: { date: string }) => d.date === '2026-03-08');
    // 00:30 EST, 01:59 EST, 03:01 EDT and 23:59 EDT belong to the 8th; 23:30 EST the day before and 00:00 EDT the day after.
    expect(day).toEqual({ date: '2026-03-08', average: 5.5, min: 3, max: 8, count: 4 });
  });

  it('timeframe=all starts at the first check-in; refuses an unknown timeframe', async () => {
    const { token } = await seededPremiumUser('UTC');
    const all = await t.api('GET', '/api/progress/analytics?timeframe=all', { token });
    expect(all.body.from).toBe('2026-03-02');
    expect(all.body.checkin_trends.overall.count).toBe(CHECKINS.length);
    const bad = await t.api('GET', '/api/progress/analytics?timeframe=2w', { token });
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i: { path: string }) => i.path)).toContain('timeframe');
  });

  it('answers 403 PREMIUM_REQUIRED to a free user, and data once `pnpm admin user grant --premium` ran', async () => {
    const s = await t.signup();
    const free = await t.api('GET', '/api/progress/analytics?timeframe=7d', { token: s.token });
    expect(free.status).toBe(403);
    expect(free.body.reason).toBe('PREMIUM_REQUIRED');
    expect(free.body).not.toHaveProperty('checkin_trends');
    await promisify(execFile)('node', ['scripts/admin.ts', 'user', 'grant', s.user.username, '--premium'], {
      cwd: repoRoot,
      env: {
        ...process.env,
        NODE_ENV: 'test',
        DATABASE_URL: t.databaseUrl,
        DATA_DIR: t.config.dataDir,
        ...TEST_SECRETS,
      },
    });
    const premium = await t.api('GET', '/api/progress/analytics?timeframe=7d', { token: s.token });
    expect(premium.status).toBe(200);
    expect(premium.body.checkin_trends.daily).toHaveLength(7);
    expect(premium.body.checkin_trends.daily.every((d: { count: number }) => d.count === 0)).toBe(true);
    expect(premium.body.trigger_frequency).toEqual({});
  });
});

describe('GET /api/progress/summary', () => {
  it('is empty for a new user', async () => {
    const { token } = await t.signup();
    const res = await t.api('GET', '/api/progress/summary', { token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      recent_checkins: [],
      tool_usage_counts: {},
      checkin_count: 0,
      cbt_entry_count: 0,
      journal_entry_count: 0,
      interaction_count: 0,
      current_streak_days: 0,
    });
  });

  it('counts the caller’s activity, lists the last 7 days and the streak in their time zone', async () => {
    const { token } = await seededPremiumUser('America/New_York');
    await t.api('POST', '/api/cbt/thought-record', { token, body: { data: {}, timestamp: NOW } });
    await t.api('POST', '/api/journal', { token, body: { content: 'hello', timestamp: NOW } });
    const other = await t.signup();
    await t.api('POST', '/api/checkin', {
      token: other.token,
      body: { anxiety_level: 1, triggers: [], timestamp: NOW },
    });

    const res = await t.api('GET', '/api/progress/summary', { token });
    const weekAgo = Date.parse(NOW) - 7 * 86_400_000;
    const recent = CHECKINS.filter((c) => Date.parse(c.timestamp) >= weekAgo).sort((a, b) =>
      b.timestamp.localeCompare(a.timestamp),
    );
    expect(res.body.recent_checkins.map((c: { timestamp: string }) => c.timestamp)).toEqual(
      recent.map((c) => new Date(c.timestamp).toISOString()),
    );
    expect(Object.keys(res.body.recent_checkins[0]).sort()).toEqual([
      'anxiety_level',
      'id',
      'timestamp',
      'triggers',
    ]);
    expect(res.body.tool_usage_counts).toEqual({ Claude: 3, ChatGPT: 1 });
    expect(res.body).toMatchObject({
      checkin_count: CHECKINS.length,
      cbt_entry_count: 1,
      journal_entry_count: 1,
      interaction_count: 4,
    });
    // Independent streak: consecutive local days with a check-in, ending today (or yesterday).
    const dates = new Set(CHECKINS.map((c) => local(c.timestamp, 'America/New_York').date));
    let day = local(NOW, 'America/New_York').date;
    if (!dates.has(day)) day = addDays(day, -1);
    let streak = 0;
    while (dates.has(day)) {
      streak++;
      day = addDays(day, -1);
    }
    expect(streak).toBe(4);
    expect(res.body.current_streak_days).toBe(streak);
  });
});
