import { describeError, type Logger } from '@wbn/core/logger';
import { splitJobOrigin } from '@wbn/core/queue/job-queue';
import { workPolicyFor } from '@wbn/core/queue/queue-policies';
import { runWithRequestId } from '@wbn/core/request-context';
import { noTracing, type Tracing } from '@wbn/core/tracing/tracing';
import type { Job, JobResult, PgBoss } from 'pg-boss';
import type { JobHandler } from './jobs/job.ts';

/**
 * Subscribes each handler to its queue with the queue's work policy (queue-policies.ts). The jobs of
 * a batch run side by side and settle one by one, so one bad job never fails good ones; delivery is
 * at least once, so handlers are idempotent.
 */
export async function startWorker(options: {
  boss: PgBoss;
  logger: Logger;
  handlers: JobHandler[];
  tracing?: Tracing;
}): Promise<void> {
  const { boss, logger, handlers, tracing = noTracing } = options;
  for (const handler of handlers) {
    const policy = { ...workPolicyFor(handler.queue.name), ...handler.workOptions };
    const queueLogger = logger.child({ queue: handler.queue.name });
    await boss.work<unknown>(
      handler.queue.name,
      // While batches come back full there is more ready: fetch again at once instead of waiting.
      { ...policy, perJobResults: true, burstWhenBatchFull: true },
      (jobs) => Promise.all(jobs.map((job) => runJob(boss, handler, job, queueLogger, tracing))),
    );
    queueLogger.info(policy, 'worker subscribed');
    // Idempotent: every worker (re)declares it; pg-boss enqueues one job per cron slot across all of them.
    if (handler.schedule) await boss.schedule(handler.queue.name, handler.schedule.cron, {}, { tz: 'UTC' });
  }
}

async function runJob(
  boss: PgBoss,
  handler: JobHandler,
  job: Job<unknown>,
  logger: Logger,
  tracing: Tracing,
): Promise<JobResult> {
  // The request that enqueued the job (if any) names every log line the job writes, and its trace
  // continues in the job's span.
  const { payload, requestId, traceContext } = splitJobOrigin(job.data);
  const attributes = { 'messaging.system': 'pg-boss', 'messaging.destination.name': handler.queue.name };
  return runWithRequestId(requestId, async () => {
    try {
      await tracing.inSpanFrom(traceContext, `job ${handler.queue.name}`, attributes, () =>
        handler.handle(handler.queue.schema.parse(payload), { logger, jobId: job.id }),
      );
      // A job whose payload holds personal data (an address) is removed as soon as it is done.
      if (handler.deleteWhenDone) await boss.deleteJob(handler.queue.name, job.id);
      return { id: job.id, status: 'completed' };
    } catch (error) {
      // Retried by the queue's policy; after the last retry it lands in the dead-letter queue.
      logger.warn({ jobId: job.id, ...describeError(error) }, 'job failed');
      return { id: job.id, status: 'failed', output: { message: describeError(error).message } };
    }
  });
}
