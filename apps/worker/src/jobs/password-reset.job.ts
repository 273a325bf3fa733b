import { QUEUES } from '@wbn/contracts/queues';
import type { PasswordResetService } from '@wbn/core/auth/password-reset.service';
import { passwordResetMail } from '../mail/templates.ts';
import type { Mailer } from '../providers/mailer.ts';
import type { JobHandler } from './job.ts';

/**
 * password-reset: issues the code for a known address and mails it. The code exists only in this
 * process and in the mail; a retry (say SMTP was down) issues a fresh code, voiding the unsent one.
 */
export function passwordResetJob(
  passwordReset: Pick<PasswordResetService, 'issueCode'>,
  mailer: Mailer,
): JobHandler<typeof QUEUES.passwordReset.schema> {
  return {
    queue: QUEUES.passwordReset,
    async handle(payload, { logger, jobId }) {
      const issued = await passwordReset.issueCode(payload.email);
      if (!issued) {
        logger.info({ jobId }, 'password reset: nothing to send');
        return;
      }
      await mailer.send(passwordResetMail(issued));
      logger.info({ jobId }, 'password reset code mailed');
    },
  };
}
