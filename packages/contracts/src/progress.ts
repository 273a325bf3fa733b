import { z } from 'zod';
import { ZCheckinHistoryItem } from './checkins.ts';

const ZCounts = z.record(z.string(), z.number());

export const ZProgressSummary = z
  .object({
    recent_checkins: z
      .array(ZCheckinHistoryItem)
      .describe('Check-ins of the last 7 days, newest first (at most 100)'),
    tool_usage_counts: ZCounts.describe('Number of AI-interaction logs per tool'),
    checkin_count: z.number().int(),
    cbt_entry_count: z.number().int(),
    journal_entry_count: z.number().int(),
    interaction_count: z.number().int(),
    current_streak_days: z
      .number()
      .int()
      .describe('Consecutive days with a check-in ending today or yesterday, in your time zone'),
  })
  .meta({ id: 'ProgressSummary' });
export type ProgressSummary = z.infer<typeof ZProgressSummary>;

export const TIMEFRAMES = ['7d', '30d', '90d', '365d', 'all'] as const;
export const ZTimeframe = z.enum(TIMEFRAMES);
export type Timeframe = z.infer<typeof ZTimeframe>;

export const ZAnalyticsQuery = z.object({ timeframe: ZTimeframe.default('30d') });
export type AnalyticsQuery = z.infer<typeof ZAnalyticsQuery>;

const ZStats = z.object({
  average: z.number().nullable(),
  min: z.number().nullable(),
  max: z.number().nullable(),
  count: z.number().int(),
});

export const ZProgressAnalytics = z
  .object({
    timeframe: ZTimeframe,
    timezone: z.string(),
    from: z.string().describe('First local day of the range (YYYY-MM-DD)'),
    to: z.string().describe('Last local day of the range (today, YYYY-MM-DD)'),
    checkin_trends: z.object({
      overall: ZStats,
      daily: z
        .array(ZStats.extend({ date: z.string() }))
        .describe('One item per local day; empty days have count 0'),
    }),
    trigger_frequency: ZCounts.describe('Check-ins naming each trigger'),
    average_anxiety_by_trigger: ZCounts,
    weekday_pattern: z
      .array(ZStats.pick({ average: true, count: true }).extend({ weekday: z.number().int() }))
      .describe('ISO weekday 1 = Monday … 7 = Sunday, local time'),
    time_of_day_pattern: z
      .array(
        ZStats.pick({ average: true, count: true }).extend({
          period: z.enum(['night', 'morning', 'afternoon', 'evening']),
        }),
      )
      .describe('night 00–06, morning 06–12, afternoon 12–18, evening 18–24, local time'),
    interaction_minutes_by_tool: ZCounts,
  })
  .meta({ id: 'ProgressAnalytics' });
export type ProgressAnalytics = z.infer<typeof ZProgressAnalytics>;
