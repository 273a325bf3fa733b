import type { ChangePasswordInput, LogoutAllInput, SessionInfo, SessionsEnded } from '@wbn/contracts/account';
import type { Message } from '@wbn/contracts/common';
import type { ActivityRecorder } from '../activity/activity.service.ts';
import type { Clock } from '../clock.ts';
import { hashPassword, verifyPassword } from '../crypto/passwords.ts';
import type { Db } from '../db/database.ts';
import { AppError, notFound } from '../errors.ts';
import type { UsersRepository } from '../users/users.repository.ts';
import { type Actor, assertNotBanned } from './actor.ts';
import type { AuthRepository } from './auth.repository.ts';
import { assertStrongPassword } from './auth.service.ts';
import type { LoginThrottle } from './login-throttle.ts';
import type { SessionCache } from './session-cache.ts';

interface Deps {
  db: Db;
  clock: Clock;
  auth: AuthRepository;
  users: UsersRepository;
  throttle: LoginThrottle;
  activity: ActivityRecorder;
  sessionCache?: SessionCache;
}

/** Every session-scoped action needs the session the request came from. */
function currentSession(actor: Actor): string {
  if (!actor.sessionId) throw new AppError('UNAUTHORIZED', 'This action needs a signed-in session');
  return actor.sessionId;
}

/**
 * A signed-in person's control over their credentials and sessions. Revocations are UPDATEs of
 * sessions.revoked_at, which the auth-change trigger announces to every API process (their session
 * caches forget the user), so an ended session stops working everywhere on its next request.
 */
export function createAccountSecurityService(deps: Deps) {
  const { db, clock, auth, users, throttle, activity } = deps;

  return {
    /**
     * Checks the current password against the sign-in budget, applies the password policy and ends
     * every other session. Journal keys do not depend on the password, so nothing is re-wrapped.
     */
    async changePassword(actor: Actor, input: ChangePasswordInput): Promise<Message> {
      assertNotBanned(actor);
      const sessionId = currentSession(actor);
      const user = await users.findById(db, actor.id);
      if (!user) throw notFound('User');
      await throttle.take(user.id);
      if (!(await verifyPassword(user.password_hash, input.current_password))) {
        throw new AppError('UNAUTHORIZED', 'The current password is incorrect', {
          reason: 'INVALID_CREDENTIALS',
          issues: [{ path: 'current_password', message: 'is incorrect' }],
        });
      }
      assertStrongPassword(input.new_password, 'new_password', user.username);
      const passwordHash = await hashPassword(input.new_password);
      const now = clock.now();
      const ended = await db.transaction().execute(async (tx) => {
        await users.update(tx, user.id, { password_hash: passwordHash }, now);
        await auth.clearLoginFailures(tx, user.id);
        const count = await auth.revokeSessionsExcept(tx, {
          userId: user.id,
          exceptSessionId: sessionId,
          reason: 'password-change',
          now,
        });
        await activity.record(tx, {
          userId: user.id,
          kind: 'password-changed',
          sessionId,
          details: { sessions_ended: count },
        });
        return count;
      });
      deps.sessionCache?.forgetUser(user.id);
      return {
        message: `Your password has been changed; ${ended} other session${ended === 1 ? '' : 's'} ended.`,
      };
    },

    async listSessions(actor: Actor): Promise<SessionInfo[]> {
      assertNotBanned(actor);
      const rows = await auth.listLiveSessions(db, { userId: actor.id, now: clock.now() });
      return rows.map((row) => ({
        id: row.id,
        created_at: row.created_at.toISOString(),
        last_seen_at: (row.last_seen_at ?? row.last_used_at).toISOString(),
        user_agent: row.user_agent,
        ip_prefix: row.ip_prefix,
        current: row.id === actor.sessionId,
      }));
    },

    async endSession(actor: Actor, sessionId: string): Promise<Message> {
      assertNotBanned(actor);
      await db.transaction().execute(async (tx) => {
        const ended = await auth.revokeOwnSession(tx, {
          userId: actor.id,
          sessionId,
          reason: 'ended-by-user',
          now: clock.now(),
        });
        if (!ended) throw notFound('Session');
        await activity.record(tx, {
          userId: actor.id,
          kind: 'session-ended',
          sessionId: actor.sessionId ?? null,
          details: { ended_session_id: sessionId },
        });
      });
      deps.sessionCache?.forgetSession(sessionId);
      return { message: 'Session ended.' };
    },

    async logoutAll(actor: Actor, input: LogoutAllInput): Promise<SessionsEnded> {
      assertNotBanned(actor);
      const except = input.keep_current ? currentSession(actor) : undefined;
      const ended = await db.transaction().execute(async (tx) => {
        const count = await auth.revokeSessionsExcept(tx, {
          userId: actor.id,
          exceptSessionId: except,
          reason: 'logout-all',
          now: clock.now(),
        });
        await activity.record(tx, {
          userId: actor.id,
          kind: 'sessions-ended',
          sessionId: actor.sessionId ?? null,
          details: { count, kept_current: input.keep_current },
        });
        return count;
      });
      deps.sessionCache?.forgetUser(actor.id);
      return { ended };
    },
  };
}
export type AccountSecurityService = ReturnType<typeof createAccountSecurityService>;
