import { type Db, pingDatabase } from '@wbn/core/db/database';
import { DATABASE_RETRY_AFTER_SECONDS } from '@wbn/core/db/database-outage';
import type { FastifyInstance } from 'fastify';

/** GET /healthz: the process answers. GET /readyz: and its database does too. */
export async function healthRoutes(app: FastifyInstance, options: { db: Db }): Promise<void> {
  app.get('/healthz', { config: { rateLimit: false } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { config: { rateLimit: false } }, async (_request, reply) => {
    try {
      await pingDatabase(options.db);
      return { status: 'ready' };
    } catch {
      return reply
        .code(503)
        .header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS))
        .send({ code: 'UNAVAILABLE', message: 'Database unreachable' });
    }
  });
}
