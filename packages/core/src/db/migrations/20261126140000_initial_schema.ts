import { type Kysely, sql } from 'kysely';

/**
 * The whole data model of the spec's section 4, with its table and column names, plus what
 * accounts need: pseudonyms, bans, time zones, sessions with rotating refresh tokens, reset codes
 * and login throttling. Every per-user table cascades from `users`, so deleting a user is one
 * statement. Enumerations are text + CHECK so later migrations can widen them in a transaction.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE users (
      id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      username       text NOT NULL,
      password_hash  text NOT NULL,
      email          text,
      demographics   jsonb,
      is_premium     boolean NOT NULL DEFAULT false,
      is_moderator   boolean NOT NULL DEFAULT false,
      is_banned      boolean NOT NULL DEFAULT false,
      pseudonym      text NOT NULL,
      timezone       text NOT NULL DEFAULT 'UTC',
      created_at     timestamptz NOT NULL DEFAULT now(),
      updated_at     timestamptz NOT NULL DEFAULT now()
    );
    -- Case-insensitive uniqueness: "Sam" and "sam" are one person to a human reader.
    CREATE UNIQUE INDEX users_username_key ON users (lower(username));
    CREATE UNIQUE INDEX users_email_key ON users (lower(email)) WHERE email IS NOT NULL;
    CREATE UNIQUE INDEX users_pseudonym_key ON users (pseudonym);

    CREATE TABLE user_settings (
      id                       uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id                  uuid NOT NULL UNIQUE REFERENCES users (id) ON DELETE CASCADE,
      notifications_enabled    boolean NOT NULL DEFAULT false,
      fcm_token                text,
      apns_token               text,
      journal_insights_opt_in  boolean NOT NULL DEFAULT false
    );

    CREATE TABLE sessions (
      id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id         uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      created_at      timestamptz NOT NULL DEFAULT now(),
      last_used_at    timestamptz NOT NULL DEFAULT now(),
      expires_at      timestamptz NOT NULL,
      revoked_at      timestamptz,
      revoked_reason  text
    );
    CREATE INDEX sessions_user_id_idx ON sessions (user_id);

    -- One row per refresh token ever issued in a session (its "family"). Presenting a token that was
    -- already rotated means it leaked: the whole session is revoked.
    CREATE TABLE refresh_tokens (
      id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      session_id  uuid NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
      user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      token_hash  bytea NOT NULL UNIQUE,
      created_at  timestamptz NOT NULL DEFAULT now(),
      expires_at  timestamptz NOT NULL,
      rotated_at  timestamptz
    );
    CREATE INDEX refresh_tokens_session_id_idx ON refresh_tokens (session_id);
    CREATE INDEX refresh_tokens_user_id_idx ON refresh_tokens (user_id);

    CREATE TABLE password_reset_codes (
      id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      code_hmac    bytea NOT NULL,
      created_at   timestamptz NOT NULL DEFAULT now(),
      expires_at   timestamptz NOT NULL,
      attempts     integer NOT NULL DEFAULT 0,
      consumed_at  timestamptz,
      voided_at    timestamptz
    );
    CREATE INDEX password_reset_codes_user_id_idx ON password_reset_codes (user_id, created_at DESC);

    CREATE TABLE login_failures (
      user_id            uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
      failures           integer NOT NULL,
      window_started_at  timestamptz NOT NULL
    );

    CREATE TABLE checkins (
      id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id        uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      "timestamp"    timestamptz NOT NULL,
      anxiety_level  integer NOT NULL CHECK (anxiety_level BETWEEN 0 AND 10),
      triggers       text[] NOT NULL DEFAULT '{}'
    );
    CREATE INDEX checkins_user_id_timestamp_idx ON checkins (user_id, "timestamp" DESC);

    CREATE TABLE content_items (
      id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      type               text NOT NULL CHECK (type IN ('module', 'article', 'tip', 'exercise', 'prompt')),
      title              text NOT NULL,
      description        text,
      content_structure  jsonb NOT NULL DEFAULT '{}',
      media_url          text,
      created_at         timestamptz NOT NULL DEFAULT now(),
      updated_at         timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX content_items_type_idx ON content_items (type, title);

    CREATE TABLE cbt_entries (
      id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      type         text NOT NULL CHECK (type IN ('thought-record')),
      data         jsonb NOT NULL,
      "timestamp"  timestamptz NOT NULL
    );
    CREATE INDEX cbt_entries_user_id_timestamp_idx ON cbt_entries (user_id, "timestamp" DESC);

    CREATE TABLE journal_entries (
      id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      "timestamp"  timestamptz NOT NULL,
      content      bytea NOT NULL,
      prompt_id    uuid REFERENCES content_items (id) ON DELETE SET NULL,
      created_at   timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX journal_entries_user_id_timestamp_idx ON journal_entries (user_id, "timestamp" DESC);
    CREATE INDEX journal_entries_prompt_id_idx ON journal_entries (prompt_id);

    CREATE TABLE interaction_logs (
      id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      "timestamp"  timestamptz NOT NULL,
      duration     integer NOT NULL CHECK (duration > 0),
      tool         text NOT NULL,
      notes        text
    );
    CREATE INDEX interaction_logs_user_id_timestamp_idx ON interaction_logs (user_id, "timestamp" DESC);

    CREATE TABLE community_categories (
      id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name         text NOT NULL UNIQUE,
      description  text NOT NULL DEFAULT ''
    );

    CREATE TABLE community_posts (
      id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      category_id       uuid NOT NULL REFERENCES community_categories (id) ON DELETE CASCADE,
      author_user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      author_pseudonym  text NOT NULL,
      "timestamp"       timestamptz NOT NULL DEFAULT now(),
      title             text NOT NULL,
      content           text NOT NULL
    );
    CREATE INDEX community_posts_category_id_timestamp_idx ON community_posts (category_id, "timestamp" DESC);
    CREATE INDEX community_posts_author_user_id_idx ON community_posts (author_user_id);

    CREATE TABLE community_replies (
      id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      post_id           uuid NOT NULL REFERENCES community_posts (id) ON DELETE CASCADE,
      author_user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      author_pseudonym  text NOT NULL,
      "timestamp"       timestamptz NOT NULL DEFAULT now(),
      content           text NOT NULL
    );
    CREATE INDEX community_replies_post_id_timestamp_idx ON community_replies (post_id, "timestamp");
    CREATE INDEX community_replies_author_user_id_idx ON community_replies (author_user_id);

    CREATE TABLE moderation_reports (
      id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      reporter_user_id  uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      content_type      text NOT NULL CHECK (content_type IN ('post', 'reply')),
      content_id        uuid NOT NULL,
      reason            text NOT NULL,
      "timestamp"       timestamptz NOT NULL DEFAULT now(),
      status            text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved'))
    );
    CREATE INDEX moderation_reports_reporter_user_id_idx ON moderation_reports (reporter_user_id);
    CREATE INDEX moderation_reports_content_idx ON moderation_reports (content_type, content_id);
    CREATE INDEX moderation_reports_status_timestamp_idx ON moderation_reports (status, "timestamp" DESC);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE moderation_reports, community_replies, community_posts, community_categories,
      interaction_logs, journal_entries, cbt_entries, content_items, checkins, login_failures,
      password_reset_codes, refresh_tokens, sessions, user_settings, users;
  `.execute(db);
}
