import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import { constantTimeEqual, generateResetCode, hmacResetCode } from '../crypto/tokens.ts';
import type { DbOrTx } from '../db/database.ts';
import type { OneTimeCodePurpose } from '../db/schema.ts';
import type { PasswordResetRepository } from './password-reset.repository.ts';

export const ONE_TIME_CODE_TTL_MINUTES = 15;
export const ONE_TIME_CODE_MAX_ATTEMPTS = 5;
const HOUR_MS = 3_600_000;

/**
 * The rules every emailed one-time code follows (password reset, email verification): 8 digits from a
 * CSPRNG, stored only as an HMAC bound to the user, valid 15 minutes, 5 attempts, a new code voids the
 * open ones, at most `resetRequestsPerHour` codes per hour and purpose. Callers lock the user row
 * around `issue` so concurrent requests cannot pass the allowance.
 */
export function createOneTimeCodes(deps: {
  clock: Clock;
  config: Config['auth'];
  codes: PasswordResetRepository;
}) {
  const { clock, config, codes } = deps;
  return {
    /** A fresh code (to mail, never to store), or undefined when the hourly allowance is spent. */
    async issue(
      tx: DbOrTx,
      options: { userId: string; purpose: OneTimeCodePurpose; email?: string },
    ): Promise<string | undefined> {
      const now = clock.now();
      const { userId, purpose } = options;
      const recent = await codes.countRequestedSince(tx, {
        userId,
        purpose,
        since: new Date(now.getTime() - HOUR_MS),
      });
      if (recent.count >= config.resetRequestsPerHour) return undefined;
      const code = generateResetCode();
      await codes.voidOpenCodes(tx, { userId, purpose, now });
      await codes.insert(tx, {
        user_id: userId,
        purpose,
        email: options.email ?? null,
        code_hmac: hmacResetCode(config.resetCodeSecret, userId, code),
        created_at: now,
        expires_at: new Date(now.getTime() + ONE_TIME_CODE_TTL_MINUTES * 60_000),
      });
      return code;
    },

    /**
     * Counts one attempt against the open code and tells whether `code` matches it. Returns the open
     * code (to consume in the caller's transaction) or undefined: no code, expired, too many
     * attempts and a wrong code look the same, so the answer cannot confirm that a live code exists.
     */
    async check(
      db: DbOrTx,
      options: { userId: string; purpose: OneTimeCodePurpose; code: string },
    ): Promise<{ id: string; email: string | null } | undefined> {
      const open = await codes.findOpenCode(db, { ...options, now: clock.now() });
      if (!open || open.attempts >= ONE_TIME_CODE_MAX_ATTEMPTS) return undefined;
      const attempts = await codes.recordAttempt(db, open.id);
      const matches = constantTimeEqual(
        open.code_hmac,
        hmacResetCode(config.resetCodeSecret, options.userId, options.code),
      );
      return matches && attempts <= ONE_TIME_CODE_MAX_ATTEMPTS
        ? { id: open.id, email: open.email }
        : undefined;
    },

    /** Marks the code used; false when a concurrent request consumed it first. */
    async consume(tx: DbOrTx, id: string): Promise<boolean> {
      const result = await codes.markConsumed(tx, { id, now: clock.now() });
      return result.numUpdatedRows > 0n;
    },
  };
}
export type OneTimeCodes = ReturnType<typeof createOneTimeCodes>;
