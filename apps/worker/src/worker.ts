import type { Logger } from '@wbn/core/logger';
import type { PgBoss } from 'pg-boss';
import type { JobHandler } from './jobs/job.ts';

/**
 * Subscribes each handler to its queue. Jobs are fetched one at a time per handler so one bad job
 * never fails a batch of good ones; delivery is at least once, so handlers are idempotent.
 */
export async function startWorker(options: {
  boss: PgBoss;
  logger: Logger;
  handlers: JobHandler[];
}): Promise<void> {
  const { boss, logger, handlers } = options;
  for (const handler of handlers) {
    await boss.work<unknown>(handler.queue.name, { batchSize: 1, ...handler.workOptions }, async ([job]) => {
      if (!job) return;
      const payload = handler.queue.schema.parse(job.data);
      await handler.handle(payload, { logger: logger.child({ queue: handler.queue.name }), jobId: job.id });
      if (handler.deleteWhenDone) await boss.deleteJob(handler.queue.name, job.id);
    });
    logger.info({ queue: handler.queue.name }, 'worker subscribed');
    // Idempotent: every worker (re)declares it; pg-boss enqueues one job per cron slot across all of them.
    if (handler.schedule) await boss.schedule(handler.queue.name, handler.schedule.cron, {}, { tz: 'UTC' });
  }
}
