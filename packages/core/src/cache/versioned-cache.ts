import { Redis } from 'ioredis';
import type { Logger } from '../logger.ts';

/**
 * A read-through cache for data that changes rarely and by one writer (the content loader, an
 * operator's CLI). Every entry is stamped with the namespace's version when read; the writer bumps the
 * version, which orphans every older entry at once. With Redis the version and the entries are shared
 * by all API processes (and bumped by a CLI run in another process); in-process, a writer in another
 * process is only seen when entries expire.
 */
export interface VersionedCache {
  getOrLoad<T>(key: string, load: () => Promise<T>): Promise<T>;
  invalidate(): Promise<void>;
  close(): Promise<void>;
}

const MAX_MEMORY_ENTRIES = 1000;

export function createMemoryVersionedCache(options: {
  ttlSeconds: number;
  now?: () => number;
}): VersionedCache {
  const now = options.now ?? Date.now;
  const entries = new Map<string, { version: number; expires: number; value: unknown }>();
  let version = 0;

  return {
    async getOrLoad<T>(key: string, load: () => Promise<T>): Promise<T> {
      if (options.ttlSeconds === 0) return load();
      const hit = entries.get(key);
      if (hit && hit.version === version && hit.expires > now()) return hit.value as T;
      const readUnder = version;
      const value = await load();
      // Paging parameters make the key space open-ended: keep memory bounded.
      if (entries.size >= MAX_MEMORY_ENTRIES) entries.clear();
      // Loaded before an invalidation? Then it may be stale: do not keep it.
      if (readUnder === version)
        entries.set(key, { version, expires: now() + options.ttlSeconds * 1000, value });
      return value;
    },
    async invalidate() {
      version += 1;
      entries.clear();
    },
    async close() {},
  };
}

export function createRedisVersionedCache(options: {
  url: string;
  ttlSeconds: number;
  logger: Logger;
  /** Separates caches sharing one Redis: `content`, `community-categories`, … */
  namespace: string;
}): VersionedCache {
  const redis = new Redis(options.url, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    keyPrefix: `wbn:${options.namespace}:`,
  });
  redis.on('error', (error) =>
    options.logger.warn({ err: error }, `${options.namespace} cache: redis error`),
  );
  const VERSION = 'version';

  return {
    async getOrLoad<T>(key: string, load: () => Promise<T>): Promise<T> {
      if (options.ttlSeconds === 0) return load();
      let version: string;
      try {
        // One round trip: the current version and the entry, compared here.
        const [current, cached] = await redis.mget(VERSION, `entry:${key}`);
        version = current ?? '0';
        if (cached) {
          const entry = JSON.parse(cached) as { v: string; data: T };
          if (entry.v === version) return entry.data;
        }
      } catch (error) {
        // A cache outage must not take content down: read through to the database.
        options.logger.warn({ err: error }, `${options.namespace} cache unavailable; reading through`);
        return load();
      }
      const value = await load();
      // Stamped with the version seen before the read: if the loader bumped it meanwhile, the entry is
      // already stale and the next reader ignores it.
      await redis
        .set(`entry:${key}`, JSON.stringify({ v: version, data: value }), 'EX', options.ttlSeconds)
        .catch((error: unknown) =>
          options.logger.warn({ err: error }, `${options.namespace} cache write failed`),
        );
      return value;
    },
    async invalidate() {
      await redis.incr(VERSION);
    },
    async close() {
      if (redis.status === 'wait') redis.disconnect();
      else await redis.quit().catch(() => redis.disconnect());
    },
  };
}

export function createVersionedCache(options: {
  redisUrl: string | undefined;
  ttlSeconds: number;
  logger: Logger;
  namespace: string;
}): VersionedCache {
  return options.redisUrl
    ? createRedisVersionedCache({ ...options, url: options.redisUrl })
    : createMemoryVersionedCache(options);
}
