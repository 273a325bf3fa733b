import { z } from 'zod';
import { ZDemographics, ZEmail } from './auth.ts';
import { ZIsoDateTime, ZLimit, ZTimeZone, zString } from './common.ts';
import { ZLocalTime, ZNotificationKind } from './queues.ts';

/** Only these two fields are writable; anything else in the body is ignored (stripped). */
export const ZProfileUpdateInput = z.object({
  email: ZEmail.nullable().optional(),
  demographics: ZDemographics.nullable().optional(),
});
export type ProfileUpdateInput = z.infer<typeof ZProfileUpdateInput>;

export const ZPushPlatform = z.enum(['fcm', 'apns']);
export type PushPlatform = z.infer<typeof ZPushPlatform>;

export const ZSettings = z
  .object({
    notifications_enabled: z.boolean(),
    journal_insights_opt_in: z.boolean(),
    timezone: z.string(),
    push_platforms: z.array(ZPushPlatform).describe('Platforms with a registered push token'),
    reminder_time: ZLocalTime.nullable().describe(
      'Daily check-in reminder, local time in `timezone`; null = none',
    ),
  })
  .meta({ id: 'Settings' });
export type Settings = z.infer<typeof ZSettings>;

export const ZSettingsUpdateInput = z.object({
  journal_insights_opt_in: z.boolean().optional(),
  notifications_enabled: z.boolean().optional(),
  timezone: ZTimeZone.optional(),
  reminder_time: ZLocalTime.nullable()
    .optional()
    .describe('Daily check-in reminder (local "HH:MM"); null turns it off'),
});
export type SettingsUpdateInput = z.infer<typeof ZSettingsUpdateInput>;

export const ZNotificationSettingsInput = z.object({
  is_enabled: z.boolean(),
  // FCM registration tokens are ~160 characters and APNs tokens 64 hex digits; printable ASCII only.
  token: z
    .string()
    .trim()
    .min(1)
    .max(512)
    .regex(/^[\x21-\x7e]+$/, 'must be a push token (printable ASCII)')
    .optional(),
  platform: ZPushPlatform.optional().describe(
    'Where the token belongs. When omitted, a 64-hex-digit token is taken as APNs and anything else as FCM.',
  ),
  app_version: zString()
    .trim()
    .min(1)
    .max(64)
    .optional()
    .describe('App version on the device, kept with the token'),
});
export type NotificationSettingsInput = z.infer<typeof ZNotificationSettingsInput>;

export const ZNotificationSettings = z.object({ is_enabled: z.boolean() });
export type NotificationSettings = z.infer<typeof ZNotificationSettings>;

export const ZNotificationListInput = z.object({ limit: ZLimit }).default({ limit: 20 });
export type NotificationListInput = z.infer<typeof ZNotificationListInput>;

export const ZNotificationLogItem = z
  .object({
    id: z.uuid(),
    kind: ZNotificationKind,
    title: z.string(),
    body: z.string(),
    platform: ZPushPlatform,
    status: z.enum(['pending', 'sent', 'failed', 'invalid_token']),
    local_date: z.iso.date(),
    created_at: ZIsoDateTime,
    sent_at: ZIsoDateTime.nullable(),
  })
  .meta({ id: 'NotificationLogItem' });
export type NotificationLogItem = z.infer<typeof ZNotificationLogItem>;
