import { sql } from 'kysely';
import type { DbOrTx } from '../db/database.ts';
import type { ActivityLogTable } from '../db/schema.ts';

export interface NewActivity {
  user_id: string;
  kind: string;
  actor: ActivityLogTable['actor'];
  operator?: string | null;
  session_id?: string | null;
  details?: Record<string, unknown>;
  created_at: Date;
}

/** The activity log: the only code that writes or reads activity_log. */
export function createActivityRepository() {
  return {
    insert(db: DbOrTx, entry: NewActivity) {
      return db
        .insertInto('activity_log')
        .values({ ...entry, details: JSON.stringify(entry.details ?? {}) })
        .execute();
    },

    /** Newest first, keyset on (created_at, id); a cursor that is not the user's own row matches nothing. */
    listForUser(db: DbOrTx, options: { userId: string; limit: number; cursor?: string | undefined }) {
      let query = db
        .selectFrom('activity_log')
        .selectAll()
        .where('user_id', '=', options.userId)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(options.limit);
      if (options.cursor) {
        query = query.where(
          sql<boolean>`(created_at, id) < (SELECT a.created_at, a.id FROM activity_log a
            WHERE a.id = ${options.cursor} AND a.user_id = ${options.userId})`,
        );
      }
      return query.execute();
    },

    allForUser(db: DbOrTx, userId: string) {
      return db
        .selectFrom('activity_log')
        .selectAll()
        .where('user_id', '=', userId)
        .orderBy('created_at')
        .execute();
    },

    async deleteOlderThan(db: DbOrTx, before: Date): Promise<number> {
      const result = await db.deleteFrom('activity_log').where('created_at', '<', before).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
export type ActivityRepository = ReturnType<typeof createActivityRepository>;
