import type { MailMessage } from '../providers/mailer.ts';

/** Plain text like every mail we send; no links, so nobody learns to click links in "security" mails. */
const signed = (lines: string[]) => [...lines, '', 'Take care,', 'Well-being Navigator'].join('\n');

export function signInAlertMail(alert: { to: string; at: string; device: string }): MailMessage {
  return {
    to: alert.to,
    subject: 'New sign-in to your Well-being Navigator account',
    text: signed([
      'Hello,',
      '',
      `Your account was signed in to from ${alert.device} at ${alert.at} (UTC).`,
      '',
      'If this was you, there is nothing to do.',
      'If it was not, open the app, change your password under Account > Security,',
      'and end the sessions you do not recognise there.',
    ]),
  };
}

export function emailVerificationMail(verification: {
  to: string;
  code: string;
  expiresInMinutes: number;
}): MailMessage {
  return {
    to: verification.to,
    subject: 'Confirm your email address for Well-being Navigator',
    text: signed([
      'Hello,',
      '',
      `Your code to confirm this address is: ${verification.code}`,
      '',
      `It works once, for the next ${verification.expiresInMinutes} minutes.`,
      'If you did not add this address to an account, you can ignore this email.',
    ]),
  };
}

export function accountDeletedMail(deleted: { to: string; at: string }): MailMessage {
  return {
    to: deleted.to,
    subject: 'Your Well-being Navigator account has been deleted',
    text: signed([
      'Hello,',
      '',
      `Your account and all of its data were deleted at ${deleted.at} (UTC).`,
      'We keep no copy, and this address is not stored anywhere any more.',
    ]),
  };
}
