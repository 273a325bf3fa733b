import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../db/embedded-postgres.ts';
import { createLogger } from '../logger.ts';
import { freePort } from './free-port.ts';

/**
 * A PostgreSQL cluster a test owns outright, so it can stop and start it (a restart, an outage) without
 * disturbing the server every other test shares. The same embedded server `pnpm start` and the test
 * run use (so the same handling of root, and the same one-line failure), in a directory of its own
 * that close() removes. Initialising takes about a second.
 */
export async function startTemporaryPostgres() {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'wbn-fault-pg-'));
  try {
    const server = await startEmbeddedPostgres({
      dataDir,
      logger: createLogger({ level: 'warn' }),
      port: await freePort(),
    });
    return {
      ...server,
      async close() {
        await server.stop();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}
export type TemporaryPostgres = Awaited<ReturnType<typeof startTemporaryPostgres>>;
