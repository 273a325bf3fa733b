import type { ContentLoadResult } from '@wbn/contracts/content';
import type { VersionedCache } from '../cache/versioned-cache.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import type { MediaStorage } from '../storage/media-storage.ts';
import { type PackItem, readContentPack } from './content.pack.ts';
import type { ContentRepository, ContentUpsert } from './content.repository.ts';

interface Deps {
  db: Db;
  clock: Clock;
  logger: Logger;
  storage: MediaStorage;
  cache: VersionedCache;
  contents: ContentRepository;
}

/**
 * Loads a content pack: validate everything first (nothing is written if any file is wrong), upload
 * media that storage does not hold yet, then upsert every item by slug in one transaction. Loading the
 * same pack again writes nothing: not a row, not an object, not an updated_at.
 */
export function createContentLoader({ db, clock, logger, storage, cache, contents }: Deps) {
  async function load(dir: string): Promise<ContentLoadResult> {
    const items = await readContentPack(dir);

    // Media first: keys are content-addressed, so an object uploaded for a load that then fails is
    // merely unreferenced, never wrong.
    let mediaUploaded = 0;
    for (const media of new Map(
      items.flatMap((i) => (i.media ? [[i.media.key, i.media] as const] : [])),
    ).values()) {
      if (await storage.exists(media.key)) continue;
      await storage.put(media.key, media.body, media.contentType);
      mediaUploaded += 1;
    }

    const written = await db.transaction().execute(async (tx) => {
      await contents.lockForLoad(tx);
      return contents.upsertMany(tx, items.map(toRow), clock.now());
    });
    const created = written.filter((row) => row.inserted).length;
    const updated = written.length - created;
    if (written.length > 0) await cache.invalidate();

    const result = {
      created,
      updated,
      unchanged: items.length - written.length,
      media_uploaded: mediaUploaded,
    };
    logger.info({ dir, ...result }, 'content pack loaded');
    return result;
  }

  return {
    load,

    /** Development start-up: fill an empty content table from the pack, leave a filled one alone. */
    async loadIfEmpty(dir: string): Promise<ContentLoadResult | undefined> {
      if ((await contents.count(db)) > 0) return undefined;
      return load(dir);
    },
  };
}
export type ContentLoader = ReturnType<typeof createContentLoader>;

function toRow(item: PackItem): ContentUpsert {
  return {
    slug: item.slug,
    type: item.type,
    title: item.title,
    description: item.description,
    crisis_resources: item.crisis_resources,
    content_structure: JSON.stringify(item.content_structure),
    content_hash: item.contentHash,
    media_url: item.media?.key ?? null,
    media_content_type: item.media?.contentType ?? null,
    media_bytes: item.media?.bytes ?? null,
    media_sha256: item.media?.sha256 ?? null,
  };
}

/**
 * For the start script (development): `await loadContentIfEmpty(runtime)` after the runtime is up,
 * before listening. Returns what it loaded, or undefined when content already existed.
 */
export async function loadContentIfEmpty(
  runtime: { core: { contentLoader: ContentLoader }; config: { content: { dir: string } }; logger: Logger },
  dir: string = runtime.config.content.dir,
): Promise<ContentLoadResult | undefined> {
  const result = await runtime.core.contentLoader.loadIfEmpty(dir);
  if (!result) runtime.logger.debug('content table not empty; pack not loaded');
  return result;
}
