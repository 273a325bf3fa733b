import { QUEUES } from '@wbn/contracts/queues';
import type { ModerationService } from '@wbn/core/moderation/moderation.service';
import type { JobHandler } from './job.ts';

/** Every day at 03:17 UTC (off the hour, away from the daily-tip peaks). */
export const COMMUNITY_PURGE_CRON = '17 3 * * *';

/**
 * community-purge: the second half of the delete policy. Deleted posts and replies keep their text
 * for COMMUNITY_DELETED_RETENTION_DAYS (appeals, review); this job then blanks it for good.
 */
export function communityPurgeJob(
  moderation: Pick<ModerationService, 'purgeDeletedContent'>,
): JobHandler<typeof QUEUES.communityPurge.schema> {
  return {
    queue: QUEUES.communityPurge,
    schedule: { cron: COMMUNITY_PURGE_CRON },
    async handle(_payload, { logger, jobId }) {
      const purged = await moderation.purgeDeletedContent();
      logger.info({ jobId, ...purged }, 'purged the text of deleted community content');
    },
  };
}
