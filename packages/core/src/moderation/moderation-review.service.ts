import {
  type ModerationItem,
  type ModerationItemInput,
  THREAD_REPLIES_MAX,
  type ThreadEntry,
} from '@wbn/contracts/moderation-review';
import { type Actor, assertModerator } from '../auth/actor.ts';
import type { Db } from '../db/database.ts';
import type { HiddenReason } from '../db/schema.ts';
import { notFound } from '../errors.ts';
import type { ModerationService } from './moderation.service.ts';
import type { ModerationReviewRepository } from './moderation-review.repository.ts';

interface Deps {
  db: Db;
  review: ModerationReviewRepository;
  moderation: Pick<ModerationService, 'listNotices'>;
}

const AUTHOR_NOTICES = 20;

interface EntryRow {
  id: string;
  content: string;
  author_user_id: string;
  author_pseudonym: string;
  timestamp: Date;
  is_hidden: boolean;
  hidden_reason: HiddenReason | null;
  deleted_at: Date | null;
  edited_at: Date | null;
}

function toEntry(row: EntryRow): ThreadEntry {
  return {
    id: row.id,
    content: row.content,
    author_id: row.author_user_id,
    author_pseudonym: row.author_pseudonym,
    timestamp: row.timestamp.toISOString(),
    is_hidden: row.is_hidden,
    hidden_reason: row.hidden_reason,
    is_deleted: row.deleted_at !== null,
    edited_at: row.edited_at?.toISOString() ?? null,
  };
}

export function createModerationReviewService({ db, review, moderation }: Deps) {
  return {
    /**
     * A reported post or reply as a moderator reviews it: in its thread (hidden and deleted entries
     * included), with every report on it and its author's moderation record. Moderators only.
     */
    async item(actor: Actor, input: ModerationItemInput): Promise<ModerationItem> {
      assertModerator(actor);
      const item = await review.findEntry(db, input.content_type, input.id);
      if (!item) throw notFound(input.content_type === 'post' ? 'Post' : 'Reply');
      const [post, replies, reports, author, notices] = await Promise.all([
        review.findPost(db, item.post_id),
        review.listThreadReplies(db, item.post_id, THREAD_REPLIES_MAX),
        review.listItemReports(db, input.content_type, input.id),
        review.findAuthor(db, item.author_user_id),
        moderation.listNotices(item.author_user_id, { page: 1, limit: AUTHOR_NOTICES }),
      ]);
      return {
        content_type: input.content_type,
        id: input.id,
        entry: toEntry(item),
        post: { ...toEntry(post), title: post.title },
        replies: replies.map(toEntry),
        reports: reports.map((r) => ({
          id: r.id,
          reason: r.reason,
          reporter_id: r.reporter_user_id,
          status: r.status,
          weight: r.weight,
          timestamp: r.timestamp.toISOString(),
          resolution: r.resolution,
        })),
        author: author
          ? {
              id: author.id,
              pseudonym: author.pseudonym,
              is_moderator: author.is_moderator,
              is_banned: author.is_banned,
              silenced_until: author.silenced_until?.toISOString() ?? null,
              notices,
            }
          : null,
      };
    },
  };
}
export type ModerationReviewService = ReturnType<typeof createModerationReviewService>;
