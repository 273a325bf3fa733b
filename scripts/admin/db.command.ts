import { type AdminCommand, positional, UsageError } from './command.ts';

/**
 * pnpm admin db migrate — the runtime has already applied pending migrations on connect (unless
 * MIGRATE_ON_START=false, in which case this is the separate step); this reports where we stand.
 */
export const dbCommand: AdminCommand = {
  name: 'db',
  usage: ['db migrate'],
  async run(args, runtime, print) {
    const action = positional(args, 0, 'action (migrate)');
    if (action !== 'migrate') throw new UsageError(`unknown action "${action}"`);
    const { migrateToLatest } = await import('@wbn/core/db/migrate');
    const result = await migrateToLatest(runtime.db);
    const applied = result.results ?? [];
    print(
      applied.length === 0
        ? 'database is up to date'
        : applied.map((m) => `applied ${m.migrationName}`).join('\n'),
    );
  },
};
