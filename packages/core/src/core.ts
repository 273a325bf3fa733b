import { createAuthRepository } from './auth/auth.repository.ts';
import { createAuthService } from './auth/auth.service.ts';
import { createSessionCache } from './auth/session-cache.ts';
import { createPasswordResetRepository } from './auth/password-reset.repository.ts';
import { createPasswordResetService } from './auth/password-reset.service.ts';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import { createAccessTokenCodec } from './crypto/tokens.ts';
import type { Db } from './db/database.ts';
import type { Logger } from './logger.ts';
import type { JobQueue } from './queue/job-queue.ts';
import { createUsersRepository } from './users/users.repository.ts';
import { createUsersService } from './users/users.service.ts';
import { createCbtRepository } from './cbt/cbt.repository.ts';
import { createCbtService } from './cbt/cbt.service.ts';
import { createCheckinsRepository } from './checkins/checkins.repository.ts';
import { createCheckinsService } from './checkins/checkins.service.ts';
import { createJournalCipher } from './crypto/journal-cipher.ts';
import { createJournalKeyring } from './crypto/journal-keyring.ts';
import { createInteractionsRepository } from './interactions/interactions.repository.ts';
import { createInteractionsService } from './interactions/interactions.service.ts';
import { createJournalInsightsService } from './journal/journal-insights.service.ts';
import { createJournalKeysService } from './journal/journal-keys.service.ts';
import { createJournalRepository } from './journal/journal.repository.ts';
import { createJournalService } from './journal/journal.service.ts';
import { createProgressRepository } from './progress/progress.repository.ts';
import { createProgressService } from './progress/progress.service.ts';

export interface CoreDeps {
  db: Db;
  config: Config;
  clock: Clock;
  logger: Logger;
  queue: JobQueue;
}

/**
 * Builds every domain service once, handing each only what it uses. The API, the worker, the admin
 * CLI and the tests all get their services from here.
 */
export function createCore({ db, config, clock, logger, queue }: CoreDeps) {
  const usersRepository = createUsersRepository();
  const authRepository = createAuthRepository();
  const tokens = createAccessTokenCodec({
    secret: config.auth.jwtSecret,
    issuer: config.auth.issuer,
    audience: config.auth.audience,
    ttlSeconds: config.auth.accessTokenTtlSeconds,
  });
  // Tracking, journal and progress (issue 3).
  const checkinsRepository = createCheckinsRepository();
  const journalRepository = createJournalRepository();
  const progressRepository = createProgressRepository();
  const journalKeyring = createJournalKeyring(config.journalKeys, () => clock.now());
  const journalCipher = createJournalCipher(journalKeyring);
  const sessionCache = createSessionCache({ ttlMs: config.sessionCacheTtlMs });
  const journal = createJournalService({ db, clock, logger, cipher: journalCipher, journal: journalRepository });

  return {
    auth: createAuthService({
      db,
      clock,
      logger,
      config: config.auth,
      tokens,
      auth: authRepository,
      users: usersRepository,
      sessionCache,
    }),
    passwordReset: createPasswordResetService({
      db,
      clock,
      config: config.auth,
      queue,
      resets: createPasswordResetRepository(),
      auth: authRepository,
      users: usersRepository,
      sessionCache,
    }),
    users: createUsersService({ db, clock, users: usersRepository, sessionCache }),
    checkins: createCheckinsService({ db, clock, checkins: checkinsRepository }),
    cbt: createCbtService({ db, clock, cbt: createCbtRepository() }),
    interactions: createInteractionsService({ db, clock, interactions: createInteractionsRepository() }),
    journal,
    journalInsights: createJournalInsightsService({
      db,
      clock,
      journal,
      users: usersRepository,
      progress: progressRepository,
    }),
    journalKeys: createJournalKeysService({
      db,
      clock,
      keyring: journalKeyring,
      cipher: journalCipher,
      journal: journalRepository,
    }),
    progress: createProgressService({ db, clock, progress: progressRepository, checkins: checkinsRepository }),
  };
}
export type Core = ReturnType<typeof createCore>;
