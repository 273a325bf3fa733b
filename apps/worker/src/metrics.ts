import { type Metrics, sharedCounter } from '@wbn/core/metrics/metrics';
import type { Mailer } from './providers/mailer.ts';
import type { PushProvider, PushResult } from './providers/push.ts';

/** Provider reasons are short codes ("Unregistered", "HTTP 503"); anything else is "other". */
const reasonLabel = (result: PushResult) =>
  'reason' in result && /^[\w .:-]{1,40}$/.test(result.reason)
    ? result.reason
    : result.status === 'sent'
      ? ''
      : 'other';

/** Counts every push by provider, outcome and reason, without the job code knowing. */
export function countPushes(
  metrics: Metrics,
  providers: Record<'fcm' | 'apns', PushProvider>,
): Record<'fcm' | 'apns', PushProvider> {
  const pushes = sharedCounter(metrics, {
    name: 'wbn_push_outcomes_total',
    help: 'Pushes by provider, outcome (sent, invalid_token, retry, failed) and provider reason',
    labelNames: ['provider', 'outcome', 'reason'],
  });
  const counted = (provider: 'fcm' | 'apns'): PushProvider => {
    const inner = providers[provider];
    return {
      name: inner.name,
      close: () => inner.close(),
      async send(message) {
        const result = await inner.send(message);
        pushes.inc({ provider, outcome: result.status, reason: reasonLabel(result) });
        return result;
      },
    };
  };
  return { fcm: counted('fcm'), apns: counted('apns') };
}

/** Counts mails handed to the SMTP server and mails it refused (or could not be reached for). */
export function countMails(metrics: Metrics, mailer: Mailer): Mailer {
  const mails = sharedCounter(metrics, {
    name: 'wbn_mail_outcomes_total',
    help: 'Mails by outcome (sent, failed)',
    labelNames: ['outcome'],
  });
  return {
    async send(message) {
      try {
        await mailer.send(message);
        mails.inc({ outcome: 'sent' });
      } catch (error) {
        mails.inc({ outcome: 'failed' });
        throw error;
      }
    },
    close: () => mailer.close(),
  };
}
