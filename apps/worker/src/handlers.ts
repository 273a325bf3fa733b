import type { Runtime } from '@wbn/core/runtime';
import type { JobHandler } from './jobs/job.ts';
import { mailSendJob } from './jobs/mail-send.job.ts';
import { createMailer } from './providers/mailer.ts';

/** Every queue this worker consumes, with its providers built from config. */
export function createHandlers(runtime: Pick<Runtime, 'config' | 'logger'>): {
  handlers: JobHandler[];
  close(): void;
} {
  const mailer = createMailer({
    smtpUrl: runtime.config.mail.smtpUrl,
    from: runtime.config.mail.from,
    dataDir: runtime.config.dataDir,
    logger: runtime.logger,
  });
  return { handlers: [mailSendJob(mailer)], close: () => mailer.close() };
}
