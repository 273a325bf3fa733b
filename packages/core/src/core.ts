import { createActivityRepository } from './activity/activity.repository.ts';
import { createActivityService } from './activity/activity.service.ts';
import { createAppealsRepository } from './appeals/appeals.repository.ts';
import { createAppealsService } from './appeals/appeals.service.ts';
import { createAccountSecurityService } from './auth/account-security.service.ts';
import { createAuthRepository } from './auth/auth.repository.ts';
import { createAuthService } from './auth/auth.service.ts';
import { createEmailVerificationService } from './auth/email-verification.service.ts';
import { createLoginThrottle } from './auth/login-throttle.ts';
import { createOneTimeCodes } from './auth/one-time-code.ts';
import { createPasswordResetRepository } from './auth/password-reset.repository.ts';
import { createPasswordResetService } from './auth/password-reset.service.ts';
import { createSessionCache } from './auth/session-cache.ts';
import { createVersionedCache } from './cache/versioned-cache.ts';
import { createCbtRepository } from './cbt/cbt.repository.ts';
import { createCbtService } from './cbt/cbt.service.ts';
import { createCheckinsRepository } from './checkins/checkins.repository.ts';
import { createCheckinsService } from './checkins/checkins.service.ts';
import type { Clock } from './clock.ts';
import { createCommunityRepository } from './community/community.repository.ts';
import { createCommunityService } from './community/community.service.ts';
import type { Config } from './config.ts';
import { createConsentRepository } from './consent/consent.repository.ts';
import { createConsentService } from './consent/consent.service.ts';
import { createContentLoader } from './content/content.loader.ts';
import { createContentRepository } from './content/content.repository.ts';
import { createContentService } from './content/content.service.ts';
import { createSafetyContentSource } from './content/safety-content.ts';
import { createJournalCipher } from './crypto/journal-cipher.ts';
import { createJournalKeyring } from './crypto/journal-keyring.ts';
import { createAccessTokenCodec } from './crypto/tokens.ts';
import { createDataDeletionService } from './data-rights/data-deletion.service.ts';
import { createDataRightsRepository } from './data-rights/data-rights.repository.ts';
import { createExportService } from './data-rights/export.service.ts';
import { createExportsRepository } from './data-rights/exports.repository.ts';
import type { Db } from './db/database.ts';
import { createInteractionsRepository } from './interactions/interactions.repository.ts';
import { createInteractionsService } from './interactions/interactions.service.ts';
import { createJournalRepository } from './journal/journal.repository.ts';
import { createJournalService } from './journal/journal.service.ts';
import { createJournalInsightsService } from './journal/journal-insights.service.ts';
import { createJournalKeysService } from './journal/journal-keys.service.ts';
import type { Logger } from './logger.ts';
import { createModerationRepository } from './moderation/moderation.repository.ts';
import { createModerationService } from './moderation/moderation.service.ts';
import { createModerationReviewRepository } from './moderation/moderation-review.repository.ts';
import { createModerationReviewService } from './moderation/moderation-review.service.ts';
import { createWatchedWords } from './moderation/watched-words.ts';
import { createDevicesRepository } from './notifications/devices.repository.ts';
import { createNotificationsRepository } from './notifications/notifications.repository.ts';
import { createNotificationsService } from './notifications/notifications.service.ts';
import { createOperatorRepository } from './operator/operator.repository.ts';
import { createOperatorService } from './operator/operator.service.ts';
import { createProgressRepository } from './progress/progress.repository.ts';
import { createProgressService } from './progress/progress.service.ts';
import type { JobQueue } from './queue/job-queue.ts';
import { createCrisisDetector } from './safety/crisis-detector.ts';
import { englishLexicon } from './safety/crisis-lexicon.en.ts';
import { createSupportService } from './safety/support.service.ts';
import { createMediaStorage } from './storage/media-storage.ts';
import { createUsersRepository } from './users/users.repository.ts';
import { createUsersService } from './users/users.service.ts';

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
  const devicesRepository = createDevicesRepository();
  const tokens = createAccessTokenCodec({
    secret: config.auth.jwtSecret,
    issuer: config.auth.issuer,
    audience: config.auth.audience,
    ttlSeconds: config.auth.accessTokenTtlSeconds,
  });
  const moderationRepository = createModerationRepository();
  const contentRepository = createContentRepository();
  const mediaStorage = createMediaStorage(config.media);
  const contentCache = createVersionedCache({
    namespace: 'content',
    redisUrl: config.redisUrl,
    ttlSeconds: config.content.cacheTtlSeconds,
    logger,
  });
  const categoriesCache = createVersionedCache({
    namespace: 'community-categories',
    redisUrl: config.redisUrl,
    ttlSeconds: config.community.categoryCacheSeconds,
    logger,
  });
  // Tracking, journal and progress (issue 3).
  const checkinsRepository = createCheckinsRepository();
  const journalRepository = createJournalRepository();
  const progressRepository = createProgressRepository();
  const journalKeyring = createJournalKeyring(config.journalKeys, () => clock.now());
  const journalCipher = createJournalCipher(journalKeyring);
  const sessionCache = createSessionCache({ ttlMs: config.sessionCacheTtlMs });
  // Consent policy texts and help lines: read from the content pack folder on first use.
  const safetyContent = createSafetyContentSource(config.content.dir);
  const consent = createConsentService({
    db,
    clock,
    consents: createConsentRepository(),
    users: usersRepository,
    content: safetyContent,
  });
  const support = createSupportService({
    db,
    content: safetyContent,
    detector: createCrisisDetector([englishLexicon]),
    users: usersRepository,
  });
  const journal = createJournalService({
    db,
    clock,
    logger,
    cipher: journalCipher,
    journal: journalRepository,
    support,
  });
  // Accounts and data rights (activity log, sessions, verification, export, erasure).
  const activity = createActivityService({ db, clock, activity: createActivityRepository() });
  const moderation = createModerationService({
    db,
    clock,
    config: config.community,
    moderation: moderationRepository,
    activity,
  });
  const throttle = createLoginThrottle({ db, clock, config: config.auth, auth: authRepository, activity });
  const oneTimeCodes = createOneTimeCodes({
    clock,
    config: config.auth,
    codes: createPasswordResetRepository(),
  });
  const emailVerification = createEmailVerificationService({
    db,
    clock,
    queue,
    codes: oneTimeCodes,
    users: usersRepository,
    activity,
  });
  const users = createUsersService({
    db,
    clock,
    users: usersRepository,
    devices: devicesRepository,
    consent,
    sessionCache,
    activity,
    emailVerification,
  });
  const dataRights = createDataRightsRepository();
  const exportService = createExportService({
    db,
    clock,
    logger,
    queue,
    storage: mediaStorage,
    cipher: journalCipher,
    journal,
    exports: createExportsRepository(),
    data: dataRights,
    users: usersRepository,
    activity,
  });

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
      throttle,
      queue,
      activity,
      emailVerification,
    }),
    passwordReset: createPasswordResetService({
      db,
      clock,
      queue,
      codes: oneTimeCodes,
      auth: authRepository,
      users: usersRepository,
      activity,
      sessionCache,
    }),
    accountSecurity: createAccountSecurityService({
      db,
      clock,
      auth: authRepository,
      users: usersRepository,
      throttle,
      activity,
      sessionCache,
    }),
    emailVerification,
    activity,
    exports: exportService,
    dataDeletion: createDataDeletionService({
      db,
      clock,
      queue,
      data: dataRights,
      users: usersRepository,
      activity,
      exports: exportService,
      sessionCache,
    }),
    users,
    notifications: createNotificationsService({
      db,
      clock,
      logger,
      queue,
      config: config.notifications,
      notifications: createNotificationsRepository(),
      devices: devicesRepository,
      consent,
    }),
    checkins: createCheckinsService({ db, clock, checkins: checkinsRepository }),
    cbt: createCbtService({ db, clock, cbt: createCbtRepository(), support }),
    interactions: createInteractionsService({
      db,
      clock,
      interactions: createInteractionsRepository(),
      support,
    }),
    support,
    journal,
    consent,
    journalInsights: createJournalInsightsService({
      db,
      clock,
      journal,
      users: usersRepository,
      progress: progressRepository,
      consent,
    }),
    journalKeys: createJournalKeysService({
      db,
      clock,
      keyring: journalKeyring,
      cipher: journalCipher,
      journal: journalRepository,
    }),
    progress: createProgressService({
      db,
      clock,
      progress: progressRepository,
      checkins: checkinsRepository,
    }),
    community: createCommunityService({
      db,
      clock,
      community: createCommunityRepository(),
      moderation: moderationRepository,
      watchedWords: createWatchedWords(config.community.watchedWords),
      categoriesCache,
      consent,
      support,
    }),
    operator: createOperatorService({
      db,
      operators: createOperatorRepository(),
      contents: contentRepository,
      users,
    }),
    moderation,
    moderationReview: createModerationReviewService({
      db,
      review: createModerationReviewRepository(),
      moderation,
    }),
    appeals: createAppealsService({
      db,
      clock,
      appeals: createAppealsRepository(),
      moderation: moderationRepository,
      activity,
    }),
    content: createContentService({
      db,
      contents: contentRepository,
      storage: mediaStorage,
      cache: contentCache,
      publicUrl: config.publicUrl,
      cdnBaseUrl: config.media.cdnBaseUrl,
    }),
    contentLoader: createContentLoader({
      db,
      clock,
      logger,
      storage: mediaStorage,
      cache: contentCache,
      contents: contentRepository,
    }),

    /** Fed by runtime.ts from the auth-change notifications (see auth/session-cache.ts). */
    sessionCache,

    /** Releases what the services hold beyond the pool: cache connections and the storage client. */
    async close(): Promise<void> {
      await Promise.all([contentCache.close(), categoriesCache.close()]);
      mediaStorage.close();
    },
  };
}
export type Core = ReturnType<typeof createCore>;
