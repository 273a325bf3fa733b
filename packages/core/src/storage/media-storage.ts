import type { Readable } from 'node:stream';
import type { MediaConfig } from '../config.ts';
import { createLocalMediaStorage } from './local.storage.ts';

/** An inclusive byte range, as HTTP Range speaks it. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Where audio and other media live. Keys are content-addressed (they carry the bytes' hash), so an
 * object, once written under a key, never changes: CDNs may cache it forever and re-uploads are
 * skipped.
 */
export interface MediaStorage {
  readonly driver: 'local' | 's3';
  put(key: string, body: Buffer, contentType: string): Promise<void>;
  exists(key: string): Promise<boolean>;
  /** Removes the object; a missing object is not an error (deletion is retried and must be idempotent). */
  delete(key: string): Promise<void>;
  /** The object's bytes (all, or one inclusive range). Rejects with MediaNotFoundError when missing. */
  read(key: string, range?: ByteRange): Promise<Readable>;
  /**
   * A URL a client can fetch the object from without the API (CDN or presigned), or undefined when
   * the API has to stream it itself.
   */
  directUrl(key: string): Promise<string | undefined>;
  close(): void;
}

export class MediaNotFoundError extends Error {
  override name = 'MediaNotFoundError';
}

const SAFE_KEY = /^[a-z0-9][a-z0-9._-]*(\/[a-z0-9][a-z0-9._-]*)*$/;

/** Keys are ours, but a key must never climb out of the media root or need URL escaping. */
export function assertSafeKey(key: string): void {
  if (!SAFE_KEY.test(key) || key.includes('..')) throw new Error(`Unsafe media key: ${JSON.stringify(key)}`);
}

export function createMediaStorage(config: MediaConfig): MediaStorage {
  return config.driver === 's3'
    ? lazyS3MediaStorage(config)
    : createLocalMediaStorage({ dir: config.localDir, cdnBaseUrl: config.cdnBaseUrl });
}

/**
 * The AWS SDK is large (tens of MB resident once imported): it is imported on the first media call
 * of a process that stores in S3, and never by one that stores locally.
 */
function lazyS3MediaStorage(config: MediaConfig): MediaStorage {
  let loading: Promise<MediaStorage> | undefined;
  let loaded: MediaStorage | undefined;
  const storage = () => {
    loading ??= import('./s3.storage.ts').then(({ createS3MediaStorage }) => {
      loaded = createS3MediaStorage({ ...config.s3, cdnBaseUrl: config.cdnBaseUrl });
      return loaded;
    });
    return loading;
  };
  return {
    driver: 's3',
    put: async (key, body, contentType) => (await storage()).put(key, body, contentType),
    exists: async (key) => (await storage()).exists(key),
    read: async (key, range) => (await storage()).read(key, range),
    directUrl: async (key) => (await storage()).directUrl(key),
    delete: async (key) => (await storage()).delete(key),
    close: () => loaded?.close(),
  };
}
