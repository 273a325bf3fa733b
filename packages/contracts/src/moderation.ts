import { z } from 'zod';
import { ZId, ZIdParam, ZIsoDateTime, ZLimit, zString, zText } from './common.ts';
import { POST_CONTENT_MAX, ZContentType } from './community.ts';

/** The moderators' interface and the affected user's notices. */

export const ZReportStatus = z.enum(['open', 'resolved']);

export const ZReportsInput = z.object({
  status: ZReportStatus.default('open'),
  page: z.number().int().min(1).max(10_000).default(1),
  limit: ZLimit,
});
export type ReportsInput = z.infer<typeof ZReportsInput>;

export const ZModerationReport = z
  .object({
    id: ZId,
    content_type: ZContentType,
    content_id: ZId,
    reason: z.string(),
    reporter_id: ZId.nullable().describe('null when raised by a watched word'),
    status: ZReportStatus,
    timestamp: ZIsoDateTime,
    weight: z.number().int(),
    priority: z
      .number()
      .int()
      .describe(
        '2 for a crisis-language system report (reach out to the author), 1 when the item is hidden pending review, else 0; higher first',
      ),
    content_snippet: z.string().nullable().describe('First 200 characters; null once the text is purged'),
    author_id: ZId.nullable(),
    author_pseudonym: z.string().nullable(),
    report_count: z.number().int().describe('Reports on the same item (all statuses)'),
    is_hidden: z.boolean(),
    is_deleted: z.boolean(),
    resolved_at: ZIsoDateTime.nullable(),
    resolution: z.string().nullable(),
  })
  .meta({ id: 'ModerationReport' });
export type ModerationReport = z.infer<typeof ZModerationReport>;

export const ZContentActionInput = ZIdParam.extend({
  action: z.enum(['hide', 'unhide', 'delete', 'edit']),
  content_type: ZContentType.default('post'),
  new_content: zString().trim().min(1).max(POST_CONTENT_MAX).optional().describe('Required for edit'),
  reason: zText(500).optional(),
});
export type ContentActionInput = z.infer<typeof ZContentActionInput>;

export const ZUserActionInput = ZIdParam.extend({
  action: z.enum(['warn', 'silence', 'ban', 'unban']),
  reason: zText(500),
  duration: z
    .number()
    .int()
    .min(1)
    .max(24 * 365)
    .optional()
    .describe('Hours; silence only (default 24)'),
});
export type UserActionInput = z.infer<typeof ZUserActionInput>;

export const ACTION_APPLIED = 'Action applied.';

export const ZModerationActionName = z.enum([
  'hide',
  'unhide',
  'delete',
  'edit',
  'warn',
  'silence',
  'ban',
  'unban',
  'appeal_upheld',
  'appeal_overturned',
]);

export const ZActionsInput = z.object({
  target_user_id: ZId.optional(),
  moderator_id: ZId.optional(),
  action: ZModerationActionName.optional(),
  from: ZIsoDateTime.optional().describe('Only actions at or after this time'),
  to: ZIsoDateTime.optional().describe('Only actions before this time'),
  page: z.number().int().min(1).max(10_000).default(1),
  limit: ZLimit,
});
export type ActionsInput = z.infer<typeof ZActionsInput>;

export const ZModerationAction = z
  .object({
    id: ZId,
    moderator_id: ZId.nullable().describe('null once that moderator deleted their account'),
    action: ZModerationActionName,
    target_user_id: ZId.nullable(),
    content_type: ZContentType.nullable(),
    content_id: ZId.nullable(),
    reason: z.string().nullable(),
    before_text: z.string().nullable(),
    after_text: z.string().nullable(),
    until: ZIsoDateTime.nullable(),
    timestamp: ZIsoDateTime,
  })
  .meta({ id: 'ModerationAction' });
export type ModerationAction = z.infer<typeof ZModerationAction>;

export const ZModerationNotice = z
  .object({
    id: ZId,
    // A notice names every moderator action, plus the system's automatic hide.
    action: z.enum(['auto_hide', ...ZModerationActionName.options]),
    content_type: ZContentType.nullable(),
    content_id: ZId.nullable(),
    reason: z.string().nullable(),
    until: ZIsoDateTime.nullable(),
    timestamp: ZIsoDateTime,
  })
  .meta({ id: 'ModerationNotice' });
export type ModerationNotice = z.infer<typeof ZModerationNotice>;

export const ZNoticesInput = z.object({
  page: z.number().int().min(1).max(10_000).default(1),
  limit: ZLimit,
});
export type NoticesInput = z.infer<typeof ZNoticesInput>;
