import { type Kysely, sql } from 'kysely';

/**
 * What a person needs to see and control their account and data:
 * - sessions carry a coarse description of where they came from (user agent, the network prefix of
 *   the address, never the address itself) and when they were last seen (written at most once a minute);
 * - email addresses must be confirmed before reset codes or alerts go to them: one-time codes share
 *   the reset-code table, told apart by purpose, and a verification code remembers the address it is for;
 * - the person's own activity log (append-only, no content, kept 365 days);
 * - data exports: one row per request, the encrypted file in the media store until it expires.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE sessions
      ADD COLUMN last_seen_at  timestamptz,
      ADD COLUMN user_agent    text,
      ADD COLUMN ip_prefix     text;
    -- "Have we seen this device before?" for sign-in alerts.
    CREATE INDEX sessions_user_id_user_agent_idx ON sessions (user_id, user_agent);

    ALTER TABLE users ADD COLUMN email_verified_at timestamptz;
    -- Addresses given before verification existed were already used for resets: they stay usable.
    UPDATE users SET email_verified_at = created_at WHERE email IS NOT NULL;

    ALTER TABLE password_reset_codes
      ADD COLUMN purpose  text NOT NULL DEFAULT 'password-reset'
        CHECK (purpose IN ('password-reset', 'email-verification')),
      ADD COLUMN email    text;
    DROP INDEX password_reset_codes_user_id_idx;
    CREATE INDEX password_reset_codes_user_id_idx ON password_reset_codes (user_id, purpose, created_at DESC);

    CREATE TABLE activity_log (
      id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      kind        text NOT NULL,
      actor       text NOT NULL CHECK (actor IN ('self', 'operator', 'moderator', 'system')),
      operator    text,
      session_id  uuid,
      details     jsonb NOT NULL DEFAULT '{}',
      created_at  timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX activity_log_user_id_idx ON activity_log (user_id, created_at DESC, id DESC);
    CREATE INDEX activity_log_created_at_idx ON activity_log (created_at);

    CREATE TABLE data_exports (
      id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id        uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      status         text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'ready', 'failed', 'expired')),
      requested_at   timestamptz NOT NULL,
      ready_at       timestamptz,
      expires_at     timestamptz,
      storage_key    text,
      bytes          integer,
      downloaded_at  timestamptz
    );
    CREATE INDEX data_exports_user_id_idx ON data_exports (user_id, requested_at DESC);
    CREATE INDEX data_exports_expires_at_idx ON data_exports (expires_at) WHERE status = 'ready';
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE data_exports, activity_log;
    DROP INDEX password_reset_codes_user_id_idx;
    ALTER TABLE password_reset_codes DROP COLUMN email, DROP COLUMN purpose;
    CREATE INDEX password_reset_codes_user_id_idx ON password_reset_codes (user_id, created_at DESC);
    ALTER TABLE users DROP COLUMN email_verified_at;
    DROP INDEX sessions_user_id_user_agent_idx;
    ALTER TABLE sessions DROP COLUMN ip_prefix, DROP COLUMN user_agent, DROP COLUMN last_seen_at;
  `.execute(db);
}
