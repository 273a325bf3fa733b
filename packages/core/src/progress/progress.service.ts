import type { AnalyticsQuery, ProgressAnalytics, ProgressSummary, Timeframe } from '@wbn/contracts/progress';
import { type Actor, assertPremium } from '../auth/actor.ts';
import type { CheckinsRepository } from '../checkins/checkins.repository.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import { notFound } from '../errors.ts';
import type { ProgressRepository } from './progress.repository.ts';

interface Deps {
  db: Db;
  clock: Clock;
  progress: ProgressRepository;
  checkins: CheckinsRepository;
}

const DAY_MS = 86_400_000;
const RECENT_CHECKINS_MAX = 100;
const TIMEFRAME_DAYS: Record<Timeframe, number | null> = {
  '7d': 7,
  '30d': 30,
  '90d': 90,
  '365d': 365,
  all: null,
};

export function createProgressService({ db, clock, progress, checkins }: Deps) {
  return {
    async summary(userId: string): Promise<ProgressSummary> {
      const now = clock.now();
      const [counts, recent] = await Promise.all([
        progress.summaryCounts(db, { userId, now }),
        checkins.listForUser(db, {
          userId,
          limit: RECENT_CHECKINS_MAX,
          from: new Date(now.getTime() - 7 * DAY_MS),
        }),
      ]);
      if (!counts) throw notFound('User');
      return {
        recent_checkins: recent,
        tool_usage_counts: counts.tool_usage_counts ?? {},
        checkin_count: counts.checkin_count,
        cbt_entry_count: counts.cbt_entry_count,
        journal_entry_count: counts.journal_entry_count,
        interaction_count: counts.interaction_count,
        current_streak_days: counts.current_streak_days,
      };
    },

    async analytics(actor: Actor, query: AnalyticsQuery): Promise<ProgressAnalytics> {
      assertPremium(actor);
      const row = await progress.analytics(db, {
        userId: actor.id,
        now: clock.now(),
        days: TIMEFRAME_DAYS[query.timeframe],
      });
      if (!row?.timezone) throw notFound('User');
      return {
        timeframe: query.timeframe,
        timezone: row.timezone,
        from: row.from_day,
        to: row.to_day,
        checkin_trends: { overall: row.overall, daily: row.daily },
        trigger_frequency: row.trigger_frequency ?? {},
        average_anxiety_by_trigger: row.average_anxiety_by_trigger ?? {},
        weekday_pattern: row.weekday_pattern ?? [],
        time_of_day_pattern: row.time_of_day_pattern ?? [],
        interaction_minutes_by_tool: row.interaction_minutes_by_tool ?? {},
      };
    },
  };
}
export type ProgressService = ReturnType<typeof createProgressService>;
