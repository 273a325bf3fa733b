import type { DbOrTx } from '../db/database.ts';
import type { OneTimeCodePurpose } from '../db/schema.ts';

/** One-time codes of every purpose (see auth/one-time-code.ts); each query is scoped to one purpose. */
export function createPasswordResetRepository() {
  return {
    countRequestedSince(db: DbOrTx, options: { userId: string; purpose: OneTimeCodePurpose; since: Date }) {
      return db
        .selectFrom('password_reset_codes')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where('user_id', '=', options.userId)
        .where('purpose', '=', options.purpose)
        .where('created_at', '>', options.since)
        .executeTakeFirstOrThrow();
    },

    /** A new code voids every earlier one that is still open. */
    voidOpenCodes(db: DbOrTx, options: { userId: string; purpose: OneTimeCodePurpose; now: Date }) {
      return db
        .updateTable('password_reset_codes')
        .set({ voided_at: options.now })
        .where('user_id', '=', options.userId)
        .where('purpose', '=', options.purpose)
        .where('consumed_at', 'is', null)
        .where('voided_at', 'is', null)
        .execute();
    },

    insert(
      db: DbOrTx,
      code: {
        user_id: string;
        purpose: OneTimeCodePurpose;
        email: string | null;
        code_hmac: Buffer;
        created_at: Date;
        expires_at: Date;
      },
    ) {
      return db.insertInto('password_reset_codes').values(code).execute();
    },

    findOpenCode(db: DbOrTx, options: { userId: string; purpose: OneTimeCodePurpose; now: Date }) {
      return db
        .selectFrom('password_reset_codes')
        .select(['id', 'code_hmac', 'attempts', 'email'])
        .where('user_id', '=', options.userId)
        .where('purpose', '=', options.purpose)
        .where('consumed_at', 'is', null)
        .where('voided_at', 'is', null)
        .where('expires_at', '>', options.now)
        .orderBy('created_at', 'desc')
        .limit(1)
        .executeTakeFirst();
    },

    /** Counts an attempt atomically and returns the new count, so parallel guesses cannot share one. */
    async recordAttempt(db: DbOrTx, id: string): Promise<number> {
      const row = await db
        .updateTable('password_reset_codes')
        .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
        .where('id', '=', id)
        .returning('attempts')
        .executeTakeFirstOrThrow();
      return row.attempts;
    },

    markConsumed(db: DbOrTx, options: { id: string; now: Date }) {
      return db
        .updateTable('password_reset_codes')
        .set({ consumed_at: options.now })
        .where('id', '=', options.id)
        .where('consumed_at', 'is', null)
        .executeTakeFirst();
    },
  };
}
export type PasswordResetRepository = ReturnType<typeof createPasswordResetRepository>;
