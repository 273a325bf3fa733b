import { sql } from 'kysely';
import type pg from 'pg';
import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { SessionCache } from '../auth/session-cache.ts';
import type { Db } from '../db/database.ts';

/**
 * One Prometheus registry per process. The process's own numbers (heap, RSS, event-loop lag, GC) come
 * from prom-client's defaults; what the process shares with every other (pool, queues, session cache)
 * is read at scrape time, so nothing on a request path pays for it. The API and the worker add their
 * own (HTTP, push, mail) to the same registry.
 */
export type Metrics = ReturnType<typeof createMetrics>;

export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'wbn_', eventLoopMonitoringPrecision: 20 });
  return { registry };
}

/**
 * The registry's counter of that name, created on first use: the parts that count (mailer, push
 * providers, HTTP) may be built more than once per process, and must then count into the same series.
 */
export function sharedCounter<L extends string>(
  metrics: Metrics,
  options: { name: string; help: string; labelNames: readonly L[] },
): Counter<L> {
  const existing = metrics.registry.getSingleMetric(options.name);
  if (existing) return existing as Counter<L>;
  return new Counter({ ...options, registers: [metrics.registry] });
}

/** Pool gauges: connections open, idle, and requests waiting for one (the first sign of saturation). */
export function observePool(metrics: Metrics, pool: pg.Pool): void {
  const gauge = (name: string, help: string, read: () => number) =>
    new Gauge({
      name,
      help,
      registers: [metrics.registry],
      collect() {
        this.set(read());
      },
    });
  gauge('wbn_db_pool_connections', 'Connections the pool holds', () => pool.totalCount);
  gauge('wbn_db_pool_idle', 'Idle connections in the pool', () => pool.idleCount);
  gauge('wbn_db_pool_waiting', 'Requests waiting for a pool connection', () => pool.waitingCount);
}

/**
 * Jobs per queue and state, counted in pg-boss's table at scrape time (its own cached counts lag by
 * its monitor interval). Dead-letter queues appear as their own `<queue>-dead-letter` queue.
 */
export function observeQueues(metrics: Metrics, db: Db): void {
  new Gauge({
    name: 'wbn_queue_jobs',
    help: 'Jobs per queue and state (created, retry, active, completed, failed, cancelled)',
    labelNames: ['queue', 'state'],
    registers: [metrics.registry],
    async collect() {
      const { rows } = await sql<{ name: string; state: string; count: number }>`
        SELECT name, state::text AS state, count(*)::int AS count FROM pgboss.job GROUP BY name, state`.execute(
        db,
      );
      this.reset();
      for (const row of rows) this.set({ queue: row.name, state: row.state }, row.count);
    },
  });
}

/** Hits and misses of the in-process session cache; the hit ratio is hits / (hits + misses). */
export function observeSessionCache(metrics: Metrics, cache: Pick<SessionCache, 'stats'>): void {
  new Counter({
    name: 'wbn_session_cache_lookups_total',
    help: 'Session-cache lookups by result (hit, miss)',
    labelNames: ['result'],
    registers: [metrics.registry],
    collect() {
      const { hits, misses } = cache.stats();
      this.reset();
      this.inc({ result: 'hit' }, hits);
      this.inc({ result: 'miss' }, misses);
    },
  });
}
