import type { DbOrTx } from '../db/database.ts';
import { deleteOwnRow, newestFirstPage, ownRow, type TimelinePage } from '../db/user-timeline.ts';

const columns = ['id', 'user_id', 'type', 'data', 'timestamp'] as const;

/** Queries on `cbt_entries`, always scoped by user_id in the SQL. */
export function createCbtRepository() {
  return {
    create(db: DbOrTx, row: { user_id: string; type: string; data: string; timestamp: Date }) {
      return db.insertInto('cbt_entries').values(row).returning(columns).executeTakeFirstOrThrow();
    },

    findForUser(db: DbOrTx, options: { userId: string; id: string }) {
      return ownRow(db.selectFrom('cbt_entries').select(columns), 'cbt_entries', options).executeTakeFirst();
    },

    /** Newest first, optionally of one CBT tool; keyset-paged (see newestFirstPage). */
    listForUser(db: DbOrTx, options: TimelinePage & { type?: string | undefined }) {
      const query = db.selectFrom('cbt_entries').select(columns);
      const typed = options.type ? query.where('type', '=', options.type) : query;
      return newestFirstPage(typed, 'cbt_entries', options).execute();
    },

    deleteForUser(db: DbOrTx, options: { userId: string; id: string }) {
      return deleteOwnRow(db, 'cbt_entries', options);
    },
  };
}
export type CbtRepository = ReturnType<typeof createCbtRepository>;
