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
  journal_data_keys: JournalDataKeysTable;
}

export type UserRow = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
