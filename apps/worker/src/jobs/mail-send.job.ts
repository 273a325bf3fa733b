import { QUEUES } from '@wbn/contracts/queues';
import { renderMail } from '../mail/templates.ts';
import type { Mailer } from '../providers/mailer.ts';
import type { JobHandler } from './job.ts';

/** mail-send: renders the template and hands the message to SMTP (or the dev outbox). */
export function mailSendJob(mailer: Mailer): JobHandler<typeof QUEUES.mailSend.schema> {
  return {
    queue: QUEUES.mailSend,
    async handle(payload, { logger, jobId }) {
      await mailer.send(renderMail(payload));
      logger.info({ jobId, template: payload.template }, 'mail sent');
    },
  };
}
