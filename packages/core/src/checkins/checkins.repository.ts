import type { DbOrTx } from '../db/database.ts';
import { deleteOwnRow, newestFirstPage, ownRow, type TimelinePage } from '../db/user-timeline.ts';

const columns = ['id', 'user_id', 'timestamp', 'anxiety_level', 'triggers'] as const;

/** Queries on `checkins`, always scoped by user_id in the SQL. */
export function createCheckinsRepository() {
  return {
    create(db: DbOrTx, row: { user_id: string; timestamp: Date; anxiety_level: number; triggers: string[] }) {
      return db.insertInto('checkins').values(row).returning(columns).executeTakeFirstOrThrow();
    },

    findForUser(db: DbOrTx, options: { userId: string; id: string }) {
      return ownRow(db.selectFrom('checkins').select(columns), 'checkins', options).executeTakeFirst();
    },

    /** Newest first, keyset-paged (see newestFirstPage). */
    listForUser(db: DbOrTx, options: TimelinePage) {
      return newestFirstPage(db.selectFrom('checkins').select(columns), 'checkins', options).execute();
    },

    deleteForUser(db: DbOrTx, options: { userId: string; id: string }) {
      return deleteOwnRow(db, 'checkins', options);
    },
  };
}
export type CheckinsRepository = ReturnType<typeof createCheckinsRepository>;
