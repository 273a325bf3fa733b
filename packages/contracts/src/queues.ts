import { z } from 'zod';

/**
 * The queues are a public interface: any worker, in any repository, can produce or consume them
 * by importing the name and payload schema from here. Payloads are parsed, never cast.
 */

export const ZMailSendJob = z.object({
  to: z.email(),
  template: z.literal('password-reset'),
  /** Template variables. Secrets in here (the reset code) live only until the job completes. */
  data: z.object({ code: z.string(), expires_in_minutes: z.number().int() }),
});
export type MailSendJob = z.infer<typeof ZMailSendJob>;

export const QUEUES = {
  mailSend: { name: 'mail-send', schema: ZMailSendJob },
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES]['name'];
