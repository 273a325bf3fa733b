import { Kysely, type LogEvent, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import type { Logger } from '../logger.ts';
import type { Tracing } from '../tracing/tracing.ts';
import { withPreparedStatements } from './prepared-query.ts';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
/** Repositories accept either, so a service can run several of them in one transaction. */
export type DbOrTx = Db | Tx;

// int8 (count(*), sums) arrives as text by default; our counts fit comfortably in a JS number.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));
// numeric (avg) likewise: analytics want numbers, and the precision lost is far below display.
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number.parseFloat(value));

/** How long a request waits for a new connection before it is told the database is unavailable. */
const CONNECT_TIMEOUT_MS = 3000;

export function createDatabase(options: {
  url: string;
  poolMax: number;
  logger?: Logger;
  tracing?: Tracing;
}): {
  db: Db;
  pool: pg.Pool;
} {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolMax,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
  });
  guardPoolErrors(pool, options.logger);
  const tracing = options.tracing;
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: withPreparedStatements(pool) }),
    // Untraced processes pass no log function at all, so Kysely times nothing for them.
    ...(tracing?.enabled ? { log: (event: LogEvent) => traceStatement(tracing, event) } : {}),
  });
  return { db, pool };
}

/** Kysely reports each statement once it finished, in the caller's context: a span after the fact. */
function traceStatement(tracing: Tracing, event: LogEvent): void {
  const text = event.query.sql;
  const operation = /^\s*(\w+)/.exec(text)?.[1]?.toUpperCase() ?? 'SQL';
  tracing.recordSpan(
    operation,
    // The statement with its $n placeholders: the values (user content) are never recorded.
    { 'db.system.name': 'postgresql', 'db.operation.name': operation, 'db.query.text': text.slice(0, 2000) },
    event.queryDurationMillis,
    event.level === 'error',
  );
}

/**
 * The pool listens for errors only on idle clients. A client checked out between two statements (a
 * transaction, Kysely holding a connection) that receives the server's FATAL on a restart emits
 * 'error' with no listener, and Node kills the process. Every client gets a listener for its whole
 * life; the broken client is not queryable any more, so the pool discards it on release and the
 * statement that would have used it fails (and the request answers 503).
 */
export function guardPoolErrors(pool: pg.Pool, logger?: Logger): void {
  let lastLogged = 0;
  const logRarely = (error: Error, message: string) => {
    // A restart breaks every pooled connection at once: one line per second is enough to tell.
    if (Date.now() - lastLogged < 1000) return;
    lastLogged = Date.now();
    logger?.warn({ errorClass: error.name, errorCode: (error as { code?: string }).code }, message);
  };
  pool.on('connect', (client) => {
    client.on('error', (error) => logRarely(error, 'database connection lost'));
  });
  pool.on('error', (error) => logRarely(error, 'idle database connection lost'));
}

/** Readiness: one round trip to the server. */
export async function pingDatabase(db: Db): Promise<void> {
  await sql`SELECT 1`.execute(db);
}
