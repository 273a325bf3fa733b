import { sql } from 'kysely';
import type { DbOrTx } from '../db/database.ts';

type Stats = { average: number | null; min: number | null; max: number | null; count: number };

export interface AnalyticsRow {
  timezone: string;
  from_day: string;
  to_day: string;
  overall: Stats;
  daily: (Stats & { date: string })[];
  trigger_frequency: Record<string, number> | null;
  average_anxiety_by_trigger: Record<string, number> | null;
  weekday_pattern: { weekday: number; average: number; count: number }[] | null;
  time_of_day_pattern:
    | { period: 'night' | 'morning' | 'afternoon' | 'evening'; average: number; count: number }[]
    | null;
  interaction_minutes_by_tool: Record<string, number> | null;
}

/**
 * Aggregations for progress and analytics. Everything is computed by PostgreSQL over one user's
 * index range (checkins and interaction_logs have covering (user_id, timestamp) indexes), in one
 * statement each, with day buckets in the user's own time zone (users.timezone): a user's history
 * never travels to JS to be counted.
 */
export function createProgressRepository() {
  return {
    async summaryCounts(db: DbOrTx, options: { userId: string; now: Date }) {
      const { userId, now } = options;
      const result = await sql<{
        checkin_count: number;
        cbt_entry_count: number;
        journal_entry_count: number;
        interaction_count: number;
        tool_usage_counts: Record<string, number> | null;
        current_streak_days: number;
      }>`
        WITH u AS (SELECT timezone AS tz FROM users WHERE id = ${userId}),
        days AS (
          SELECT DISTINCT (c."timestamp" AT TIME ZONE u.tz)::date AS d
          FROM checkins c, u WHERE c.user_id = ${userId}
        ),
        runs AS (SELECT d, d + (row_number() OVER (ORDER BY d DESC))::int AS run FROM days)
        SELECT
          (SELECT count(*) FROM checkins WHERE user_id = ${userId})::int AS checkin_count,
          (SELECT count(*) FROM cbt_entries WHERE user_id = ${userId})::int AS cbt_entry_count,
          (SELECT count(*) FROM journal_entries WHERE user_id = ${userId})::int AS journal_entry_count,
          (SELECT count(*) FROM interaction_logs WHERE user_id = ${userId})::int AS interaction_count,
          (SELECT json_object_agg(tool, n) FROM (
             SELECT tool, count(*)::int AS n FROM interaction_logs WHERE user_id = ${userId} GROUP BY tool
           ) t) AS tool_usage_counts,
          -- Consecutive days (a run has a constant d + rank) ending today, or yesterday when today has no check-in yet.
          (SELECT CASE
             WHEN max(d) >= (SELECT (${now}::timestamptz AT TIME ZONE u.tz)::date - 1 FROM u)
             THEN count(*) FILTER (WHERE run = (SELECT run FROM runs ORDER BY d DESC LIMIT 1))
             ELSE 0 END
           FROM runs)::int AS current_streak_days
      `.execute(db);
      return result.rows[0];
    },

    /** days: the range's length in days ending today, or null for everything since the first check-in. */
    async analytics(
      db: DbOrTx,
      options: { userId: string; now: Date; days: number | null },
    ): Promise<AnalyticsRow | undefined> {
      const { userId, now, days } = options;
      const result = await sql<AnalyticsRow>`
        WITH u AS (SELECT timezone AS tz FROM users WHERE id = ${userId}),
        today AS (SELECT (${now}::timestamptz AT TIME ZONE u.tz)::date AS t FROM u),
        range AS (
          SELECT lo, hi, (lo::timestamp AT TIME ZONE u.tz) AS lo_at, ((hi + 1)::timestamp AT TIME ZONE u.tz) AS hi_at
          FROM u, (
            SELECT
              CASE WHEN ${days}::int IS NULL
                THEN LEAST(today.t, COALESCE(
                  ((SELECT min(c."timestamp") FROM checkins c WHERE c.user_id = ${userId}) AT TIME ZONE u.tz)::date,
                  today.t))
                ELSE today.t - (${days}::int - 1) END AS lo,
              today.t AS hi
            FROM today, u
          ) r
        ),
        c AS MATERIALIZED (
          SELECT c.anxiety_level, c.triggers, c."timestamp" AT TIME ZONE u.tz AS local
          FROM checkins c, range, u
          WHERE c.user_id = ${userId} AND c."timestamp" >= range.lo_at AND c."timestamp" < range.hi_at
        ),
        daily AS (
          SELECT local::date AS day, round(avg(anxiety_level), 2) AS average, min(anxiety_level) AS min,
                 max(anxiety_level) AS max, count(*)::int AS count
          FROM c GROUP BY 1
        ),
        by_trigger AS (
          SELECT t, count(*)::int AS n, round(avg(c.anxiety_level), 2) AS average FROM c, unnest(c.triggers) AS t GROUP BY t
        )
        SELECT
          (SELECT tz FROM u) AS timezone,
          (SELECT to_char(lo, 'YYYY-MM-DD') FROM range) AS from_day,
          (SELECT to_char(hi, 'YYYY-MM-DD') FROM range) AS to_day,
          (SELECT json_build_object('average', round(avg(anxiety_level), 2), 'min', min(anxiety_level),
                                    'max', max(anxiety_level), 'count', count(*)) FROM c) AS overall,
          (SELECT json_agg(json_build_object('date', to_char(g.day, 'YYYY-MM-DD'), 'average', d.average, 'min', d.min,
                                             'max', d.max, 'count', COALESCE(d.count, 0)) ORDER BY g.day)
             FROM range, generate_series(range.lo, range.hi, interval '1 day') AS g(day)
             LEFT JOIN daily d ON d.day = g.day::date) AS daily,
          (SELECT json_object_agg(t, n) FROM by_trigger) AS trigger_frequency,
          (SELECT json_object_agg(t, average) FROM by_trigger) AS average_anxiety_by_trigger,
          (SELECT json_agg(json_build_object('weekday', w, 'average', average, 'count', n) ORDER BY w) FROM (
             SELECT extract(isodow FROM local)::int AS w, round(avg(anxiety_level), 2) AS average, count(*)::int AS n
             FROM c GROUP BY 1) x) AS weekday_pattern,
          (SELECT json_agg(json_build_object('period', p, 'average', average, 'count', n) ORDER BY h) FROM (
             SELECT (extract(hour FROM local)::int / 6) AS h,
                    (ARRAY['night', 'morning', 'afternoon', 'evening'])[extract(hour FROM local)::int / 6 + 1] AS p,
                    round(avg(anxiety_level), 2) AS average, count(*)::int AS n
             FROM c GROUP BY 1, 2) x) AS time_of_day_pattern,
          (SELECT json_object_agg(tool, minutes) FROM (
             SELECT i.tool, sum(i.duration)::int AS minutes FROM interaction_logs i, range
             WHERE i.user_id = ${userId} AND i."timestamp" >= range.lo_at AND i."timestamp" < range.hi_at
             GROUP BY i.tool) x) AS interaction_minutes_by_tool
      `.execute(db);
      return result.rows[0];
    },

    /**
     * Average check-in anxiety on local days with a journal entry vs days without, over a window.
     * Uses only timestamps: no journal content is read.
     */
    async anxietyByJournalDays(db: DbOrTx, options: { userId: string; since: Date }) {
      const { userId, since } = options;
      const result = await sql<{ journaled: boolean; average: number; days: number }>`
        WITH u AS (SELECT timezone AS tz FROM users WHERE id = ${userId}),
        j AS (SELECT DISTINCT (e."timestamp" AT TIME ZONE u.tz)::date AS d FROM journal_entries e, u
              WHERE e.user_id = ${userId} AND e."timestamp" >= ${since}),
        daily AS (SELECT (c."timestamp" AT TIME ZONE u.tz)::date AS d, avg(c.anxiety_level) AS a FROM checkins c, u
                  WHERE c.user_id = ${userId} AND c."timestamp" >= ${since} GROUP BY 1)
        SELECT (j.d IS NOT NULL) AS journaled, round(avg(daily.a), 2) AS average, count(*)::int AS days
        FROM daily LEFT JOIN j ON j.d = daily.d GROUP BY 1
      `.execute(db);
      return result.rows;
    },
  };
}
export type ProgressRepository = ReturnType<typeof createProgressRepository>;
