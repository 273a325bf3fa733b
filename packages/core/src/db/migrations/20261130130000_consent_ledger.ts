import { type Kysely, sql } from 'kysely';

/**
 * The consent ledger: every grant and withdrawal, append-only (a trigger refuses UPDATE and DELETE,
 * but for the cascade of the person's own account deletion). `id` orders the events of one person:
 * two events in the same microsecond still have a defined latest one.
 *
 * Back-fill: people who had already switched on journal insights or notifications, or who had
 * already posted in the community, did so under the first version of each policy. Their state is
 * written as version-1 grants with source 'operator' (this migration wrote them, not the person just
 * now), so nobody loses a feature on upgrade and the ledger says honestly where the row came from.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE consent_events (
      id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      user_id         uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      purpose         text NOT NULL
                      CHECK (purpose IN ('journal_insights', 'push_notifications', 'community_guidelines', 'email_alerts')),
      policy_version  integer NOT NULL CHECK (policy_version >= 1),
      granted         boolean NOT NULL,
      source          text NOT NULL CHECK (source IN ('app', 'api', 'operator')),
      at              timestamptz NOT NULL DEFAULT now()
    );
    -- The latest event of a person and purpose is one index probe.
    CREATE INDEX consent_events_user_purpose_idx ON consent_events (user_id, purpose, id DESC);

    CREATE FUNCTION consent_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' AND NOT EXISTS (SELECT 1 FROM users WHERE id = OLD.user_id) THEN
        RETURN OLD;
      END IF;
      RAISE EXCEPTION 'consent_events is append-only' USING ERRCODE = 'insufficient_privilege';
    END $$;
    CREATE TRIGGER consent_events_append_only BEFORE UPDATE OR DELETE ON consent_events
      FOR EACH ROW EXECUTE FUNCTION consent_events_append_only();

    INSERT INTO consent_events (user_id, purpose, policy_version, granted, source)
      SELECT user_id, 'journal_insights', 1, true, 'operator' FROM user_settings WHERE journal_insights_opt_in;
    INSERT INTO consent_events (user_id, purpose, policy_version, granted, source)
      SELECT user_id, 'push_notifications', 1, true, 'operator' FROM user_settings WHERE notifications_enabled;
    INSERT INTO consent_events (user_id, purpose, policy_version, granted, source)
      SELECT author_user_id, 'community_guidelines', 1, true, 'operator'
        FROM (SELECT author_user_id FROM community_posts UNION SELECT author_user_id FROM community_replies) a;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE consent_events;
    DROP FUNCTION consent_events_append_only();
  `.execute(db);
}
