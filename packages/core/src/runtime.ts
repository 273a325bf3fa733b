import type pg from 'pg';
import type { PgBoss } from 'pg-boss';
import { type Clock, systemClock } from './clock.ts';
import type { Config } from './config.ts';
import { type Core, createCore } from './core.ts';
import { listenForChanges } from './db/change-listener.ts';
import { createDatabase, type Db } from './db/database.ts';
import { startEmbeddedPostgres } from './db/embedded-postgres.ts';
import { migrateToLatest } from './db/migrate.ts';
import type { Logger } from './logger.ts';
import {
  createMetrics,
  type Metrics,
  observePool,
  observeQueues,
  observeSessionCache,
} from './metrics/metrics.ts';
import { createJobQueue, createPgBoss } from './queue/job-queue.ts';
import { ensureQueues } from './queue/queue-policies.ts';
import { startTracing, type Tracing } from './tracing/tracing.ts';

/** Everything a process (API, worker, CLI) shares: one pool, one pg-boss, one core. */
export interface Runtime {
  config: Config;
  logger: Logger;
  clock: Clock;
  db: Db;
  /** The pool under `db`, for its gauges (total, idle, waiting). */
  pool: pg.Pool;
  boss: PgBoss;
  core: Core;
  /** This process's Prometheus registry (see metrics/metrics.ts); the API and worker add to it. */
  metrics: Metrics;
  /** Spans to the OTLP collector when one is configured; else calls straight through. */
  tracing: Tracing;
  databaseUrl: string;
  close(): Promise<void>;
}

/**
 * Connects to DATABASE_URL, or starts an embedded PostgreSQL under the data directory when none is
 * given; applies pending migrations unless told not to; starts pg-boss (which installs its schema).
 */
export async function createRuntime(options: {
  config: Config;
  logger: Logger;
  clock?: Clock;
  /** The trace service name unless OTEL_SERVICE_NAME says otherwise ("wbn-api", "wbn-worker"). */
  serviceName?: string;
}): Promise<Runtime> {
  const { config, logger } = options;
  const embedded = config.database.url
    ? undefined
    : await startEmbeddedPostgres({ dataDir: config.dataDir, logger });
  return connectRuntime({
    config,
    logger,
    clock: options.clock ?? systemClock,
    databaseUrl: config.database.url ?? embedded?.url ?? '',
    ...(options.serviceName ? { serviceName: options.serviceName } : {}),
    afterClose: async () => embedded?.stop(),
  });
}

/** The part every process shares once it has a database URL: pool, migrations, pg-boss, core. */
export async function connectRuntime(options: {
  config: Config;
  logger: Logger;
  clock: Clock;
  databaseUrl: string;
  bossMax?: number;
  serviceName?: string;
  afterClose?: () => Promise<void>;
}): Promise<Runtime> {
  const { config, logger, clock, databaseUrl } = options;
  const tracing = await startTracing(config.tracing, options.serviceName ?? 'wbn');
  const { db, pool } = createDatabase({
    url: databaseUrl,
    poolMax: config.database.poolMax,
    logger,
    tracing,
  });
  if (config.database.migrateOnStart) {
    const result = await migrateToLatest(db);
    for (const migration of result.results ?? [])
      logger.info({ migration: migration.migrationName }, 'migrated');
  }
  const boss = createPgBoss({
    connectionString: databaseUrl,
    ...(options.bossMax ? { max: options.bossMax } : {}),
  });
  boss.on('error', (error) => logger.error({ err: error }, 'pg-boss error'));
  await boss.start();
  await ensureQueues(boss);

  const core = createCore({ db, config, clock, logger, queue: createJobQueue(boss, tracing) });
  const metrics = createMetrics();
  observePool(metrics, pool);
  observeQueues(metrics, db);
  observeSessionCache(metrics, core.sessionCache);
  const authChanges =
    config.sessionCacheTtlMs > 0
      ? listenForChanges({
          databaseUrl,
          channel: 'wbn_auth_changes',
          logger,
          onMessage: (userId) => core.sessionCache.forgetUser(userId),
          onLive: (live) => core.sessionCache.setLive(live),
        })
      : undefined;
  return {
    config,
    logger,
    clock,
    db,
    pool,
    boss,
    core,
    metrics,
    tracing,
    databaseUrl,
    async close() {
      await authChanges?.close();
      await boss.stop({ graceful: true, timeout: 10_000 });
      await core.close();
      await db.destroy();
      await tracing.shutdown();
      await options.afterClose?.();
    },
  };
}
