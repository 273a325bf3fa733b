import { type Kysely, sql } from 'kysely';

/**
 * Tracking and the journal cipher.
 * - journal_data_keys: one random data key per user, stored only wrapped by a key-encryption key
 *   that lives outside the database (kek_id says which). Cascades with the user, so deleting the
 *   account leaves no key that could open a leftover ciphertext (in a backup, say).
 * - The check-in index covers what analytics read (level, triggers), so a user's history is served
 *   by an index-only range scan instead of one heap fetch per row; it replaces the plain one.
 * - interaction_logs likewise carries tool and duration for the per-tool sums.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE journal_data_keys (
      user_id      uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
      key_id       uuid NOT NULL DEFAULT gen_random_uuid(),
      kek_id       text NOT NULL,
      wrapped_key  bytea NOT NULL,
      created_at   timestamptz NOT NULL DEFAULT now(),
      rewrapped_at timestamptz
    );
    -- Rotation walks the keys still wrapped by an old KEK.
    CREATE INDEX journal_data_keys_kek_id_idx ON journal_data_keys (kek_id);

    CREATE INDEX checkins_user_id_timestamp_covering_idx
      ON checkins (user_id, "timestamp" DESC, id DESC) INCLUDE (anxiety_level, triggers);
    DROP INDEX checkins_user_id_timestamp_idx;

    CREATE INDEX interaction_logs_user_id_timestamp_covering_idx
      ON interaction_logs (user_id, "timestamp" DESC, id DESC) INCLUDE (tool, duration);
    DROP INDEX interaction_logs_user_id_timestamp_idx;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX interaction_logs_user_id_timestamp_idx ON interaction_logs (user_id, "timestamp" DESC);
    DROP INDEX interaction_logs_user_id_timestamp_covering_idx;
    CREATE INDEX checkins_user_id_timestamp_idx ON checkins (user_id, "timestamp" DESC);
    DROP INDEX checkins_user_id_timestamp_covering_idx;
    DROP TABLE journal_data_keys;
  `.execute(db);
}
