import { sql } from 'kysely';
import type { DbOrTx } from '../db/database.ts';
import { onlyRow, preparedQuery } from '../db/prepared-query.ts';
import { isoTimestamp } from '../db/wire-values.ts';

/**
 * "Visible" as literals, not parameters: the partial indexes' predicate (NOT is_hidden AND deleted_at
 * IS NULL) must be provable from the statement itself for a prepared (generic) plan to use them.
 */
const NOT_HIDDEN = sql.lit(false);

// The forum's read paths, compiled and prepared once (see preparedQuery).
const categoryById = preparedQuery('community.findCategory', (db, args: { id: string }) =>
  db
    .selectFrom('community_categories')
    .select(['id', 'name', 'archived_at', 'visible_post_count'])
    .where('id', '=', args.id),
);

/**
 * One page of visible posts, newest first. The inner query walks only the partial index
 * (index-only scan, also for deep OFFSETs); the page's rows are then read by primary key, and
 * reply_count is a correlated count over the replies' partial index for those rows only: one
 * statement, no N+1.
 */
const visiblePostsPage = preparedQuery(
  'community.listVisiblePosts',
  (db, args: { categoryId: string; limit: number; offset: number }) =>
    db
      .selectFrom((eb) =>
        eb
          .selectFrom('community_posts')
          .select('id')
          .where('category_id', '=', args.categoryId)
          .where('is_hidden', '=', NOT_HIDDEN)
          .where('deleted_at', 'is', null)
          .orderBy('timestamp', 'desc')
          .orderBy('id', 'desc')
          .limit(args.limit)
          .offset(args.offset)
          .as('page'),
      )
      .innerJoin('community_posts as p', 'p.id', 'page.id')
      .select((eb) => [
        'p.id',
        'p.author_pseudonym',
        isoTimestamp('p.timestamp').as('timestamp'),
        'p.title',
        eb
          .selectFrom('community_replies as r')
          .select((c) => c.fn.countAll<number>().as('n'))
          .whereRef('r.post_id', '=', 'p.id')
          .where('r.is_hidden', '=', NOT_HIDDEN)
          .where('r.deleted_at', 'is', null)
          .as('reply_count'),
      ])
      .orderBy('p.timestamp', 'desc')
      .orderBy('p.id', 'desc'),
);

const postById = preparedQuery('community.findPost', (db, args: { id: string }) =>
  db
    .selectFrom('community_posts')
    .select([
      'id',
      'category_id',
      'author_user_id',
      'author_pseudonym',
      'timestamp',
      'title',
      'content',
      'edited_at',
      'is_hidden',
      'deleted_at',
    ])
    .where('id', '=', args.id),
);

const visibleReplyCount = preparedQuery('community.countVisibleReplies', (db, args: { postId: string }) =>
  db
    .selectFrom('community_replies')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('post_id', '=', args.postId)
    .where('is_hidden', '=', NOT_HIDDEN)
    .where('deleted_at', 'is', null),
);

/** Oldest first, keyset-paged on (timestamp, id) after the reply `afterId` (any reply of the post). */
const visibleRepliesPage = preparedQuery(
  'community.listVisibleReplies',
  (db, args: { postId: string; limit: number; afterId?: string | undefined }) => {
    let query = db
      .selectFrom('community_replies')
      .select(['id', 'author_pseudonym', 'timestamp', 'content'])
      .where('post_id', '=', args.postId)
      .where('is_hidden', '=', NOT_HIDDEN)
      .where('deleted_at', 'is', null);
    if (args.afterId) {
      query = query.where(
        sql<boolean>`("timestamp", id) > (SELECT a."timestamp", a.id FROM community_replies a
                                        WHERE a.id = ${args.afterId} AND a.post_id = ${args.postId})`,
      );
    }
    return query.orderBy('timestamp').orderBy('id').limit(args.limit);
  },
);

/** Categories, posts and replies. "Visible" = not hidden and not deleted; the partial indexes hold exactly those. */
export function createCommunityRepository() {
  return {
    listCategories(db: DbOrTx) {
      return db
        .selectFrom('community_categories')
        .select(['id', 'name', 'description', 'archived_at'])
        .orderBy('position')
        .orderBy('name')
        .execute();
    },

    async findCategory(db: DbOrTx, id: string) {
      return (await categoryById(db, { id }))[0];
    },

    findCategoryByIdOrName(db: DbOrTx, idOrName: string) {
      const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrName);
      return db
        .selectFrom('community_categories')
        .select(['id', 'name', 'description', 'archived_at'])
        .where((eb) =>
          isUuid ? eb('id', '=', idOrName) : eb(sql<string>`lower(name)`, '=', idOrName.toLowerCase()),
        )
        .executeTakeFirst();
    },

    insertCategory(db: DbOrTx, category: { name: string; description: string }) {
      return db
        .insertInto('community_categories')
        .values((eb) => ({
          ...category,
          position: eb
            .selectFrom('community_categories')
            .select(sql<number>`coalesce(max(position), 0) + 1`.as('p')),
        }))
        .returning(['id', 'name', 'description', 'archived_at'])
        .executeTakeFirstOrThrow();
    },

    updateCategory(
      db: DbOrTx,
      id: string,
      changes: { name?: string; description?: string; archived_at?: Date | null },
    ) {
      return db
        .updateTable('community_categories')
        .set(changes)
        .where('id', '=', id)
        .returning(['id', 'name', 'description', 'archived_at'])
        .executeTakeFirst();
    },

    listVisiblePosts(db: DbOrTx, options: { categoryId: string; limit: number; offset: number }) {
      return visiblePostsPage(db, options);
    },

    async findPost(db: DbOrTx, id: string) {
      return (await postById(db, { id }))[0];
    },

    async countVisibleReplies(db: DbOrTx, postId: string) {
      return onlyRow(await visibleReplyCount(db, { postId }));
    },

    listVisibleReplies(db: DbOrTx, options: { postId: string; limit: number; afterId?: string | undefined }) {
      return visibleRepliesPage(db, options);
    },

    findReply(db: DbOrTx, id: string) {
      return db
        .selectFrom('community_replies as r')
        .innerJoin('community_posts as p', 'p.id', 'r.post_id')
        .select([
          'r.id',
          'r.post_id',
          'r.author_user_id',
          'r.content',
          'r.is_hidden',
          'r.deleted_at',
          'p.is_hidden as post_is_hidden',
          'p.deleted_at as post_deleted_at',
        ])
        .where('r.id', '=', id)
        .executeTakeFirst();
    },

    findAuthor(db: DbOrTx, userId: string) {
      return db
        .selectFrom('users')
        .select(['pseudonym', 'silenced_until'])
        .where('id', '=', userId)
        .executeTakeFirst();
    },

    insertPost(
      db: DbOrTx,
      post: {
        category_id: string;
        author_user_id: string;
        author_pseudonym: string;
        timestamp: Date;
        title: string;
        content: string;
      },
    ) {
      return db
        .insertInto('community_posts')
        .values(post)
        .returning(['id', 'category_id', 'author_pseudonym', 'timestamp', 'title', 'content'])
        .executeTakeFirstOrThrow();
    },

    insertReply(
      db: DbOrTx,
      reply: {
        post_id: string;
        author_user_id: string;
        author_pseudonym: string;
        timestamp: Date;
        content: string;
      },
    ) {
      return db
        .insertInto('community_replies')
        .values(reply)
        .returning(['id', 'post_id', 'author_pseudonym', 'timestamp', 'content'])
        .executeTakeFirstOrThrow();
    },
  };
}
export type CommunityRepository = ReturnType<typeof createCommunityRepository>;
