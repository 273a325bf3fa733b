import { createAuthRepository } from './auth/auth.repository.ts';
import { createAuthService } from './auth/auth.service.ts';
import { createPasswordResetRepository } from './auth/password-reset.repository.ts';
import { createPasswordResetService } from './auth/password-reset.service.ts';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import { createAccessTokenCodec } from './crypto/tokens.ts';
import type { Db } from './db/database.ts';
import type { Logger } from './logger.ts';
import { createDevicesRepository } from './notifications/devices.repository.ts';
import { createNotificationsRepository } from './notifications/notifications.repository.ts';
import { createNotificationsService } from './notifications/notifications.service.ts';
import type { JobQueue } from './queue/job-queue.ts';
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

  return {
    auth: createAuthService({
      db,
      clock,
      logger,
      config: config.auth,
      tokens,
      auth: authRepository,
      users: usersRepository,
    }),
    passwordReset: createPasswordResetService({
      db,
      clock,
      config: config.auth,
      queue,
      resets: createPasswordResetRepository(),
      auth: authRepository,
      users: usersRepository,
    }),
    users: createUsersService({ db, clock, users: usersRepository, devices: devicesRepository }),
    notifications: createNotificationsService({
      db,
      clock,
      logger,
      queue,
      config: config.notifications,
      notifications: createNotificationsRepository(),
      devices: devicesRepository,
    }),
  };
}
export type Core = ReturnType<typeof createCore>;
