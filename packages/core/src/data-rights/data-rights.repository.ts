import { sql } from 'kysely';
import type { DbOrTx } from '../db/database.ts';
import type { ExportSection } from './export.sections.ts';

/**
 * The person's data taken as a whole, for the rights that work across tables (export, erasure by
 * type). It reads every table listed in export.sections.ts and deletes the per-type data; each
 * table's own repository keeps owning its everyday queries.
 */
export function createDataRightsRepository() {
  return {
    /** One section's rows, oldest first, scoped to the person in the SQL itself. */
    async readSection(
      db: DbOrTx,
      section: ExportSection,
      userId: string,
    ): Promise<Record<string, unknown>[]> {
      const columns = sql.join(section.columns.map((column) => sql.ref(column)));
      const order = section.orderBy ? sql`ORDER BY ${sql.ref(section.orderBy)}, id` : sql``;
      const result = await sql<Record<string, unknown>>`
        SELECT ${columns} FROM ${sql.table(section.table)}
        WHERE ${sql.ref(section.userColumn)} = ${userId} ${order}`.execute(db);
      return result.rows;
    },

    /** How many rows each section holds for the person, in one statement (the deletion receipt). */
    async countSections(
      db: DbOrTx,
      sections: ExportSection[],
      userId: string,
    ): Promise<Record<string, number>> {
      const parts = sections.map(
        (s) => sql`SELECT ${s.name}::text AS name, count(*)::int AS n FROM ${sql.table(s.table)}
          WHERE ${sql.ref(s.userColumn)} = ${userId}`,
      );
      const result = await sql<{ name: string; n: number }>`${sql.join(parts, sql` UNION ALL `)}`.execute(db);
      return Object.fromEntries(result.rows.map((row) => [row.name, row.n]));
    },

    async deleteRows(
      db: DbOrTx,
      table:
        | 'journal_entries'
        | 'journal_data_keys'
        | 'checkins'
        | 'cbt_entries'
        | 'interaction_logs'
        | 'notification_sends',
      userId: string,
    ): Promise<number> {
      const result = await db.deleteFrom(table).where('user_id', '=', userId).executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async deleteCommunityReplies(db: DbOrTx, userId: string): Promise<number> {
      const result = await db
        .deleteFrom('community_replies')
        .where('author_user_id', '=', userId)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    /**
     * Deletes the person's posts that nobody else replied to; a post others replied to keeps its
     * thread but loses its title, text and author name (the conversation stays readable, nothing of
     * theirs does). Returns how many posts were removed either way.
     */
    async deleteCommunityPosts(db: DbOrTx, options: { userId: string; now: Date; formerName: string }) {
      const othersReplied = sql<boolean>`EXISTS (SELECT 1 FROM community_replies r
        WHERE r.post_id = community_posts.id AND r.author_user_id <> ${options.userId})`;
      const blanked = await db
        .updateTable('community_posts')
        .set({ title: '', content: '', author_pseudonym: options.formerName, deleted_at: options.now })
        .where('author_user_id', '=', options.userId)
        .where(othersReplied)
        .executeTakeFirst();
      const deleted = await db
        .deleteFrom('community_posts')
        .where('author_user_id', '=', options.userId)
        .where(sql<boolean>`NOT ${othersReplied}`)
        .executeTakeFirst();
      return Number(blanked.numUpdatedRows) + Number(deleted.numDeletedRows);
    },

    /** Keeps the person's posts and replies but shows them under the former-member name. */
    async anonymiseCommunity(db: DbOrTx, options: { userId: string; formerName: string }) {
      const posts = await db
        .updateTable('community_posts')
        .set({ author_pseudonym: options.formerName })
        .where('author_user_id', '=', options.userId)
        .executeTakeFirst();
      const replies = await db
        .updateTable('community_replies')
        .set({ author_pseudonym: options.formerName })
        .where('author_user_id', '=', options.userId)
        .executeTakeFirst();
      return { posts: Number(posts.numUpdatedRows), replies: Number(replies.numUpdatedRows) };
    },
  };
}
export type DataRightsRepository = ReturnType<typeof createDataRightsRepository>;
