import type { DbOrTx } from '../db/database.ts';

/** data_exports: one row per export request, from queued to expired. */
export function createExportsRepository() {
  return {
    findLatestForUser(db: DbOrTx, userId: string) {
      return db
        .selectFrom('data_exports')
        .selectAll()
        .where('user_id', '=', userId)
        .orderBy('requested_at', 'desc')
        .limit(1)
        .executeTakeFirst();
    },

    findForUser(db: DbOrTx, options: { userId: string; id: string }) {
      return db
        .selectFrom('data_exports')
        .selectAll()
        .where('user_id', '=', options.userId)
        .where('id', '=', options.id)
        .executeTakeFirst();
    },

    insert(db: DbOrTx, row: { user_id: string; requested_at: Date }) {
      return db.insertInto('data_exports').values(row).returningAll().executeTakeFirstOrThrow();
    },

    markReady(
      db: DbOrTx,
      options: { id: string; userId: string; now: Date; expiresAt: Date; storageKey: string; bytes: number },
    ) {
      return db
        .updateTable('data_exports')
        .set({
          status: 'ready',
          ready_at: options.now,
          expires_at: options.expiresAt,
          storage_key: options.storageKey,
          bytes: options.bytes,
        })
        .where('id', '=', options.id)
        .where('user_id', '=', options.userId)
        .where('status', '=', 'queued')
        .executeTakeFirst();
    },

    /** Exports still queued long after every retry must have ended: they stop blocking a new request. */
    async failQueuedBefore(db: DbOrTx, before: Date): Promise<number> {
      const result = await db
        .updateTable('data_exports')
        .set({ status: 'failed' })
        .where('status', '=', 'queued')
        .where('requested_at', '<', before)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    markDownloaded(db: DbOrTx, options: { id: string; now: Date }) {
      return db
        .updateTable('data_exports')
        .set({ downloaded_at: options.now })
        .where('id', '=', options.id)
        .execute();
    },

    listExpired(db: DbOrTx, options: { now: Date; limit: number }) {
      return db
        .selectFrom('data_exports')
        .select(['id', 'storage_key'])
        .where('status', '=', 'ready')
        .where('expires_at', '<=', options.now)
        .orderBy('expires_at')
        .limit(options.limit)
        .execute();
    },

    listStoredForUser(db: DbOrTx, userId: string) {
      return db
        .selectFrom('data_exports')
        .select('id')
        .where('user_id', '=', userId)
        .where('storage_key', 'is not', null)
        .execute();
    },

    markExpired(db: DbOrTx, id: string) {
      return db
        .updateTable('data_exports')
        .set({ status: 'expired', storage_key: null })
        .where('id', '=', id)
        .execute();
    },
  };
}
export type ExportsRepository = ReturnType<typeof createExportsRepository>;
