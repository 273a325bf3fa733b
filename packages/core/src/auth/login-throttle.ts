import type { ActivityRecorder } from '../activity/activity.service.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import type { AuthRepository } from './auth.repository.ts';

/**
 * The per-account password-guess budget, shared by sign-in and password change: an attempt is taken
 * *before* the password is checked, atomically, so parallel guesses cannot all read the same count; a
 * successful check gives the budget back (`clear`). The first refusal of a window is recorded in the
 * person's activity log as a burst of failed sign-ins.
 */
export function createLoginThrottle(deps: {
  db: Db;
  clock: Clock;
  config: Config['auth'];
  auth: AuthRepository;
  activity?: ActivityRecorder | undefined;
}) {
  const { db, clock, config, auth } = deps;
  return {
    async take(userId: string): Promise<void> {
      const now = clock.now();
      const windowMs = config.loginFailureWindowSeconds * 1000;
      const attempts = await auth.recordLoginAttempt(db, {
        userId,
        now,
        windowStartsAfter: new Date(now.getTime() - windowMs),
      });
      if (attempts.failures <= config.loginMaxFailuresPerAccount) return;
      if (attempts.failures === config.loginMaxFailuresPerAccount + 1) {
        await deps.activity?.record(db, {
          userId,
          kind: 'sign-in-failures',
          actor: 'system',
          details: { failures: config.loginMaxFailuresPerAccount },
        });
      }
      const reopensAt = attempts.window_started_at.getTime() + windowMs;
      throw new AppError('RATE_LIMITED', 'Too many failed sign-in attempts; try again later', {
        retryAfterSeconds: Math.max(1, Math.ceil((reopensAt - now.getTime()) / 1000)),
      });
    },
  };
}
export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
