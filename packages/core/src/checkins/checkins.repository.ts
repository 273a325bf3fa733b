import { sql } from 'kysely';
import type { DbOrTx } from '../db/database.ts';

const columns = ['id', 'user_id', 'timestamp', 'anxiety_level', 'triggers'] as const;

/** Queries on `checkins`, always scoped by user_id in the SQL. */
export function createCheckinsRepository() {
  return {
    create(db: DbOrTx, row: { user_id: string; timestamp: Date; anxiety_level: number; triggers: string[] }) {
      return db.insertInto('checkins').values(row).returning(columns).executeTakeFirstOrThrow();
    },

    findForUser(db: DbOrTx, options: { userId: string; id: string }) {
      return db
        .selectFrom('checkins')
        .select(columns)
        .where('user_id', '=', options.userId)
        .where('id', '=', options.id)
        .executeTakeFirst();
    },

    /** Newest first, keyset-paged on (timestamp, id) so deep pages cost the same as the first. */
    listForUser(
      db: DbOrTx,
      options: { userId: string; limit: number; from?: Date; to?: Date; cursor?: string },
    ) {
      let query = db
        .selectFrom('checkins')
        .select(columns)
        .where('user_id', '=', options.userId)
        .orderBy('timestamp', 'desc')
        .orderBy('id', 'desc')
        .limit(options.limit);
      if (options.from) query = query.where('timestamp', '>=', options.from);
      if (options.to) query = query.where('timestamp', '<', options.to);
      if (options.cursor) {
        query = query.where(
          sql<boolean>`("timestamp", id) < (SELECT c."timestamp", c.id FROM checkins c WHERE c.id = ${options.cursor} AND c.user_id = ${options.userId})`,
        );
      }
      return query.execute();
    },

    async deleteForUser(db: DbOrTx, options: { userId: string; id: string }): Promise<boolean> {
      const result = await db
        .deleteFrom('checkins')
        .where('user_id', '=', options.userId)
        .where('id', '=', options.id)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}
export type CheckinsRepository = ReturnType<typeof createCheckinsRepository>;
