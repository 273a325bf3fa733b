import { sql } from 'kysely';
import type { DbOrTx } from '../db/database.ts';
import { preparedQuery } from '../db/prepared-query.ts';
import { deleteOwnRow, newestFirstPage, ownRow, type TimelinePage } from '../db/user-timeline.ts';

const metaColumns = ['id', 'user_id', 'timestamp', 'prompt_id', 'created_at'] as const;

/** Metadata only (never content), newest first, keyset-paged; compiled and prepared once (see preparedQuery). */
const entriesMetaPage = preparedQuery('journal.listMetaForUser', (db, page: TimelinePage) =>
  newestFirstPage(
    db.selectFrom('journal_entries').select(['id', 'timestamp', 'prompt_id']),
    'journal_entries',
    page,
  ),
);

/** Queries on `journal_entries`, `journal_data_keys` and prompts, always scoped by user_id in the SQL. */
export function createJournalRepository() {
  return {
    create(
      db: DbOrTx,
      row: { id: string; user_id: string; timestamp: Date; content: Buffer; prompt_id: string | null },
    ) {
      return db.insertInto('journal_entries').values(row).returning(metaColumns).executeTakeFirstOrThrow();
    },

    listMetaForUser(db: DbOrTx, page: TimelinePage) {
      return entriesMetaPage(db, page);
    },

    findForUser(db: DbOrTx, options: { userId: string; id: string }) {
      return ownRow(
        db.selectFrom('journal_entries').select(['id', 'user_id', 'timestamp', 'prompt_id', 'content']),
        'journal_entries',
        options,
      ).executeTakeFirst();
    },

    /** The newest entries since a moment, content included, for on-request insights. */
    recentWithContent(db: DbOrTx, options: { userId: string; since: Date; limit: number }) {
      return db
        .selectFrom('journal_entries')
        .select(['id', 'timestamp', 'content'])
        .where('user_id', '=', options.userId)
        .where('timestamp', '>=', options.since)
        .orderBy('timestamp', 'desc')
        .limit(options.limit)
        .execute();
    },

    deleteForUser(db: DbOrTx, options: { userId: string; id: string }) {
      return deleteOwnRow(db, 'journal_entries', options);
    },

    findPrompt(db: DbOrTx, id: string) {
      return db
        .selectFrom('content_items')
        .select('id')
        .where('id', '=', id)
        .where('type', '=', 'prompt')
        .executeTakeFirst();
    },

    listPrompts(db: DbOrTx) {
      return db
        .selectFrom('content_items')
        .select(['id', sql<string | null>`content_structure->>'text'`.as('text')])
        .where('type', '=', 'prompt')
        .orderBy('title')
        .execute();
    },

    findDataKey(db: DbOrTx, userId: string) {
      return db
        .selectFrom('journal_data_keys')
        .select(['key_id', 'kek_id', 'wrapped_key'])
        .where('user_id', '=', userId)
        .executeTakeFirst();
    },

    /** First writer wins when two requests create a user's key at once; the loser re-reads. */
    insertDataKey(db: DbOrTx, row: { user_id: string; key_id: string; kek_id: string; wrapped_key: Buffer }) {
      return db
        .insertInto('journal_data_keys')
        .values(row)
        .onConflict((oc) => oc.column('user_id').doNothing())
        .returning(['key_id', 'kek_id', 'wrapped_key'])
        .executeTakeFirst();
    },

    /** A batch of data keys still wrapped by another KEK, locked so concurrent rotations share the work. */
    lockKeysNotWrappedBy(db: DbOrTx, options: { kekId: string; limit: number }) {
      return db
        .selectFrom('journal_data_keys')
        .select(['user_id', 'key_id', 'kek_id', 'wrapped_key'])
        .where('kek_id', '<>', options.kekId)
        .orderBy('user_id')
        .limit(options.limit)
        .forUpdate()
        .skipLocked()
        .execute();
    },

    updateWrapped(db: DbOrTx, row: { user_id: string; kek_id: string; wrapped_key: Buffer; now: Date }) {
      return db
        .updateTable('journal_data_keys')
        .set({ kek_id: row.kek_id, wrapped_key: row.wrapped_key, rewrapped_at: row.now })
        .where('user_id', '=', row.user_id)
        .execute();
    },

    countKeysByKek(db: DbOrTx) {
      return db
        .selectFrom('journal_data_keys')
        .select(['kek_id', (eb) => eb.fn.countAll<number>().as('count')])
        .groupBy('kek_id')
        .orderBy('kek_id')
        .execute();
    },
  };
}
export type JournalRepository = ReturnType<typeof createJournalRepository>;
