import { type Kysely, sql } from 'kysely';

/** The person's country (ISO 3166-1 alpha-2), optional: it picks the help lines shown to them. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE users ADD COLUMN country text CHECK (country ~ '^[A-Z]{2}$')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE users DROP COLUMN country`.execute(db);
}
