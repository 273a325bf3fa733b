import type { ContentItem, ContentListInput, ContentSummary } from '@wbn/contracts/content';
import type { VersionedCache } from '../cache/versioned-cache.ts';
import type { Db } from '../db/database.ts';
import { notFound } from '../errors.ts';
import { MediaNotFoundError, type MediaStorage } from '../storage/media-storage.ts';
import type { ContentRepository } from './content.repository.ts';

interface Deps {
  db: Db;
  contents: ContentRepository;
  storage: MediaStorage;
  cache: VersionedCache;
  /** Base of the API's own URLs (config.publicUrl) and of the CDN, when there is one. */
  publicUrl: string;
  cdnBaseUrl: string | undefined;
}

/** What the audio route needs to answer: where the bytes are and how to describe them. */
export interface AudioObject {
  key: string;
  contentType: string;
  bytes: number;
  /** Strong validator: the bytes' SHA-256, so it holds across processes and re-loads. */
  etag: string;
}

/** Public content: lists and items from the cache, audio metadata straight from the table. */
export function createContentService({ db, contents, storage, cache, publicUrl, cdnBaseUrl }: Deps) {
  return {
    list(input: ContentListInput): Promise<ContentSummary[]> {
      const key = `list:${input.type ?? '*'}:${input.limit}:${input.offset}`;
      return cache.getOrLoad(key, async () => {
        const rows = await contents.list(db, input);
        return rows.map((row) => ({ ...row }));
      });
    },

    async get(id: string): Promise<ContentItem> {
      // A miss throws inside the loader, so unknown ids are never cached (random ids cannot fill the cache).
      return cache.getOrLoad(`item:${id}`, async () => {
        const row = await contents.findById(db, id);
        if (!row) throw notFound('Content item');
        return {
          id: row.id,
          slug: row.slug,
          title: row.title,
          description: row.description,
          type: row.type,
          crisis_resources: row.crisis_resources,
          content_structure: row.content_structure as Record<string, unknown>,
          // A CDN URL is stable; without a CDN the client goes through the audio route, which
          // streams or redirects to a fresh presigned URL, so this response stays cacheable.
          ...(row.media_url
            ? {
                media_urls: {
                  audio: cdnBaseUrl
                    ? `${cdnBaseUrl}/${row.media_url}`
                    : `${publicUrl}/api/content/audio/${row.id}`,
                },
              }
            : {}),
          updated_at: row.updated_at.toISOString(),
        } satisfies ContentItem;
      });
    },

    /** Not found when the item does not exist or has no audio: the client cannot tell them apart. */
    async audio(id: string): Promise<AudioObject> {
      const row = await contents.findMedia(db, id);
      if (!row?.media_url || !row.media_content_type || row.media_bytes === null || !row.media_sha256) {
        throw notFound('Audio');
      }
      return {
        key: row.media_url,
        contentType: row.media_content_type,
        bytes: Number(row.media_bytes),
        etag: `"${row.media_sha256}"`,
      };
    },

    /** A URL the client may fetch the audio from directly (CDN or presigned), if storage offers one. */
    audioRedirectUrl(audio: AudioObject): Promise<string | undefined> {
      return storage.directUrl(audio.key);
    },

    /** A row whose file has gone missing from storage is a 404 for the client, not a server error. */
    async readAudio(audio: AudioObject, range?: { start: number; end: number }) {
      try {
        return await storage.read(audio.key, range);
      } catch (error) {
        if (error instanceof MediaNotFoundError) throw notFound('Audio');
        throw error;
      }
    },
  };
}
export type ContentService = ReturnType<typeof createContentService>;
