import { z } from 'zod';
import { ZId, ZIsoDateTime, ZLimit, zString } from './common.ts';

export const CHECKIN_TRIGGERS_MAX = 20;
export const CHECKIN_TRIGGER_MAX_LENGTH = 50;

/**
 * Triggers are trimmed, case-folded and de-duplicated on the way in, so "Work" and " work " are
 * counted together by analytics.
 */
export const ZTriggers = z
  .array(zString().trim().min(1).max(CHECKIN_TRIGGER_MAX_LENGTH))
  .max(CHECKIN_TRIGGERS_MAX)
  // Bounded in bytes too: the array rides in a covering index, whose rows PostgreSQL caps at ~2.7 kB.
  .refine((triggers) => Buffer.byteLength(triggers.join('')) <= 1000, 'at most 1000 bytes in all')
  .transform((triggers) => [...new Set(triggers.map((t) => t.toLowerCase()))]);

export const ZCheckinCreateInput = z.object({
  anxiety_level: z.number().int().min(0).max(10),
  triggers: ZTriggers.default([]),
  timestamp: ZIsoDateTime.describe(
    'When it was felt; ISO 8601 with offset, at most a few minutes in the future',
  ),
});
export type CheckinCreateInput = z.infer<typeof ZCheckinCreateInput>;

export const ZCheckinHistoryItem = z
  .object({
    id: ZId,
    anxiety_level: z.number().int(),
    triggers: z.array(z.string()),
    timestamp: z.string(),
  })
  .meta({ id: 'CheckinHistoryItem' });
export type CheckinHistoryItem = z.infer<typeof ZCheckinHistoryItem>;

export const ZCheckin = ZCheckinHistoryItem.extend({ user_id: ZId }).meta({ id: 'Checkin' });
export type Checkin = z.infer<typeof ZCheckin>;

/**
 * Keyset paging over long histories: pass the `id` of the last item you received as `cursor` to get
 * the next (older) page. `from`/`to` bound the timestamp (inclusive, exclusive).
 */
export const ZHistoryQuery = z.object({
  limit: ZLimit,
  from: ZIsoDateTime.optional(),
  to: ZIsoDateTime.optional(),
  cursor: ZId.optional().describe('id of the last item of the previous page'),
});
export type HistoryQuery = z.infer<typeof ZHistoryQuery>;

export const ZCheckinHistory = z.array(ZCheckinHistoryItem);
