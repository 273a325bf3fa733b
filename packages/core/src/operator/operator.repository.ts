import { sql } from 'kysely';
import type { DbOrTx } from '../db/database.ts';

/** pg-boss keeps its jobs in its own schema; operators read it here, never write. */
const BOSS_SCHEMA = sql.id('pgboss');

export function createOperatorRepository() {
  return {
    /** The flag is read fresh on every operator call, so a revoke from the CLI applies at once. */
    async isOperator(db: DbOrTx, userId: string): Promise<boolean> {
      const row = await db
        .selectFrom('users')
        .select('is_operator')
        .where('id', '=', userId)
        .executeTakeFirst();
      return row?.is_operator ?? false;
    },

    /** Live counts per queue (not pg-boss's periodically refreshed cache), dead-letter queue included. */
    async queueStats(db: DbOrTx) {
      const result = await sql<{
        name: string;
        dead_letter: string | null;
        queued: number;
        active: number;
        failed: number;
        completed: number;
      }>`
        SELECT q.name, q.dead_letter,
               count(j.id) FILTER (WHERE j.state IN ('created', 'retry'))::int AS queued,
               count(j.id) FILTER (WHERE j.state = 'active')::int AS active,
               count(j.id) FILTER (WHERE j.state = 'failed')::int AS failed,
               count(j.id) FILTER (WHERE j.state = 'completed')::int AS completed
          FROM ${BOSS_SCHEMA}.queue q
          LEFT JOIN ${BOSS_SCHEMA}.job j ON j.name = q.name
         GROUP BY q.name, q.dead_letter
         ORDER BY q.name
      `.execute(db);
      return result.rows;
    },
  };
}
export type OperatorRepository = ReturnType<typeof createOperatorRepository>;
