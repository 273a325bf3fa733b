import type { AuthResult, LoginInput, SignupInput } from '@wbn/contracts/auth';
import type { Message } from '@wbn/contracts/common';
import { QUEUES } from '@wbn/contracts/queues';
import type { ActivityRecorder } from '../activity/activity.service.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import {
  decoyPasswordHash,
  hashPassword,
  needsRehash,
  passwordWeakness,
  verifyPassword,
} from '../crypto/passwords.ts';
import { type AccessTokenCodec, generateRefreshToken, hashRefreshToken } from '../crypto/tokens.ts';
import type { Db, DbOrTx } from '../db/database.ts';
import { isUniqueViolation } from '../db/pg-errors.ts';
import type { UserRow } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { JobQueue } from '../queue/job-queue.ts';
import { generatePseudonym } from '../users/pseudonym.ts';
import { toUserConflict } from '../users/users.errors.ts';
import { toUser } from '../users/users.mapper.ts';
import type { UsersRepository } from '../users/users.repository.ts';
import type { Actor } from './actor.ts';
import type { AuthRepository } from './auth.repository.ts';
import { type ClientInfo, describeDevice, ipPrefix, normaliseUserAgent } from './client-info.ts';
import type { LoginThrottle } from './login-throttle.ts';
import type { SessionCache } from './session-cache.ts';

/** A session's last_seen_at is written at most this often, however many requests it makes. */
export const LAST_SEEN_RESOLUTION_MS = 60_000;

interface Deps {
  db: Db;
  clock: Clock;
  logger: Logger;
  config: Config['auth'];
  tokens: AccessTokenCodec;
  auth: AuthRepository;
  users: UsersRepository;
  throttle: LoginThrottle;
  queue?: JobQueue;
  activity?: ActivityRecorder;
  sessionCache?: SessionCache;
  emailVerification?: { enqueue(userId: string, tx: DbOrTx): Promise<void> };
}

const DAY_MS = 86_400_000;
const PSEUDONYM_ATTEMPTS = 5;

const invalidCredentials = () =>
  new AppError('UNAUTHORIZED', 'Username or password is incorrect', { reason: 'INVALID_CREDENTIALS' });
const invalidToken = () =>
  new AppError('UNAUTHORIZED', 'Invalid or expired token', { reason: 'INVALID_TOKEN' });

const banned = () =>
  new AppError('FORBIDDEN', 'This account has been suspended by a moderator', { reason: 'ACCOUNT_BANNED' });

export function assertStrongPassword(password: string, field: string, username?: string): void {
  const weakness = passwordWeakness(password, username);
  if (weakness) {
    throw new AppError('VALIDATION', `${field} ${weakness}`, {
      reason: 'WEAK_PASSWORD',
      issues: [{ path: field, message: weakness }],
    });
  }
}

export function createAuthService(deps: Deps) {
  const { db, clock, config, tokens, auth, users, throttle } = deps;

  /**
   * Opens a session with its first refresh token and signs the access token for it; records the
   * sign-in and, for a device this account has not signed in from before, mails an alert (only to a
   * confirmed address).
   */
  async function issueSession(
    tx: DbOrTx,
    user: UserRow,
    client: ClientInfo,
    options: { alert: boolean },
  ): Promise<AuthResult> {
    const now = clock.now();
    const expiresAt = new Date(now.getTime() + config.refreshTokenTtlDays * DAY_MS);
    const userAgent = normaliseUserAgent(client.userAgent);
    const session = await auth.createSession(tx, {
      user_id: user.id,
      created_at: now,
      expires_at: expiresAt,
      user_agent: userAgent,
      ip_prefix: ipPrefix(client.ip),
    });
    await deps.activity?.record(tx, { userId: user.id, kind: 'sign-in', sessionId: session.id });
    if (options.alert && user.email && user.email_verified_at && deps.queue) {
      const seen = await auth.hasEarlierSessionFrom(tx, {
        userId: user.id,
        userAgent,
        exceptSessionId: session.id,
      });
      if (!seen) {
        await deps.queue.send(
          QUEUES.accountMail,
          { kind: 'sign-in-alert', to: user.email, at: now.toISOString(), device: describeDevice(userAgent) },
          { tx },
        );
      }
    }
    return issueTokens(tx, user, { sessionId: session.id, expiresAt, now });
  }

  /** Adds a refresh token to the session's family and signs an access token for it. */
  async function issueTokens(
    tx: DbOrTx,
    user: UserRow,
    session: { sessionId: string; expiresAt: Date; now: Date },
  ): Promise<AuthResult> {
    const refreshToken = generateRefreshToken();
    await auth.insertRefreshToken(tx, {
      session_id: session.sessionId,
      user_id: user.id,
      token_hash: hashRefreshToken(refreshToken),
      expires_at: session.expiresAt,
    });
    return {
      token: await tokens.sign({ userId: user.id, sessionId: session.sessionId }, session.now),
      refresh_token: refreshToken,
      token_type: 'Bearer',
      expires_in: config.accessTokenTtlSeconds,
      user: toUser(user),
    };
  }

  return {
    async signup(input: SignupInput, client: ClientInfo = {}): Promise<AuthResult> {
      assertStrongPassword(input.password, 'password', input.username);
      const passwordHash = await hashPassword(input.password);
      // A pseudonym collision (1 in ~20 M) simply retries with a new one.
      for (let attempt = 1; ; attempt++) {
        try {
          return await db.transaction().execute(async (tx) => {
            const user = await users.create(tx, {
              username: input.username,
              password_hash: passwordHash,
              email: input.email ?? null,
              demographics: input.demographics ? JSON.stringify(input.demographics) : null,
              pseudonym: generatePseudonym(),
            });
            if (user.email) await deps.emailVerification?.enqueue(user.id, tx);
            return issueSession(tx, user, client, { alert: false });
          });
        } catch (error) {
          if (!isUniqueViolation(error, 'users_pseudonym_key') || attempt >= PSEUDONYM_ATTEMPTS) {
            throw toUserConflict(error);
          }
        }
      }
    },

    async login(input: LoginInput, client: ClientInfo = {}): Promise<AuthResult> {
      const user = await users.findByUsername(db, input.username);
      if (!user) {
        await verifyPassword(await decoyPasswordHash(), input.password);
        throw invalidCredentials();
      }
      await throttle.take(user.id);
      if (!(await verifyPassword(user.password_hash, input.password))) throw invalidCredentials();
      // Checked after the password so a stranger cannot probe which accounts are banned.
      if (user.is_banned) throw banned();
      const rehash = needsRehash(user.password_hash) ? await hashPassword(input.password) : undefined;
      return db.transaction().execute(async (tx) => {
        await auth.clearLoginFailures(tx, user.id);
        if (rehash) await users.update(tx, user.id, { password_hash: rehash }, clock.now());
        return issueSession(tx, user, client, { alert: true });
      });
    },

    /**
     * Rotates a refresh token. A token that was already rotated is being replayed, by an attacker
     * or after a leak: the whole session (every token descended from the same login) is revoked.
     */
    async refresh(refreshToken: string): Promise<AuthResult> {
      const now = clock.now();
      const found = await auth.findRefreshToken(db, hashRefreshToken(refreshToken));
      if (!found || found.session_revoked_at || found.session_expires_at <= now || found.expires_at <= now) {
        throw invalidToken();
      }
      const rotated = await db.transaction().execute(async (tx) => {
        if (!(await auth.markRefreshTokenRotated(tx, { id: found.id, now }))) return false;
        const user = await users.findById(tx, found.user_id);
        if (!user) throw invalidToken();
        if (user.is_banned) throw banned();
        // A session revoked meanwhile (password change, logout-all) stays revoked.
        if (!(await auth.touchSession(tx, { sessionId: found.session_id, now }))) throw invalidToken();
        return issueTokens(tx, user, {
          sessionId: found.session_id,
          expiresAt: found.session_expires_at,
          now,
        });
      });
      if (rotated) return rotated;
      await auth.revokeSession(db, { sessionId: found.session_id, reason: 'refresh-token-reuse', now });
      deps.sessionCache?.forgetSession(found.session_id);
      deps.logger.warn({ sessionId: found.session_id }, 'refresh token reused: session revoked');
      throw invalidToken();
    },

    /** Ends the session the actor signed in with (an actor without one, e.g. the CLI, has nothing to end). */
    async logout(actor: Actor): Promise<Message> {
      const { sessionId } = actor;
      if (!sessionId) return { message: 'Signed out.' };
      await db.transaction().execute(async (tx) => {
        await auth.revokeSession(tx, { sessionId, reason: 'logout', now: clock.now() });
        await deps.activity?.record(tx, {
          userId: actor.id,
          kind: 'session-ended',
          sessionId,
          details: { reason: 'logout' },
        });
      });
      deps.sessionCache?.forgetSession(sessionId);
      return { message: 'Signed out.' };
    },

    /**
     * Resolves a bearer token to the acting user of a live session, or refuses. A banned user is
     * returned with `isBanned` set: the services refuse them (assertNotBanned), except for the few
     * things a banned person may still do (read why, appeal, export, delete).
     */
    async authenticate(accessToken: string): Promise<Actor> {
      const cached = deps.sessionCache?.get(accessToken);
      if (cached) return cached;
      const now = clock.now();
      const claims = await tokens.verify(accessToken, now);
      if (!claims) throw invalidToken();
      const row = await auth.findLiveSession(db, { ...claims, now });
      if (!row)
        throw new AppError('UNAUTHORIZED', 'This session has ended; sign in again', {
          reason: 'SESSION_REVOKED',
        });
      const staleBefore = new Date(now.getTime() - LAST_SEEN_RESOLUTION_MS);
      if (!row.last_seen_at || row.last_seen_at < staleBefore) {
        await auth.touchLastSeen(db, { sessionId: claims.sessionId, now, staleBefore });
      }
      const actor: Actor = {
        id: row.id,
        username: row.username,
        sessionId: claims.sessionId,
        isPremium: row.is_premium,
        isModerator: row.is_moderator,
        isBanned: row.is_banned,
      };
      // Only unbanned answers are cached: a stale entry must never outlive a ban's notification race.
      if (!row.is_banned) deps.sessionCache?.set(accessToken, actor);
      return actor;
    },
  };
}
export type AuthService = ReturnType<typeof createAuthService>;
