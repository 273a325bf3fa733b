import type { DbOrTx } from '../db/database.ts';
import type { ContentKind } from './moderation.repository.ts';

const ENTRY_COLUMNS = [
  'id',
  'content',
  'author_user_id',
  'author_pseudonym',
  'timestamp',
  'is_hidden',
  'hidden_reason',
  'deleted_at',
  'edited_at',
] as const;

/**
 * The read side of moderation for the console: an item in its thread, its reports and its author's
 * record. Nothing here writes; the moderation repository keeps every write to these tables.
 */
export function createModerationReviewRepository() {
  return {
    /** The reported item and the post whose thread it sits in (itself, for a post). */
    findEntry(db: DbOrTx, kind: ContentKind, id: string) {
      if (kind === 'post') {
        return db
          .selectFrom('community_posts')
          .select([...ENTRY_COLUMNS, 'id as post_id'])
          .where('id', '=', id)
          .executeTakeFirst();
      }
      return db
        .selectFrom('community_replies')
        .select([...ENTRY_COLUMNS, 'post_id'])
        .where('id', '=', id)
        .executeTakeFirst();
    },

    findPost(db: DbOrTx, postId: string) {
      return db
        .selectFrom('community_posts')
        .select([...ENTRY_COLUMNS, 'title'])
        .where('id', '=', postId)
        .executeTakeFirstOrThrow();
    },

    /** Hidden and deleted replies included: the moderator sees what members no longer do. */
    listThreadReplies(db: DbOrTx, postId: string, limit: number) {
      return db
        .selectFrom('community_replies')
        .select(ENTRY_COLUMNS)
        .where('post_id', '=', postId)
        .orderBy('timestamp', 'asc')
        .orderBy('id', 'asc')
        .limit(limit)
        .execute();
    },

    listItemReports(db: DbOrTx, kind: ContentKind, id: string) {
      return db
        .selectFrom('moderation_reports')
        .select(['id', 'reason', 'reporter_user_id', 'status', 'weight', 'timestamp', 'resolution'])
        .where('content_type', '=', kind)
        .where('content_id', '=', id)
        .orderBy('timestamp', 'desc')
        .orderBy('id', 'desc')
        .execute();
    },

    findAuthor(db: DbOrTx, userId: string) {
      return db
        .selectFrom('users')
        .select(['id', 'pseudonym', 'is_moderator', 'is_banned', 'silenced_until'])
        .where('id', '=', userId)
        .executeTakeFirst();
    },
  };
}
export type ModerationReviewRepository = ReturnType<typeof createModerationReviewRepository>;
