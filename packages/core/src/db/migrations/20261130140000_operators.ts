import { type Kysely, sql } from 'kysely';

/**
 * Operators run the service: they grant roles, watch the job queues and load content. The flag is
 * set only from the command line (`pnpm admin user grant <username> --operator`), never through the
 * API, so no account can make itself or another account an operator over HTTP.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE users ADD COLUMN is_operator boolean NOT NULL DEFAULT false`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE users DROP COLUMN is_operator`.execute(db);
}
