import type { CheckinHistoryItem } from '@wbn/contracts/checkins';
import type { DbOrTx } from '../db/database.ts';
import { onlyRow, preparedQuery } from '../db/prepared-query.ts';
import { deleteOwnRow, newestFirstPage, ownRow, type TimelinePage } from '../db/user-timeline.ts';
import { isoTimestamp, jsonArray } from '../db/wire-values.ts';

const columns = ['id', 'user_id', 'timestamp', 'anxiety_level', 'triggers'] as const;
/**
 * A page is the caller's own (no user_id), read as the items the API answers: the history and the
 * progress summary pass its rows on as they are.
 */
const pageColumns = [
  'id',
  isoTimestamp('checkins.timestamp').as('timestamp'),
  'anxiety_level',
  jsonArray('checkins.triggers').as('triggers'),
] as const;

interface NewCheckin {
  user_id: string;
  timestamp: Date;
  anxiety_level: number;
  triggers: string[];
}

// The two queries every check-in screen runs, compiled and prepared once (see preparedQuery).
const insertCheckin = preparedQuery('checkins.create', (db, row: NewCheckin) =>
  db.insertInto('checkins').values(row).returning(columns),
);
const checkinsPage = preparedQuery('checkins.listForUser', (db, page: TimelinePage) =>
  newestFirstPage(db.selectFrom('checkins').select(pageColumns), 'checkins', page),
);

/** Queries on `checkins`, always scoped by user_id in the SQL. */
export function createCheckinsRepository() {
  return {
    async create(db: DbOrTx, row: NewCheckin) {
      return onlyRow(await insertCheckin(db, row));
    },

    findForUser(db: DbOrTx, options: { userId: string; id: string }) {
      return ownRow(db.selectFrom('checkins').select(columns), 'checkins', options).executeTakeFirst();
    },

    /** Newest first, keyset-paged (see newestFirstPage), as history items. */
    listForUser(db: DbOrTx, page: TimelinePage): Promise<CheckinHistoryItem[]> {
      return checkinsPage(db, page);
    },

    deleteForUser(db: DbOrTx, options: { userId: string; id: string }) {
      return deleteOwnRow(db, 'checkins', options);
    },
  };
}
export type CheckinsRepository = ReturnType<typeof createCheckinsRepository>;
