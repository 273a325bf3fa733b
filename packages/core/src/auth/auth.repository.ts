import { sql } from 'kysely';
import type { DbOrTx } from '../db/database.ts';

/** Sessions, refresh tokens, reset codes and login throttling. */
export function createAuthRepository() {
  return {
    createSession(db: DbOrTx, session: { user_id: string; expires_at: Date; created_at: Date }) {
      return db
        .insertInto('sessions')
        .values({ ...session, last_used_at: session.created_at })
        .returning(['id'])
        .executeTakeFirstOrThrow();
    },

    /**
     * The per-request check: one primary-key lookup joining the user, so logout, ban, reset and
     * deletion take effect on the very next request.
     */
    findLiveSession(db: DbOrTx, options: { sessionId: string; userId: string; now: Date }) {
      return db
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .select(['users.id', 'users.username', 'users.is_premium', 'users.is_moderator', 'users.is_banned'])
        .where('sessions.id', '=', options.sessionId)
        .where('sessions.user_id', '=', options.userId)
        .where('sessions.revoked_at', 'is', null)
        .where('sessions.expires_at', '>', options.now)
        .executeTakeFirst();
    },

    revokeSession(db: DbOrTx, options: { sessionId: string; reason: string; now: Date }) {
      return db
        .updateTable('sessions')
        .set({ revoked_at: options.now, revoked_reason: options.reason })
        .where('id', '=', options.sessionId)
        .where('revoked_at', 'is', null)
        .execute();
    },

    revokeAllSessionsForUser(db: DbOrTx, options: { userId: string; reason: string; now: Date }) {
      return db
        .updateTable('sessions')
        .set({ revoked_at: options.now, revoked_reason: options.reason })
        .where('user_id', '=', options.userId)
        .where('revoked_at', 'is', null)
        .execute();
    },

    insertRefreshToken(
      db: DbOrTx,
      token: { session_id: string; user_id: string; token_hash: Buffer; expires_at: Date },
    ) {
      return db.insertInto('refresh_tokens').values(token).execute();
    },

    findRefreshToken(db: DbOrTx, tokenHash: Buffer) {
      return db
        .selectFrom('refresh_tokens')
        .innerJoin('sessions', 'sessions.id', 'refresh_tokens.session_id')
        .select([
          'refresh_tokens.id',
          'refresh_tokens.session_id',
          'refresh_tokens.user_id',
          'refresh_tokens.expires_at',
          'refresh_tokens.rotated_at',
          'sessions.revoked_at as session_revoked_at',
          'sessions.expires_at as session_expires_at',
        ])
        .where('refresh_tokens.token_hash', '=', tokenHash)
        .executeTakeFirst();
    },

    /** Marks a token used; only the first of two concurrent callers gets `true`. */
    async markRefreshTokenRotated(db: DbOrTx, options: { id: string; now: Date }): Promise<boolean> {
      const result = await db
        .updateTable('refresh_tokens')
        .set({ rotated_at: options.now })
        .where('id', '=', options.id)
        .where('rotated_at', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    touchSession(db: DbOrTx, options: { sessionId: string; now: Date }) {
      return db
        .updateTable('sessions')
        .set({ last_used_at: options.now })
        .where('id', '=', options.sessionId)
        .execute();
    },

    /**
     * Counts an attempt in the current window, or opens a new window when the last one has passed;
     * returns the count after this attempt (one statement, so concurrent attempts each see their own).
     */
    recordLoginAttempt(db: DbOrTx, options: { userId: string; now: Date; windowStartsAfter: Date }) {
      return db
        .insertInto('login_failures')
        .values({ user_id: options.userId, failures: 1, window_started_at: options.now })
        .onConflict((oc) =>
          oc.column('user_id').doUpdateSet({
            failures: sql`CASE WHEN login_failures.window_started_at > ${options.windowStartsAfter}
              THEN login_failures.failures + 1 ELSE 1 END`,
            window_started_at: sql`CASE WHEN login_failures.window_started_at > ${options.windowStartsAfter}
              THEN login_failures.window_started_at ELSE ${options.now} END`,
          }),
        )
        .returning(['failures', 'window_started_at'])
        .executeTakeFirstOrThrow();
    },

    clearLoginFailures(db: DbOrTx, userId: string) {
      return db.deleteFrom('login_failures').where('user_id', '=', userId).execute();
    },
  };
}
export type AuthRepository = ReturnType<typeof createAuthRepository>;
