import { type Kysely, sql } from 'kysely';

/**
 * The CBT tool names live in one place, the contracts' CBT_TOOLS registry, which every write passes
 * through. A CHECK listing them here as well would make a new tool a schema *and* a migration; the
 * column keeps only a shape rule (a short kebab-case name).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE cbt_entries DROP CONSTRAINT cbt_entries_type_check;
    ALTER TABLE cbt_entries ADD CONSTRAINT cbt_entries_type_shape CHECK (type ~ '^[a-z][a-z0-9-]{0,63}$');
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE cbt_entries DROP CONSTRAINT cbt_entries_type_shape;
    ALTER TABLE cbt_entries ADD CONSTRAINT cbt_entries_type_check CHECK (type IN ('thought-record'));
  `.execute(db);
}
