import type { Db } from '../db/database.ts';

/** Tip rows as the content pack loader writes them (type 'tip', title, content_structure { text }). */
export async function insertTips(db: Db, count: number): Promise<void> {
  await db
    .insertInto('content_items')
    .values(
      Array.from({ length: count }, (_, i) => ({
        type: 'tip' as const,
        title: `Tip ${String(i).padStart(2, '0')}`,
        content_structure: JSON.stringify({ text: `Body of tip ${i}` }),
      })),
    )
    .execute();
}
