import type { Clock } from '../clock.ts';
import type { JournalCipher } from '../crypto/journal-cipher.ts';
import type { JournalKeyring } from '../crypto/journal-keyring.ts';
import type { Db } from '../db/database.ts';
import type { JournalRepository } from './journal.repository.ts';

interface Deps {
  db: Db;
  clock: Clock;
  keyring: JournalKeyring;
  cipher: JournalCipher;
  journal: JournalRepository;
}

/**
 * KEK rotation. Only the small per-user data keys are re-wrapped; entries never change, so the API
 * keeps serving throughout: a data key is readable under its old KEK until its row is updated, and
 * under the new one after (the API reloads the key file when it meets a new id). Each batch is its
 * own short transaction with SKIP LOCKED, so a rotation can be interrupted and resumed, or run twice
 * in parallel, without redoing or blocking work.
 */
export function createJournalKeysService({ db, clock, keyring, cipher, journal }: Deps) {
  return {
    status() {
      return journal.countKeysByKek(db).then((rows) => ({ active: keyring.activeKekId(), byKek: rows }));
    },

    addKek(): string {
      return keyring.addKek();
    },

    /** Re-wraps every data key not yet under the active KEK. Returns how many it re-wrapped. */
    async rewrapAll(
      options: { batchSize?: number; maxBatches?: number; onBatch?: (done: number) => void } = {},
    ): Promise<number> {
      const batchSize = options.batchSize ?? 500;
      const target = keyring.activeKekId();
      let done = 0;
      // maxBatches stops early, as an interrupted run would; the next run picks up the rest.
      for (let batch = 0; batch < (options.maxBatches ?? Number.POSITIVE_INFINITY); batch++) {
        const count = await db.transaction().execute(async (tx) => {
          const rows = await journal.lockKeysNotWrappedBy(tx, { kekId: target, limit: batchSize });
          for (const row of rows) {
            const next = cipher.rewrap(row.user_id, {
              keyId: row.key_id,
              kekId: row.kek_id,
              wrapped: row.wrapped_key,
            });
            await journal.updateWrapped(tx, {
              user_id: row.user_id,
              kek_id: next.kekId,
              wrapped_key: next.wrapped,
              now: clock.now(),
            });
          }
          return rows.length;
        });
        if (count === 0) return done;
        done += count;
        options.onBatch?.(done);
      }
      return done;
    },
  };
}
export type JournalKeysService = ReturnType<typeof createJournalKeysService>;
