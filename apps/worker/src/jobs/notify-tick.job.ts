import { QUEUES } from '@wbn/contracts/queues';
import type { NotificationsService } from '@wbn/core/notifications/notifications.service';
import type { JobHandler } from './job.ts';

/** notify-tick: the scheduler. Fans out every due (kind, zone, local date) slice in bulk. */
export function notifyTickJob(
  notifications: Pick<NotificationsService, 'tick'>,
  cron: string | undefined,
): JobHandler<typeof QUEUES.notifyTick.schema> {
  return {
    queue: QUEUES.notifyTick,
    ...(cron ? { schedule: { cron } } : {}),
    async handle(payload, { logger, jobId }) {
      const result = await notifications.tick(payload.at ? new Date(payload.at) : undefined);
      logger.debug({ jobId, ...result }, 'notify tick');
    },
  };
}
