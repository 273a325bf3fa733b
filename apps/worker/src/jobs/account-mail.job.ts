import { QUEUES } from '@wbn/contracts/queues';
import type { EmailVerificationService } from '@wbn/core/auth/email-verification.service';
import { accountDeletedMail, emailVerificationMail, signInAlertMail } from '../mail/account-templates.ts';
import type { Mailer } from '../providers/mailer.ts';
import type { JobHandler } from './job.ts';

/**
 * account-mail: mails about the account. Alerts and deletion receipts carry their address in the
 * payload (the queue deletes the job once it completes); a verification code is issued here, like a
 * reset code, so the code never enters a queue.
 */
export function accountMailJob(
  emailVerification: Pick<EmailVerificationService, 'issueCode'>,
  mailer: Mailer,
): JobHandler<typeof QUEUES.accountMail.schema> {
  return {
    queue: QUEUES.accountMail,
    deleteWhenDone: true,
    async handle(payload, { logger, jobId }) {
      switch (payload.kind) {
        case 'sign-in-alert':
          await mailer.send(signInAlertMail(payload));
          break;
        case 'account-deleted':
          await mailer.send(accountDeletedMail(payload));
          break;
        case 'email-verification': {
          const issued = await emailVerification.issueCode(payload.user_id);
          if (!issued) {
            logger.info({ jobId }, 'email verification: nothing to send');
            return;
          }
          await mailer.send(emailVerificationMail(issued));
          break;
        }
      }
      logger.info({ jobId, kind: payload.kind }, 'account mail sent');
    },
  };
}
