import type { ResetConfirmInput, ResetRequestInput } from '@wbn/contracts/auth';
import type { Message } from '@wbn/contracts/common';
import { QUEUES } from '@wbn/contracts/queues';
import type { ActivityRecorder } from '../activity/activity.service.ts';
import type { Clock } from '../clock.ts';
import { hashPassword } from '../crypto/passwords.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import type { JobQueue } from '../queue/job-queue.ts';
import type { UsersRepository } from '../users/users.repository.ts';
import type { AuthRepository } from './auth.repository.ts';
import { assertStrongPassword } from './auth.service.ts';
import { ONE_TIME_CODE_TTL_MINUTES, type OneTimeCodes } from './one-time-code.ts';
import type { SessionCache } from './session-cache.ts';

interface Deps {
  db: Db;
  clock: Clock;
  queue: JobQueue;
  codes: OneTimeCodes;
  auth: AuthRepository;
  users: UsersRepository;
  activity?: ActivityRecorder;
  sessionCache?: SessionCache;
}

/** The same words whether or not the address belongs to anyone: the answer must not reveal accounts. */
export const RESET_REQUESTED_MESSAGE = 'If an account uses that email address, a reset code is on its way.';

const invalidCode = () =>
  new AppError('VALIDATION', 'That code is not valid; request a new one if it has expired', {
    reason: 'INVALID_RESET_CODE',
    issues: [{ path: 'code', message: 'invalid or expired' }],
  });

/** Only a confirmed address may receive a reset code: an unconfirmed one may be someone else's. */
const withConfirmedEmail = <U extends { email: string | null; email_verified_at: Date | null }>(
  user: U | undefined,
) => (user?.email && user.email_verified_at ? { ...user, email: user.email } : undefined);

export function createPasswordResetService(deps: Deps) {
  const { db, clock, queue, codes, auth, users } = deps;
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
     * The worker's half of a reset request: for a known, confirmed address under its hourly allowance,
     * voids any open code and stores a new one (as an HMAC only). Returns the code for the mail, or
     * undefined when nothing is to be sent. The user row is locked so concurrent requests cannot pass
     * the allowance.
     */
    async issueCode(
      email: string,
    ): Promise<{ to: string; code: string; expiresInMinutes: number } | undefined> {
      const user = withConfirmedEmail(await users.findByEmail(db, email));
      if (!user) return undefined;
      return db.transaction().execute(async (tx) => {
        await users.lockForUpdate(tx, user.id);
        const code = await codes.issue(tx, { userId: user.id, purpose: 'password-reset' });
        return code ? { to: user.email, code, expiresInMinutes: ONE_TIME_CODE_TTL_MINUTES } : undefined;
      });
    },

    async confirm(input: ResetConfirmInput): Promise<Message> {
      const user = withConfirmedEmail(await users.findByEmail(db, input.email));
      const open =
        user && (await codes.check(db, { userId: user.id, purpose: 'password-reset', code: input.code }));
      if (!user || !open) throw invalidCode();

      assertStrongPassword(input.new_password, 'new_password', user.username);
      const passwordHash = await hashPassword(input.new_password);
      const now = clock.now();
      await db.transaction().execute(async (tx) => {
        if (!(await codes.consume(tx, open.id))) throw invalidCode();
        await users.update(tx, user.id, { password_hash: passwordHash }, now);
        await auth.revokeAllSessionsForUser(tx, { userId: user.id, reason: 'password-reset', now });
        await auth.clearLoginFailures(tx, user.id);
        await deps.activity?.record(tx, { userId: user.id, kind: 'password-reset' });
      });
      deps.sessionCache?.forgetUser(user.id);
      return { message: 'Your password has been changed. Please sign in again.' };
    },
  };
}
export type PasswordResetService = ReturnType<typeof createPasswordResetService>;
