import type { DbOrTx } from '../db/database.ts';
import { deleteOwnRow, newestFirstPage, ownRow, type TimelinePage } from '../db/user-timeline.ts';

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
      return ownRow(
        db.selectFrom('interaction_logs').select(columns),
        'interaction_logs',
        options,
      ).executeTakeFirst();
    },

    /** Newest first, keyset-paged (see newestFirstPage). */
    listForUser(db: DbOrTx, options: TimelinePage) {
      return newestFirstPage(
        db.selectFrom('interaction_logs').select(columns),
        'interaction_logs',
        options,
      ).execute();
    },

    deleteForUser(db: DbOrTx, options: { userId: string; id: string }) {
      return deleteOwnRow(db, 'interaction_logs', options);
    },
  };
}
export type InteractionsRepository = ReturnType<typeof createInteractionsRepository>;
