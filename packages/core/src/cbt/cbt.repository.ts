import { sql } from 'kysely';
import type { DbOrTx } from '../db/database.ts';

const columns = ['id', 'user_id', 'type', 'data', 'timestamp'] as const;

/** Queries on `cbt_entries`, always scoped by user_id in the SQL. */
export function createCbtRepository() {
  return {
    create(db: DbOrTx, row: { user_id: string; type: string; data: string; timestamp: Date }) {
      return db.insertInto('cbt_entries').values(row).returning(columns).executeTakeFirstOrThrow();
    },

    findForUser(db: DbOrTx, options: { userId: string; id: string }) {
      return db
        .selectFrom('cbt_entries')
        .select(columns)
        .where('user_id', '=', options.userId)
        .where('id', '=', options.id)
        .executeTakeFirst();
    },

    listForUser(db: DbOrTx, options: { userId: string; type?: string; limit: number; cursor?: string }) {
      let query = db
        .selectFrom('cbt_entries')
        .select(columns)
        .where('user_id', '=', options.userId)
        .orderBy('timestamp', 'desc')
        .orderBy('id', 'desc')
        .limit(options.limit);
      if (options.type) query = query.where('type', '=', options.type);
      if (options.cursor) {
        query = query.where(
          sql<boolean>`("timestamp", id) < (SELECT e."timestamp", e.id FROM cbt_entries e WHERE e.id = ${options.cursor} AND e.user_id = ${options.userId})`,
        );
      }
      return query.execute();
    },

    async deleteForUser(db: DbOrTx, options: { userId: string; id: string }): Promise<boolean> {
      const result = await db
        .deleteFrom('cbt_entries')
        .where('user_id', '=', options.userId)
        .where('id', '=', options.id)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}
export type CbtRepository = ReturnType<typeof createCbtRepository>;
