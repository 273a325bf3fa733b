import { QUEUES } from '@wbn/contracts/queues';
import type { ActivityService } from '@wbn/core/activity/activity.service';
import type { ExportService } from '@wbn/core/data-rights/export.service';
import type { JobHandler } from './job.ts';

/** Every hour at :41, so an export is gone within an hour of its 24 hours ending. */
export const ACCOUNT_RETENTION_CRON = '41 * * * *';

/**
 * account-retention: deletes exports past their 24 hours (files and all) and activity-log entries past
 * their 365 days. Idempotent: a missed run is covered by the next.
 */
export function accountRetentionJob(deps: {
  exports: Pick<ExportService, 'purgeExpired'>;
  activity: Pick<ActivityService, 'purgeExpired'>;
}): JobHandler<typeof QUEUES.accountRetention.schema> {
  return {
    queue: QUEUES.accountRetention,
    schedule: { cron: ACCOUNT_RETENTION_CRON },
    async handle(_payload, { logger, jobId }) {
      const exports = await deps.exports.purgeExpired();
      const activity = await deps.activity.purgeExpired();
      logger.info({ jobId, exports, activity }, 'expired exports and old activity deleted');
    },
  };
}
