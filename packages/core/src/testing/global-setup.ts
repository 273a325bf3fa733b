import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createDatabase } from '../db/database.ts';
import { startEmbeddedPostgres } from '../db/embedded-postgres.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { createLogger } from '../logger.ts';
import { createPgBoss } from '../queue/job-queue.ts';
import { freePort } from './free-port.ts';

declare module 'vitest' {
  interface ProvidedContext {
    /** A server URL (any database) with rights to CREATE DATABASE. */
    adminDatabaseUrl: string;
    /** A migrated database (schema + pg-boss) each test file clones in milliseconds. */
    templateDatabase: string;
    /** This run's scratch directory (outside the checkout); every DATA_DIR of the run lives under it. */
    runDir: string;
  }
}

const DEFAULT_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * Once per test run: a scratch directory, a PostgreSQL (TEST_DATABASE_URL, else the local server,
 * else an embedded one in the scratch directory), and a template database every test file clones.
 * Anything missing fails the run with one line saying what and how to provide it.
 */
export default async function setup(project: TestProject) {
  const runDir = await mkdtemp(path.join(tmpdir(), 'wbn-test-')).catch((error: Error) =>
    exitWith(`no scratch directory in ${tmpdir()} (${error.message}); set TMPDIR to a writable directory`),
  );
  // An embedded server started by root runs as the `postgres` user, which must pass through here.
  await chmod(runDir, 0o711);
  // A run cut short (turbo stops the other packages when one fails) skips the teardown below.
  process.once('exit', () => rmSync(runDir, { recursive: true, force: true }));
  // Anything that still falls back to the environment's DATA_DIR (a spawned process) stays out of the checkout.
  process.env.DATA_DIR = path.join(runDir, 'data');
  const server = await findServer(runDir).catch(async (error: Error) => {
    await rm(runDir, { recursive: true, force: true });
    return exitWith(error.message);
  });
  const template = await buildTemplate(server.url).catch(async (error: Error) => {
    await server.stop();
    await rm(runDir, { recursive: true, force: true });
    return exitWith(
      `the template database could not be built (${error.message}); the tests' server must let them create databases`,
    );
  });

  project.provide('adminDatabaseUrl', server.url);
  project.provide('templateDatabase', template);
  project.provide('runDir', runDir);
  return async () => {
    try {
      await adminQuery(server.url, `DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
    } finally {
      await server.stop();
      await rm(runDir, { recursive: true, force: true });
    }
  };
}

/** A migrated database with pg-boss's schema installed, so each test file's clone starts instantly. */
async function buildTemplate(serverUrl: string): Promise<string> {
  const template = `wbn_template_${randomBytes(6).toString('hex')}`;
  await adminQuery(serverUrl, `CREATE DATABASE ${template}`);
  const templateUrl = withDatabase(serverUrl, template);
  const { db } = createDatabase({ url: templateUrl, poolMax: 2 });
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
  const boss = createPgBoss({ connectionString: templateUrl, max: 2 });
  await boss.start();
  await boss.stop({ graceful: false });
  return template;
}

async function findServer(runDir: string): Promise<{ url: string; stop(): Promise<void> }> {
  const given = process.env.TEST_DATABASE_URL;
  if (given) {
    const problem = await unreachable(given);
    if (problem)
      throw new Error(`TEST_DATABASE_URL is set but cannot be reached (${problem}): fix it or unset it`);
    return { url: given, stop: async () => {} };
  }
  const localProblem = await unreachable(DEFAULT_SERVER_URL);
  if (!localProblem) return { url: DEFAULT_SERVER_URL, stop: async () => {} };
  try {
    return await startEmbeddedPostgres({
      dataDir: path.join(runDir, 'postgres'),
      logger: createLogger({ level: 'warn' }),
      port: await freePort(),
    });
  } catch (error) {
    throw new Error(
      `no PostgreSQL at ${DEFAULT_SERVER_URL} (${localProblem}) and ${(error as Error).message}; ` +
        'set TEST_DATABASE_URL to a server where the tests may create databases',
    );
  }
}

/**
 * Ends the run on one line saying what is missing and how to provide it. Thrown instead, the error
 * would be buried under a stack and vitest's "No test files found".
 */
function exitWith(reason: string): never {
  process.stderr.write(`Tests cannot run: ${reason}\n`);
  process.exit(1);
}

async function unreachable(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return undefined;
  } catch (error) {
    return (error as Error).message || (error as NodeJS.ErrnoException).code || 'unreachable';
  } finally {
    await client.end().catch(() => {});
  }
}

export async function adminQuery(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

export function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
