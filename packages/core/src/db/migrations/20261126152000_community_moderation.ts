import { type Kysely, sql } from 'kysely';

/**
 * What the forum and its moderators need on top of the spec's tables:
 * - visibility on posts and replies (hidden by flags / a moderator / a watched word, soft-deleted,
 *   edited), with partial indexes that hold visible rows only, in the order the lists read them;
 * - a per-category count of visible posts kept exact by a statement-level trigger, so `total_posts`
 *   is a primary-key read instead of counting 100 k index entries;
 * - weighted, de-duplicated reports with a queue priority, and who resolved them;
 * - users.silenced_until; an append-only moderation_actions log; notices to the affected user;
 * - archivable, ordered categories and the starting set shipped with the app.
 *
 * Erasure vs. audit: when the *affected* user deletes their account, the log rows about them (which
 * can hold their text, e.g. an edit's before/after) are deleted with everything else of theirs by the
 * cascade. When a *moderator* deletes their account, the rows stay and only moderator_user_id becomes
 * NULL ("a former moderator"). The trigger allows exactly these two writes and nothing else.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE users ADD COLUMN silenced_until timestamptz;

    ALTER TABLE community_categories
      ADD COLUMN position            integer NOT NULL DEFAULT 0,
      ADD COLUMN archived_at         timestamptz,
      ADD COLUMN created_at          timestamptz NOT NULL DEFAULT now(),
      ADD COLUMN visible_post_count  integer NOT NULL DEFAULT 0;

    ALTER TABLE community_posts
      ADD COLUMN is_hidden      boolean NOT NULL DEFAULT false,
      ADD COLUMN hidden_reason  text CHECK (hidden_reason IN ('flags', 'moderator')),
      ADD COLUMN deleted_at     timestamptz,
      ADD COLUMN edited_at      timestamptz;
    ALTER TABLE community_replies
      ADD COLUMN is_hidden      boolean NOT NULL DEFAULT false,
      ADD COLUMN hidden_reason  text CHECK (hidden_reason IN ('flags', 'moderator')),
      ADD COLUMN deleted_at     timestamptz,
      ADD COLUMN edited_at      timestamptz;

    -- Post list: visible posts of a category, newest first; the OFFSET walk of deep pages reads only
    -- this index (index-only scan), and the 20 rows of the page are then fetched by primary key.
    CREATE INDEX community_posts_visible_idx ON community_posts (category_id, "timestamp" DESC, id DESC)
      WHERE NOT is_hidden AND deleted_at IS NULL;
    -- Post detail and reply_count: visible replies of a post, oldest first (keyset pages on (timestamp, id)).
    CREATE INDEX community_replies_visible_idx ON community_replies (post_id, "timestamp", id)
      WHERE NOT is_hidden AND deleted_at IS NULL;
    -- The purge of soft-deleted text scans only deleted rows.
    CREATE INDEX community_posts_deleted_idx ON community_posts (deleted_at) WHERE deleted_at IS NOT NULL;
    CREATE INDEX community_replies_deleted_idx ON community_replies (deleted_at) WHERE deleted_at IS NOT NULL;

    CREATE FUNCTION community_posts_count_visible() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        UPDATE community_categories c SET visible_post_count = c.visible_post_count + d.n
          FROM (SELECT category_id, count(*) AS n FROM new_rows
                WHERE NOT is_hidden AND deleted_at IS NULL GROUP BY category_id) d
         WHERE c.id = d.category_id;
      ELSIF TG_OP = 'DELETE' THEN
        UPDATE community_categories c SET visible_post_count = c.visible_post_count - d.n
          FROM (SELECT category_id, count(*) AS n FROM old_rows
                WHERE NOT is_hidden AND deleted_at IS NULL GROUP BY category_id) d
         WHERE c.id = d.category_id;
      ELSE
        UPDATE community_categories c SET visible_post_count = c.visible_post_count + d.n
          FROM (SELECT category_id, sum(delta) AS n FROM (
                  SELECT category_id, 1 AS delta FROM new_rows WHERE NOT is_hidden AND deleted_at IS NULL
                  UNION ALL
                  SELECT category_id, -1 FROM old_rows WHERE NOT is_hidden AND deleted_at IS NULL) x
                GROUP BY category_id HAVING sum(delta) <> 0) d
         WHERE c.id = d.category_id;
      END IF;
      RETURN NULL;
    END $$;
    -- Statement-level with transition tables: a bulk insert or a cascade costs one UPDATE per category.
    CREATE TRIGGER community_posts_count_insert AFTER INSERT ON community_posts
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION community_posts_count_visible();
    CREATE TRIGGER community_posts_count_update AFTER UPDATE ON community_posts
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION community_posts_count_visible();
    CREATE TRIGGER community_posts_count_delete AFTER DELETE ON community_posts
      REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION community_posts_count_visible();

    -- Reports. reporter_user_id NULL = raised by the system (a watched word), not by a person.
    ALTER TABLE moderation_reports
      ALTER COLUMN reporter_user_id DROP NOT NULL,
      ADD COLUMN weight          integer NOT NULL DEFAULT 1 CHECK (weight >= 0),
      ADD COLUMN priority        smallint NOT NULL DEFAULT 0,
      ADD COLUMN resolved_at     timestamptz,
      ADD COLUMN resolved_by     uuid REFERENCES users (id) ON DELETE SET NULL,
      ADD COLUMN resolution      text;
    ALTER TABLE moderation_reports
      ADD CONSTRAINT moderation_reports_one_per_reporter UNIQUE (reporter_user_id, content_type, content_id);
    -- The queue: open reports, items hidden pending review first, then newest.
    CREATE INDEX moderation_reports_queue_idx ON moderation_reports (status, priority DESC, "timestamp" DESC);
    CREATE INDEX moderation_reports_resolved_by_idx ON moderation_reports (resolved_by);

    CREATE TABLE moderation_actions (
      id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      moderator_user_id  uuid REFERENCES users (id) ON DELETE SET NULL,
      target_user_id     uuid REFERENCES users (id) ON DELETE CASCADE,
      action             text NOT NULL CHECK (action IN ('hide', 'unhide', 'delete', 'edit', 'warn', 'silence', 'ban', 'unban')),
      content_type       text CHECK (content_type IN ('post', 'reply')),
      content_id         uuid,
      reason             text,
      before_text        text,
      after_text         text,
      until              timestamptz,
      created_at         timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX moderation_actions_created_at_idx ON moderation_actions (created_at DESC, id DESC);
    CREATE INDEX moderation_actions_target_user_id_idx ON moderation_actions (target_user_id, created_at DESC);
    CREATE INDEX moderation_actions_moderator_user_id_idx ON moderation_actions (moderator_user_id);
    CREATE INDEX moderation_actions_content_idx ON moderation_actions (content_type, content_id);

    CREATE FUNCTION moderation_actions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      -- The cascade of the affected user's account deletion: that user no longer exists.
      IF TG_OP = 'DELETE' AND OLD.target_user_id IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM users WHERE id = OLD.target_user_id) THEN
        RETURN OLD;
      END IF;
      -- ON DELETE SET NULL of a departed moderator: only that column changes, and the moderator is gone.
      IF TG_OP = 'UPDATE' AND OLD.moderator_user_id IS NOT NULL AND NEW.moderator_user_id IS NULL
         AND (to_jsonb(NEW) - 'moderator_user_id') = (to_jsonb(OLD) - 'moderator_user_id')
         AND NOT EXISTS (SELECT 1 FROM users WHERE id = OLD.moderator_user_id) THEN
        RETURN NEW;
      END IF;
      RAISE EXCEPTION 'moderation_actions is append-only' USING ERRCODE = 'insufficient_privilege';
    END $$;
    CREATE TRIGGER moderation_actions_append_only BEFORE UPDATE OR DELETE ON moderation_actions
      FOR EACH ROW EXECUTE FUNCTION moderation_actions_append_only();

    -- The statement of reasons the affected user can read (GET /api/user/moderation-notices).
    CREATE TABLE moderation_notices (
      id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      action_id     uuid REFERENCES moderation_actions (id) ON DELETE CASCADE,
      action        text NOT NULL,
      content_type  text CHECK (content_type IN ('post', 'reply')),
      content_id    uuid,
      reason        text,
      until         timestamptz,
      created_at    timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX moderation_notices_user_id_idx ON moderation_notices (user_id, created_at DESC);
    CREATE INDEX moderation_notices_action_id_idx ON moderation_notices (action_id);

    INSERT INTO community_categories (name, description, position) VALUES
      ('Introductions', 'Say hello and share what brings you here.', 1),
      ('Anxiety & Worry', 'Talk through anxious thoughts and what helps.', 2),
      ('Small Wins', 'Celebrate progress, however small.', 3),
      ('Sleep', 'Rest, routines and restless nights.', 4),
      ('Work & Study', 'Pressure at work, school or university.', 5),
      ('Relationships', 'Family, friends, partners and loneliness.', 6),
      ('Mindfulness', 'Breathing, meditation and staying present.', 7)
    ON CONFLICT (name) DO NOTHING;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE moderation_notices, moderation_actions;
    DROP FUNCTION moderation_actions_append_only();
    DROP INDEX moderation_reports_queue_idx, moderation_reports_resolved_by_idx;
    DELETE FROM moderation_reports WHERE reporter_user_id IS NULL;
    ALTER TABLE moderation_reports
      DROP CONSTRAINT moderation_reports_one_per_reporter,
      DROP COLUMN weight, DROP COLUMN priority, DROP COLUMN resolved_at, DROP COLUMN resolved_by,
      DROP COLUMN resolution,
      ALTER COLUMN reporter_user_id SET NOT NULL;
    DROP TRIGGER community_posts_count_insert ON community_posts;
    DROP TRIGGER community_posts_count_update ON community_posts;
    DROP TRIGGER community_posts_count_delete ON community_posts;
    DROP FUNCTION community_posts_count_visible();
    DROP INDEX community_posts_visible_idx, community_replies_visible_idx, community_posts_deleted_idx,
      community_replies_deleted_idx;
    ALTER TABLE community_replies
      DROP COLUMN is_hidden, DROP COLUMN hidden_reason, DROP COLUMN deleted_at, DROP COLUMN edited_at;
    ALTER TABLE community_posts
      DROP COLUMN is_hidden, DROP COLUMN hidden_reason, DROP COLUMN deleted_at, DROP COLUMN edited_at;
    ALTER TABLE community_categories
      DROP COLUMN position, DROP COLUMN archived_at, DROP COLUMN created_at, DROP COLUMN visible_post_count;
    ALTER TABLE users DROP COLUMN silenced_until;
  `.execute(db);
}
