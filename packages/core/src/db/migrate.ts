import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import { FileMigrationProvider, type MigrationResultSet, Migrator } from 'kysely/migration';
import type { Database } from './schema.ts';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export function createMigrator(db: Kysely<Database>): Migrator {
  return new Migrator({
    db,
    provider: new FileMigrationProvider({ fs, path, migrationFolder: MIGRATIONS_DIR }),
    // Modules land from parallel branches: a migration merged later may carry an earlier timestamp.
    // Each one is independent of the others' order, so apply whatever has not run yet.
    allowUnorderedMigrations: true,
  });
}

/**
 * Applies every pending migration. Kysely takes an advisory lock, so several processes starting at
 * once migrate exactly once.
 */
export async function migrateToLatest(db: Kysely<Database>): Promise<MigrationResultSet> {
  const result = await createMigrator(db).migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName;
    const reason = result.error instanceof Error ? result.error.message : String(result.error);
    throw new Error(failed ? `Migration ${failed} failed: ${reason}` : `Migrations cannot run: ${reason}`, {
      cause: result.error,
    });
  }
  return result;
}
