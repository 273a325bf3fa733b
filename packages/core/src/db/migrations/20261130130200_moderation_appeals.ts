import { type Kysely, sql } from 'kysely';

/**
 * Appeals against moderation decisions: one per notice (the notice is the statement of reasons
 * the person appeals against), decided by a moderator other than the one who acted. The audit log
 * learns two new entries, the decisions themselves.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE moderation_appeals (
      id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id          uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      notice_id        uuid NOT NULL UNIQUE REFERENCES moderation_notices (id) ON DELETE CASCADE,
      text             text NOT NULL,
      status           text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'upheld', 'overturned')),
      created_at       timestamptz NOT NULL DEFAULT now(),
      decided_at       timestamptz,
      decided_by       uuid REFERENCES users (id) ON DELETE SET NULL,
      decision_reason  text
    );
    CREATE INDEX moderation_appeals_user_id_idx ON moderation_appeals (user_id);
    CREATE INDEX moderation_appeals_queue_idx ON moderation_appeals (status, created_at, id);
    CREATE INDEX moderation_appeals_decided_by_idx ON moderation_appeals (decided_by);

    ALTER TABLE moderation_actions DROP CONSTRAINT moderation_actions_action_check;
    ALTER TABLE moderation_actions ADD CONSTRAINT moderation_actions_action_check CHECK (action IN
      ('hide', 'unhide', 'delete', 'edit', 'warn', 'silence', 'ban', 'unban', 'appeal_upheld', 'appeal_overturned'));
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE moderation_appeals;
    ALTER TABLE moderation_actions DROP CONSTRAINT moderation_actions_action_check;
    ALTER TABLE moderation_actions ADD CONSTRAINT moderation_actions_action_check CHECK (action IN
      ('hide', 'unhide', 'delete', 'edit', 'warn', 'silence', 'ban', 'unban'));
  `.execute(db);
}
