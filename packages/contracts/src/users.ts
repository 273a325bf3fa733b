import { z } from 'zod';
import { ZDemographics, ZEmail } from './auth.ts';
import { ZTimeZone } from './common.ts';

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
  })
  .meta({ id: 'Settings' });
export type Settings = z.infer<typeof ZSettings>;

export const ZSettingsUpdateInput = z.object({
  journal_insights_opt_in: z.boolean().optional(),
  notifications_enabled: z.boolean().optional(),
  timezone: ZTimeZone.optional(),
});
export type SettingsUpdateInput = z.infer<typeof ZSettingsUpdateInput>;

export const ZNotificationSettingsInput = z.object({
  is_enabled: z.boolean(),
  token: z.string().trim().min(1).max(4096).optional(),
  platform: ZPushPlatform.optional().describe(
    'Where the token belongs. When omitted, a 64-hex-digit token is taken as APNs and anything else as FCM.',
  ),
});
export type NotificationSettingsInput = z.infer<typeof ZNotificationSettingsInput>;

export const ZNotificationSettings = z.object({ is_enabled: z.boolean() });
export type NotificationSettings = z.infer<typeof ZNotificationSettings>;
