import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * Kysely's view of the database, table for table with the migrations. Column names are the spec's
 * (snake_case); rows cross into contracts only through a service's mapper.
 */

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Json = ColumnType<unknown, string, string>;

export interface UsersTable {
  id: Generated<string>;
  username: string;
  password_hash: string;
  email: string | null;
  demographics: Json | null;
  is_premium: Generated<boolean>;
  is_moderator: Generated<boolean>;
  is_banned: Generated<boolean>;
  pseudonym: string;
  timezone: Generated<string>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface UserSettingsTable {
  id: Generated<string>;
  user_id: string;
  notifications_enabled: Generated<boolean>;
  fcm_token: string | null;
  apns_token: string | null;
  journal_insights_opt_in: Generated<boolean>;
  /** Local time 'HH:MM:SS' in users.timezone, quarter-hours only; NULL = no check-in reminder. */
  reminder_time: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface SessionsTable {
  id: Generated<string>;
  user_id: string;
  created_at: CreatedAt;
  last_used_at: ColumnType<Date, Date | string | undefined, Date | string>;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
  revoked_reason: string | null;
}

export interface RefreshTokensTable {
  id: Generated<string>;
  session_id: string;
  user_id: string;
  token_hash: Buffer;
  created_at: CreatedAt;
  expires_at: Timestamp;
  rotated_at: Timestamp | null;
}

export interface PasswordResetCodesTable {
  id: Generated<string>;
  user_id: string;
  code_hmac: Buffer;
  created_at: CreatedAt;
  expires_at: Timestamp;
  attempts: Generated<number>;
  consumed_at: Timestamp | null;
  voided_at: Timestamp | null;
}

export interface LoginFailuresTable {
  user_id: string;
  failures: number;
  window_started_at: Timestamp;
}

export interface CheckinsTable {
  id: Generated<string>;
  user_id: string;
  timestamp: Timestamp;
  anxiety_level: number;
  triggers: string[];
}

export type ContentType = 'module' | 'article' | 'tip' | 'exercise' | 'prompt';

export interface ContentItemsTable {
  id: Generated<string>;
  type: ContentType;
  title: string;
  description: string | null;
  content_structure: Json;
  media_url: string | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface CbtEntriesTable {
  id: Generated<string>;
  user_id: string;
  type: string;
  data: Json;
  timestamp: Timestamp;
}

export interface JournalEntriesTable {
  id: Generated<string>;
  user_id: string;
  timestamp: Timestamp;
  content: Buffer;
  prompt_id: string | null;
  created_at: CreatedAt;
}

export interface InteractionLogsTable {
  id: Generated<string>;
  user_id: string;
  timestamp: Timestamp;
  duration: number;
  tool: string;
  notes: string | null;
}

export interface CommunityCategoriesTable {
  id: Generated<string>;
  name: string;
  description: Generated<string>;
}

export interface CommunityPostsTable {
  id: Generated<string>;
  category_id: string;
  author_user_id: string;
  author_pseudonym: string;
  timestamp: ColumnType<Date, Date | string | undefined, Date | string>;
  title: string;
  content: string;
}

export interface CommunityRepliesTable {
  id: Generated<string>;
  post_id: string;
  author_user_id: string;
  author_pseudonym: string;
  timestamp: ColumnType<Date, Date | string | undefined, Date | string>;
  content: string;
}

export interface ModerationReportsTable {
  id: Generated<string>;
  reporter_user_id: string;
  content_type: 'post' | 'reply';
  content_id: string;
  reason: string;
  timestamp: ColumnType<Date, Date | string | undefined, Date | string>;
  status: Generated<'open' | 'resolved'>;
}

export interface Database {
  users: UsersTable;
  user_settings: UserSettingsTable;
  sessions: SessionsTable;
  refresh_tokens: RefreshTokensTable;
  password_reset_codes: PasswordResetCodesTable;
  login_failures: LoginFailuresTable;
  checkins: CheckinsTable;
  content_items: ContentItemsTable;
  cbt_entries: CbtEntriesTable;
  journal_entries: JournalEntriesTable;
  interaction_logs: InteractionLogsTable;
  community_categories: CommunityCategoriesTable;
  community_posts: CommunityPostsTable;
  community_replies: CommunityRepliesTable;
  moderation_reports: ModerationReportsTable;
  devices: DevicesTable;
  daily_tip_schedule: DailyTipScheduleTable;
  notification_slices: NotificationSlicesTable;
  notification_sends: NotificationSendsTable;
}

export type UserRow = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;

export interface DevicesTable {
  id: Generated<string>;
  user_id: string;
  platform: 'fcm' | 'apns';
  token: string;
  app_version: string | null;
  created_at: CreatedAt;
  last_seen_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface DailyTipScheduleTable {
  local_date: ColumnType<string, string, string>;
  content_item_id: string;
  created_at: CreatedAt;
}

export interface NotificationSlicesTable {
  kind: string;
  timezone: string;
  local_date: ColumnType<string, string, string>;
  created_at: CreatedAt;
  batches: Generated<number>;
}

export interface NotificationSendsTable {
  id: Generated<string>;
  notification_key: string;
  user_id: string;
  device_id: string | null;
  kind: 'daily-tip' | 'checkin-reminder';
  local_date: ColumnType<string, string, string>;
  platform: 'fcm' | 'apns';
  content_item_id: string | null;
  title: string;
  body: string;
  status: Generated<'pending' | 'sent' | 'failed' | 'invalid_token'>;
  error: string | null;
  created_at: CreatedAt;
  sent_at: Date | null;
}
