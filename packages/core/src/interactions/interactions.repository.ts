import { sql } from 'kysely';
import type { DbOrTx } from '../db/database.ts';

const columns = ['id', 'user_id', 'timestamp', 'duration', 'tool', 'notes'] as const;

/** Queries on `interaction_logs`, always scoped by user_id in the SQL. */
export function createInteractionsRepository() {
  return {
    create(
      db: DbOrTx,
      row: { user_id: string; timestamp: Date; duration: number; tool: string; notes: string | null },
    ) {
      return db.insertInto('interaction_logs').values(row).returning(columns).executeTakeFirstOrThrow();
    },

    findForUser(db: DbOrTx, options: { userId: string; id: string }) {
      return db
        .selectFrom('interaction_logs')
        .select(columns)
        .where('user_id', '=', options.userId)
        .where('id', '=', options.id)
        .executeTakeFirst();
    },

    listForUser(
      db: DbOrTx,
      options: { userId: string; limit: number; from?: Date; to?: Date; cursor?: string },
    ) {
      let query = db
        .selectFrom('interaction_logs')
        .select(columns)
        .where('user_id', '=', options.userId)
        .orderBy('timestamp', 'desc')
        .orderBy('id', 'desc')
        .limit(options.limit);
      if (options.from) query = query.where('timestamp', '>=', options.from);
      if (options.to) query = query.where('timestamp', '<', options.to);
      if (options.cursor) {
        query = query.where(
          sql<boolean>`("timestamp", id) < (SELECT i."timestamp", i.id FROM interaction_logs i WHERE i.id = ${options.cursor} AND i.user_id = ${options.userId})`,
        );
      }
      return query.execute();
    },

    async deleteForUser(db: DbOrTx, options: { userId: string; id: string }): Promise<boolean> {
      const result = await db
        .deleteFrom('interaction_logs')
        .where('user_id', '=', options.userId)
        .where('id', '=', options.id)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}
export type InteractionsRepository = ReturnType<typeof createInteractionsRepository>;
