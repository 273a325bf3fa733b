import type { MailMessage } from '../providers/mailer.ts';

/** Plain-text mails: no tracking pixels, no remote content, nothing that leaks that someone opened them. */
export function passwordResetMail(reset: {
  to: string;
  code: string;
  expiresInMinutes: number;
}): MailMessage {
  return {
    to: reset.to,
    subject: 'Your Well-being Navigator reset code',
    text: [
      'Hello,',
      '',
      `Your code to reset your password is: ${reset.code}`,
      '',
      `It works once, for the next ${reset.expiresInMinutes} minutes.`,
      'If you did not ask for it, you can ignore this email: your password stays as it is.',
      '',
      'Take care,',
      'Well-being Navigator',
    ].join('\n'),
  };
}
