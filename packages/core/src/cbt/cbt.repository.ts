import type { DbOrTx } from '../db/database.ts';
import { onlyRow, preparedQuery } from '../db/prepared-query.ts';
import { deleteOwnRow, newestFirstPage, ownRow, type TimelinePage } from '../db/user-timeline.ts';

const columns = ['id', 'user_id', 'type', 'data', 'timestamp'] as const;

interface NewCbtEntry {
  user_id: string;
  type: string;
  data: string;
  timestamp: Date;
}

// Writing an entry and paging the list, compiled and prepared once (see preparedQuery).
const insertEntry = preparedQuery('cbt.create', (db, row: NewCbtEntry) =>
  db.insertInto('cbt_entries').values(row).returning(columns),
);
/** Newest first, optionally of one CBT tool; keyset-paged (see newestFirstPage). */
const entriesPage = preparedQuery(
  'cbt.listForUser',
  (db, page: TimelinePage & { type?: string | undefined }) => {
    const query = db.selectFrom('cbt_entries').select(columns);
    return newestFirstPage(page.type ? query.where('type', '=', page.type) : query, 'cbt_entries', page);
  },
);

/** Queries on `cbt_entries`, always scoped by user_id in the SQL. */
export function createCbtRepository() {
  return {
    async create(db: DbOrTx, row: NewCbtEntry) {
      return onlyRow(await insertEntry(db, row));
    },

    findForUser(db: DbOrTx, options: { userId: string; id: string }) {
      return ownRow(db.selectFrom('cbt_entries').select(columns), 'cbt_entries', options).executeTakeFirst();
    },

    listForUser(db: DbOrTx, page: TimelinePage & { type?: string | undefined }) {
      return entriesPage(db, page);
    },

    deleteForUser(db: DbOrTx, options: { userId: string; id: string }) {
      return deleteOwnRow(db, 'cbt_entries', options);
    },
  };
}
export type CbtRepository = ReturnType<typeof createCbtRepository>;
