import type { DbOrTx } from '../db/database.ts';
import { onlyRow, preparedQuery } from '../db/prepared-query.ts';
import { deleteOwnRow, newestFirstPage, ownRow, type TimelinePage } from '../db/user-timeline.ts';

const columns = ['id', 'user_id', 'timestamp', 'duration', 'tool', 'notes'] as const;

interface NewInteraction {
  user_id: string;
  timestamp: Date;
  duration: number;
  tool: string;
  notes: string | null;
}

// Logging a session and paging the list, compiled and prepared once (see preparedQuery).
const insertInteraction = preparedQuery('interactions.create', (db, row: NewInteraction) =>
  db.insertInto('interaction_logs').values(row).returning(columns),
);
const interactionsPage = preparedQuery('interactions.listForUser', (db, page: TimelinePage) =>
  newestFirstPage(db.selectFrom('interaction_logs').select(columns), 'interaction_logs', page),
);

/** Queries on `interaction_logs`, always scoped by user_id in the SQL. */
export function createInteractionsRepository() {
  return {
    async create(db: DbOrTx, row: NewInteraction) {
      return onlyRow(await insertInteraction(db, row));
    },

    findForUser(db: DbOrTx, options: { userId: string; id: string }) {
      return ownRow(
        db.selectFrom('interaction_logs').select(columns),
        'interaction_logs',
        options,
      ).executeTakeFirst();
    },

    /** Newest first, keyset-paged (see newestFirstPage). */
    listForUser(db: DbOrTx, page: TimelinePage) {
      return interactionsPage(db, page);
    },

    deleteForUser(db: DbOrTx, options: { userId: string; id: string }) {
      return deleteOwnRow(db, 'interaction_logs', options);
    },
  };
}
export type InteractionsRepository = ReturnType<typeof createInteractionsRepository>;
