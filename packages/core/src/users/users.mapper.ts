import type { User } from '@wbn/contracts/auth';
import type { Settings } from '@wbn/contracts/users';
import type { UserRow } from '../db/schema.ts';

/** The one place a `users` row becomes the public `User` shape: password_hash never crosses. */
export function toUser(row: UserRow): User {
  return {
    id: row.id,
    username: row.username,
    email: row.email,
    demographics: (row.demographics as Record<string, unknown> | null) ?? null,
    is_premium: row.is_premium,
    is_moderator: row.is_moderator,
    pseudonym: row.pseudonym,
    timezone: row.timezone,
    country: row.country,
    created_at: row.created_at.toISOString(),
  };
}

export function toSettings(row: {
  notifications_enabled: boolean;
  journal_insights_opt_in: boolean;
  fcm_token: string | null;
  apns_token: string | null;
  timezone: string;
  reminder_time: string | null;
}): Settings {
  return {
    notifications_enabled: row.notifications_enabled,
    journal_insights_opt_in: row.journal_insights_opt_in,
    timezone: row.timezone,
    push_platforms: [
      ...(row.fcm_token ? (['fcm'] as const) : []),
      ...(row.apns_token ? (['apns'] as const) : []),
    ],
    reminder_time: row.reminder_time,
  };
}
