import { type Kysely, sql } from 'kysely';

/**
 * Every change that must end or alter a live session — a revoked or deleted session, a ban, a role
 * change, a deleted account — announces the user's id on the `wbn_auth_changes` channel, whoever made
 * it (an API process, the admin CLI, a moderator, SQL by hand). API processes that cache verified
 * sessions listen and forget that user's entries. NOTIFY is delivered at commit, never for a rollback.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION notify_auth_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      -- TG_ARGV[0] names the column holding the user id ("id" on users, "user_id" on sessions).
      PERFORM pg_notify('wbn_auth_changes', to_jsonb(OLD) ->> TG_ARGV[0]);
      RETURN NULL;
    END $$;

    CREATE TRIGGER users_auth_change
      AFTER UPDATE OF is_banned, is_premium, is_moderator, username OR DELETE ON users
      FOR EACH ROW EXECUTE FUNCTION notify_auth_change('id');

    CREATE TRIGGER sessions_auth_change
      AFTER UPDATE OF revoked_at, expires_at OR DELETE ON sessions
      FOR EACH ROW EXECUTE FUNCTION notify_auth_change('user_id');
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TRIGGER sessions_auth_change ON sessions;
    DROP TRIGGER users_auth_change ON users;
    DROP FUNCTION notify_auth_change();
  `.execute(db);
}
