import { z } from 'zod';
import { LIST_LIMIT_MAX, ZId, ZIdParam, ZIsoDateTime, ZLimit, zText } from './common.ts';
import { ZSupport } from './safety.ts';

/**
 * The pseudonymous forum. Every response names its author by `author_pseudonym` only: never a user
 * id, username or email.
 */

export const POST_TITLE_MAX = 200;
export const POST_CONTENT_MAX = 10_000;
export const REPLY_CONTENT_MAX = 5_000;
export const REPORT_REASON_MAX = 500;
/** Deep OFFSET pages cost a walk of the index; past this page a client should narrow its query. */
export const POST_PAGE_MAX = 10_000;

export const ZCommunityCategory = z
  .object({ id: ZId, name: z.string(), description: z.string() })
  .meta({ id: 'CommunityCategory' });
export type CommunityCategory = z.infer<typeof ZCommunityCategory>;

export const ZCategoryPostsInput = ZIdParam.extend({
  page: z.number().int().min(1).max(POST_PAGE_MAX).default(1).describe('1-based page number'),
  limit: ZLimit,
});
export type CategoryPostsInput = z.infer<typeof ZCategoryPostsInput>;

export const ZPostSummary = z
  .object({
    id: ZId,
    author_pseudonym: z.string(),
    timestamp: ZIsoDateTime,
    title: z.string(),
    reply_count: z.number().int().describe('Visible replies'),
  })
  .meta({ id: 'CommunityPostSummary' });
export type PostSummary = z.infer<typeof ZPostSummary>;

export const ZCategoryPosts = z
  .object({
    posts: z.array(ZPostSummary),
    total_posts: z.number().int().describe('Visible posts in the category'),
    page: z.number().int(),
    limit: z.number().int(),
  })
  .meta({ id: 'CommunityPostPage' });
export type CategoryPosts = z.infer<typeof ZCategoryPosts>;

export const ZReply = z
  .object({ id: ZId, author_pseudonym: z.string(), timestamp: ZIsoDateTime, content: z.string() })
  .meta({ id: 'CommunityReply' });
export type Reply = z.infer<typeof ZReply>;

export const REPLIES_LIMIT_DEFAULT = 50;
export const ZPostInput = ZIdParam.extend({
  replies_limit: z.number().int().min(1).max(LIST_LIMIT_MAX).default(REPLIES_LIMIT_DEFAULT),
  replies_after: ZId.optional().describe(
    'The next_replies_cursor of the previous page, to read further replies',
  ),
});
export type PostInput = z.infer<typeof ZPostInput>;

export const ZPost = z
  .object({
    id: ZId,
    category_id: ZId,
    author_pseudonym: z.string(),
    timestamp: ZIsoDateTime,
    title: z.string(),
    content: z.string(),
    edited_at: ZIsoDateTime.nullable(),
    reply_count: z.number().int().describe('Visible replies in total'),
    replies: z.array(ZReply).describe('Visible replies, oldest first, at most replies_limit'),
    next_replies_cursor: z
      .string()
      .nullable()
      .describe('Pass as replies_after for the next replies; null at the end'),
  })
  .meta({ id: 'CommunityPost' });
export type Post = z.infer<typeof ZPost>;

export const ZPostCreateInput = z.object({
  category_id: ZId,
  title: zText(POST_TITLE_MAX),
  content: zText(POST_CONTENT_MAX),
});
export type PostCreateInput = z.infer<typeof ZPostCreateInput>;

/** A new post as its author sees it: the post without replies (it has none yet). */
export const ZPostCreated = ZPost.pick({
  id: true,
  category_id: true,
  author_pseudonym: true,
  timestamp: true,
  title: true,
  content: true,
  reply_count: true,
})
  .extend({
    support: ZSupport.optional().describe('Present when the text suggests risk: where to get help now'),
  })
  .meta({ id: 'CommunityPostCreated' });
export type PostCreated = z.infer<typeof ZPostCreated>;

export const ZReplyCreateInput = ZIdParam.extend({ content: zText(REPLY_CONTENT_MAX) });
export type ReplyCreateInput = z.infer<typeof ZReplyCreateInput>;

export const ZReplyCreated = ZReply.extend({
  post_id: ZId,
  support: ZSupport.optional().describe('Present when the text suggests risk: where to get help now'),
}).meta({ id: 'CommunityReplyCreated' });
export type ReplyCreated = z.infer<typeof ZReplyCreated>;

export const ZContentType = z.enum(['post', 'reply']);
export type ContentKind = z.infer<typeof ZContentType>;

export const ZReportInput = ZIdParam.extend({
  content_type: ZContentType,
  reason: zText(REPORT_REASON_MAX),
});
export type ReportInput = z.infer<typeof ZReportInput>;

export const REPORT_RECEIVED = 'Report received.';
