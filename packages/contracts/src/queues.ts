import { z } from 'zod';

/**
 * The queues are a public interface: any worker, in any repository, can produce or consume them
 * by importing the name and payload schema from here. Payloads are parsed, never cast.
 */

/**
 * password-reset: someone asked for a reset code for this address. The worker looks the address up,
 * issues the code and mails it, so the API answers every request with the same single insert (no
 * timing difference between known and unknown addresses) and the code itself never enters a queue.
 */
export const ZPasswordResetJob = z.object({ email: z.email() });
export type PasswordResetJob = z.infer<typeof ZPasswordResetJob>;

export const ZNotificationKind = z.enum(['daily-tip', 'checkin-reminder']);
export type NotificationKind = z.infer<typeof ZNotificationKind>;

const ZLocalDate = z.iso.date();
/** A quarter-hour local wall-clock time, "HH:MM". */
export const ZLocalTime = z
  .string()
  .regex(
    /^([01][0-9]|2[0-3]):(00|15|30|45)$/,
    'must be a local time "HH:MM" on a quarter hour (e.g. "08:30")',
  );

/**
 * notify-tick: the scheduler's heartbeat (a pg-boss schedule, every 15 minutes). It finds the
 * (kind, time zone, local date) slices that are due and fans each out into notify-send batches.
 * `at` overrides the clock (operators and tests).
 */
export const ZNotifyTickJob = z.object({ at: z.iso.datetime({ offset: true }).optional() });
export type NotifyTickJob = z.infer<typeof ZNotifyTickJob>;

/**
 * notify-send: one batch of one slice: the users of `timezone` with ids in (after_id, through_id]
 * (keyset range, so the payload stays small however large the batch). The handler re-reads who
 * still has notifications on, logs one send per device (unique per notification and device) and
 * pushes. `user_id` narrows the batch to one person; `device_ids` + `error` appear only on entries
 * in notify-send-dead-letter that record devices whose push failed permanently.
 */
export const ZNotifySendJob = z.object({
  kind: ZNotificationKind,
  timezone: z.string().min(1).max(64),
  local_date: ZLocalDate,
  /** checkin-reminder only: the local reminder time this batch is for. */
  slot: ZLocalTime.nullable(),
  /** daily-tip only: the tip of this local date (daily_tip_schedule). */
  content_item_id: z.uuid().nullable(),
  after_id: z.uuid().nullable(),
  through_id: z.uuid(),
  user_id: z.uuid().optional(),
  device_ids: z.array(z.uuid()).optional(),
  error: z.string().optional(),
});
export type NotifySendJob = z.infer<typeof ZNotifySendJob>;

/** community-purge: a daily sweep; the payload carries nothing (the retention period is configuration). */
export const ZCommunityPurgeJob = z.object({});
export type CommunityPurgeJob = z.infer<typeof ZCommunityPurgeJob>;

/**
 * account-mail: one mail to one address about the account (a sign-in from a new device, an address
 * to confirm, a deleted account). The address travels only in this payload; the queue deletes jobs
 * as soon as they complete.
 */
export const ZAccountMailJob = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('sign-in-alert'),
    to: z.email(),
    at: z.iso.datetime({ offset: true }),
    device: z.string().max(200),
  }),
  z.object({ kind: z.literal('email-verification'), user_id: z.uuid() }),
  z.object({ kind: z.literal('account-deleted'), to: z.email(), at: z.iso.datetime({ offset: true }) }),
]);
export type AccountMailJob = z.infer<typeof ZAccountMailJob>;

/** data-export: build, encrypt and store the export of one request (data_exports row). */
export const ZDataExportJob = z.object({ export_id: z.uuid(), user_id: z.uuid() });
export type DataExportJob = z.infer<typeof ZDataExportJob>;

/** account-retention: hourly; deletes expired exports and activity older than its retention. */
export const ZAccountRetentionJob = z.object({});
export type AccountRetentionJob = z.infer<typeof ZAccountRetentionJob>;

export const QUEUES = {
  passwordReset: { name: 'password-reset', schema: ZPasswordResetJob },
  notifyTick: { name: 'notify-tick', schema: ZNotifyTickJob },
  notifySend: { name: 'notify-send', schema: ZNotifySendJob },
  communityPurge: { name: 'community-purge', schema: ZCommunityPurgeJob },
  accountMail: { name: 'account-mail', schema: ZAccountMailJob },
  dataExport: { name: 'data-export', schema: ZDataExportJob },
  accountRetention: { name: 'account-retention', schema: ZAccountRetentionJob },
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES]['name'];
