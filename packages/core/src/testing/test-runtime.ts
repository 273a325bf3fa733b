import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { inject } from 'vitest';
import { ManualClock } from '../clock.ts';
import { loadConfig } from '../config.ts';
import { createLogger } from '../logger.ts';
import { connectRuntime, type Runtime } from '../runtime.ts';
import { adminQuery, withDatabase } from './global-setup.ts';

export interface TestRuntime extends Runtime {
  clock: ManualClock;
}

export const TEST_SECRETS = {
  JWT_SECRET: 'test-jwt-secret-that-is-long-enough-0123456789',
  RESET_CODE_SECRET: 'test-reset-secret-that-is-long-enough-0123456789',
};

/** A fresh data directory inside this run's scratch directory, never in the checkout. */
export function testDataDir(): Promise<string> {
  return mkdtemp(path.join(inject('runDir'), 'data-'));
}

/**
 * A private database cloned from the migrated template and a private data directory, with a real
 * pg-boss and a manual clock: everything production has, isolated per test file.
 */
export async function createTestRuntime(
  options: { env?: Record<string, string>; clockStart?: string } = {},
): Promise<TestRuntime> {
  const serverUrl = inject('adminDatabaseUrl');
  const name = `wbn_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(serverUrl, `CREATE DATABASE ${name} TEMPLATE ${inject('templateDatabase')}`);
  const databaseUrl = withDatabase(serverUrl, name);
  const dataDir = await testDataDir();

  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATABASE_URL: databaseUrl,
    RATE_LIMIT: 'off',
    MIGRATE_ON_START: 'false',
    DATABASE_POOL_MAX: '5',
    DATA_DIR: dataDir,
    ...TEST_SECRETS,
    ...options.env,
  });
  const clock = new ManualClock(options.clockStart ?? new Date().toISOString());
  const runtime = await connectRuntime({
    config,
    logger: createLogger({ level: config.logLevel }),
    clock,
    databaseUrl,
    bossMax: 2,
    afterClose: async () => {
      await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await rm(dataDir, { recursive: true, force: true });
    },
  });
  return { ...runtime, clock };
}
