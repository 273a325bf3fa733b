import type { MailSendJob } from '@wbn/contracts/queues';
import type { MailMessage } from '../providers/mailer.ts';

/** Plain-text mails: no tracking pixels, no remote content, nothing that leaks that someone opened them. */
export function renderMail(job: MailSendJob): MailMessage {
  switch (job.template) {
    case 'password-reset':
      return {
        to: job.to,
        subject: 'Your Well-being Navigator reset code',
        text: [
          'Hello,',
          '',
          `Your code to reset your password is: ${job.data.code}`,
          '',
          `It works once, for the next ${job.data.expires_in_minutes} minutes.`,
          'If you did not ask for it, you can ignore this email: your password stays as it is.',
          '',
          'Take care,',
          'Well-being Navigator',
        ].join('\n'),
      };
  }
}
