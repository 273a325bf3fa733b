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
  /** Added by 20261130140000_operators; granted from the CLI only. */
  is_operator: Generated<boolean>;
  pseudonym: string;
  timezone: Generated<string>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  silenced_until: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** ISO 3166-1 alpha-2; picks the help lines a person is shown. */
  country: ColumnType<string | null, string | null | undefined, string | null>;
  /** NULL until the current address is confirmed with a code; unconfirmed addresses get no mail but that code. */
  email_verified_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
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
  /** Written at most once a minute per session (see auth.repository touchLastSeen). */
  last_seen_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  user_agent: ColumnType<string | null, string | null | undefined, string | null>;
  /** The /24 (IPv4) or /48 (IPv6) network the session started from; never the full address. */
  ip_prefix: ColumnType<string | null, string | null | undefined, string | null>;
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
  purpose: ColumnType<OneTimeCodePurpose, OneTimeCodePurpose | undefined, OneTimeCodePurpose>;
  /** email-verification only: the address the code confirms. */
  email: ColumnType<string | null, string | null | undefined, string | null>;
}
export type OneTimeCodePurpose = 'password-reset' | 'email-verification';

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
  /** Added by 20261126151000_content_pack: the pack's upsert key and what the loader tracks. */
  slug: Generated<string>;
  crisis_resources: Generated<boolean>;
  content_hash: string | null;
  media_content_type: string | null;
  media_bytes: number | null;
  media_sha256: string | null;
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

export interface JournalDataKeysTable {
  user_id: string;
  key_id: Generated<string>;
  kek_id: string;
  wrapped_key: Buffer;
  created_at: CreatedAt;
  rewrapped_at: Timestamp | null;
}

export interface CommunityCategoriesTable {
  id: Generated<string>;
  name: string;
  description: Generated<string>;
  position: Generated<number>;
  archived_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  created_at: CreatedAt;
  /** Maintained by a trigger on community_posts; never written by the application. */
  visible_post_count: ColumnType<number, never, never>;
}

/** Moderation state shared by posts and replies. */
interface ModeratedContent {
  is_hidden: Generated<boolean>;
  hidden_reason: ColumnType<HiddenReason | null, HiddenReason | null | undefined, HiddenReason | null>;
  deleted_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  edited_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}
export type HiddenReason = 'flags' | 'moderator';

export interface CommunityPostsTable extends ModeratedContent {
  id: Generated<string>;
  category_id: string;
  author_user_id: string;
  author_pseudonym: string;
  timestamp: ColumnType<Date, Date | string | undefined, Date | string>;
  title: string;
  content: string;
}

export interface CommunityRepliesTable extends ModeratedContent {
  id: Generated<string>;
  post_id: string;
  author_user_id: string;
  author_pseudonym: string;
  timestamp: ColumnType<Date, Date | string | undefined, Date | string>;
  content: string;
}

export interface ModerationReportsTable {
  id: Generated<string>;
  /** NULL: raised by the system (a watched word). */
  reporter_user_id: string | null;
  content_type: 'post' | 'reply';
  content_id: string;
  reason: string;
  timestamp: ColumnType<Date, Date | string | undefined, Date | string>;
  status: Generated<'open' | 'resolved'>;
  weight: Generated<number>;
  priority: Generated<number>;
  resolved_at: Date | null;
  resolved_by: string | null;
  resolution: string | null;
}

export type ModerationActionName =
  | 'hide'
  | 'unhide'
  | 'delete'
  | 'edit'
  | 'warn'
  | 'silence'
  | 'ban'
  | 'unban'
  | 'appeal_upheld'
  | 'appeal_overturned';

/** Append-only (a trigger refuses UPDATE and DELETE, but for the account-deletion cascades). */
export interface ModerationActionsTable {
  id: Generated<string>;
  moderator_user_id: string | null;
  target_user_id: string | null;
  action: ModerationActionName;
  content_type: 'post' | 'reply' | null;
  content_id: string | null;
  reason: string | null;
  before_text: string | null;
  after_text: string | null;
  until: Date | null;
  created_at: CreatedAt;
}

export interface ModerationNoticesTable {
  id: Generated<string>;
  user_id: string;
  action_id: string | null;
  action: ModerationActionName | 'auto_hide';
  content_type: 'post' | 'reply' | null;
  content_id: string | null;
  reason: string | null;
  until: Date | null;
  created_at: CreatedAt;
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
  moderation_actions: ModerationActionsTable;
  moderation_notices: ModerationNoticesTable;
  journal_data_keys: JournalDataKeysTable;
  devices: DevicesTable;
  daily_tip_schedule: DailyTipScheduleTable;
  notification_slices: NotificationSlicesTable;
  notification_sends: NotificationSendsTable;
  consent_events: ConsentEventsTable;
  moderation_appeals: ModerationAppealsTable;
  activity_log: ActivityLogTable;
  data_exports: DataExportsTable;
}

export interface ModerationAppealsTable {
  id: Generated<string>;
  user_id: string;
  notice_id: string;
  text: string;
  status: Generated<'open' | 'upheld' | 'overturned'>;
  created_at: CreatedAt;
  decided_at: Date | null;
  decided_by: string | null;
  decision_reason: string | null;
}

/** Append-only (a trigger refuses UPDATE and DELETE, but for the account-deletion cascade). */
export interface ConsentEventsTable {
  id: Generated<string>;
  user_id: string;
  purpose: 'journal_insights' | 'push_notifications' | 'community_guidelines' | 'email_alerts';
  policy_version: number;
  granted: boolean;
  source: 'app' | 'api' | 'operator';
  at: ColumnType<Date, Date | string | undefined, never>;
}

/** Append-only: rows are written by the activity repository and removed only by age or with the account. */
export interface ActivityLogTable {
  id: Generated<string>;
  user_id: string;
  kind: string;
  actor: 'self' | 'operator' | 'moderator' | 'system';
  operator: string | null;
  session_id: string | null;
  details: ColumnType<Record<string, unknown>, string | undefined, never>;
  created_at: CreatedAt;
}

export type DataExportStatus = 'queued' | 'ready' | 'failed' | 'expired';

export interface DataExportsTable {
  id: Generated<string>;
  user_id: string;
  status: ColumnType<DataExportStatus, DataExportStatus | undefined, DataExportStatus>;
  requested_at: Timestamp;
  ready_at: Timestamp | null;
  expires_at: Timestamp | null;
  storage_key: string | null;
  bytes: number | null;
  downloaded_at: Timestamp | null;
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
