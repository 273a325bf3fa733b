import { Redis } from 'ioredis';
import type { Logger } from '../logger.ts';

/**
 * A Redis connection for things that have a fallback (caches, rate-limit counters): while Redis is
 * away every command fails at once instead of queueing or retrying, so callers fall back within
 * milliseconds; it keeps reconnecting in the background and callers use it again once it is back.
 * An outage is logged once when it starts and once when it ends, not per command.
 */
export function createResilientRedis(options: {
  url: string;
  logger: Logger;
  /** What uses this connection, for the log lines: "rate limits", "content cache", … */
  name: string;
  keyPrefix?: string;
}): Redis {
  const redis = new Redis(options.url, {
    // Commands sent while disconnected fail immediately instead of waiting for a reconnect.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 1000,
    // A Redis that accepts connections but does not answer is as good as down.
    commandTimeout: 500,
    // Keep trying, at most every 2 s, for as long as the process lives.
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    ...(options.keyPrefix ? { keyPrefix: options.keyPrefix } : {}),
  });
  let down = false;
  const wentDown = (error?: Error & { code?: string }) => {
    if (down) return;
    down = true;
    options.logger.warn(
      { redis: options.name, errorClass: error?.name, errorCode: error?.code },
      'redis unavailable; falling back until it is back',
    );
  };
  // A dropped connection shows as 'reconnecting' (before any error); a refused one as 'error'.
  redis.on('reconnecting', () => wentDown());
  redis.on('error', wentDown);
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    options.logger.info({ redis: options.name }, 'redis is back');
  });
  return redis;
}

/** True when commands can be sent now; false means use the fallback without trying. */
export const isRedisReady = (redis: Redis): boolean => redis.status === 'ready';

const CONNECT_WAIT_MS = 1000;

/**
 * Ready now, or — while the first connection is still being made — ready within a second. A process
 * that just started uses Redis from its first request (and a CLI's first write reaches it); during an
 * outage (reconnecting) the answer is an immediate false.
 */
export async function redisReadySoon(redis: Redis): Promise<boolean> {
  if (redis.status === 'ready') return true;
  if (redis.status !== 'connecting' && redis.status !== 'connect') return false;
  return new Promise((resolve) => {
    const done = (ready: boolean) => {
      clearTimeout(timer);
      redis.off('ready', onReady);
      resolve(ready);
    };
    const onReady = () => done(true);
    const timer = setTimeout(() => done(false), CONNECT_WAIT_MS);
    redis.once('ready', onReady);
  });
}

/** Closes politely when connected, at once otherwise (a quit would wait for a reconnect). */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect());
  else redis.disconnect();
}
