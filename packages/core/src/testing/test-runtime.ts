import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { ManualClock } from '../clock.ts';
import { type Config, loadConfig } from '../config.ts';
import { type Core, createCore } from '../core.ts';
import { createDatabase, type Db } from '../db/database.ts';
import { createLogger, type Logger } from '../logger.ts';
import { createJobQueue, createPgBoss } from '../queue/job-queue.ts';
import { adminQuery, withDatabase } from './global-setup.ts';

export interface TestRuntime {
  config: Config;
  logger: Logger;
  clock: ManualClock;
  db: Db;
  boss: ReturnType<typeof createPgBoss>;
  core: Core;
  databaseUrl: string;
  close(): Promise<void>;
}

export const TEST_SECRETS = {
  JWT_SECRET: 'test-jwt-secret-that-is-long-enough-0123456789',
  RESET_CODE_SECRET: 'test-reset-secret-that-is-long-enough-0123456789',
};

/**
 * A private database cloned from the migrated template, with a real pg-boss and a manual clock:
 * everything production has, isolated per test file.
 */
export async function createTestRuntime(
  options: { env?: Record<string, string>; clockStart?: string } = {},
): Promise<TestRuntime> {
  const serverUrl = inject('adminDatabaseUrl');
  const name = `wbn_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(serverUrl, `CREATE DATABASE ${name} TEMPLATE ${inject('templateDatabase')}`);
  const databaseUrl = withDatabase(serverUrl, name);

  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATABASE_URL: databaseUrl,
    RATE_LIMIT: 'off',
    ...TEST_SECRETS,
    ...options.env,
  });
  const logger = createLogger({ level: config.logLevel });
  const clock = new ManualClock(options.clockStart ?? new Date().toISOString());
  const { db } = createDatabase({ url: databaseUrl, poolMax: 5 });
  const boss = createPgBoss({ connectionString: databaseUrl, max: 2 });
  await boss.start();
  const core = createCore({ db, config, clock, logger, queue: createJobQueue(boss) });

  return {
    config,
    logger,
    clock,
    db,
    boss,
    core,
    databaseUrl,
    async close() {
      await boss.stop({ graceful: false });
      await core.content.close();
      await db.destroy();
      await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
