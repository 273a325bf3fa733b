import { z } from 'zod';
import { ZId, ZIdParam, ZIsoDateTime, ZLimit, zText } from './common.ts';
import { ZContentType } from './community.ts';

export const APPEAL_WINDOW_DAYS = 30;
export const APPEAL_TEXT_MAX = 2000;
export const DECISION_REASON_MAX = 1000;

export const ZAppealCreateInput = ZIdParam.extend({ text: zText(APPEAL_TEXT_MAX) });
export type AppealCreateInput = z.infer<typeof ZAppealCreateInput>;

export const ZAppealStatus = z.enum(['open', 'upheld', 'overturned']);
export type AppealStatus = z.infer<typeof ZAppealStatus>;

export const ZAppeal = z
  .object({
    id: ZId,
    notice_id: ZId,
    user_id: ZId,
    action: z.string().describe('The appealed action (hide, auto_hide, delete, edit, warn, silence, ban)'),
    content_type: ZContentType.nullable(),
    content_id: ZId.nullable(),
    notice_reason: z.string().nullable(),
    text: z.string(),
    status: ZAppealStatus,
    created_at: ZIsoDateTime,
    decided_at: ZIsoDateTime.nullable(),
    decision_reason: z.string().nullable(),
  })
  .meta({ id: 'ModerationAppeal' });
export type Appeal = z.infer<typeof ZAppeal>;

export const ZAppealsInput = z.object({
  status: ZAppealStatus.default('open'),
  page: z.number().int().min(1).max(10_000).default(1),
  limit: ZLimit,
});
export type AppealsInput = z.infer<typeof ZAppealsInput>;

export const ZAppealDecisionInput = ZIdParam.extend({
  decision: z.enum(['upheld', 'overturned']),
  reason: zText(DECISION_REASON_MAX),
});
export type AppealDecisionInput = z.infer<typeof ZAppealDecisionInput>;
