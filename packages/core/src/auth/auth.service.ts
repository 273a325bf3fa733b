import type { AuthResult, LoginInput, SignupInput } from '@wbn/contracts/auth';
import type { Message } from '@wbn/contracts/common';
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
import { generatePseudonym } from '../users/pseudonym.ts';
import { toUserConflict } from '../users/users.errors.ts';
import { toUser } from '../users/users.mapper.ts';
import type { UsersRepository } from '../users/users.repository.ts';
import type { Actor } from './actor.ts';
import type { AuthRepository } from './auth.repository.ts';
import type { SessionCache } from './session-cache.ts';

interface Deps {
  db: Db;
  clock: Clock;
  logger: Logger;
  config: Config['auth'];
  tokens: AccessTokenCodec;
  auth: AuthRepository;
  users: UsersRepository;
  sessionCache?: SessionCache;
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
  const { db, clock, config, tokens, auth, users } = deps;

  /** Opens a session with its first refresh token and signs the access token for it. */
  async function issueSession(tx: DbOrTx, user: UserRow): Promise<AuthResult> {
    const now = clock.now();
    const expiresAt = new Date(now.getTime() + config.refreshTokenTtlDays * DAY_MS);
    const session = await auth.createSession(tx, {
      user_id: user.id,
      created_at: now,
      expires_at: expiresAt,
    });
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

  /**
   * Takes one attempt from the account's budget *before* the password is checked, atomically, so
   * parallel guesses cannot all read the same count; a successful sign-in gives the budget back.
   */
  async function takeLoginAttempt(userId: string): Promise<void> {
    const now = clock.now();
    const windowMs = config.loginFailureWindowSeconds * 1000;
    const attempts = await auth.recordLoginAttempt(db, {
      userId,
      now,
      windowStartsAfter: new Date(now.getTime() - windowMs),
    });
    if (attempts.failures > config.loginMaxFailuresPerAccount) {
      const reopensAt = attempts.window_started_at.getTime() + windowMs;
      throw new AppError('RATE_LIMITED', 'Too many failed sign-in attempts; try again later', {
        retryAfterSeconds: Math.max(1, Math.ceil((reopensAt - now.getTime()) / 1000)),
      });
    }
  }

  return {
    async signup(input: SignupInput): Promise<AuthResult> {
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
            return issueSession(tx, user);
          });
        } catch (error) {
          if (!isUniqueViolation(error, 'users_pseudonym_key') || attempt >= PSEUDONYM_ATTEMPTS) {
            throw toUserConflict(error);
          }
        }
      }
    },

    async login(input: LoginInput): Promise<AuthResult> {
      const user = await users.findByUsername(db, input.username);
      if (!user) {
        await verifyPassword(await decoyPasswordHash(), input.password);
        throw invalidCredentials();
      }
      await takeLoginAttempt(user.id);
      if (!(await verifyPassword(user.password_hash, input.password))) throw invalidCredentials();
      // Checked after the password so a stranger cannot probe which accounts are banned.
      if (user.is_banned) throw banned();
      const rehash = needsRehash(user.password_hash) ? await hashPassword(input.password) : undefined;
      return db.transaction().execute(async (tx) => {
        await auth.clearLoginFailures(tx, user.id);
        if (rehash) await users.update(tx, user.id, { password_hash: rehash }, clock.now());
        return issueSession(tx, user);
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
        await auth.touchSession(tx, { sessionId: found.session_id, now });
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
      if (actor.sessionId) {
        await auth.revokeSession(db, { sessionId: actor.sessionId, reason: 'logout', now: clock.now() });
        deps.sessionCache?.forgetSession(actor.sessionId);
      }
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
