/**
 * Every table that holds rows about a person, and what of it the export carries. This list is the
 * export's schema (export_version in contracts/account.ts): a test reads the database catalogue and
 * fails when a table with a column referencing users is missing here.
 *
 * Left out on purpose, column by column: credentials and secrets (password hash, refresh-token hashes,
 * one-time-code HMACs, the wrapped journal key, push tokens), other people's identities (which
 * moderator acted) and other people's text (what a moderator wrote about someone else's content).
 * Journal content is exported decrypted (see export.service.ts), never as stored bytes.
 */
export interface ExportSection {
  /** The key in the export document and the CSV file name in the ZIP. */
  name: string;
  table: string;
  /** The column holding the person's id. */
  userColumn: string;
  columns: string[];
  /** A one-row section (the profile, the settings): an object, or null, instead of a list. */
  single?: boolean;
  orderBy?: string;
}

export const EXPORT_SECTIONS: ExportSection[] = [
  {
    name: 'profile',
    table: 'users',
    userColumn: 'id',
    single: true,
    columns: [
      'id',
      'username',
      'email',
      'email_verified_at',
      'demographics',
      'is_premium',
      'is_moderator',
      'is_banned',
      'silenced_until',
      'pseudonym',
      'timezone',
      'country',
      'is_operator',
      'created_at',
      'updated_at',
    ],
  },
  {
    name: 'settings',
    table: 'user_settings',
    userColumn: 'user_id',
    single: true,
    // journal_insights_opt_in is the insights consent state.
    columns: ['notifications_enabled', 'journal_insights_opt_in', 'reminder_time'],
  },
  {
    name: 'devices',
    table: 'devices',
    userColumn: 'user_id',
    columns: ['id', 'platform', 'app_version', 'created_at', 'last_seen_at'],
    orderBy: 'created_at',
  },
  {
    name: 'checkins',
    table: 'checkins',
    userColumn: 'user_id',
    columns: ['id', 'timestamp', 'anxiety_level', 'triggers'],
    orderBy: 'timestamp',
  },
  {
    name: 'cbt_entries',
    table: 'cbt_entries',
    userColumn: 'user_id',
    columns: ['id', 'type', 'data', 'timestamp'],
    orderBy: 'timestamp',
  },
  {
    name: 'interaction_logs',
    table: 'interaction_logs',
    userColumn: 'user_id',
    columns: ['id', 'timestamp', 'duration', 'tool', 'notes'],
    orderBy: 'timestamp',
  },
  {
    name: 'journal_entries',
    table: 'journal_entries',
    userColumn: 'user_id',
    columns: ['id', 'timestamp', 'prompt_id', 'created_at'],
    orderBy: 'timestamp',
  },
  {
    name: 'journal_key',
    table: 'journal_data_keys',
    userColumn: 'user_id',
    single: true,
    columns: ['key_id', 'kek_id', 'created_at', 'rewrapped_at'],
  },
  {
    name: 'community_posts',
    table: 'community_posts',
    userColumn: 'author_user_id',
    columns: [
      'id',
      'category_id',
      'author_pseudonym',
      'timestamp',
      'title',
      'content',
      'is_hidden',
      'deleted_at',
      'edited_at',
    ],
    orderBy: 'timestamp',
  },
  {
    name: 'community_replies',
    table: 'community_replies',
    userColumn: 'author_user_id',
    columns: [
      'id',
      'post_id',
      'author_pseudonym',
      'timestamp',
      'content',
      'is_hidden',
      'deleted_at',
      'edited_at',
    ],
    orderBy: 'timestamp',
  },
  {
    name: 'reports_filed',
    table: 'moderation_reports',
    userColumn: 'reporter_user_id',
    columns: [
      'id',
      'content_type',
      'content_id',
      'reason',
      'timestamp',
      'status',
      'resolution',
      'resolved_at',
    ],
    orderBy: 'timestamp',
  },
  {
    name: 'reports_resolved_as_moderator',
    table: 'moderation_reports',
    userColumn: 'resolved_by',
    columns: ['id', 'content_type', 'content_id', 'status', 'resolution', 'resolved_at'],
    orderBy: 'resolved_at',
  },
  {
    name: 'moderation_actions_about_you',
    table: 'moderation_actions',
    userColumn: 'target_user_id',
    columns: [
      'id',
      'action',
      'content_type',
      'content_id',
      'reason',
      'before_text',
      'after_text',
      'until',
      'created_at',
    ],
    orderBy: 'created_at',
  },
  {
    name: 'moderation_actions_taken',
    table: 'moderation_actions',
    userColumn: 'moderator_user_id',
    columns: ['id', 'action', 'content_type', 'content_id', 'until', 'created_at'],
    orderBy: 'created_at',
  },
  {
    name: 'moderation_notices',
    table: 'moderation_notices',
    userColumn: 'user_id',
    columns: ['id', 'action', 'content_type', 'content_id', 'reason', 'until', 'created_at'],
    orderBy: 'created_at',
  },
  {
    name: 'appeals_filed',
    table: 'moderation_appeals',
    userColumn: 'user_id',
    columns: ['id', 'notice_id', 'text', 'status', 'created_at', 'decided_at', 'decision_reason'],
    orderBy: 'created_at',
  },
  {
    // Another person's appeal text is theirs: a moderator's export carries only their own decision.
    name: 'appeals_decided_as_moderator',
    table: 'moderation_appeals',
    userColumn: 'decided_by',
    columns: ['id', 'status', 'decided_at', 'decision_reason'],
    orderBy: 'decided_at',
  },
  {
    // The whole consent ledger: every grant and withdrawal, with the policy version it named.
    name: 'consents',
    table: 'consent_events',
    userColumn: 'user_id',
    columns: ['purpose', 'policy_version', 'granted', 'source', 'at'],
    orderBy: 'id',
  },
  {
    name: 'notification_deliveries',
    table: 'notification_sends',
    userColumn: 'user_id',
    columns: [
      'id',
      'kind',
      'local_date',
      'platform',
      'content_item_id',
      'title',
      'body',
      'status',
      'created_at',
      'sent_at',
    ],
    orderBy: 'created_at',
  },
  {
    name: 'sessions',
    table: 'sessions',
    userColumn: 'user_id',
    columns: [
      'id',
      'created_at',
      'last_seen_at',
      'expires_at',
      'revoked_at',
      'revoked_reason',
      'user_agent',
      'ip_prefix',
    ],
    orderBy: 'created_at',
  },
  {
    name: 'refresh_tokens',
    table: 'refresh_tokens',
    userColumn: 'user_id',
    columns: ['id', 'session_id', 'created_at', 'expires_at', 'rotated_at'],
    orderBy: 'created_at',
  },
  {
    name: 'one_time_codes',
    table: 'password_reset_codes',
    userColumn: 'user_id',
    columns: ['id', 'purpose', 'created_at', 'expires_at', 'attempts', 'consumed_at', 'voided_at'],
    orderBy: 'created_at',
  },
  {
    name: 'sign_in_throttle',
    table: 'login_failures',
    userColumn: 'user_id',
    single: true,
    columns: ['failures', 'window_started_at'],
  },
  {
    name: 'activity_log',
    table: 'activity_log',
    userColumn: 'user_id',
    columns: ['id', 'kind', 'actor', 'operator', 'session_id', 'details', 'created_at'],
    orderBy: 'created_at',
  },
  {
    name: 'exports',
    table: 'data_exports',
    userColumn: 'user_id',
    columns: ['id', 'status', 'requested_at', 'ready_at', 'expires_at', 'bytes', 'downloaded_at'],
    orderBy: 'requested_at',
  },
];
