import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createDatabase } from '../db/database.ts';
import { startEmbeddedPostgres } from '../db/embedded-postgres.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { createLogger } from '../logger.ts';
import { createPgBoss } from '../queue/job-queue.ts';

declare module 'vitest' {
  interface ProvidedContext {
    /** A server URL (any database) with rights to CREATE DATABASE. */
    adminDatabaseUrl: string;
    /** A migrated database (schema + pg-boss) each test file clones in milliseconds. */
    templateDatabase: string;
  }
}

const DEFAULT_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * Once per test run: find a PostgreSQL (TEST_DATABASE_URL, else the local server, else an embedded
 * one), and build a template database that every test file clones into its own database.
 */
export default async function setup(project: TestProject) {
  const localServer = await reachable(process.env.TEST_DATABASE_URL ?? DEFAULT_SERVER_URL);
  const serverUrl =
    localServer ??
    (
      await startEmbeddedPostgres({
        dataDir: await mkdtemp(path.join(tmpdir(), 'wbn-test-pg-')),
        logger: createLogger({ level: 'warn' }),
        port: 54330 + Math.floor(Math.random() * 500),
      })
    ).url;

  const template = `wbn_template_${randomBytes(6).toString('hex')}`;
  await adminQuery(serverUrl, `CREATE DATABASE ${template}`);
  const templateUrl = withDatabase(serverUrl, template);
  const { db } = createDatabase({ url: templateUrl, poolMax: 2 });
  await migrateToLatest(db);
  await db.destroy();
  // Install pg-boss's schema into the template too, so each test file's boss starts instantly.
  const boss = createPgBoss({ connectionString: templateUrl, max: 2 });
  await boss.start();
  await boss.stop({ graceful: false });

  project.provide('adminDatabaseUrl', serverUrl);
  project.provide('templateDatabase', template);
  return async () => {
    await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
  };
}

async function reachable(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return url;
  } catch {
    return undefined;
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
