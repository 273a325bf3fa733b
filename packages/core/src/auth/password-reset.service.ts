import type { ResetConfirmInput, ResetRequestInput } from '@wbn/contracts/auth';
import type { Message } from '@wbn/contracts/common';
import { QUEUES } from '@wbn/contracts/queues';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import { hashPassword } from '../crypto/passwords.ts';
import { constantTimeEqual, generateResetCode, hmacResetCode } from '../crypto/tokens.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import type { JobQueue } from '../queue/job-queue.ts';
import type { UsersRepository } from '../users/users.repository.ts';
import type { AuthRepository } from './auth.repository.ts';
import { assertStrongPassword } from './auth.service.ts';
import type { PasswordResetRepository } from './password-reset.repository.ts';
import type { SessionCache } from './session-cache.ts';

interface Deps {
  db: Db;
  clock: Clock;
  config: Config['auth'];
  queue: JobQueue;
  resets: PasswordResetRepository;
  auth: AuthRepository;
  users: UsersRepository;
  sessionCache?: SessionCache;
}

export const RESET_CODE_TTL_MINUTES = 15;
export const RESET_CODE_MAX_ATTEMPTS = 5;
const HOUR_MS = 3_600_000;

/** The same words whether or not the address belongs to anyone: the answer must not reveal accounts. */
export const RESET_REQUESTED_MESSAGE = 'If an account uses that email address, a reset code is on its way.';

const invalidCode = () =>
  new AppError('VALIDATION', 'That code is not valid; request a new one if it has expired', {
    reason: 'INVALID_RESET_CODE',
    issues: [{ path: 'code', message: 'invalid or expired' }],
  });

export function createPasswordResetService(deps: Deps) {
  const { db, clock, config, queue, resets, auth, users } = deps;
  return {
    /**
     * Answers at once and identically for every address: the lookup, the code and the mail happen in
     * the worker (see issueCode), so neither the answer nor its timing says whether an account exists.
     */
    async request(input: ResetRequestInput): Promise<Message> {
      await queue.send(QUEUES.passwordReset, { email: input.email });
      return { message: RESET_REQUESTED_MESSAGE };
    },

    /**
     * The worker's half of a reset request: for a known address under its hourly allowance, voids any
     * open code and stores a new one (as an HMAC only). Returns the code for the mail, or undefined when
     * nothing is to be sent. The user row is locked so concurrent requests cannot pass the allowance.
     */
    async issueCode(
      email: string,
    ): Promise<{ to: string; code: string; expiresInMinutes: number } | undefined> {
      const user = await users.findByEmail(db, email);
      if (!user?.email) return undefined;
      const to = user.email;
      return db.transaction().execute(async (tx) => {
        await users.lockForUpdate(tx, user.id);
        const now = clock.now();
        const recent = await resets.countRequestedSince(tx, {
          userId: user.id,
          since: new Date(now.getTime() - HOUR_MS),
        });
        if (recent.count >= config.resetRequestsPerHour) return undefined;
        const code = generateResetCode();
        await resets.voidOpenCodes(tx, { userId: user.id, now });
        await resets.insert(tx, {
          user_id: user.id,
          code_hmac: hmacResetCode(config.resetCodeSecret, user.id, code),
          created_at: now,
          expires_at: new Date(now.getTime() + RESET_CODE_TTL_MINUTES * 60_000),
        });
        return { to, code, expiresInMinutes: RESET_CODE_TTL_MINUTES };
      });
    },

    async confirm(input: ResetConfirmInput): Promise<Message> {
      const now = clock.now();
      const user = await users.findByEmail(db, input.email);
      const open = user && (await resets.findOpenCode(db, { userId: user.id, now }));
      if (!user || !open) throw invalidCode();
      // The same answer as a wrong code: telling them apart would confirm an account with a live code.
      if (open.attempts >= RESET_CODE_MAX_ATTEMPTS) throw invalidCode();
      const attempts = await resets.recordAttempt(db, open.id);
      const matches = constantTimeEqual(
        open.code_hmac,
        hmacResetCode(config.resetCodeSecret, user.id, input.code),
      );
      if (!matches || attempts > RESET_CODE_MAX_ATTEMPTS) throw invalidCode();

      assertStrongPassword(input.new_password, 'new_password', user.username);
      const passwordHash = await hashPassword(input.new_password);
      await db.transaction().execute(async (tx) => {
        const consumed = await resets.markConsumed(tx, { id: open.id, now });
        if (consumed.numUpdatedRows === 0n) throw invalidCode();
        await users.update(tx, user.id, { password_hash: passwordHash }, now);
        await auth.revokeAllSessionsForUser(tx, { userId: user.id, reason: 'password-reset', now });
        await auth.clearLoginFailures(tx, user.id);
      });
      deps.sessionCache?.forgetUser(user.id);
      return { message: 'Your password has been changed. Please sign in again.' };
    },
  };
}
export type PasswordResetService = ReturnType<typeof createPasswordResetService>;
