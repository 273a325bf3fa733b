import { QUEUES } from '@wbn/contracts/queues';
import type { NotificationsService, PushDelivery } from '@wbn/core/notifications/notifications.service';
import type { JobQueue } from '@wbn/core/queue/job-queue';
import { deadLetterQueueName } from '@wbn/core/queue/queue-policies';
import type { PushProvider, PushResult } from '../providers/push.ts';
import type { JobHandler } from './job.ts';

const DEAD_LETTER = { name: deadLetterQueueName(QUEUES.notifySend.name), schema: QUEUES.notifySend.schema };

export class PushesDeferredError extends Error {
  override name = 'PushesDeferredError';
}

/**
 * notify-send: one batch. The send log (claimed before any push) decides what is pushed, so a retry
 * or a second delivery of the job pushes only what is still pending. Retryable answers (429, 5xx,
 * network) stay pending and fail the job, so pg-boss retries it with backoff (and dead-letters the
 * batch after the limit); permanent failures are recorded and copied to the dead-letter queue at once.
 */
export function notifySendJob(deps: {
  notifications: Pick<NotificationsService, 'prepareBatch' | 'settle'>;
  providers: Record<'fcm' | 'apns', PushProvider>;
  queue: JobQueue;
  concurrency: number;
  workerConcurrency: number;
}): JobHandler<typeof QUEUES.notifySend.schema> {
  const { notifications, providers, queue, concurrency } = deps;
  return {
    queue: QUEUES.notifySend,
    workOptions: { localConcurrency: deps.workerConcurrency },
    async handle(payload, { logger, jobId }) {
      const batch = await notifications.prepareBatch(payload);
      if (!batch || batch.deliveries.length === 0) return;

      type Outcome = { delivery: PushDelivery; result: PushResult };
      const unsettled: Outcome[] = [];
      const failed: Outcome[] = [];
      let deferred = 0;
      let lastRetryReason = '';
      // Outcomes are written back continuously, one UPDATE at a time carrying everything that arrived
      // during the previous one: a crash re-pushes only what was in flight or awaiting that one write.
      let settling: Promise<void> | undefined;
      let settleError: unknown;
      const pump = () => {
        if (settling || unsettled.length === 0) return;
        const settled = unsettled.splice(0).filter((o) => o.result.status !== 'retry');
        settling = notifications
          .settle(
            settled.map(({ delivery, result }) => ({
              delivery,
              status: result.status === 'retry' ? 'pending' : result.status,
              error: result.status === 'sent' ? null : result.reason,
            })),
          )
          .catch((error: unknown) => {
            settleError ??= error;
          })
          .finally(() => {
            settling = undefined;
            pump();
          });
      };

      let next = 0;
      const lane = async () => {
        for (let index = next++; index < batch.deliveries.length; index = next++) {
          const delivery = batch.deliveries[index] as PushDelivery;
          const result = await providers[delivery.platform].send({
            token: delivery.token,
            title: batch.title,
            body: batch.body,
            collapseKey: batch.key,
          });
          if (result.status === 'retry') {
            deferred++;
            lastRetryReason = result.reason;
          }
          if (result.status === 'failed') failed.push({ delivery, result });
          unsettled.push({ delivery, result });
          pump();
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, batch.deliveries.length) }, lane));
      while (settling || unsettled.length > 0) {
        pump();
        await settling;
      }
      if (settleError) throw settleError;

      if (failed.length > 0) {
        await queue.send(DEAD_LETTER, {
          ...payload,
          device_ids: failed.map((f) => f.delivery.deviceId),
          error: failed
            .map((f) => `${f.delivery.sendId}: ${'reason' in f.result ? f.result.reason : ''}`)
            .join('; ')
            .slice(0, 2000),
        });
        logger.warn(
          { jobId, failed: failed.length },
          'pushes failed permanently: copied to the dead-letter queue',
        );
      }
      if (deferred > 0) {
        throw new PushesDeferredError(
          `${deferred} of ${batch.deliveries.length} pushes deferred (${lastRetryReason}); retrying`,
        );
      }
      logger.debug({ jobId, pushed: batch.deliveries.length - failed.length }, 'notify batch sent');
    },
  };
}
