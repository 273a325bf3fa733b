import type { EmailStatus, EmailVerificationConfirmInput } from '@wbn/contracts/account';
import type { Message } from '@wbn/contracts/common';
import { QUEUES } from '@wbn/contracts/queues';
import type { ActivityRecorder } from '../activity/activity.service.ts';
import type { Clock } from '../clock.ts';
import type { Db, DbOrTx } from '../db/database.ts';
import { AppError, notFound } from '../errors.ts';
import type { JobQueue } from '../queue/job-queue.ts';
import type { UsersRepository } from '../users/users.repository.ts';
import { type Actor, assertNotBanned } from './actor.ts';
import { ONE_TIME_CODE_TTL_MINUTES, type OneTimeCodes } from './one-time-code.ts';

interface Deps {
  db: Db;
  clock: Clock;
  queue: JobQueue;
  codes: OneTimeCodes;
  users: UsersRepository;
  activity: ActivityRecorder;
}

const invalidCode = () =>
  new AppError('VALIDATION', 'That code is not valid; request a new one if it has expired', {
    reason: 'INVALID_VERIFICATION_CODE',
    issues: [{ path: 'code', message: 'invalid or expired' }],
  });

const sameAddress = (a: string | null, b: string | null) =>
  a !== null && b !== null && a.toLowerCase() === b.toLowerCase();

/**
 * A new or changed address receives nothing but its confirmation code until it is confirmed: no reset
 * codes, no sign-in alerts, no deletion receipts. The code follows the reset-code rules
 * (auth/one-time-code.ts) and is bound to the address it was sent to, so changing the address again
 * voids it.
 */
export function createEmailVerificationService(deps: Deps) {
  const { db, clock, queue, codes, users, activity } = deps;
  return {
    /** Queues the code mail (inside the caller's transaction when given); the worker issues the code. */
    async enqueue(userId: string, tx?: DbOrTx): Promise<void> {
      await queue.send(QUEUES.accountMail, { kind: 'email-verification', user_id: userId }, tx ? { tx } : {});
    },

    async status(actor: Actor): Promise<EmailStatus> {
      assertNotBanned(actor);
      const user = await users.findById(db, actor.id);
      if (!user) throw notFound('User');
      return { email: user.email, verified: user.email !== null && user.email_verified_at !== null };
    },

    async resend(actor: Actor): Promise<Message> {
      assertNotBanned(actor);
      const user = await users.findById(db, actor.id);
      if (!user?.email || user.email_verified_at) {
        throw new AppError('CONFLICT', 'There is no unconfirmed email address on this account');
      }
      await this.enqueue(user.id);
      return { message: 'A confirmation code is on its way.' };
    },

    /** The worker's half: a code for the current unconfirmed address, or undefined (nothing to send). */
    async issueCode(
      userId: string,
    ): Promise<{ to: string; code: string; expiresInMinutes: number } | undefined> {
      return db.transaction().execute(async (tx) => {
        await users.lockForUpdate(tx, userId);
        const user = await users.findById(tx, userId);
        if (!user?.email || user.email_verified_at) return undefined;
        const code = await codes.issue(tx, { userId, purpose: 'email-verification', email: user.email });
        return code ? { to: user.email, code, expiresInMinutes: ONE_TIME_CODE_TTL_MINUTES } : undefined;
      });
    },

    async confirm(actor: Actor, input: EmailVerificationConfirmInput): Promise<EmailStatus> {
      assertNotBanned(actor);
      const user = await users.findById(db, actor.id);
      if (!user?.email || !sameAddress(user.email, input.email)) throw invalidCode();
      const open = await codes.check(db, {
        userId: user.id,
        purpose: 'email-verification',
        code: input.code,
      });
      if (!open) throw invalidCode();
      const now = clock.now();
      await db.transaction().execute(async (tx) => {
        if (!(await codes.consume(tx, open.id))) throw invalidCode();
        await users.lockForUpdate(tx, user.id);
        const current = await users.findById(tx, user.id);
        // A code confirms only the address it was sent to, checked under the lock (the address may
        // have changed since the code was sent, or while it was being checked).
        if (!sameAddress(current?.email ?? null, open.email)) throw invalidCode();
        await users.update(tx, user.id, { email_verified_at: now }, now);
        await activity.record(tx, {
          userId: user.id,
          kind: 'email-verified',
          sessionId: actor.sessionId ?? null,
        });
      });
      return { email: user.email, verified: true };
    },
  };
}
export type EmailVerificationService = ReturnType<typeof createEmailVerificationService>;
