import { QUEUES } from '@wbn/contracts/queues';
import type { ExportService } from '@wbn/core/data-rights/export.service';
import type { JobHandler } from './job.ts';

/** data-export: builds, encrypts and stores one requested export (idempotent: a ready export is left alone). */
export function dataExportJob(
  exports: Pick<ExportService, 'build'>,
): JobHandler<typeof QUEUES.dataExport.schema> {
  return {
    queue: QUEUES.dataExport,
    async handle(payload, { logger, jobId }) {
      const built = await exports.build({ exportId: payload.export_id, userId: payload.user_id });
      logger.info({ jobId, exportId: payload.export_id, bytes: built?.bytes }, 'data export built');
    },
  };
}
