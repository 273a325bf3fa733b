import type { ContentType } from '@wbn/contracts/content';
import { sql } from 'kysely';
import type { DbOrTx } from '../db/database.ts';
import { preparedQuery } from '../db/prepared-query.ts';

export interface ContentUpsert {
  slug: string;
  type: ContentType;
  title: string;
  description: string | null;
  crisis_resources: boolean;
  content_structure: string;
  content_hash: string;
  media_url: string | null;
  media_content_type: string | null;
  media_bytes: number | null;
  media_sha256: string | null;
}

interface ListOptions {
  type?: ContentType | undefined;
  limit: number;
  offset: number;
}

/** The library's pages, compiled and prepared once (see preparedQuery). */
const contentPage = preparedQuery('content.list', (db, options: ListOptions) => {
  let query = db
    .selectFrom('content_items')
    .select(['id', 'slug', 'title', 'description', 'type', 'crisis_resources'])
    .select(sql<boolean>`media_url IS NOT NULL`.as('has_audio'));
  if (options.type) query = query.where('type', '=', options.type);
  // Served by content_items_type_idx (type, title); id breaks ties so pages never overlap.
  return query.orderBy('type').orderBy('title').orderBy('id').limit(options.limit).offset(options.offset);
});

/** Queries on `content_items`. No rules here: the service and the loader decide. */
export function createContentRepository() {
  return {
    list(db: DbOrTx, options: ListOptions) {
      return contentPage(db, options);
    },

    findById(db: DbOrTx, id: string) {
      return db.selectFrom('content_items').selectAll().where('id', '=', id).executeTakeFirst();
    },

    findMedia(db: DbOrTx, id: string) {
      return db
        .selectFrom('content_items')
        .select(['media_url', 'media_content_type', 'media_bytes', 'media_sha256'])
        .where('id', '=', id)
        .executeTakeFirst();
    },

    /** What operators see of the loaded pack: a digest of every item's hash, the count, the last change. */
    packStatus(db: DbOrTx) {
      return db
        .selectFrom('content_items')
        .select([
          sql<
            string | null
          >`md5(string_agg(slug || ':' || coalesce(content_hash, ''), ',' ORDER BY slug))`.as('version'),
          sql<number>`count(*)::int`.as('items'),
          sql<Date | null>`max(updated_at)`.as('last_loaded_at'),
        ])
        .executeTakeFirstOrThrow();
    },

    async count(db: DbOrTx): Promise<number> {
      const row = await db
        .selectFrom('content_items')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /** Serialises loaders: two concurrent loads would otherwise race on the same slugs. */
    async lockForLoad(db: DbOrTx): Promise<void> {
      await sql`SELECT pg_advisory_xact_lock(hashtext('content_items.load'))`.execute(db);
    },

    /**
     * Inserts new slugs and updates changed ones in one statement. An unchanged item (same hash) is
     * not touched at all, so its updated_at stays; only written rows come back.
     */
    upsertMany(db: DbOrTx, items: ContentUpsert[], now: Date) {
      if (items.length === 0) return Promise.resolve([]);
      return (
        db
          .insertInto('content_items')
          .values(items.map((item) => ({ ...item, created_at: now, updated_at: now })))
          .onConflict((oc) =>
            oc
              .column('slug')
              .doUpdateSet((eb) => ({
                type: eb.ref('excluded.type'),
                title: eb.ref('excluded.title'),
                description: eb.ref('excluded.description'),
                crisis_resources: eb.ref('excluded.crisis_resources'),
                content_structure: eb.ref('excluded.content_structure'),
                content_hash: eb.ref('excluded.content_hash'),
                media_url: eb.ref('excluded.media_url'),
                media_content_type: eb.ref('excluded.media_content_type'),
                media_bytes: eb.ref('excluded.media_bytes'),
                media_sha256: eb.ref('excluded.media_sha256'),
                updated_at: eb.ref('excluded.updated_at'),
              }))
              .where(sql<boolean>`content_items.content_hash IS DISTINCT FROM excluded.content_hash`),
          )
          // xmax = 0 marks a freshly inserted row (PostgreSQL's documented upsert idiom).
          .returning(['slug', sql<boolean>`xmax = 0`.as('inserted')])
          .execute()
      );
    },
  };
}
export type ContentRepository = ReturnType<typeof createContentRepository>;
