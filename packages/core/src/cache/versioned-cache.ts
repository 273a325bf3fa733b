import type { Logger } from '../logger.ts';
import { closeRedis, createResilientRedis, redisReadySoon } from '../redis/resilient-redis.ts';

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
  const redis = createResilientRedis({
    url: options.url,
    logger: options.logger,
    name: `${options.namespace} cache`,
    keyPrefix: `wbn:${options.namespace}:`,
  });
  const VERSION = 'version';

  return {
    async getOrLoad<T>(key: string, load: () => Promise<T>): Promise<T> {
      // While Redis is away the database answers directly (the outage is logged once, not per read).
      if (options.ttlSeconds === 0 || !(await redisReadySoon(redis))) return load();
      let version: string;
      try {
        // One round trip: the current version and the entry, compared here.
        const [current, cached] = await redis.mget(VERSION, `entry:${key}`);
        version = current ?? '0';
        if (cached) {
          const entry = JSON.parse(cached) as { v: string; data: T };
          if (entry.v === version) return entry.data;
        }
      } catch {
        // Redis went away mid-read: read through to the database.
        return load();
      }
      const value = await load();
      // Stamped with the version seen before the read: if the loader bumped it meanwhile, the entry is
      // already stale and the next reader ignores it.
      await redis
        .set(`entry:${key}`, JSON.stringify({ v: version, data: value }), 'EX', options.ttlSeconds)
        .catch(() => {});
      return value;
    },
    async invalidate() {
      // Redis away: its entries cannot be read while it is, and expire within the TTL after.
      await redis
        .incr(VERSION)
        .catch((error: unknown) =>
          options.logger.warn(
            { err: error, cache: options.namespace },
            'cache not invalidated: redis unavailable',
          ),
        );
    },
    close: () => closeRedis(redis),
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
