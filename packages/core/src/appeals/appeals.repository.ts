import type { DbOrTx } from '../db/database.ts';

type Status = 'open' | 'upheld' | 'overturned';

/** `moderation_appeals`, read together with the notice each one answers. */
export function createAppealsRepository() {
  function withNotice(db: DbOrTx) {
    return db
      .selectFrom('moderation_appeals as a')
      .innerJoin('moderation_notices as n', 'n.id', 'a.notice_id')
      .select([
        'a.id',
        'a.notice_id',
        'a.user_id',
        'a.text',
        'a.status',
        'a.created_at',
        'a.decided_at',
        'a.decision_reason',
        'n.action',
        'n.content_type',
        'n.content_id',
        'n.reason as notice_reason',
      ]);
  }

  return {
    /** Inserts nothing when the notice was appealed before (one appeal per notice). */
    insert(db: DbOrTx, appeal: { user_id: string; notice_id: string; text: string; created_at: Date }) {
      return db
        .insertInto('moderation_appeals')
        .values(appeal)
        .onConflict((oc) => oc.column('notice_id').doNothing())
        .returning('id')
        .executeTakeFirst();
    },

    find(db: DbOrTx, id: string) {
      return withNotice(db).where('a.id', '=', id).executeTakeFirst();
    },

    /** Locks the appeal for its decision, so two moderators cannot decide it twice. */
    lock(db: DbOrTx, id: string) {
      return db
        .selectFrom('moderation_appeals')
        .select(['id', 'user_id', 'notice_id', 'status'])
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
    },

    /** Oldest first: appeals are answered in the order they came. */
    list(db: DbOrTx, options: { status: Status; limit: number; offset: number }) {
      return withNotice(db)
        .where('a.status', '=', options.status)
        .orderBy('a.created_at', options.status === 'open' ? 'asc' : 'desc')
        .orderBy('a.id')
        .limit(options.limit)
        .offset(options.offset)
        .execute();
    },

    decide(
      db: DbOrTx,
      id: string,
      decision: {
        status: 'upheld' | 'overturned';
        decided_by: string;
        decided_at: Date;
        decision_reason: string;
      },
    ) {
      return db.updateTable('moderation_appeals').set(decision).where('id', '=', id).execute();
    },
  };
}
export type AppealsRepository = ReturnType<typeof createAppealsRepository>;
