import { sql } from 'kysely';
import type { DbOrTx } from '../db/database.ts';

/** Sessions, refresh tokens, reset codes and login throttling. */
export function createAuthRepository() {
  return {
    createSession(
      db: DbOrTx,
      session: {
        user_id: string;
        expires_at: Date;
        created_at: Date;
        user_agent?: string | null;
        ip_prefix?: string | null;
      },
    ) {
      return db
        .insertInto('sessions')
        .values({ ...session, last_used_at: session.created_at, last_seen_at: session.created_at })
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
        .select([
          'users.id',
          'users.username',
          'users.is_premium',
          'users.is_moderator',
          'users.is_banned',
          'sessions.last_seen_at',
        ])
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

    /**
     * Marks a refresh on a live session. The row lock it takes orders it against a concurrent
     * revocation: whichever commits second sees the other, so a refresh cannot revive a revoked session.
     */
    async touchSession(db: DbOrTx, options: { sessionId: string; now: Date }): Promise<boolean> {
      const result = await db
        .updateTable('sessions')
        .set({ last_used_at: options.now, last_seen_at: options.now })
        .where('id', '=', options.sessionId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    /** At most one write a minute per session, whatever the request rate (the WHERE makes it a no-op). */
    touchLastSeen(db: DbOrTx, options: { sessionId: string; now: Date; staleBefore: Date }) {
      return db
        .updateTable('sessions')
        .set({ last_seen_at: options.now })
        .where('id', '=', options.sessionId)
        .where((eb) => eb.or([eb('last_seen_at', 'is', null), eb('last_seen_at', '<', options.staleBefore)]))
        .execute();
    },

    listLiveSessions(db: DbOrTx, options: { userId: string; now: Date }) {
      return db
        .selectFrom('sessions')
        .select(['id', 'created_at', 'last_seen_at', 'last_used_at', 'user_agent', 'ip_prefix'])
        .where('user_id', '=', options.userId)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', options.now)
        .orderBy('created_at', 'desc')
        .execute();
    },

    /** Ends one of the user's own live sessions; another user's id ends nothing (so the caller answers 404). */
    async revokeOwnSession(
      db: DbOrTx,
      options: { userId: string; sessionId: string; reason: string; now: Date },
    ): Promise<boolean> {
      const result = await db
        .updateTable('sessions')
        .set({ revoked_at: options.now, revoked_reason: options.reason })
        .where('id', '=', options.sessionId)
        .where('user_id', '=', options.userId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    /** Ends every live session of the user but `exceptSessionId` (when given); returns how many ended. */
    async revokeSessionsExcept(
      db: DbOrTx,
      options: { userId: string; exceptSessionId?: string | undefined; reason: string; now: Date },
    ): Promise<number> {
      let query = db
        .updateTable('sessions')
        .set({ revoked_at: options.now, revoked_reason: options.reason })
        .where('user_id', '=', options.userId)
        .where('revoked_at', 'is', null);
      if (options.exceptSessionId) query = query.where('id', '!=', options.exceptSessionId);
      const result = await query.executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    /** Whether an earlier session of the user came from this user agent (sign-in alerts go once per device). */
    async hasEarlierSessionFrom(
      db: DbOrTx,
      options: { userId: string; userAgent: string | null; exceptSessionId: string },
    ): Promise<boolean> {
      const row = await db
        .selectFrom('sessions')
        .select('id')
        .where('user_id', '=', options.userId)
        .where('id', '!=', options.exceptSessionId)
        .where((eb) =>
          options.userAgent === null
            ? eb('user_agent', 'is', null)
            : eb('user_agent', '=', options.userAgent),
        )
        .limit(1)
        .executeTakeFirst();
      return row !== undefined;
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
