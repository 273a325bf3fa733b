import { Redis } from 'ioredis';
import type { Logger } from '../logger.ts';

/**
 * Caches content responses. Every entry is stamped with the content version it was read under; the
 * loader bumps the version when it changes anything, which orphans every older entry at once.
 * With Redis the version and the entries are shared by all API processes (and bumped by an admin CLI
 * run in another process); in-process, a loader in another process is only seen when entries expire.
 */
export interface ContentCache {
  getOrLoad<T>(key: string, load: () => Promise<T>): Promise<T>;
  invalidate(): Promise<void>;
  close(): Promise<void>;
}

const MAX_MEMORY_ENTRIES = 1000;

export function createMemoryContentCache(options: { ttlSeconds: number; now?: () => number }): ContentCache {
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

export function createRedisContentCache(options: {
  url: string;
  ttlSeconds: number;
  logger: Logger;
  keyPrefix?: string;
}): ContentCache {
  const redis = new Redis(options.url, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    keyPrefix: options.keyPrefix ?? 'wbn:content:',
  });
  redis.on('error', (error) => options.logger.warn({ err: error }, 'content cache: redis error'));
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
        options.logger.warn({ err: error }, 'content cache unavailable; reading through');
        return load();
      }
      const value = await load();
      // Stamped with the version seen before the read: if the loader bumped it meanwhile, the entry is
      // already stale and the next reader ignores it.
      await redis
        .set(`entry:${key}`, JSON.stringify({ v: version, data: value }), 'EX', options.ttlSeconds)
        .catch((error: unknown) => options.logger.warn({ err: error }, 'content cache write failed'));
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

export function createContentCache(options: {
  redisUrl: string | undefined;
  ttlSeconds: number;
  logger: Logger;
  keyPrefix?: string;
}): ContentCache {
  return options.redisUrl
    ? createRedisContentCache({ ...options, url: options.redisUrl })
    : createMemoryContentCache(options);
}
