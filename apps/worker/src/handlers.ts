import { readFileSync } from 'node:fs';
import type { Config } from '@wbn/core/config';
import type { Logger } from '@wbn/core/logger';
import { createJobQueue } from '@wbn/core/queue/job-queue';
import type { Runtime } from '@wbn/core/runtime';
import { accountMailJob } from './jobs/account-mail.job.ts';
import { accountRetentionJob } from './jobs/account-retention.job.ts';
import { communityPurgeJob } from './jobs/community-purge.job.ts';
import { dataExportJob } from './jobs/data-export.job.ts';
import type { JobHandler } from './jobs/job.ts';
import { notifySendJob } from './jobs/notify-send.job.ts';
import { notifyTickJob } from './jobs/notify-tick.job.ts';
import { passwordResetJob } from './jobs/password-reset.job.ts';
import { countMails, countPushes } from './metrics.ts';
import { createApnsProvider } from './providers/apns.ts';
import { createFcmProvider, parseServiceAccount } from './providers/fcm.ts';
import { createLogPushProvider } from './providers/log-push.ts';
import { createMailer } from './providers/mailer.ts';
import type { PushProvider } from './providers/push.ts';

/** Every queue this worker consumes, with its providers built from config. */
export function createHandlers(runtime: Pick<Runtime, 'config' | 'logger' | 'core' | 'boss' | 'metrics'>): {
  handlers: JobHandler[];
  close(): Promise<void>;
} {
  const mailer = countMails(
    runtime.metrics,
    createMailer({
      smtpUrl: runtime.config.mail.smtpUrl,
      from: runtime.config.mail.from,
      dataDir: runtime.config.dataDir,
      logger: runtime.logger,
    }),
  );
  const providers = countPushes(runtime.metrics, createPushProviders(runtime.config, runtime.logger));
  const notifications = runtime.config.notifications;
  return {
    handlers: [
      passwordResetJob(runtime.core.passwordReset, mailer),
      communityPurgeJob(runtime.core.moderation),
      accountMailJob(runtime.core.emailVerification, mailer),
      dataExportJob(runtime.core.exports),
      accountRetentionJob({ exports: runtime.core.exports, activity: runtime.core.activity }),
      notifyTickJob(runtime.core.notifications, notifications.tickCron),
      notifySendJob({
        notifications: runtime.core.notifications,
        providers,
        queue: createJobQueue(runtime.boss),
        concurrency: notifications.sendConcurrency,
        workerConcurrency: notifications.workerConcurrency,
      }),
    ],
    async close() {
      mailer.close();
      await Promise.all([providers.fcm.close(), providers.apns.close()]);
    },
  };
}

/** FCM and APNs when their credentials are configured; otherwise the development log provider. */
export function createPushProviders(config: Config, logger: Logger): Record<'fcm' | 'apns', PushProvider> {
  const { fcm, apns } = config.notifications;
  const serviceAccount =
    fcm.serviceAccount ?? (fcm.serviceAccountFile ? readFileSync(fcm.serviceAccountFile, 'utf8') : undefined);
  const apnsKey = apns.key ?? (apns.keyFile ? readFileSync(apns.keyFile, 'utf8') : undefined);
  const fallback = (platform: 'fcm' | 'apns') => {
    if (config.env === 'production')
      logger.warn({ platform }, 'no push credentials: notifications are only logged');
    return createLogPushProvider({ platform, dataDir: config.dataDir, logger });
  };
  return {
    fcm: serviceAccount
      ? createFcmProvider({
          serviceAccount: parseServiceAccount(serviceAccount),
          endpoint: fcm.endpoint,
          oauthTokenUrl: fcm.oauthTokenUrl,
          maxSockets: Math.min(config.notifications.sendConcurrency, 256),
        })
      : fallback('fcm'),
    apns:
      apnsKey && apns.keyId && apns.teamId && apns.topic
        ? createApnsProvider({
            endpoint: apns.endpoint,
            key: apnsKey,
            keyId: apns.keyId,
            teamId: apns.teamId,
            topic: apns.topic,
          })
        : fallback('apns'),
  };
}
