import { z } from 'zod';
import { ZId, ZIsoDateTime } from './common.ts';
import { ZContentType } from './community.ts';
import { ZModerationNotice, ZReportStatus } from './moderation.ts';

/** What a moderator reads before acting on a reported item: the thread, the reports, the author's record. */

export const ZModerationItemInput = z.object({ content_type: ZContentType, id: ZId });
export type ModerationItemInput = z.infer<typeof ZModerationItemInput>;

const ZThreadEntry = z.object({
  id: ZId,
  content: z.string().describe('Empty once a deleted item has been purged'),
  author_id: ZId,
  author_pseudonym: z.string(),
  timestamp: ZIsoDateTime,
  is_hidden: z.boolean(),
  hidden_reason: z.enum(['flags', 'moderator']).nullable(),
  is_deleted: z.boolean(),
  edited_at: ZIsoDateTime.nullable(),
});

export const ZItemReport = z.object({
  id: ZId,
  reason: z.string(),
  reporter_id: ZId.nullable().describe('null when raised by a watched word'),
  status: ZReportStatus,
  weight: z.number().int(),
  timestamp: ZIsoDateTime,
  resolution: z.string().nullable(),
});

export const ZModeratedAuthor = z.object({
  id: ZId,
  pseudonym: z.string(),
  is_moderator: z.boolean(),
  is_banned: z.boolean(),
  silenced_until: ZIsoDateTime.nullable(),
  notices: z.array(ZModerationNotice).describe("The author's statements of reasons, newest first (up to 20)"),
});

export const THREAD_REPLIES_MAX = 50;

export const ZModerationItem = z
  .object({
    content_type: ZContentType,
    id: ZId,
    entry: ZThreadEntry.describe('The reported post or reply itself'),
    post: ZThreadEntry.extend({ title: z.string() }).describe('The post, or the post the reply belongs to'),
    replies: z.array(ZThreadEntry).describe(`The thread's first ${THREAD_REPLIES_MAX} replies, oldest first`),
    reports: z.array(ZItemReport).describe('Every report on this item, newest first'),
    author: ZModeratedAuthor.nullable().describe("The reported item's author"),
  })
  .meta({ id: 'ModerationItem' });
export type ModerationItem = z.infer<typeof ZModerationItem>;
export type ThreadEntry = z.infer<typeof ZThreadEntry>;
