import type { ConsentPurpose, ConsentSource } from '@wbn/contracts/consent';
import { type RawBuilder, sql } from 'kysely';
import type { DbOrTx } from '../db/database.ts';

const HISTORY_MAX = 500;

/**
 * A condition for other queries over users: the person's latest event for `purpose` is a grant of
 * at least `minVersion`. The ledger's SQL stays here, where the table is owned.
 */
export function hasConsentSql(
  userIdColumn: string,
  purpose: ConsentPurpose,
  minVersion: number,
): RawBuilder<boolean> {
  return sql<boolean>`coalesce((
    SELECT c.granted AND c.policy_version >= ${minVersion} FROM consent_events c
     WHERE c.user_id = ${sql.ref(userIdColumn)} AND c.purpose = ${purpose}
     ORDER BY c.id DESC LIMIT 1), false)`;
}

/** The consent ledger (`consent_events`): inserts and reads only; the table refuses updates. */
export function createConsentRepository() {
  return {
    insert(
      db: DbOrTx,
      event: {
        user_id: string;
        purpose: ConsentPurpose;
        policy_version: number;
        granted: boolean;
        source: ConsentSource;
        at: Date;
      },
    ) {
      return db
        .insertInto('consent_events')
        .values(event)
        .returning(['purpose', 'policy_version', 'granted', 'source', 'at'])
        .executeTakeFirstOrThrow();
    },

    /** The latest event of each purpose the person has any event for. */
    latestPerPurpose(db: DbOrTx, userId: string) {
      return db
        .selectFrom('consent_events')
        .distinctOn('purpose')
        .select(['purpose', 'policy_version', 'granted', 'source', 'at'])
        .where('user_id', '=', userId)
        .orderBy('purpose')
        .orderBy('id', 'desc')
        .execute();
    },

    latest(db: DbOrTx, userId: string, purpose: ConsentPurpose) {
      return db
        .selectFrom('consent_events')
        .select(['purpose', 'policy_version', 'granted', 'source', 'at'])
        .where('user_id', '=', userId)
        .where('purpose', '=', purpose)
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
    },

    history(db: DbOrTx, userId: string) {
      return db
        .selectFrom('consent_events')
        .select(['purpose', 'policy_version', 'granted', 'source', 'at'])
        .where('user_id', '=', userId)
        .orderBy('id', 'desc')
        .limit(HISTORY_MAX)
        .execute();
    },
  };
}
export type ConsentRepository = ReturnType<typeof createConsentRepository>;
