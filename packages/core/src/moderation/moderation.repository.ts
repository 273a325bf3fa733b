import { sql } from 'kysely';
import type { DbOrTx } from '../db/database.ts';
import type { HiddenReason, ModerationActionName } from '../db/schema.ts';

export type ContentKind = 'post' | 'reply';

/** The audit log's filters; each one left out matches everything. */
export interface ActionFilters {
  targetUserId?: string | undefined;
  moderatorId?: string | undefined;
  action?: ModerationActionName | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
}
const table = (kind: ContentKind) => (kind === 'post' ? 'community_posts' : 'community_replies');

/** Reports, moderation state of content, the audit log and notices. */
export function createModerationRepository() {
  return {
    /**
     * Locks the item for the rest of the transaction, so concurrent reports and actions on it are
     * counted and applied one after another. A reply of a deleted post counts as deleted.
     */
    async lockContent(db: DbOrTx, kind: ContentKind, id: string) {
      if (kind === 'post') {
        return db
          .selectFrom('community_posts')
          .select(['id', 'author_user_id', 'content', 'is_hidden', 'hidden_reason', 'deleted_at'])
          .where('id', '=', id)
          .forUpdate()
          .executeTakeFirst();
      }
      return db
        .selectFrom('community_replies as r')
        .innerJoin('community_posts as p', 'p.id', 'r.post_id')
        .select([
          'r.id',
          'r.author_user_id',
          'r.content',
          'r.is_hidden',
          'r.hidden_reason',
          sql<Date | null>`coalesce(r.deleted_at, p.deleted_at)`.as('deleted_at'),
        ])
        .where('r.id', '=', id)
        .forUpdate('r')
        .executeTakeFirst();
    },

    updateContent(
      db: DbOrTx,
      kind: ContentKind,
      id: string,
      changes: {
        is_hidden?: boolean;
        hidden_reason?: HiddenReason | null;
        deleted_at?: Date | null;
        content?: string;
        edited_at?: Date;
      },
    ) {
      return db.updateTable(table(kind)).set(changes).where('id', '=', id).execute();
    },

    /** One report per reporter and item: a repeat inserts nothing and returns undefined. */
    insertReport(
      db: DbOrTx,
      report: {
        reporter_user_id: string | null;
        content_type: ContentKind;
        content_id: string;
        reason: string;
        timestamp: Date;
        weight: number;
        priority?: number;
      },
    ) {
      return db
        .insertInto('moderation_reports')
        .values(report)
        .onConflict((oc) => oc.constraint('moderation_reports_one_per_reporter').doNothing())
        .returning('id')
        .executeTakeFirst();
    },

    async openReportWeight(db: DbOrTx, kind: ContentKind, id: string): Promise<number> {
      const row = await db
        .selectFrom('moderation_reports')
        .select(sql<number>`coalesce(sum(weight), 0)::int`.as('weight'))
        .where('content_type', '=', kind)
        .where('content_id', '=', id)
        .where('status', '=', 'open')
        .executeTakeFirstOrThrow();
      return row.weight;
    },

    prioritiseOpenReports(db: DbOrTx, kind: ContentKind, id: string) {
      return (
        db
          .updateTable('moderation_reports')
          // Never lowers a report that is already above "hidden pending review" (crisis language).
          .set({ priority: sql<number>`greatest(priority, 1)` })
          .where('content_type', '=', kind)
          .where('content_id', '=', id)
          .where('status', '=', 'open')
          .execute()
      );
    },

    resolveOpenReports(
      db: DbOrTx,
      options: { kind: ContentKind; id: string; by: string; now: Date; resolution: string },
    ) {
      return db
        .updateTable('moderation_reports')
        .set({
          status: 'resolved',
          priority: 0,
          resolved_at: options.now,
          resolved_by: options.by,
          resolution: options.resolution,
        })
        .where('content_type', '=', options.kind)
        .where('content_id', '=', options.id)
        .where('status', '=', 'open')
        .execute();
    },

    /** The queue, with a snippet of each reported item, its author and how many reports it has. */
    listReports(db: DbOrTx, options: { status: 'open' | 'resolved'; limit: number; offset: number }) {
      const order =
        options.status === 'open'
          ? sql`r.priority DESC, r."timestamp" DESC, r.id DESC`
          : sql`r."timestamp" DESC, r.id DESC`;
      return sql<{
        id: string;
        content_type: ContentKind;
        content_id: string;
        reason: string;
        reporter_user_id: string | null;
        status: 'open' | 'resolved';
        timestamp: Date;
        weight: number;
        priority: number;
        resolved_at: Date | null;
        resolution: string | null;
        snippet: string | null;
        author_id: string | null;
        author_pseudonym: string | null;
        is_hidden: boolean | null;
        is_deleted: boolean | null;
        report_count: number;
      }>`
        SELECT r.id, r.content_type, r.content_id, r.reason, r.reporter_user_id, r.status, r."timestamp",
               r.weight, r.priority, r.resolved_at, r.resolution,
               c.snippet, c.author_id, c.author_pseudonym, c.is_hidden, c.is_deleted,
               (SELECT count(*) FROM moderation_reports r2
                 WHERE r2.content_type = r.content_type AND r2.content_id = r.content_id)::int AS report_count
          FROM moderation_reports r
          LEFT JOIN LATERAL (
            SELECT nullif(left(p.content, 200), '') AS snippet, p.author_user_id AS author_id, p.author_pseudonym,
                   p.is_hidden, p.deleted_at IS NOT NULL AS is_deleted
              FROM community_posts p WHERE r.content_type = 'post' AND p.id = r.content_id
            UNION ALL
            SELECT nullif(left(q.content, 200), ''), q.author_user_id, q.author_pseudonym,
                   q.is_hidden, q.deleted_at IS NOT NULL
              FROM community_replies q WHERE r.content_type = 'reply' AND q.id = r.content_id
          ) c ON true
         WHERE r.status = ${options.status}
         ORDER BY ${order}
         LIMIT ${options.limit} OFFSET ${options.offset}
      `
        .execute(db)
        .then((result) => result.rows);
    },

    insertAction(
      db: DbOrTx,
      action: {
        moderator_user_id: string;
        target_user_id: string | null;
        action: ModerationActionName;
        content_type?: ContentKind | null;
        content_id?: string | null;
        reason: string | null;
        before_text?: string | null;
        after_text?: string | null;
        until?: Date | null;
        created_at: Date;
      },
    ) {
      return db.insertInto('moderation_actions').values(action).returning('id').executeTakeFirstOrThrow();
    },

    listActions(db: DbOrTx, options: ActionFilters & { limit: number; offset: number }) {
      let query = db.selectFrom('moderation_actions').selectAll();
      if (options.targetUserId) query = query.where('target_user_id', '=', options.targetUserId);
      if (options.moderatorId) query = query.where('moderator_user_id', '=', options.moderatorId);
      if (options.action) query = query.where('action', '=', options.action);
      if (options.from) query = query.where('created_at', '>=', options.from);
      if (options.to) query = query.where('created_at', '<', options.to);
      return query
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(options.limit)
        .offset(options.offset)
        .execute();
    },

    insertNotice(
      db: DbOrTx,
      notice: {
        user_id: string;
        action_id: string | null;
        action: ModerationActionName | 'auto_hide';
        content_type?: ContentKind | null;
        content_id?: string | null;
        reason: string | null;
        until?: Date | null;
        created_at: Date;
      },
    ) {
      return db.insertInto('moderation_notices').values(notice).execute();
    },

    listNotices(db: DbOrTx, options: { userId: string; limit: number; offset: number }) {
      return db
        .selectFrom('moderation_notices')
        .select(['id', 'action', 'content_type', 'content_id', 'reason', 'until', 'created_at'])
        .where('user_id', '=', options.userId)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(options.limit)
        .offset(options.offset)
        .execute();
    },

    /** A notice, only if it is addressed to `userId`. */
    findNoticeFor(db: DbOrTx, options: { id: string; userId: string }) {
      return db
        .selectFrom('moderation_notices')
        .selectAll()
        .where('id', '=', options.id)
        .where('user_id', '=', options.userId)
        .executeTakeFirst();
    },

    findNotice(db: DbOrTx, id: string) {
      return db.selectFrom('moderation_notices').selectAll().where('id', '=', id).executeTakeFirst();
    },

    findAction(db: DbOrTx, id: string) {
      return db.selectFrom('moderation_actions').selectAll().where('id', '=', id).executeTakeFirst();
    },

    findUser(db: DbOrTx, id: string) {
      return db
        .selectFrom('users')
        .select(['id', 'is_moderator', 'is_banned', 'silenced_until'])
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
    },

    updateUser(
      db: DbOrTx,
      id: string,
      changes: { is_banned?: boolean; silenced_until?: Date | null },
      now: Date,
    ) {
      return db
        .updateTable('users')
        .set({ ...changes, updated_at: now })
        .where('id', '=', id)
        .execute();
    },

    /** Soft-deleted text past retention: blanked in place (the rows stay so report and audit references resolve). */
    async purgeDeletedText(db: DbOrTx, cutoff: Date): Promise<{ posts: number; replies: number }> {
      const posts = await db
        .updateTable('community_posts')
        .set({ title: '', content: '' })
        .where('deleted_at', '<', cutoff)
        .where((eb) => eb.or([eb('content', '<>', ''), eb('title', '<>', '')]))
        .executeTakeFirst();
      const replies = await db
        .updateTable('community_replies')
        .set({ content: '' })
        .where('content', '<>', '')
        .where((eb) =>
          eb.or([
            eb('deleted_at', '<', cutoff),
            eb(
              'post_id',
              'in',
              eb.selectFrom('community_posts').select('id').where('deleted_at', '<', cutoff),
            ),
          ]),
        )
        .executeTakeFirst();
      return { posts: Number(posts.numUpdatedRows), replies: Number(replies.numUpdatedRows) };
    },
  };
}
export type ModerationRepository = ReturnType<typeof createModerationRepository>;
