import { type SelectQueryBuilder, sql } from 'kysely';
import type { DbOrTx } from './database.ts';
import type { Database } from './schema.ts';

/** Per-user tables read as a timeline: each has id, user_id and "timestamp". */
export type TimelineTable = 'checkins' | 'cbt_entries' | 'interaction_logs' | 'journal_entries';

export interface TimelinePage {
  userId: string;
  limit: number;
  from?: Date | undefined;
  to?: Date | undefined;
  /** The id of the last item of the previous page. */
  cursor?: string | undefined;
}

/**
 * Scopes a timeline query to one user and pages it newest first, keyset on ("timestamp", id) so deep
 * pages cost what the first does (the tables' (user_id, "timestamp" DESC) indexes serve it). A cursor
 * that is not one of the user's own rows matches nothing, so it cannot reveal another user's data.
 */
export function newestFirstPage<T extends TimelineTable, O>(
  query: SelectQueryBuilder<Database, T, O>,
  table: T,
  page: TimelinePage,
): SelectQueryBuilder<Database, T, O> {
  const ts = sql.ref(`${table}.timestamp`);
  const id = sql.ref(`${table}.id`);
  let scoped = query
    .where(sql.ref(`${table}.user_id`), '=', page.userId)
    .orderBy(ts, 'desc')
    .orderBy(id, 'desc')
    .limit(page.limit);
  if (page.from) scoped = scoped.where(ts, '>=', page.from);
  if (page.to) scoped = scoped.where(ts, '<', page.to);
  if (page.cursor) {
    scoped = scoped.where(
      sql<boolean>`(${ts}, ${id}) < (SELECT c."timestamp", c.id FROM ${sql.table(table)} c
        WHERE c.id = ${page.cursor} AND c.user_id = ${page.userId})`,
    );
  }
  return scoped;
}

/** One of the user's own rows by id; another user's id matches nothing (so the caller answers 404). */
export function ownRow<T extends TimelineTable, O>(
  query: SelectQueryBuilder<Database, T, O>,
  table: T,
  options: { userId: string; id: string },
): SelectQueryBuilder<Database, T, O> {
  return query
    .where(sql.ref(`${table}.user_id`), '=', options.userId)
    .where(sql.ref(`${table}.id`), '=', options.id);
}

/** Deletes one of the user's own rows; another user's id deletes nothing. */
export async function deleteOwnRow(
  db: DbOrTx,
  table: TimelineTable,
  options: { userId: string; id: string },
): Promise<boolean> {
  const result = await db
    .deleteFrom(table)
    .where('user_id', '=', options.userId)
    .where('id', '=', options.id)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}
